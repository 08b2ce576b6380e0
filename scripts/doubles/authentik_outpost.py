#!/usr/bin/env python3
"""Double of the Authentik proxy outpost's forward-auth endpoint, shape of ghcr.io/goauthentik/proxy
(internal/outpost/proxyv2; the stack pins 2025.10.1). From /work/shared/reference/health-facts.md §5:

- GET /outpost.goauthentik.io/ping -> 204, for any Host.
- /outpost.goauthentik.io/auth/traefik: the host is X-Forwarded-Host; a host with no configured
  application (--app-host, repeatable; none given = every host) -> 400; no X-Forwarded-Proto/-Host to
  build the redirect from -> 500 "configuration error"; a valid session cookie -> 200 with the
  X-authentik-* headers the stack's `authentik` middleware copies; no session -> 307 to
  <proto>://<host>/outpost.goauthentik.io/start?rd=<original URL> (the code path reads 307; logs in the
  wild show 302: a check must accept any 3xx).
- /outpost.goauthentik.io/start -> 302 to the Authentik server (--authentik-url).
The session cookie the double accepts: authentik_proxy_test=<content of --session-file> (a test value).
"Outpost down" is produced by stopping the double (health-env.sh stop DIR authentik-outpost).
"""
import urllib.parse

import common


class Outpost(common.Handler):
    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/outpost.goauthentik.io/ping":
            return self.reply(204)
        if path == "/outpost.goauthentik.io/auth/traefik":
            return self.auth()
        if path == "/outpost.goauthentik.io/start":
            return self.reply(302, headers=[("Location", self.authentik_url + "/application/o/authorize/")])
        return self.reply(404, "404 page not found")

    do_HEAD = do_GET

    def session_valid(self):
        if not self.session:
            return False
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "authentik_proxy_test" and value == self.session:
                return True
        return False

    def auth(self):
        proto = self.headers.get("X-Forwarded-Proto")
        host = self.headers.get("X-Forwarded-Host")
        if not proto or not host:
            return self.reply(500, "configuration error")
        if self.app_hosts and host.split(":")[0] not in self.app_hosts:
            self.log_message("no app for hostname %s", host)
            return self.reply(400, "")
        if self.session_valid():
            return self.reply(200, headers=[
                ("X-authentik-username", "plane-test"), ("X-authentik-groups", "plane"),
                ("X-authentik-entitlements", ""), ("X-authentik-email", "plane-test@example.invalid"),
                ("X-authentik-name", "plane test"), ("X-authentik-uid", "0000000000000000"),
                ("X-authentik-jwt", ""), ("X-authentik-meta-jwks", ""),
                ("X-authentik-meta-outpost", "plane-double"), ("X-authentik-meta-provider", "plane-double"),
                ("X-authentik-meta-app", host.split(".")[0]), ("X-authentik-meta-version", "2025.10.1")])
        original = "%s://%s%s" % (proto, host, self.headers.get("X-Forwarded-Uri") or "/")
        location = "%s://%s/outpost.goauthentik.io/start?rd=%s" % (proto, host, urllib.parse.quote(original, safe=""))
        return self.reply(307, headers=[("Location", location)])


def main():
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--app-host", action="append", default=[])
    parser.add_argument("--authentik-url", default="http://authentik.invalid")
    parser.add_argument("--session-file")
    args = parser.parse_args()
    session = ""
    if args.session_file:
        with open(args.session_file) as f:
            session = f.read().strip()
    common.serve(args, Outpost, mode=common.Mode(args), app_hosts=set(args.app_host),
                 authentik_url=args.authentik_url.rstrip("/"), session=session)


if __name__ == "__main__":
    main()
