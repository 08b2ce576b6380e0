#!/usr/bin/env python3
"""A loopback stand-in for the answers that the Engine client must classify.

Shapes follow dockerd 20.10.24 (JSON {"message"} errors with an Api-Version header), HAProxy 2.6
as configured by Tecnativa's docker-socket-proxy (401 from `http-request auth`, 403 HTML
"Request forbidden by administrative rules", no Api-Version) and wollomatic's socket-proxy
(405 text/plain). Listens on a free 127.0.0.1 port, writes it to --port-file (atomically), and
stops on SIGTERM or when the test process that started it is gone (it is then reparented).

Usage: fake_engine.py --port-file PATH [--api 1.41] [--min 1.12]
"""
import argparse
import json
import os
import re
import select
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HAPROXY_403 = (b"<html><body><h1>403 Forbidden</h1>\n"
               b"Request forbidden by administrative rules.\n</body></html>\n")
HAPROXY_401 = (b"<html><body><h1>401 Unauthorized</h1>\n"
               b"You need a valid user and password to access this content.\n</body></html>\n")
HAPROXY_502 = (b"<html><body><h1>502 Bad Gateway</h1>\n"
               b"The server returned an invalid or incomplete response.\n</body></html>\n")


def make_handler(api, minimum):
    open_streams = [0]
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body=b"", content_type="application/json", engine=True, extra=None):
            self.send_response(status)
            if engine:
                self.send_header("Api-Version", api)
                self.send_header("Server", "Docker/fake (linux)")
            if status != 304:
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if status != 304 and self.command != "HEAD":
                self.wfile.write(body)

        def engine_error(self, status, message):
            self.answer(status, json.dumps({"message": message}).encode() + b"\n")

        def chunked(self, pieces, delay=0.05):
            self.send_response(200)
            self.send_header("Api-Version", api)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in pieces:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                time.sleep(delay)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def route(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            path = self.path.split("?", 1)[0]
            bare = re.sub(r"^/v[0-9.]+", "", path)
            method = self.command

            if bare == "/_ping":
                return self.answer(200, b"OK", "text/plain; charset=utf-8")
            if bare == "/version":
                return self.answer(200, json.dumps({
                    "Version": "fake", "ApiVersion": api, "MinAPIVersion": minimum, "Os": "linux"}).encode())
            if bare == "/info":
                # A BasicAuth proxy (Traefik/HAProxy) with wrong credentials.
                return self.answer(401, HAPROXY_401, "text/html", engine=False,
                                   extra={"WWW-Authenticate": 'Basic realm="docker"'})
            if method == "DELETE" and bare.startswith("/volumes/"):
                return self.answer(403, HAPROXY_403, "text/html", engine=False)
            if bare == "/networks":
                return self.answer(405, b"Method not allowed\n", "text/plain", engine=False)
            if bare == "/containers/missing/json":
                return self.engine_error(404, "No such container: missing")
            if bare == "/networks/create":
                # dockerd 20.10 answers a duplicate name with 403 + JSON: the engine, not a proxy.
                return self.engine_error(403, "network with name dup already exists")
            if bare == "/containers/json":
                return self.answer(200, b'[{"Id": 42, "Names": ["/x"]}]')
            if bare == "/containers/running/start":
                return self.answer(304)
            if bare == "/containers/fresh/start":
                return self.answer(204, engine=True)
            if bare == "/images/gateway/json":
                return self.answer(502, HAPROXY_502, "text/html", engine=False)
            if bare == "/images/create":
                lines = [
                    {"status": "Pulling from team/app", "id": "1.0"},
                    {"status": "Pulling fs layer", "id": "abc"},
                    {"status": "Downloading", "id": "abc", "progressDetail": {"current": 10, "total": 100},
                     "progress": "[=>   ]"},
                    {"errorDetail": {"message": "manifest unknown: tag 1.0 not found"},
                     "error": "manifest unknown: tag 1.0 not found"},
                ]
                # Split the last line across two chunks to exercise line reassembly.
                data = b"".join(json.dumps(line).encode() + b"\r\n" for line in lines)
                cut = len(data) - 20
                return self.chunked([data[:cut], data[cut:]])
            if bare == "/_test/open-streams":
                with lock:
                    return self.answer(200, json.dumps({"open": open_streams[0]}).encode(), engine=False)
            if bare == "/events" and "hold" in self.path:
                # Like dockerd: one event, then silence until the client goes away (max 30 s).
                with lock:
                    open_streams[0] += 1
                try:
                    self.send_response(200)
                    self.send_header("Api-Version", api)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    line = json.dumps({"Type": "container", "Action": "start", "Actor": {"ID": "held"}}).encode() + b"\n"
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
                    self.wfile.flush()
                    deadline = time.time() + 30
                    while time.time() < deadline:
                        readable, _, _ = select.select([self.connection], [], [], 0.1)
                        if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                            break
                finally:
                    with lock:
                        open_streams[0] -= 1
                self.close_connection = True
                return
            if bare == "/events":
                events = [
                    {"Type": "container", "Action": "start", "Actor": {"ID": "c1", "Attributes": {"name": "one"}},
                     "scope": "local", "time": 1, "timeNano": 1000000000},
                    {"Type": "container", "Action": "die", "Actor": {"ID": "c1", "Attributes": {"exitCode": "0"}},
                     "scope": "local", "time": 2, "timeNano": 2000000000},
                ]
                return self.chunked([json.dumps(e).encode() + b"\n" for e in events])
            if bare == "/containers/muxed/logs":
                frames = b"\x01\x00\x00\x00\x00\x00\x00\x04out\n" + b"\x02\x00\x00\x00\x00\x00\x00\x04err\n"
                return self.chunked([frames[:5], frames[5:13], frames[13:]])
            if bare == "/exec/denied/start":
                return self.answer(403, HAPROXY_403, "text/html", engine=False)
            if bare == "/exec/failing/start":
                # An engine error framed as chunks (what a proxy may re-frame it as).
                self.send_response(500)
                self.send_header("Api-Version", api)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                body = json.dumps({"message": "OCI runtime exec failed"}).encode() + b"\n"
                for piece in (body[:7], body[7:]):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
                return
            if bare == "/exec/dropped/start":
                # What the engine answers behind a proxy that dropped Upgrade: 200 and a raw
                # stream that stays open (here until the client goes, at most 10 s).
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                                 b"Api-Version: " + api.encode() + b"\r\nConnection: close\r\n\r\n")
                self.wfile.flush()
                deadline = time.time() + 10
                while time.time() < deadline:
                    readable, _, _ = select.select([self.connection], [], [], 0.1)
                    if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                        break
                self.close_connection = True
                return
            if bare == "/exec/upgraded/start":
                # The engine's own answer: 101, then the command's output (multiplexed), which
                # echoes what it reads until the client half-closes.
                self.wfile.write(b"HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                                 b"Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
                                 b"\x01\x00\x00\x00\x00\x00\x00\x06hello\n")
                self.wfile.flush()
                while True:
                    data = self.connection.recv(4096)
                    if not data:
                        break
                    self.wfile.write(b"\x01\x00\x00\x00" + len(data).to_bytes(4, "big") + data)
                    self.wfile.flush()
                self.wfile.write(b"\x02\x00\x00\x00\x00\x00\x00\x04bye\n")
                self.wfile.flush()
                self.close_connection = True
                return
            return self.engine_error(404, "page not found")

        do_GET = do_POST = do_DELETE = do_PUT = do_HEAD = route

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", default="1.41")
    parser.add_argument("--min", default="1.12")
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(args.api, args.min))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with open(args.port_file + ".tmp", "w") as handle:
        handle.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    # The test stops us with SIGTERM; should it die first, we are reparented and stop too.
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    server.shutdown()


if __name__ == "__main__":
    main()
