"""A webhook receiver for the weather-oncall channel: prints each alert Tock sends, once per Idempotency-Key.
Run it beside the server: python3 examples/weather/bin/alert-receiver.py (listens on 127.0.0.1:9099)."""
import http.server
import json

seen = set()


class Alerts(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers.get("Idempotency-Key")
        if key not in seen:  # Tock sends at least once; a repeat carries the same key
            seen.add(key)
            alert = body["alert"]
            print(f"{body['transition'].upper()} {alert['severity']}: {alert['rule']} on {alert['subject']}: "
                  f"{alert['summary']}", flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", 9099), Alerts).serve_forever()
