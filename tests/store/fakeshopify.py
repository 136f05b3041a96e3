#!/usr/bin/python3
# fakeshopify.py: a Shopify GraphQL Admin API stand-in for the store tests,
# written for this project from the documented API shape: POST
# /admin/api/<version>/graphql.json with X-Shopify-Access-Token, a JSON body
# {"query", "variables"}; the orders connection pages with first/after and
# pageInfo {hasNextPage endCursor}, sorted by updatedAt; every answer carries
# extensions.cost.throttleStatus. The requested cost is computed from the
# query text as Shopify documents it (object 1, scalar 0, connection or list
# with first: 2 + first x its node), and a query above 1000 is refused with
# MAX_COST_EXCEEDED. Two queries are served: orders(first, after, query)
# with the lineItems(first) and fulfillments(first) of each order cut to
# size (line items page on with their own cursor), and order(id) {
# lineItems(first, after) } for the rest of one order's items. Of the
# search syntax in $query it knows updated_at:>'T', updated_at:>='T' and
# email:"ADDR". Orders come from ORDERS_JSON (a list of order nodes, all
# their line items in lineItems.nodes).
# MODE_FILE, read at each request, selects what happens:
#   ok, 429 (once, Retry-After: 1), throttled (once: errors THROTTLED, the
#   budget short by one second of restore), lowbudget (once: the answer
#   leaves less budget than the query costs, so the client must pause 1 s
#   before the next), 500 (once), timeout (once, sleeps 6 s), badjson, huge
#   (about 2 MB), redirect (302 to another host), graphql_error (a long
#   message with an escape sequence and a line break), 401.
# Each request is appended to LOG as one line: the time, the mode, and the
# variables as JSON.
# For pushing returns: order(id) also answers id, note and refunds(first) {
# id note } (the order's own "refunds" and "note" in ORDERS_JSON, plus what
# was made here), and two mutations are served: refundCreate(input) (line
# items must exist and not be refunded beyond their quantity; the refund
# gets a gid) and orderUpdate(input) (sets the note). Their modes:
#   user_errors (refundCreate answers userErrors, nothing made),
#   lost_unseen (once: the refund is made but the answer never comes, and
#   the order does not show it while the mode stays, as a shop still
#   writing it would; only its idempotency key finds it again),
#   timeout_after_acting (once: the refund or note is made, then the answer
#   never comes: sleeps 6 s), act_then_down (the same, and every request
#   after it answers 503 while the mode stays).
# From API version 2026-04 refundCreate needs @idempotent(key:) (from
# 2026-01 it takes it): a key seen before answers with that first refund.
# What the mutations made, and how often each was called, is kept in
# STATE_JSON when given: {"refunds": [...], "notes": {ORDER: NOTE},
# "calls": {"refundCreate": N, "orderUpdate": N}}.
# Usage: fakeshopify.py PORT ORDERS_JSON MODE_FILE LOG [STATE_JSON]
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, orders_file, mode_file, log_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
state_file = sys.argv[5] if len(sys.argv) > 5 else None
TOKEN = "shpat_test"
MAX_COST = 1000
once_done = set()
lock = threading.Lock()
state = {"refunds": [], "notes": {}, "calls": {"refundCreate": 0, "orderUpdate": 0}}
down = [False]


def save():
    if state_file:
        with open(state_file + ".tmp", "w") as f:
            json.dump(state, f)
        os.replace(state_file + ".tmp", state_file)
TOKENS = re.compile(r'\.\.\.|[{}():!,$\[\]=@]|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+')


