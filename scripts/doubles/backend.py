#!/usr/bin/env python3
"""A loopback app for route probes, not a double of anything: answers every request with --status
(default 200) and a JSON echo of the method, path and the headers it received (so a test can see what
Traefik forwarded: X-Forwarded-For, X-authentik-*). With --status 401 on /api/v1/write it is the
"receiver answering 401" of health-facts.md §3.3."""
import json

import common


class Backend(common.Handler):
    def answer(self):
        try:
            self.body()
        except ValueError:
            pass
        echo = {"method": self.command, "path": self.path, "headers": {k: v for k, v in self.headers.items()}}
        status = int(self.mode.current()) if self.mode.current().isdigit() else self.status
        self.reply(status, json.dumps(echo, sort_keys=True) + "\n", "application/json")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = answer


def main():
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--status", type=int, default=200)
    args = parser.parse_args()
    common.serve(args, Backend, mode=common.Mode(args), status=args.status)


if __name__ == "__main__":
    main()
