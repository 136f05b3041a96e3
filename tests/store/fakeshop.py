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
# For pushing returns it also serves GET /orders/{id} (with the refunds made
# here added to its refunds), GET and POST /orders/{id}/refunds (per_page,
# page; a POST must say api_refund explicitly and may not refund more than
# is left) and GET and POST /orders/{id}/notes, with these modes for the
# POSTs:
#   timeout_after_acting (once: the refund or note is made, then the answer
#   never comes: sleeps 5 s), act_then_down (the same, and every request
#   after it answers 503 while the mode stays), refund_500 (once: 500
#   without acting), 422 (a WooCommerce error body, nothing made).
# Every request is appended to LOG as "METHOD PATH?QUERY". What the POSTs
# made (and every POST body) is kept in STATE_JSON, when given, as
# {"refunds": {ORDER: [...]}, "notes": {ORDER: [...]}, "posts": [...]}.
# Usage: fakeshop.py PORT ORDERS_JSON MODE_FILE LOG [STATE_JSON]
import base64
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, orders_file, mode_file, log_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
state_file = sys.argv[5] if len(sys.argv) > 5 else None
once_done = set()
lock = threading.Lock()
state = {"refunds": {}, "notes": {}, "posts": []}
down = [False]
next_id = [700]
ORDER_PATH = re.compile(r"/wp-json/wc/v3/orders/([0-9]+)(?:/(refunds|notes))?")


def save():
    if state_file:
        with open(state_file + ".tmp", "w") as f:
            json.dump(state, f)
        os.replace(state_file + ".tmp", state_file)


def find_order(oid):
    with open(orders_file) as f:
        return next((o for o in json.load(f) if str(o["id"]) == oid), None)


def cents(s):
    whole, _, frac = s.partition(".")
    return int(whole or "0") * 100 + int((frac + "00")[:2])


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
        if m != "act_then_down":
            down[0] = False
        elif down[0]:
            return self.send(503, "<html>Service Unavailable</html>")
        u = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(u.query)
        one = ORDER_PATH.fullmatch(u.path)
        if one:
            return self.one_order(one.group(1), one.group(2), q)
        if u.path != "/wp-json/wc/v3/orders":
            return self.send(404, '{"code":"rest_no_route"}')
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


    def authorised(self):
        auth = self.headers.get("Authorization", "")
        return auth == "Basic " + base64.b64encode(b"ck_test:cs_secret").decode()

    def one_order(self, oid, what, q):
        o = find_order(oid)
        if o is None:
            return self.send(404, '{"code":"woocommerce_rest_shop_order_invalid_id",'
                                  '"message":"Invalid ID.","data":{"status":404}}')
        with lock:
            made = list(state["refunds"].get(oid, []))
            notes = list(state["notes"].get(oid, []))
        if what == "notes":
            return self.send(200, json.dumps(notes))
        if what == "refunds":
            per = int(q.get("per_page", ["10"])[0])
            page = int(q.get("page", ["1"])[0])
            old = [{"id": r["id"], "reason": r.get("reason", ""),
                    "amount": r["total"].lstrip("-")} for r in o.get("refunds", [])]
            allr = sorted(made + old, key=lambda r: -r["id"])
            pages = max(1, (len(allr) + per - 1) // per)
            return self.send(200, json.dumps(allr[(page - 1) * per: page * per]),
                             [("X-WP-Total", str(len(allr))), ("X-WP-TotalPages", str(pages))])
        o = dict(o)
        o["refunds"] = o.get("refunds", []) + [
            {"id": r["id"], "reason": r["reason"], "total": "-" + r["amount"]} for r in made]
        return self.send(200, json.dumps(o))

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        with open(log_file, "a") as f:
            f.write("POST %s\n" % self.path)
        m = mode()
        if not self.authorised():
            return self.send(401, '{"code":"woocommerce_rest_cannot_create","message":"Sorry"}')
        if m != "act_then_down":
            down[0] = False
        elif down[0]:
            return self.send(503, "<html>Service Unavailable</html>")
        one = ORDER_PATH.fullmatch(urllib.parse.urlparse(self.path).path)
        if not one or not one.group(2):
            return self.send(404, '{"code":"rest_no_route"}')
        oid, what = one.group(1), one.group(2)
        o = find_order(oid)
        if o is None:
            return self.send(404, '{"code":"woocommerce_rest_shop_order_invalid_id",'
                                  '"message":"Invalid ID.","data":{"status":404}}')
        try:
            body = json.loads(raw)
        except ValueError:
            return self.send(400, '{"code":"rest_invalid_json","message":"Invalid JSON body"}')
        with lock:
            state["posts"].append({"path": self.path, "body": body})
            save()
        if m == "422" and what == "refunds":
            return self.send(422, json.dumps({
                "code": "woocommerce_rest_cannot_create_order_refund",
                "message": "Invalid refund amount.\x1b[2J", "data": {"status": 422}}))
        if m == "refund_500" and "refund_500" not in once_done:
            once_done.add("refund_500")
            return self.send(500, "<html>Internal Server Error</html>")
        if what == "refunds":
            if not isinstance(body.get("api_refund"), bool):
                return self.send(400, json.dumps({
                    "code": "rest_invalid_param",
                    "message": "the stand-in insists on an explicit api_refund"}))
            amount = str(body.get("amount", ""))
            if not re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", amount):
                return self.send(400, '{"code":"rest_invalid_param","message":"Invalid '
                                      'parameter(s): amount"}')
            with lock:
                left = cents(o["total"]) - sum(cents(r["total"].lstrip("-"))
                                               for r in o.get("refunds", [])) \
                    - sum(cents(r["amount"]) for r in state["refunds"].get(oid, []))
            if cents(amount) <= 0 or cents(amount) > left:
                return self.send(500, json.dumps({
                    "code": "woocommerce_rest_cannot_create_order_refund",
                    "message": "Invalid refund amount.", "data": {"status": 500}}))
            ids = {li["id"]: li for li in o.get("line_items", [])}
            for li in body.get("line_items", []):
                if li.get("id") not in ids or li.get("quantity", 0) > ids[li["id"]]["quantity"]:
                    return self.send(400, '{"code":"rest_invalid_param","message":"Invalid '
                                          'line item"}')
        with lock:
            next_id[0] += 1
            if what == "refunds":
                made = {"id": next_id[0], "date_created": "2026-11-18T10:00:00",
                        "amount": body["amount"], "reason": body.get("reason", ""),
                        "refunded_by": 1, "refunded_payment": body["api_refund"],
                        "api_restock": body.get("api_restock", True),
                        "line_items": body.get("line_items", [])}
            else:
                made = {"id": next_id[0], "date_created": "2026-11-18T10:00:00",
                        "note": body.get("note", ""),
                        "customer_note": body.get("customer_note", False)}
            state[what].setdefault(oid, []).append(made)
            save()
        if m == "timeout_after_acting" and m not in once_done:
            once_done.add(m)
            time.sleep(5)
        elif m == "act_then_down":
            down[0] = True
            time.sleep(5)
        try:
            self.send(201, json.dumps(made))
        except OSError:
            pass


srv = ThreadingHTTPServer(("127.0.0.1", port), H)
# PORT 0: the system picks a free one; "ready PORT" says which.
port = srv.server_address[1]
print("ready %d" % port, flush=True)
srv.serve_forever()
