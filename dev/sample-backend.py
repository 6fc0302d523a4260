#!/usr/bin/env python3
"""A sample backend for the dev environment: answers every GET with its own name, so a request
through HAProxy shows which backend the live config routes to.

usage: sample-backend.py NAME PORT [BIND_ADDRESS]
"""
import http.server
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    name, port = sys.argv[1], int(sys.argv[2])
    bind = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = f"Hello from {name}\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("X-Backend", name)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer((bind, port), Handler).serve_forever()


if __name__ == "__main__":
    main()
