#!/usr/bin/env python3
"""Double of Grafana Loki's HTTP API, shape of grafana/loki v3.x (health-facts.md §4; Debian's `loki`
package is unrelated software and Grafana Loki is not packaged).

- GET /ready -> 200 "ready".
- POST /loki/api/v1/push: JSON {"streams":[{"stream":{labels},"values":[["<ns>","line"],...]}]}
  (Content-Type application/json, optionally Content-Encoding gzip) -> 204. Snappy protobuf (what
  Alloy sends) is not decoded by this double: 415 with a message saying so.
- GET /loki/api/v1/query_range?query=<selector>[ |= "text"]&start&end&limit&direction (ns epochs;
  default the last hour, limit 100, backward) -> {"status":"success","data":{"resultType":"streams",
  "result":[{"stream":{...},"values":[["<ns>","<line>"],...]}],"stats":{}}}. The selector supports
  label matchers =, !=, =~, !~ and one or more |= line filters.
Switches (--mode / mode file): normal | never-queryable (push answers 204, nothing is ever returned:
"accepting but never queryable") | nothing-recent (queries see only lines older than one hour, as if
the host stopped sending).
"""
import gzip
import json
import re
import threading
import time
import urllib.parse

import common

MATCHER = re.compile(r'\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?')
MAX_LINES = 100000


def parse_query(query):
    query = query.strip()
    if not query.startswith("{") or "}" not in query:
        raise ValueError("parse error: queries require at least one label matcher")
    selector, rest = query[1:query.index("}")], query[query.index("}") + 1:]
    matchers, position = [], 0
    while position < len(selector):
        m = MATCHER.match(selector, position)
        if not m:
            raise ValueError("parse error at %r" % selector[position:])
        matchers.append((m.group(1), m.group(2), bytes(m.group(3), "utf-8").decode("unicode_escape")))
        position = m.end()
    filters = re.findall(r'\|=\s*"((?:[^"\\]|\\.)*)"', rest)
    return matchers, filters


def matches(labels, matchers):
    for name, op, value in matchers:
        actual = labels.get(name, "")
        if op == "=" and actual != value: return False
        if op == "!=" and actual == value: return False
        if op == "=~" and not re.fullmatch(value, actual): return False
        if op == "!~" and re.fullmatch(value, actual): return False
    return True


class Loki(common.Handler):
    lock = threading.Lock()
    entries = []  # (ns, labels tuple, line)

    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        if parts.path == "/ready":
            return self.reply(200, "ready\n")
        if parts.path == "/loki/api/v1/query_range":
            return self.query_range(urllib.parse.parse_qs(parts.query))
        return self.reply(404, "404 page not found\n")

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path != "/loki/api/v1/push":
            return self.reply(404, "404 page not found\n")
        if "json" not in (self.headers.get("Content-Type") or ""):
            return self.reply(415, "double: only application/json pushes are decoded\n")
        try:
            raw = self.body()
            if (self.headers.get("Content-Encoding") or "").lower() == "gzip":
                raw = gzip.decompress(raw)
            streams = json.loads(raw)["streams"]
            batch = []
            for stream in streams:
                labels = tuple(sorted(stream["stream"].items()))
                for ns, line in stream["values"]:
                    batch.append((int(ns), labels, str(line)))
        except (ValueError, KeyError, TypeError, OSError) as error:
            return self.reply(400, "loghttp.ParsePushRequest: %s\n" % error)
        if self.mode.current() != "never-queryable":
            with self.lock:
                Loki.entries.extend(batch)
                del Loki.entries[:-MAX_LINES]
        return self.reply(204)

    def query_range(self, params):
        try:
            matchers, filters = parse_query(params.get("query", [""])[0])
            now = time.time_ns()
            end = int(params.get("end", [now])[0])
            start = int(params.get("start", [end - 3600 * 10**9])[0])
            limit = int(params.get("limit", ["100"])[0])
        except ValueError as error:
            return self.reply(400, "%s\n" % error)
        backward = params.get("direction", ["backward"])[0].lower() != "forward"
        shift = 3600 * 10**9 + 10**9 if self.mode.current() == "nothing-recent" else 0
        with self.lock:
            selected = [(ns - shift, labels, line) for ns, labels, line in Loki.entries]
        selected = [e for e in selected if start <= e[0] < end and matches(dict(e[1]), matchers)
                    and all(f in e[2] for f in filters)]
        selected.sort(key=lambda e: e[0], reverse=backward)
        selected = selected[:limit]
        streams = {}
        for ns, labels, line in selected:
            streams.setdefault(labels, []).append([str(ns), line])
        result = [{"stream": dict(labels), "values": values} for labels, values in streams.items()]
        body = {"status": "success", "data": {"resultType": "streams", "result": result,
                                              "stats": {"summary": {"totalEntriesReturned": len(selected)}}}}
        return self.reply(200, json.dumps(body), "application/json; charset=UTF-8")


def main():
    args = common.arguments(__doc__.splitlines()[0]).parse_args()
    common.serve(args, Loki, mode=common.Mode(args))


if __name__ == "__main__":
    main()
