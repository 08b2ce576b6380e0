#!/usr/bin/env python3
"""Double of the stack's ForwardAuth CrowdSec bouncer: thespad/traefik-crowdsec-bouncer v0.5.0
(ghcr.io/thespad/traefik-crowdsec-bouncer:v0.5.0; fork of fbonalair/traefik-crowdsec-bouncer v0.5.0).
Behaviour from /work/shared/reference/health-facts.md §2.5 (verified against v0.5.0 built from source):

- GET only (gin): /api/v1/forwardAuth, /api/v1/ping (200 "pong"), /api/v1/healthz, /api/v1/metrics;
  HEAD and anything else -> 404 "404 page not found".
- Client IP = gin ClientIP(): X-Forwarded-For then X-Real-Ip, walked right to left skipping addresses in
  TRUSTED_PROXIES (default 0.0.0.0/0: every IPv4 is trusted, so the LEFTMOST entry), only when the peer
  itself is a trusted proxy.
- CROWDSEC_BOUNCER_SKIPRFC1918 (default true) lets 10/8, 172.16/12, 192.168/16 through without asking.
- Every forwardAuth asks the REAL LAPI live: GET /v1/decisions?type=ban&ip=X with X-Api-Key, 5 s timeout.
  v0.5.0 has NO cache. Body null -> 200 empty; an array -> 403 "Forbidden"; LAPI 403 (bad key), any other
  status or any error -> 403 for everyone (fails closed). Always 403 (BAN_RESPONSE_CODE is not read).
- /api/v1/healthz asks the same about 127.0.0.1: 200 empty, else 403.

Configuration as the real one: environment CROWDSEC_AGENT_HOST (host:port), CROWDSEC_BOUNCER_SCHEME
(http), CROWDSEC_BOUNCER_SKIPRFC1918, TRUSTED_PROXIES; the key from the file named by
CROWDSEC_BOUNCER_API_KEY_FILE (the stack's FILE__ loader), never from argv.
Switches (--mode or the mode file): normal | bad-key (sends a wrong key: the real LAPI answers 403, so
the double fails closed exactly as v0.5.0 does) | never-blocks (answers 200 without asking: a bouncer
that enforces nothing).
"""
import ipaddress
import os
import threading
import urllib.error
import urllib.parse
import urllib.request

import common

PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def networks(spec):
    result = []
    for item in spec.split(","):
        item = item.strip()
        if item:
            result.append(ipaddress.ip_network(item if "/" in item else item + "/32", strict=False))
    return result


class Bouncer(common.Handler):
    processed = 0
    lock = threading.Lock()

    def trusted(self, ip):
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(address.version == n.version and address in n for n in self.trusted_proxies)

    def client_ip(self):
        peer = self.client_address[0]
        if not self.trusted(peer):
            return peer
        for header in ("X-Forwarded-For", "X-Real-Ip"):
            value = self.headers.get(header)
            if not value:
                continue
            items = [i.strip() for i in value.split(",")]
            for index in range(len(items) - 1, -1, -1):
                try:
                    ipaddress.ip_address(items[index])
                except ValueError:
                    break
                if index == 0 or not self.trusted(items[index]):
                    return items[index]
        return peer

    def banned(self, ip, mode):
        """True/False from the LAPI; raises on anything else (the caller fails closed)."""
        key = self.api_key if mode != "bad-key" else "plane-double-wrong-key"
        query = urllib.parse.urlencode({"type": "ban", "ip": ip})
        request = urllib.request.Request("%s://%s/v1/decisions?%s" % (self.scheme, self.agent_host, query),
                                         headers={"X-Api-Key": key, "User-Agent": "Go-http-client/1.1"})
        with urllib.request.urlopen(request, timeout=5) as answer:
            if answer.status != 200:
                raise RuntimeError("LAPI answered %d" % answer.status)
            body = answer.read().strip()
        if body == b"null":
            return False
        if body.startswith(b"["):
            return True
        raise RuntimeError("unexpected LAPI body")

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        mode = self.mode.current()
        if path == "/api/v1/ping":
            return self.reply(200, "pong")
        if path == "/api/v1/metrics":
            with self.lock:
                count = Bouncer.processed
            return self.reply(200, "# HELP crowdsec_traefik_bouncer_processed_ip_total The total number of processed IP\n"
                                   "# TYPE crowdsec_traefik_bouncer_processed_ip_total counter\n"
                                   "crowdsec_traefik_bouncer_processed_ip_total %d\n" % count,
                              "text/plain; version=0.0.4; charset=utf-8")
        if path == "/api/v1/healthz":
            return self.decide("127.0.0.1", mode, health=True)
        if path == "/api/v1/forwardAuth":
            with self.lock:
                Bouncer.processed += 1
            ip = self.client_ip()
            try:
                private = any(ipaddress.ip_address(ip) in n for n in PRIVATE)
            except ValueError:
                private = False
            if self.skip_rfc1918 and private:
                return self.reply(200)
            return self.decide(ip, mode)
        return self.reply(404, "404 page not found")

    def decide(self, ip, mode, health=False):
        if mode == "never-blocks":
            return self.reply(200)
        try:
            banned = self.banned(ip, mode)
        except (OSError, RuntimeError, urllib.error.URLError) as error:
            self.log_message("LAPI check for %s failed: %s", ip, error)
            return self.reply(403, "" if health else "Forbidden")
        if banned:
            return self.reply(403, "" if health else "Forbidden")
        return self.reply(200)

    def do_HEAD(self):
        self.reply(404, "404 page not found")

    def do_POST(self):
        self.reply(404, "404 page not found")


def main():
    parser = common.arguments(__doc__.splitlines()[0])
    args = parser.parse_args()
    key_file = os.environ.get("CROWDSEC_BOUNCER_API_KEY_FILE", "")
    api_key = ""
    if key_file:
        with open(key_file) as f:
            api_key = f.read().strip()
    common.serve(args, Bouncer, mode=common.Mode(args), api_key=api_key,
                 agent_host=os.environ.get("CROWDSEC_AGENT_HOST", "127.0.0.1:8080"),
                 scheme=os.environ.get("CROWDSEC_BOUNCER_SCHEME", "http"),
                 skip_rfc1918=os.environ.get("CROWDSEC_BOUNCER_SKIPRFC1918", "true").lower() == "true",
                 trusted_proxies=networks(os.environ.get("TRUSTED_PROXIES", "0.0.0.0/0")))


if __name__ == "__main__":
    main()
