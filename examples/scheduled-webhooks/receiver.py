#!/usr/bin/python3
"""A webhook receiver for Tock's HTTP executor (standard library only): verify, de-duplicate, then act.

Every request Tock sends carries Tock-Job-Id (the delivery id: the same in every attempt of a job) and, with
the executor's signingSecret, Tock-Signature: t=UNIX_SECONDS,v1=HEX, the HMAC-SHA256 under the secret of
t + "." + Tock-Job-Id + "." + body. Delivery is at least once: a node that dies after the request left and
before it recorded the answer makes another node send it again. So the receiver

  1. refuses a request whose signature does not verify, or is older than 5 minutes (401: Tock does not retry);
  2. records the delivery id in SQLite in the same transaction as the work; a repeat of an id it has seen
     answers 200 and does nothing;
  3. answers 2xx only once the work is committed; anything else makes Tock retry.

    WEBHOOK_SECRET=... PORT=8000 DB=deliveries.sqlite3 /usr/bin/python3 receiver.py

GET /deliveries lists what was processed and how many repeats and forgeries were dropped.
"""
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ["WEBHOOK_SECRET"].encode()
TOLERANCE_SECONDS = 300
DB = os.environ.get("DB", "deliveries.sqlite3")
lock = threading.Lock()
counts = {"duplicates": 0, "refused": 0}


def verify(signature, delivery_id, body):
    """Whether Tock-Signature is a fresh HMAC of time, delivery id and body under the shared secret."""
    try:
        parts = dict(p.split("=", 1) for p in signature.split(","))
        sent = int(parts["t"])
    except (AttributeError, KeyError, ValueError):
        return False
    message = parts["t"].encode() + b"." + delivery_id.encode() + b"." + body
    expected = hmac.new(SECRET, message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", "")) and abs(time.time() - sent) < TOLERANCE_SECONDS


def database():
    db = sqlite3.connect(DB, timeout=10)
    db.execute("CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, path TEXT, attempt INTEGER, body TEXT,"
               " received REAL)")
    return db


class Hooks(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        delivery_id = self.headers.get("Tock-Job-Id", "")
        if not delivery_id or not verify(self.headers.get("Tock-Signature"), delivery_id, body):
            with lock:
                counts["refused"] += 1
            return self.answer(401, {"error": "bad or missing signature"})
        with lock, database() as db:     # one transaction: the id and the work commit together
            inserted = db.execute("INSERT OR IGNORE INTO deliveries VALUES (?, ?, ?, ?, ?)",
                                  (delivery_id, self.path, int(self.headers.get("Tock-Attempt", 0)), body.decode(),
                                   time.time())).rowcount
            if not inserted:
                counts["duplicates"] += 1
                return self.answer(200, {"duplicate": delivery_id})
            # The work of the webhook goes here, inside the transaction (e.g. write the reminder to send).
        self.answer(200, {"processed": delivery_id})

    def do_GET(self):
        if self.path != "/deliveries":
            return self.answer(404, {"error": "not found"})
        with lock, database() as db:
            rows = db.execute("SELECT id, path, attempt, body FROM deliveries ORDER BY received").fetchall()
        self.answer(200, {"processed": [{"id": i, "path": p, "attempt": a, "body": json.loads(b or "null")}
                                        for i, p, a, b in rows], **counts})

    def answer(self, status, document):
        text = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, fmt, *args):
        pass


def main():
    server = ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))), Hooks)
    database().close()
    print(f"receiver listening on {server.server_address[0]}:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
