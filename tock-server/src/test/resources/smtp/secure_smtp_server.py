"""An SMTP server for the alert tests that requires STARTTLS and then LOGIN/PLAIN authentication.

Arguments: port certificate key user password. Prints "AUTH <mechanism> ok|refused" per attempt and every
message it accepts (aiosmtpd's debugging handler), then runs until it is terminated.
"""
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Debugging
from aiosmtpd.smtp import AuthResult, LoginPassword

port, certificate, key, user, password = sys.argv[1:6]
tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
tls.load_cert_chain(certificate, key)


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword)
          and auth_data.login == user.encode() and auth_data.password == password.encode())
    print("AUTH", mechanism, "ok" if ok else "refused", flush=True)
    return AuthResult(success=ok)


controller = Controller(Debugging(sys.stdout), hostname="127.0.0.1", port=int(port), tls_context=tls,
                        require_starttls=True, auth_required=True, auth_require_tls=True,
                        authenticator=authenticate)
controller.start()
print("READY", flush=True)
signal.pause()
