#!/usr/bin/env bash
# Smoke test of the health environment (scripts/health-env.sh): starts everything in a temporary
# directory, makes one request of each kind, prints one PASS/FAIL line per check, stops everything.
# Exit 0 only when every check passed. Test client addresses are TEST-NET (203.0.113.x) and appear
# only inside X-Forwarded-For headers; every connection goes to 127.0.0.1.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
run=$(mktemp -d /tmp/plane-health-smoke.XXXXXX)
trap 'bash "$here/scripts/health-env.sh" stop "$run"; rm -rf "$run"' EXIT
bash "$here/scripts/health-env.sh" install
bash "$here/scripts/health-env.sh" start "$run"
set -a; . "$run/env"; HEALTH_HERE=$here; set +a
python3 - <<'PY'
import json, os, ssl, time, urllib.error, urllib.parse, urllib.request, http.client

env = os.environ
failures = 0
def check(name, ok, detail=""):
    global failures
    print("%s %s%s" % ("PASS" if ok else "FAIL", name, (": " + detail) if detail else ""), flush=True)
    failures += 0 if ok else 1

def request(url, method="GET", headers=None, body=None, host=None, timeout=5):
    """(status, headers, body); HTTPS to 127.0.0.1 with SNI = host (the test certificate is self-signed)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context(); context.check_hostname = False; context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=context)
        if host:  # SNI must be the router's host (tls.yml: sniStrict)
            conn._context = context
            conn.host = parts.hostname
            raw = conn._create_connection((parts.hostname, parts.port), timeout)
            conn.sock = context.wrap_socket(raw, server_hostname=host)
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    # CrowdSec 1.4.6 refuses a watcher login without a User-Agent (401 "incorrect Username or Password")
    h = {"User-Agent": "plane-health-smoke/1"}
    h.update(headers or {})
    if host: h["Host"] = host
    conn.request(method, (parts.path or "/") + ("?" + parts.query if parts.query else ""), body=body, headers=h)
    answer = conn.getresponse()
    data = answer.read()
    conn.close()
    return answer.status, dict(answer.getheaders()), data

def until(seconds, probe):
    deadline = time.time() + seconds
    while True:
        value = probe()
        if value[0] or time.time() > deadline:
            return value
        time.sleep(0.5)

entry = env["HEALTH_TRAEFIK_WEBSECURE"]
def through(host, ip=None, cookie=None):
    headers = {}
    if ip: headers["X-Forwarded-For"] = ip
    if cookie: headers["Cookie"] = cookie
    return request(entry + "/", headers=headers, host=host)

# 1. Traefik: API, routers of the stack's chains, a route to the loopback backend
status, _, body = request(env["HEALTH_TRAEFIK_API"] + "/api/http/routers/public@file")
router = json.loads(body) if status == 200 else {}
check("traefik api: router public@file enabled, chain qualified", router.get("status") == "enabled"
      and router.get("middlewares") == ["chain-public@file"], "status %d %s" % (status, router.get("status")))
status, headers, body = request(env["HEALTH_TRAEFIK_API"] + "/api/http/routers/absent@docker")
check("traefik api: unknown router is 404 text/plain with a JSON body", status == 404
      and headers.get("Content-Type", "").startswith("text/plain") and b"router not found" in body)
status, _, body = through("public.health.test", ip="203.0.113.10")
echo = json.loads(body) if status == 200 else {}
check("route public.health.test through chain-public -> backend 200", status == 200
      and echo.get("headers", {}).get("X-Forwarded-For", "").startswith("203.0.113.10"), "status %d" % status)
status, headers, _ = through("secure.health.test", ip="203.0.113.10")
check("route secure.health.test without session -> outpost redirect", 300 <= status < 400
      and "/outpost.goauthentik.io/start" in headers.get("Location", ""), "status %d" % status)
session = open(env["HEALTH_OUTPOST_SESSION_FILE"]).read().strip()
status, _, body = through("secure.health.test", ip="203.0.113.10", cookie="authentik_proxy_test=" + session)
echo = json.loads(body) if status == 200 else {}
check("route secure.health.test with session -> backend with X-Authentik-Username", status == 200
      and echo.get("headers", {}).get("X-Authentik-Username") == "plane-test", "status %d" % status)
status, _, _ = request(entry + "/", host="nothing.health.test")
check("no router for the host -> 404", status == 404, "status %d" % status)

# 2. CrowdSec: control passes, a ban through the LAPI machine API makes the same request 403, delete, passes
credentials = dict(line.split(": ", 1) for line in open(env["HEALTH_CROWDSEC_MACHINE_CREDENTIALS"]).read().splitlines() if ": " in line)
lapi = env["HEALTH_CROWDSEC_LAPI"]
status, _, body = request(lapi + "/v1/watchers/login", "POST", {"Content-Type": "application/json"},
                          json.dumps({"machine_id": credentials["login"], "password": credentials["password"], "scenarios": []}))
token = json.loads(body).get("token", "") if status == 200 else ""
check("lapi: machine login", bool(token), "status %d" % status)
bearer = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
control, banned = "203.0.113.10", "203.0.113.11"
status, _, _ = through("public.health.test", ip=control)
check("crowdsec: control %s passes" % control, status == 200, "status %d" % status)
now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
alert = [{"scenario": "plane/health-probe", "scenario_hash": "", "scenario_version": "", "message": "plane health probe",
          "events_count": 1, "start_at": now, "stop_at": now, "capacity": 0, "leakspeed": "0", "simulated": False,
          "events": [], "source": {"scope": "Ip", "value": banned, "ip": banned},
          "decisions": [{"duration": "2m", "origin": "plane", "scenario": "plane/health-probe", "scope": "Ip",
                         "type": "ban", "value": banned}]}]
status, _, body = request(lapi + "/v1/alerts", "POST", bearer, json.dumps(alert))
check("lapi: ban %s for 2m through POST /v1/alerts" % banned, status == 201, "status %d %s" % (status, body[:80]))
try:
    ok, status = until(10, lambda: (lambda s: (s == 403, s))(through("public.health.test", ip=banned)[0]))
    check("crowdsec: banned %s -> 403 through chain-public" % banned, ok, "status %d" % status)
    status, _, _ = through("public.health.test", ip=control)
    check("crowdsec: control still passes during the ban", status == 200, "status %d" % status)
finally:
    status, _, body = request(lapi + "/v1/decisions?ip=" + banned, "DELETE", bearer)
    check("lapi: ban deleted", status == 200 and b'"nbDeleted":"1"' in body, "status %d %s" % (status, body[:60]))
ok, status = until(10, lambda: (lambda s: (s == 200, s))(through("public.health.test", ip=banned)[0]))
check("crowdsec: %s passes again after the delete" % banned, ok, "status %d" % status)
key = open(env["HEALTH_CROWDSEC_PLANE_BOUNCER_KEY_FILE"]).read().strip()
status, _, body = request(lapi + "/v1/decisions?ip=" + banned, headers={"X-Api-Key": key})
check("lapi: no decision of plane's left", status == 200 and body.strip() == b"null", "status %d %s" % (status, body[:60]))

# 3. Remote write: the agent's samples arrive at the receiver
def fresh():
    q = urllib.parse.urlencode({"query": 'time() - max(timestamp(up{job="self",host="%s"}))' % env["HEALTH_HOST_LABEL"]})
    s, _, b = request(env["HEALTH_PROMETHEUS"] + "/api/v1/query?" + q)
    result = json.loads(b)["data"]["result"] if s == 200 else []
    lag = float(result[0]["value"][1]) if result else None
    return (lag is not None and lag < 30, lag)
ok, lag = until(20, fresh)
check("remote write: agent's samples at the receiver", ok, "lag %s s" % lag)
status, _, body = request(env["HEALTH_ALLOY"] + "/metrics")
check("alloy double: re-exports the agent's remote-write families with component labels", status == 200
      and b'prometheus_remote_storage_samples_total{component_id="prometheus.remote_write.vm100",component_path="/"' in body)

# 4. Loki: push a marker line, query it back
marker = "plane-smoke-%d" % time.time_ns()
status, _, _ = request(env["HEALTH_LOKI"] + "/loki/api/v1/push", "POST", {"Content-Type": "application/json"},
                       json.dumps({"streams": [{"stream": {"host": env["HEALTH_HOST_LABEL"], "service": "smoke"},
                                                "values": [[str(time.time_ns()), marker]]}]}))
check("loki: push -> 204", status == 204, "status %d" % status)
q = urllib.parse.urlencode({"query": '{host="%s"} |= "%s"' % (env["HEALTH_HOST_LABEL"], marker), "limit": 10})
status, _, body = request(env["HEALTH_LOKI"] + "/loki/api/v1/query_range?" + q)
result = json.loads(body)["data"]["result"] if status == 200 else []
check("loki: query_range finds the marker", any(marker in v[1] for s in result for v in s["values"]))

# 5. The doubles' switches, each the fault issue 10 must name (mode files re-read on every request)
run = env["HEALTH_RUN"]
def mode(name, value):
    with open("%s/doubles/%s.mode" % (run, name), "w") as f:
        f.write(value)
status, _, body = request(lapi + "/v1/alerts", "POST", bearer, json.dumps(alert))
try:
    mode("crowdsec-bouncer", "bad-key")
    status, _, _ = through("public.health.test", ip=control)
    check("bouncer bad-key: the control address gets 403 (fails closed)", status == 403, "status %d" % status)
    mode("crowdsec-bouncer", "never-blocks")
    status, _, _ = through("public.health.test", ip=banned)
    check("bouncer never-blocks: the banned address passes", status == 200, "status %d" % status)
    mode("crowdsec-bouncer", "normal")
    status, _, _ = through("public.health.test", ip=banned)
    check("bouncer normal again: the banned address gets 403", status == 403, "status %d" % status)
finally:
    mode("crowdsec-bouncer", "normal")
    request(lapi + "/v1/decisions?ip=" + banned, "DELETE", bearer)
status, _, body = request(lapi + "/v1/decisions?ip=" + banned, headers={"X-Api-Key": key})
check("lapi: no decision of plane's left after the switches", status == 200 and body.strip() == b"null")
mode("loki", "never-queryable")
marker2 = "plane-smoke-hidden-%d" % time.time_ns()
status, _, _ = request(env["HEALTH_LOKI"] + "/loki/api/v1/push", "POST", {"Content-Type": "application/json"},
                       json.dumps({"streams": [{"stream": {"host": env["HEALTH_HOST_LABEL"]}, "values": [[str(time.time_ns()), marker2]]}]}))
q = urllib.parse.urlencode({"query": '{host="%s"} |= "%s"' % (env["HEALTH_HOST_LABEL"], marker2)})
_, _, body = request(env["HEALTH_LOKI"] + "/loki/api/v1/query_range?" + q)
check("loki never-queryable: push 204, query finds nothing", status == 204 and json.loads(body)["data"]["result"] == [])
mode("loki", "nothing-recent")
q = urllib.parse.urlencode({"query": '{host="%s"}' % env["HEALTH_HOST_LABEL"]})
_, _, body = request(env["HEALTH_LOKI"] + "/loki/api/v1/query_range?" + q)
check("loki nothing-recent: no line in the last hour", json.loads(body)["data"]["result"] == [])
mode("loki", "normal")
mode("alloy", "unhealthy")
status, _, body = request(env["HEALTH_ALLOY"] + "/-/healthy")
check("alloy unhealthy: /-/healthy 500 naming loki.write", status == 500 and b"loki.write" in body, "status %d" % status)
mode("alloy", "normal")
import subprocess
subprocess.run(["bash", os.path.join(env["HEALTH_HERE"], "scripts/health-env.sh"), "stop", run, "authentik-outpost"], check=True)
status, _, body = through("stream.health.test", ip=control)
check("outpost stopped: chain-secure-stream route 500 with an empty body", status == 500 and body == b"", "status %d" % status)
status, _, body = through("secure.health.test", ip=control)
# chain-secure buffers: its buffering middleware turns ForwardAuth's empty 500 into Go's status text
check("outpost stopped: chain-secure route 500 'Internal Server Error' (buffering)", status == 500
      and body == b"Internal Server Error", "status %d %r" % (status, body[:40]))
subprocess.run(["bash", os.path.join(env["HEALTH_HERE"], "scripts/health-env.sh"), "stop", run, "crowdsec"], check=True)
status, _, _ = through("public.health.test", ip=control)
check("lapi stopped: the bouncer fails closed (control 403)", status == 403, "status %d" % status)

print("%d check(s) failed" % failures if failures else "all checks passed")
raise SystemExit(1 if failures else 0)
PY
