"""A webhook receiver for the tests: checks every delivery's signature with the Standard
Webhooks reference library (not Mostrador's code) and reports each as one JSON line.

Usage: receiver.py [PORT]  (0 or absent: any free port). Prints {"port": N} first, then
reads the signing secret (whsec_...) as one line on stdin before answering anything. Each
delivery: {"id", "type", "data"} when the signature holds (answered 204), {"invalid": why}
when it does not (answered 400). Binds 127.0.0.1 only.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

ready = threading.Event()
verifier = None
out = threading.Lock()


def say(obj):
    with out:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        ready.wait()
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            payload = verifier.verify(body, headers)
        except WebhookVerificationError as e:
            say({"invalid": str(e)})
            self.send_response(400)
            self.end_headers()
            return
        say({"id": headers["webhook-id"], "type": payload["type"], "data": payload["data"]})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    global verifier
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    say({"port": server.server_address[1]})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    verifier = Webhook(sys.stdin.readline().strip())
    ready.set()
    # Runs until stdin closes (the test ends) or the process is killed.
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