def parse(text):
    """The query's operation and fragments as nested (name, args, selection)."""
    toks, frags, main, pos = TOKENS.findall(text), {}, None, 0

    def skip_parens(pos):
        depth = 0
        while True:
            depth += {"(": 1, ")": -1}.get(toks[pos], 0)
            pos += 1
            if depth == 0:
                return pos

    def arguments(pos, args, prefix):
        end = skip_parens(pos)
        inner = [t for t in toks[pos + 1:end - 1] if t != ","]
        i = 0
        while i < len(inner):
            key = prefix + inner[i]
            if inner[i + 2] == "$":
                args[key], i = "$" + inner[i + 3], i + 4
            else:
                args[key], i = inner[i + 2], i + 3
        return end

    def selection(pos):
        assert toks[pos] == "{"
        pos, out = pos + 1, []
        while toks[pos] != "}":
            if toks[pos] == "...":
                out.append(("...", toks[pos + 1], None))
                pos += 2
                continue
            name, args, sub = toks[pos], {}, None
            pos += 1
            if toks[pos] == "(":
                pos = arguments(pos, args, "")
            while toks[pos] == "@":  # a directive: its arguments as "@NAME.ARG"
                prefix = "@" + toks[pos + 1] + "."
                pos += 2
                if toks[pos] == "(":
                    pos = arguments(pos, args, prefix)
            if toks[pos] == "{":
                sub, pos = selection(pos)
            out.append((name, args, sub))
        return out, pos + 1

    while pos < len(toks):
        if toks[pos] == "fragment":
            name = toks[pos + 1]
            frags[name], pos = selection(pos + 4)
        elif toks[pos] in ("query", "mutation"):
            pos += 2
            if toks[pos] == "(":
                pos = skip_parens(pos)
            main, pos = selection(pos)
        elif toks[pos] == "{":
            main, pos = selection(pos)
        else:
            raise ValueError(toks[pos])
    return main, frags


def cost(sel, frags, variables):
    """Shopify's requested cost of a selection."""
    total = 0
    for name, args, sub in sel or []:
        if name == "...":
            total += cost(frags[args], frags, variables)
        elif sub is None or name == "pageInfo":
            continue
        elif "first" in args:
            n = args["first"]
            n = int(variables.get(n[1:]) or 0) if n.startswith("$") else int(n)
            nodes = [x for x in sub if x[0] == "nodes"]
            node = nodes[0][2] if nodes else sub
            total += 2 + n * (1 + cost(node, frags, variables))
        else:
            total += 1 + cost(sub, frags, variables)
    return total


def field(sel, name):
    """The (name, args, selection) of field name in sel, or None."""
    return next((x for x in sel or [] if x[0] == name), None)


def arg(f, key, variables, default=None):
    v = f[1].get(key) if f else None
    if v is None:
        return default
    return variables.get(v[1:], default) if v.startswith("$") else int(v)


def items_page(items, first, after):
    """One page of a line items connection; cursors are "li:INDEX"."""
    start = int(after[3:]) if after else 0
    chunk = items[start:start + first]
    return {"nodes": chunk,
            "pageInfo": {"hasNextPage": start + first < len(items),
                         "endCursor": "li:%d" % (start + len(chunk)) if chunk else None}}


def mode():
    try:
        with open(mode_file) as f:
            return f.read().strip() or "ok"
    except OSError:
        return "ok"


def extensions(requested, available):
    return {"cost": {"requestedQueryCost": requested, "actualQueryCost": requested,
                     "throttleStatus": {"maximumAvailable": 1000.0,
                                        "currentlyAvailable": available,
                                        "restoreRate": 50.0}}}


