#!/usr/bin/python3
# smtpd.py: a real SMTP server (aiosmtpd, Debian's python3-aiosmtpd) for the
# outbox tests. Each accepted message is written to DIR/N.eml with its
# envelope in DIR/N.env. What it answers is read from MODE_FILE at each
# command: ok, tempfail (451 at RCPT), permfail (550 at RCPT), or
# acceptslow (stores the message, then waits 4 s before the 250: the window
# in which a client may die after the server accepted the mail).
# Usage: smtpd.py PORT DIR MODE_FILE [CERT KEY]  (with CERT: STARTTLS
# required, AUTH PLAIN/LOGIN offered after it, user support / secret).
import asyncio
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, outdir, mode_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cert = sys.argv[4] if len(sys.argv) > 5 else None
key = sys.argv[5] if len(sys.argv) > 5 else None


def mode():
    try:
        with open(mode_file) as f:
            return f.read().strip() or "ok"
    except OSError:
        return "ok"


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, options):
        m = mode()
        if m == "tempfail":
            return "451 4.3.0 Mailbox temporarily unavailable, try later"
        if m == "permfail":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(outdir) if f.endswith(".eml")]) + 1
        base = os.path.join(outdir, "%04d" % n)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write("FROM %s\n" % envelope.mail_from)
            for r in envelope.rcpt_tos:
                f.write("TO %s\n" % r)
        os.rename(base + ".tmp", base + ".eml")
        if mode() == "acceptslow":
            await asyncio.sleep(4)
        return "250 2.0.0 Message accepted for delivery"


def auth(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == b"support" and data.password == b"secret"
    return AuthResult(success=ok)


kw = {}
if cert:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    kw = dict(tls_context=ctx, require_starttls=True, authenticator=auth,
              auth_require_tls=True)
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kw)
controller.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
print("ready", flush=True)
stop.wait()
controller.stop()
