#!/usr/bin/env python3
"""A real SMTP server for OpenCUS's SMTP client tests (aiosmtpd from PyPI).

Listens on 127.0.0.1:
  PORT     plain SMTP, no authentication
  PORT+1   STARTTLS required, AUTH PLAIN/LOGIN (user "opencus", password "sekret-testowe")
  PORT+2   implicit TLS, same credentials
Accepted messages go to a Maildir. Recipients starting with "reject" get 550, with
"tempfail" 451. A self-signed certificate for localhost/127.0.0.1 is written next to the
Maildir as cert.pem (give it to OPENCUS_SMTP_CA_FILE).

Usage: smtp-test-server.py PORT DIRECTORY      (runs until killed)
Then:  OPENCUS_TEST_SMTP_PORT=PORT OPENCUS_TEST_SMTP_DIR=DIRECTORY swift test
"""
import asyncio
import mailbox
import os
import ssl
import subprocess
import sys
import warnings

# aiosmtpd warns about AUTH without STARTTLS on the implicit-TLS port, where TLS is already on.
warnings.filterwarnings("ignore", message="Requiring AUTH")

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = b"opencus", b"sekret-testowe"


class Handler:
    def __init__(self, maildir):
        self.box = mailbox.Maildir(maildir, create=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 Mailbox unavailable"
        if address.startswith("tempfail"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content or envelope.content)
        return "250 2.0.0 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
    # handled=False makes aiosmtpd answer 535 itself (with handled=True it would say nothing).
    return AuthResult(success=ok, handled=False)


def make_certificate(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    if not os.path.exists(cert):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-keyout", key, "-out", cert,
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    maildir = os.path.join(directory, "Maildir")
    tls = make_certificate(directory)
    controllers = [
        Controller(Handler(maildir), hostname="127.0.0.1", port=port),
        Controller(Handler(maildir), hostname="127.0.0.1", port=port + 1, tls_context=tls, require_starttls=True,
                   authenticator=authenticator, auth_required=True, auth_require_tls=True),
        Controller(Handler(maildir), hostname="127.0.0.1", port=port + 2, ssl_context=tls,
                   authenticator=authenticator, auth_required=True, auth_require_tls=False),
    ]
    for c in controllers:
        c.start()
    print(f"SMTP test server on 127.0.0.1:{port}-{port + 2}, mail in {maildir}", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for c in controllers:
            c.stop()


if __name__ == "__main__":
    main()