def select(orders, search):
    """The orders matching the search string, sorted as sortKey UPDATED_AT."""
    m = re.fullmatch(r"updated_at:(>=?)'([^']*)'", search or "")
    if m:
        op, t = m.group(1), m.group(2)
        orders = [o for o in orders
                  if (o["updatedAt"] >= t if op == ">=" else o["updatedAt"] > t)]
    elif search:
        m = re.fullmatch(r'email:"((?:[^"\\]|\\.)*)"', search)
        if not m:
            return None
        addr = re.sub(r"\\(.)", r"\1", m.group(1)).lower()
        orders = [o for o in orders
                  if (o.get("email") or (o.get("customer") or {}).get("email") or "").lower()
                  == addr]
    return sorted(orders, key=lambda o: (o["updatedAt"], o["id"]))


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
        self.send(405, '{"errors":"Use POST"}')

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        m = mode()
        try:
            req = json.loads(raw)
            variables = req.get("variables") or {}
            main, frags = parse(req["query"])
        except (ValueError, KeyError, AttributeError, IndexError, AssertionError):
            req, variables, main, frags = None, {}, None, {}
        with open(log_file, "a") as f:
            f.write("%.3f %s %s\n" % (time.time(), m, json.dumps(variables, sort_keys=True)))
        if not re.fullmatch(r"/admin/api/[0-9a-z-]+/graphql\.json", self.path):
            return self.send(404, '{"errors":"Not Found"}')
        if m == "401" or self.headers.get("X-Shopify-Access-Token") != TOKEN:
            return self.send(401, '{"errors":"[API] Invalid API key or access token '
                                  '(unrecognized login or wrong password)"}')
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            return self.send(415, '{"errors":"Unsupported Media Type"}')
        if main is None or not (field(main, "orders") or field(main, "order")
                                or field(main, "refundCreate") or field(main, "orderUpdate")):
            return self.send(400, '{"errors":"Bad Request"}')
        if m != "act_then_down":
            down[0] = False
        elif down[0]:
            return self.send(503, '{"errors":"Service Unavailable"}')
        requested = cost(main, frags, variables)
        if requested > MAX_COST:
            return self.send(200, json.dumps({"errors": [{
                "message": "Query cost is %d, which exceeds the single query max cost limit "
                           "(%d)." % (requested, MAX_COST),
                "extensions": {"code": "MAX_COST_EXCEEDED", "cost": requested,
                               "maxCost": MAX_COST}}]}))
        if m in ("429", "500", "throttled", "timeout", "lowbudget") and m not in once_done:
            once_done.add(m)
            if m == "429":
                return self.send(429, '{"errors":"Exceeded 2 calls per second"}',
                                 [("Retry-After", "1")])
            if m == "500":
                return self.send(500, '{"errors":"Internal Server Error"}')
            if m == "timeout":
                time.sleep(6)
                return self.send(200, "{}")
            if m == "throttled":
                return self.send(200, json.dumps({
                    "errors": [{"message": "Throttled",
                                "extensions": {"code": "THROTTLED", "documentation":
                                               "https://shopify.dev/api/usage/rate-limits"}}],
                    "extensions": extensions(requested, requested - 50.0)}))
            m = "once-lowbudget"
        if m == "badjson":
            return self.send(200, '{"data": {"orders": {"nodes": [{"id": "gid://shopify/Order/1", ')
        if m == "huge":
            pad = "x" * 1000
            return self.send(200, json.dumps({"data": {"orders": {
                "nodes": [{"id": "gid://shopify/Order/%d" % i, "note": pad} for i in range(2000)],
                "pageInfo": {"hasNextPage": False, "endCursor": None}}}}))
        if m == "redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.2:%d%s" % (port, self.path))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ext = extensions(requested, requested - 50.0 if m == "once-lowbudget" else 990.0)
        if m == "graphql_error":
            return self.send(200, json.dumps({
                "errors": [{"message": "Field 'bogus' doesn't exist on type 'Order'\x1b[31m\nFAKE"
                                       + " and so on" * 100,
                            "locations": [{"line": 1, "column": 2}],
                            "extensions": {"code": "undefinedField", "typeName": "Order",
                                           "fieldName": "bogus"}}],
                "extensions": ext}))
        with open(orders_file) as f:
            orders = json.load(f)
        if field(main, "refundCreate") or field(main, "orderUpdate"):
            return self.mutation(main, variables, orders, m, ext)
        one = field(main, "order")
        if one:
            li = field(one[2], "lineItems")
            o = next((o for o in orders if o["id"] == arg(one, "id", variables)), None)
            data = {"order": None if o is None else {"lineItems": items_page(
                o["lineItems"]["nodes"], arg(li, "first", variables, 0),
                arg(li, "after", variables))}}
            if o is not None:
                with lock:
                    made = [{"id": r["id"], "note": r["note"]} for r in state["refunds"]
                            if r["orderId"] == o["id"]
                            and not (r.get("unseen") and m == "lost_unseen")]
                    note = state["notes"].get(o["id"], o.get("note"))
                if field(one[2], "id"):
                    data["order"]["id"] = o["id"]
                if field(one[2], "note"):
                    data["order"]["note"] = note
                if field(one[2], "refunds"):
                    data["order"]["refunds"] = o.get("refunds", []) + made
            return self.send(200, json.dumps({"data": data, "extensions": ext}))
        q = field(main, "orders")
        orders = select(orders, arg(q, "query", variables))
        if orders is None:
            return self.send(200, json.dumps({
                "errors": [{"message": "Invalid search query"}], "extensions": ext}))
        first = arg(q, "first", variables, 0)
        if first < 1 or first > 250:
            return self.send(200, json.dumps({
                "errors": [{"message": "first must be between 1 and 250"}],
                "extensions": ext}))
        after = arg(q, "after", variables)
        start = int(after[len("cur:"):]) if after else 0
        nodes = field(q[2], "nodes")[2]
        li, ful = field(nodes, "lineItems"), field(nodes, "fulfillments")
        chunk = []
        for o in orders[start:start + first]:
            o = dict(o)
            o["lineItems"] = items_page(o["lineItems"]["nodes"],
                                        arg(li, "first", variables, 0), None)
            o["fulfillments"] = o["fulfillments"][:arg(ful, "first", variables, 0)]
            chunk.append(o)
        more = start + first < len(orders)
        self.send(200, json.dumps({
            "data": {"orders": {"nodes": chunk,
                                "pageInfo": {"hasNextPage": more,
                                             "endCursor": "cur:%d" % (start + len(chunk))
                                             if chunk else None}}},
            "extensions": ext}))


    def mutation(self, main, variables, orders, m, ext):
        name = "refundCreate" if field(main, "refundCreate") else "orderUpdate"
        inp = variables.get("input") or {}
        version = self.path.split("/")[3]
        key = arg(field(main, "refundCreate"), "@idempotent.key", variables)
        with lock:
            state["calls"][name] += 1
            save()
        oid = inp.get("orderId") if name == "refundCreate" else inp.get("id")
        o = next((o for o in orders if o["id"] == oid), None)

        def answer(payload):
            try:
                self.send(200, json.dumps({"data": {name: payload}, "extensions": ext}))
            except OSError:
                pass

        def refused(fieldpath, message):
            return answer({"refund" if name == "refundCreate" else "order": None,
                           "userErrors": [{"field": fieldpath, "message": message}]})

        if o is None:
            return refused(["orderId" if name == "refundCreate" else "id"],
                           "Order does not exist")
        if name == "refundCreate":
            if key is not None and version < "2026-01":
                return self.send(200, json.dumps({"errors": [{
                    "message": "Directive 'idempotent' is not defined",
                    "extensions": {"code": "undefinedDirective"}}]}))
            if key is None and version >= "2026-04":
                return self.send(200, json.dumps({"errors": [{
                    "message": "The @idempotent directive is required for this mutation.",
                    "extensions": {"code": "BAD_REQUEST"}}]}))
            with lock:
                seen = next((r for r in state["refunds"] if key and r.get("key") == key), None)
            if seen is not None:
                return answer({"refund": {"id": seen["id"]}, "userErrors": []})
            if m == "user_errors":
                return refused(["refundLineItems", "0", "quantity"],
                               "Quantity cannot refund more items than were purchased\x1b[1m")
            items = {li.get("id"): li for li in o["lineItems"]["nodes"]}
            with lock:
                done = {}
                for r in state["refunds"]:
                    if r["orderId"] == oid:
                        for x in r.get("refundLineItems", []):
                            done[x["lineItemId"]] = done.get(x["lineItemId"], 0) + x["quantity"]
            for i, x in enumerate(inp.get("refundLineItems") or []):
                li = items.get(x.get("lineItemId"))
                if li is None:
                    return refused(["refundLineItems", str(i), "lineItemId"],
                                   "Line item does not exist")
                if x.get("quantity", 0) + done.get(li["id"], 0) > li["quantity"]:
                    return refused(["refundLineItems", str(i), "quantity"],
                                   "Quantity cannot refund more items than were purchased")
                if x.get("restockType") not in ("RETURN", "NO_RESTOCK", "CANCEL"):
                    return refused(["refundLineItems", str(i), "restockType"],
                                   "Restock type is not valid")
            if not inp.get("refundLineItems") and not inp.get("transactions"):
                return refused(["refundLineItems"], "Refund must contain at least one item "
                                                    "or transaction")
            with lock:
                rid = "gid://shopify/Refund/%d" % (800 + len(state["refunds"]) + 1)
                made = dict(inp)
                made["id"] = rid
                made["key"] = key
                made["unseen"] = m == "lost_unseen"
                state["refunds"].append(made)
                save()
            payload = {"refund": {"id": rid}, "userErrors": []}
        else:
            with lock:
                state["notes"][oid] = inp.get("note")
                save()
            payload = {"order": {"id": oid}, "userErrors": []}
        if m in ("timeout_after_acting", "lost_unseen") and m not in once_done:
            once_done.add(m)
            time.sleep(6)
        elif m == "act_then_down":
            down[0] = True
            time.sleep(6)
        return answer(payload)


srv = ThreadingHTTPServer(("127.0.0.1", port), H)
# PORT 0: the system picks a free one; "ready PORT" says which.
port = srv.server_address[1]
print("ready %d" % port, flush=True)
srv.serve_forever()
