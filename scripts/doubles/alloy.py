#!/usr/bin/env python3
"""Double of Grafana Alloy's own HTTP server, shape of grafana/alloy v1.11.3 (the stack's
grafana/alloy:v1.11.3; health-facts.md §3.5 and Alloy's docs/sources/reference/http):

- GET /-/ready -> 200 "Alloy is ready." (503 "Alloy is not ready." in mode not-ready).
- GET /-/healthy -> 200 "All Alloy components are healthy." or 500 naming the unhealthy components.
- GET /api/v0/web/components -> JSON array, one object per component with health.state.
- GET /metrics -> the REAL remote-write metrics of a Prometheus 2.42 agent (--upstream, its /metrics;
  Alloy's prometheus.remote_write embeds that code) restricted to the prometheus_remote_storage_*
  families, with the labels Alloy's per-component registry adds: component_id="prometheus.remote_write.
  <--component-label>", component_path="/". Plus the loki.write families of a small real sender kept by
  this double (--loki-url: a JSON push of one line every --loki-interval seconds), counted as loki.write
  counts them: sent_entries/sent_bytes only on success, 429/5xx/connection errors -> batch_retries,
  other 4xx -> dropped_entries{reason="ingester_error"}, request_duration_seconds{status_code}.
Modes (--mode / mode file): normal | not-ready | unhealthy (loki.write reports unhealthy).
An upstream that cannot be scraped makes /metrics 500 (as a failing collector would).
"""
import json
import socket
import threading
import time
import urllib.error
import urllib.request

import common


def relabel(text, component_id):
    """Keeps prometheus_remote_storage_* families, adding the component labels to every sample."""
    extra = 'component_id="%s",component_path="/"' % component_id
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[2].startswith("prometheus_remote_storage_"):
                out.append(line)
            continue
        if not line.startswith("prometheus_remote_storage_"):
            continue
        if "{" in line and line.index("{") < line.index(" "):
            name, rest = line.split("{", 1)
            out.append("%s{%s,%s" % (name, extra, rest) if not rest.startswith("}") else "%s{%s%s" % (name, extra, rest))
        else:
            name, rest = line.split(" ", 1)
            out.append("%s{%s} %s" % (name, extra, rest))
    return "\n".join(out) + "\n"


class LokiSender:
    """What loki.write counts, for a real JSON push of one line at a fixed interval."""
    def __init__(self, url, interval, host_label, max_seconds):
        self.url, self.interval, self.host_label = url, interval, host_label
        self.lock = threading.Lock()
        self.sent_entries = self.sent_bytes = self.retries = self.dropped = 0
        self.durations = {}  # status_code -> (count, sum)
        self.deadline = time.time() + max_seconds
        self.target = url.split("//", 1)[-1].split("/", 1)[0]

    def run(self):
        while time.time() < self.deadline:
            self.push_once()
            time.sleep(self.interval)

    def push_once(self):
        line = "plane-health marker %d" % time.time_ns()
        body = json.dumps({"streams": [{"stream": {"host": self.host_label, "service": "telemetrie-agent",
                                                    "container": "alloy-double"},
                                         "values": [[str(time.time_ns()), line]]}]}).encode()
        started = time.time()
        status = "0"
        try:
            request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as answer:
                status = str(answer.status)
        except urllib.error.HTTPError as error:
            status = str(error.code)
        except OSError:
            status = ""
        elapsed = time.time() - started
        with self.lock:
            if status:
                count, total = self.durations.get(status, (0, 0.0))
                self.durations[status] = (count + 1, total + elapsed)
            if status.startswith("2"):
                self.sent_entries += 1
                self.sent_bytes += len(line)
            elif status == "" or status == "429" or status.startswith("5"):
                self.retries += 1
            else:
                self.dropped += 1

    def exposition(self, component_id):
        c = 'component_id="%s",component_path="/",host="%s",tenant=""' % (component_id, self.target)
        with self.lock:
            lines = [
                "# TYPE loki_write_sent_entries_total counter", "loki_write_sent_entries_total{%s} %d" % (c, self.sent_entries),
                "# TYPE loki_write_sent_bytes_total counter", "loki_write_sent_bytes_total{%s} %d" % (c, self.sent_bytes),
                "# TYPE loki_write_batch_retries_total counter", "loki_write_batch_retries_total{%s} %d" % (c, self.retries),
                "# TYPE loki_write_dropped_entries_total counter",
                'loki_write_dropped_entries_total{%s,reason="ingester_error"} %d' % (c, self.dropped),
                "# TYPE loki_write_request_duration_seconds histogram"]
            for status, (count, total) in sorted(self.durations.items()):
                labels = '%s,status_code="%s"' % (c, status)
                lines.append('loki_write_request_duration_seconds_bucket{%s,le="+Inf"} %d' % (labels, count))
                lines.append("loki_write_request_duration_seconds_sum{%s} %g" % (labels, total))
                lines.append("loki_write_request_duration_seconds_count{%s} %d" % (labels, count))
        return "\n".join(lines) + "\n"


