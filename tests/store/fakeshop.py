#!/usr/bin/python3
# fakeshop.py: a WooCommerce REST v3 stand-in for the store tests, written
# for this project from the documented API shape: GET
# /wp-json/wc/v3/orders with HTTP Basic auth, per_page/page paging with
# X-WP-Total and X-WP-TotalPages, modified_after, search (billing email or
# name), orderby=modified asc.
# Orders come from ORDERS_JSON (a list). What it does is read from MODE_FILE
# at each request:
#   ok, 429 (once, Retry-After: 1), 500 (once), timeout (sleeps 30 s),
#   badjson, huge (20 MB), redirect (302 to another host), 401.
# Every request is appended to LOG as "METHOD PATH?QUERY".
# Usage: fakeshop.py PORT ORDERS_JSON MODE_FILE LOG
import base64
import json
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, orders_file, mode_file, log_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
once_done = set()


def mode():
    try:
        with open(mode_file) as f:
            return f.read().strip() or "ok"
    except OSError:
        return "ok"


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, code, body, headers=()):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with open(log_file, "a") as f:
            f.write("GET %s\n" % self.path)
        m = mode()
        auth = self.headers.get("Authorization", "")
        if m == "401" or auth != "Basic " + base64.b64encode(b"ck_test:cs_secret").decode():
            return self.send(401, '{"code":"woocommerce_rest_cannot_view","message":"Sorry"}')
        if m in ("429", "500") and m not in once_done:
            once_done.add(m)
            if m == "429":
                return self.send(429, '{"code":"too_many"}', [("Retry-After", "1")])
            return self.send(500, '{"code":"internal"}')
        if m == "timeout":
            time.sleep(30)
            return self.send(200, "[]")
        if m == "badjson":
            return self.send(200, '[{"id": 1, "number": "1", ')
        if m == "huge":
            return self.send(200, "[" + ",".join(['{"id":%d}' % i for i in range(2000000)]) + "]")
        if m == "redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.2:%d%s" % (port, self.path))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        u = urllib.parse.urlparse(self.path)
        if u.path != "/wp-json/wc/v3/orders":
            return self.send(404, '{"code":"rest_no_route"}')
        q = urllib.parse.parse_qs(u.query)
        per = int(q.get("per_page", ["10"])[0])
        page = int(q.get("page", ["1"])[0])
        with open(orders_file) as f:
            orders = json.load(f)
        after = q.get("modified_after", [None])[0]
        if after:
            orders = [o for o in orders if o["date_modified_gmt"] > after]
        search = q.get("search", [None])[0]
        if search:  # like WooCommerce: billing email or name contains it
            s = search.lower()
            orders = [o for o in orders if s in o["billing"]["email"].lower()
                      or s in (o["billing"]["first_name"] + " " + o["billing"]["last_name"]).lower()]
        orders.sort(key=lambda o: (o["date_modified_gmt"], o["id"]))
        pages = max(1, (len(orders) + per - 1) // per)
        chunk = orders[(page - 1) * per: page * per]
        self.send(200, json.dumps(chunk), [("X-WP-Total", str(len(orders))),
                                           ("X-WP-TotalPages", str(pages))])


srv = ThreadingHTTPServer(("127.0.0.1", port), H)
print("ready", flush=True)
srv.serve_forever()
