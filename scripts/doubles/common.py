"""Shared plumbing of the test doubles: a threaded HTTP server bound to 127.0.0.1 (or to
$PLANE_DOUBLE_BIND: the double images of scripts/edge-images.sh bind 0.0.0.0 inside their container), a bounded
lifetime (every double exits after --max-seconds), and a mode file re-read on each request so a test
can switch a behaviour without restarting the double. Python 3 standard library only."""
import argparse
import http.server
import os
import sys
import threading
import time


def arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--port-file", help="write the bound port here once listening")
    parser.add_argument("--mode-file", help="file holding the current mode; re-read on every request")
    parser.add_argument("--mode", default="normal", help="mode when there is no mode file")
    parser.add_argument("--max-seconds", type=float, default=6 * 3600, help="exit after this long")
    return parser


class Mode:
    def __init__(self, args):
        self.path = args.mode_file
        self.default = args.mode

    def current(self):
        if self.path:
            try:
                with open(self.path) as f:
                    value = f.read().strip()
                    if value:
                        return value
            except OSError:
                pass
        return self.default


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "double"
    sys_version = ""

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    def reply(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if body or status not in (204, 304):
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)) if status != 204 else "0")
        self.end_headers()
        if body and self.command != "HEAD" and status != 204:
            self.wfile.write(body)

    def body(self, limit=16 << 20):
        length = int(self.headers.get("Content-Length") or 0)
        if length > limit:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""


def serve(args, handler_class, **attributes):
    """Serves until --max-seconds have passed; attributes become class attributes of the handler."""
    for name, value in attributes.items():
        setattr(handler_class, name, value)
    server = http.server.ThreadingHTTPServer((os.environ.get("PLANE_DOUBLE_BIND", "127.0.0.1"), args.port), handler_class)
    server.daemon_threads = True
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(tmp, args.port_file)
    timer = threading.Timer(args.max_seconds, server.shutdown)
    timer.daemon = True
    timer.start()
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