class Alloy(common.Handler):
    def components(self, mode):
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        result = []
        for component_id in self.component_ids:
            name, _, label = component_id.rpartition(".")
            unhealthy = mode == "unhealthy" and name == "loki.write"
            result.append({"name": name, "type": "block", "localID": component_id, "moduleID": "", "label": label,
                           "referencesTo": [], "referencedBy": [], "dataFlowEdgesTo": [],
                           "health": {"state": "unhealthy" if unhealthy else "healthy",
                                      "message": "double: forced unhealthy" if unhealthy else "started component",
                                      "updatedTime": now}})
        return result

    def do_GET(self):
        mode = self.mode.current()
        if self.path == "/-/ready":
            if mode == "not-ready":
                return self.reply(503, "Alloy is not ready.\n")
            return self.reply(200, "Alloy is ready.\n")
        if self.path == "/-/healthy":
            bad = [c["localID"] for c in self.components(mode) if c["health"]["state"] == "unhealthy"]
            if bad:
                return self.reply(500, "unhealthy components: %s\n" % ", ".join(bad))
            return self.reply(200, "All Alloy components are healthy.\n")
        if self.path == "/api/v0/web/components":
            return self.reply(200, json.dumps(self.components(mode)), "application/json")
        if self.path == "/metrics":
            text = ""
            if self.upstream:
                try:
                    with urllib.request.urlopen(self.upstream, timeout=5) as answer:
                        text = relabel(answer.read().decode(), self.remote_write_id)
                except OSError as error:
                    return self.reply(500, "error gathering metrics: %s\n" % error)
            if self.loki:
                text += self.loki.exposition(self.loki_write_id)
            return self.reply(200, text, "text/plain; version=0.0.4; charset=utf-8")
        return self.reply(404, "404 page not found\n")


def main():
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--upstream", help="/metrics URL of the Prometheus agent standing in for remote_write")
    parser.add_argument("--component-label", default="vm100")
    parser.add_argument("--loki-url", help="push URL of a Loki (the double) for the loki.write half")
    parser.add_argument("--loki-interval", type=float, default=2.0)
    parser.add_argument("--host-label", default=socket.gethostname())
    args = parser.parse_args()
    remote_write_id = "prometheus.remote_write." + args.component_label
    loki_write_id = "loki.write." + args.component_label
    loki = None
    ids = [remote_write_id]
    if args.loki_url:
        loki = LokiSender(args.loki_url, args.loki_interval, args.host_label, args.max_seconds)
        threading.Thread(target=loki.run, daemon=True).start()
        ids.append(loki_write_id)
    common.serve(args, Alloy, mode=common.Mode(args), upstream=args.upstream, loki=loki,
                 remote_write_id=remote_write_id, loki_write_id=loki_write_id, component_ids=ids)


if __name__ == "__main__":
    main()
