#!/usr/bin/env bash
# Regenerates the fixtures of Tests/PlaneKitTests/Health from the REAL components (scripts/health-env.sh):
# Traefik 3.5.3 API answers (file + docker providers, with a disabled router, a missing one, paging),
# what a request through Traefik answers in each failure, and Prometheus 2.42 agent /metrics scrapes in
# the failure modes of health-facts.md §3.3 (receiver OK, 401, 503, down), two scrapes each.
# Needs DOCKER_HOST (a private dockerd with local/busybox:1, scripts/test-images.sh).
# Usage: DOCKER_HOST=... scripts/health-capture-fixtures.sh [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/Tests/PlaneKitTests/Resources/Health}
: "${DOCKER_HOST:?set DOCKER_HOST (scripts/dockerd.sh start DIR)}"
mkdir -p "$out/traefik" "$out/prometheus" "$out/proxy" "$out/doubles"
run=$(mktemp -d /tmp/plane-health-capture.XXXXXX)
project=plane-capture
cleanup() {
  docker rm -f $(docker ps -aq --filter label=com.docker.compose.project=$project) >/dev/null 2>&1 || true
  docker network rm ${project}_net >/dev/null 2>&1 || true
  bash "$here/scripts/health-env.sh" stop "$run" || true
  rm -rf "$run"
}
trap cleanup EXIT

docker network create ${project}_net >/dev/null
labels() {  # compose labels of service $1 in the capture project
  echo --label com.docker.compose.project=$project --label com.docker.compose.service=$1
}
# sonarr: routed like the stack's media apps (chain-secure-stream@file); plain: service labels only (default router);
# ghost: a chain that does not exist (router disabled); sick: unhealthy (Traefik skips it).
docker run -d --name ${project}-sonarr-1 --network ${project}_net $(labels sonarr) \
  --label traefik.enable=true \
  --label 'traefik.http.routers.sonarr.rule=Host(`sonarr.health.test`)' \
  --label traefik.http.routers.sonarr.entrypoints=websecure --label traefik.http.routers.sonarr.tls=true \
  --label traefik.http.routers.sonarr.middlewares=chain-secure-stream@file \
  --label traefik.http.services.sonarr.loadbalancer.server.port=8080 \
  local/busybox:1 httpd -f -p 8080 -h /www >/dev/null
docker run -d --name ${project}-plain-1 --network ${project}_net $(labels plain) \
  --label traefik.enable=true --label traefik.http.services.plain-svc.loadbalancer.server.port=8080 \
  local/busybox:1 httpd -f -p 8080 -h /www >/dev/null
docker run -d --name ${project}-ghost-1 --network ${project}_net $(labels ghost) \
  --label traefik.enable=true \
  --label 'traefik.http.routers.ghost.rule=Host(`ghost.health.test`) && PathPrefix(`/app`)' \
  --label traefik.http.routers.ghost.entrypoints=websecure --label traefik.http.routers.ghost.tls=true \
  --label traefik.http.routers.ghost.middlewares=chain-missing@file \
  --label traefik.http.services.ghost.loadbalancer.server.port=8080 \
  local/busybox:1 httpd -f -p 8080 -h /www >/dev/null
docker run -d --name ${project}-sick-1 --network ${project}_net $(labels sick) \
  --label traefik.enable=true --label 'traefik.http.routers.sick.rule=Host(`sick.health.test`)' \
  --health-cmd '/bin/busybox false' --health-interval 1s --health-retries 1 \
  local/busybox:1 httpd -f -p 8080 -h /www >/dev/null

# Extra file-provider entries for the proxy failure states (§1.10): an empty load balancer, a closed port,
# a DOWN server by health check, a backend slower than the response header timeout.
bash "$here/scripts/health-env.sh" start "$run"
set -a; . "$run/env"; set +a
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$run/traefik/dynamic/capture.yml" <<YAML
http:
  routers:
    empty: {rule: Host(\`empty.health.test\`), entryPoints: [websecure], service: empty, tls: {}}
    refused: {rule: Host(\`refused.health.test\`), entryPoints: [websecure], service: refused, tls: {}}
    down: {rule: Host(\`down.health.test\`), entryPoints: [websecure], service: down, tls: {}}
    noauth: {rule: Host(\`noauth.health.test\`), entryPoints: [websecure], service: backend, tls: {}, middlewares: [authdown]}
    missing-service: {rule: Host(\`missing.health.test\`), entryPoints: [websecure], service: missing, tls: {}}
    bad-entrypoint: {rule: Host(\`badep.health.test\`), entryPoints: [websecure, nope], service: backend, tls: {}}
  middlewares:
    authdown: {forwardAuth: {address: "http://127.0.0.1:$closed/auth"}}
  services:
    empty: {loadBalancer: {servers: []}}
    refused: {loadBalancer: {servers: [{url: "http://127.0.0.1:$closed"}]}}
    down:
      loadBalancer:
        servers: [{url: "http://127.0.0.1:$closed"}]
        healthCheck: {path: /, interval: 1s, timeout: 1s}
YAML
api=$HEALTH_TRAEFIK_API
# wait (bounded) for the docker provider and the file watcher
for _ in $(seq 1 60); do
  curl -sf "$api/api/http/routers/sonarr@docker" >/dev/null && curl -sf "$api/api/http/routers/noauth@file" >/dev/null \
    && curl -s "$api/api/http/services/down@file" | grep -q DOWN && break
  sleep 0.5
done
save() {  # NAME URL: status line + headers kept separately from the body
  curl -s -D "$out/traefik/$1.headers" -o "$out/traefik/$1.json" "$2"
  sed -i -e 's/\r$//' -e '/^Date:/d' "$out/traefik/$1.headers"
}
save routers "$api/api/http/routers"
save routers-page1 "$api/api/http/routers?per_page=4&page=1"
save routers-page-last "$api/api/http/routers?per_page=4&page=$(( ( $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$out/traefik/routers.json") + 3 ) / 4 ))"
save routers-page-past "$api/api/http/routers?per_page=4&page=99"
save routers-disabled "$api/api/http/routers?status=disabled"
save router-sonarr "$api/api/http/routers/sonarr@docker"
save router-plain "$api/api/http/routers/plain-plane-capture@docker"
save router-ghost "$api/api/http/routers/ghost@docker"
save router-sick-missing "$api/api/http/routers/sick@docker"
save services "$api/api/http/services"
save service-sonarr "$api/api/http/services/sonarr@docker"
save service-missing "$api/api/http/services/nope@docker"
save middlewares "$api/api/http/middlewares"
save middleware-chain-secure "$api/api/http/middlewares/chain-secure@file"
save middleware-missing "$api/api/http/middlewares/chain-missing@file"
save overview "$api/api/overview"
save rawdata "$api/api/rawdata"
save version "$api/api/version"
sed -i "s#$run#/RUN#g; s#127\.0\.0\.1:[0-9]\{4,5\}#127.0.0.1:PORT#g" "$out"/traefik/*.json

# What the entrypoint answers (status, content type, body), one file per situation.
websecure=${HEALTH_TRAEFIK_WEBSECURE##*:}
web=${HEALTH_TRAEFIK_WEB##*:}
probe() {  # NAME HOST [extra curl args]; PROBE_SCHEME=http goes to the web entrypoint
  local name=$1 host=$2 port=$websecure scheme=${PROBE_SCHEME:-https}; shift 2
  [ "$scheme" = http ] && port=$web
  curl -sk -o "$run/body" -D "$run/headers" --resolve "$host:$port:127.0.0.1" "$@" "$scheme://$host:$port/" || true
  { sed -n '1s/\r$//p' "$run/headers"; grep -i -e '^content-type' -e '^location' "$run/headers" | tr -d '\r' \
      | sed -e "s/:$web\b/:PORT/" -e "s/:$websecure\b/:PORT/" -e "s/%3A$websecure/%3APORT/" || true; echo; cat "$run/body"; } >"$out/proxy/$name.txt"
}
probe no-router nothing.health.test
probe router-disabled ghost.health.test --path-as-is
probe empty-service empty.health.test
probe backend-refused refused.health.test
probe server-down down.health.test
probe auth-server-down noauth.health.test
probe auth-redirect sonarr.health.test -H 'X-Forwarded-For: 203.0.113.10'
PROBE_SCHEME=http probe docker-default-router plain-plane-capture
probe container-unhealthy sick.health.test
# the Authentik outpost (double) stopped: through chain-secure-stream, and through chain-secure whose
# buffering middleware sits before authentik
bash "$here/scripts/health-env.sh" stop "$run" authentik-outpost
probe outpost-down-stream-chain stream.health.test
probe outpost-down-buffered-chain secure.health.test

# Prometheus 2.42 agents in the failure modes of §3.3, two scrapes 3 s apart each.
p=$HEALTH_TRAEFIK_API; root=$(dirname "$(dirname "$HEALTH_PROMTOOL")")
ports=($(python3 -c '
import socket; s=[socket.socket() for _ in range(6)]
[x.bind(("127.0.0.1",0)) for x in s]; print(" ".join(str(x.getsockname()[1]) for x in s))'))
launch() { nohup "$@" >>"$run/logs/capture.log" 2>&1 </dev/null & echo $! >"$run/pids/capture-$!.pid"; }
launch python3 "$here/scripts/doubles/backend.py" --port "${ports[0]}" --status 401 --max-seconds 120
launch python3 "$here/scripts/doubles/backend.py" --port "${ports[1]}" --status 503 --max-seconds 120
agent() {  # NAME PORT WRITE_URL
  mkdir -p "$run/agent-$1"
  cat >"$run/agent-$1/send.yml" <<YAML
global: {scrape_interval: 1s, external_labels: {host: capture}}
scrape_configs: [{job_name: self, static_configs: [{targets: ["127.0.0.1:$2"]}]}]
remote_write: [{name: vm100, url: "$3", queue_config: {batch_send_deadline: 1s}}]
YAML
  launch "$root/bin/prometheus" "--config.file=$run/agent-$1/send.yml" --enable-feature=agent \
    "--storage.agent.path=$run/agent-$1/data" "--web.listen-address=127.0.0.1:$2" --storage.remote.flush-deadline=1s
}
agent ok "${ports[2]}" "$HEALTH_PROMETHEUS/api/v1/write"
agent 401 "${ports[3]}" "http://127.0.0.1:${ports[0]}/api/v1/write"
agent 503 "${ports[4]}" "http://127.0.0.1:${ports[1]}/api/v1/write"
agent down "${ports[5]}" "http://127.0.0.1:$closed/api/v1/write"
sleep 12   # several scrapes and send attempts (retries back off from 30 ms)
for i in 1 2; do
  for mode in ok:${ports[2]} 401:${ports[3]} 503:${ports[4]} down:${ports[5]}; do
    curl -s "http://127.0.0.1:${mode#*:}/metrics" | grep -e '^# TYPE prometheus_remote_storage' -e '^prometheus_remote_storage' \
      -e '^# HELP prometheus_remote_storage' | sed "s#127\.0\.0\.1:[0-9]\{4,5\}#127.0.0.1:PORT#g" \
      >"$out/prometheus/agent-${mode%%:*}-scrape$i.prom"
  done
  [ $i = 1 ] && sleep 3
done
curl -s "$HEALTH_ALLOY/metrics" | sed "s#127\.0\.0\.1:[0-9]\{4,5\}#127.0.0.1:PORT#g" >"$out/doubles/alloy-metrics.prom"
curl -s "$HEALTH_ALLOY/api/v0/web/components" >"$out/doubles/alloy-components.json"
# The real LAPI's answers along plane's ban lifecycle (machine login, POST /v1/alerts, bouncer-key reads,
# DELETE); the JWT is replaced by <JWT> before saving.
mkdir -p "$out/crowdsec"
python3 - "$out/crowdsec" <<'PY'
import json, os, sys, time, urllib.error, urllib.request
out, env = sys.argv[1], os.environ
lapi = env["HEALTH_CROWDSEC_LAPI"]
def call(method, path, headers, body=None):
    headers = dict(headers, **{"User-Agent": "plane-capture/1"})
    request = urllib.request.Request(lapi + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
def save(name, status, body):
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"%d\n" % status + body)
creds = dict(l.split(": ", 1) for l in open(env["HEALTH_CROWDSEC_MACHINE_CREDENTIALS"]).read().splitlines() if ": " in l)
key = open(env["HEALTH_CROWDSEC_PLANE_BOUNCER_KEY_FILE"]).read().strip()
status, body = call("POST", "/v1/watchers/login", {"Content-Type": "application/json"},
                    {"machine_id": creds["login"], "password": creds["password"], "scenarios": []})
token = json.loads(body)["token"]
save("login.txt", status, body.replace(token.encode(), b"<JWT>"))
# CrowdSec 1.4.6 refuses a login without a User-Agent (http.client sends none unless told)
import http.client, urllib.parse
parts = urllib.parse.urlsplit(lapi)
conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
conn.request("POST", "/v1/watchers/login", body=json.dumps({"machine_id": creds["login"], "password": creds["password"], "scenarios": []}),
             headers={"Content-Type": "application/json"})
answer = conn.getresponse()
save("login-without-user-agent.txt", answer.status, answer.read())
bearer = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
save("decisions-none.txt", *call("GET", "/v1/decisions?ip=203.0.113.11", {"X-Api-Key": key}))
now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
alert = [{"scenario": "plane/health-probe", "scenario_hash": "", "scenario_version": "", "message": "plane health probe",
          "events_count": 1, "start_at": now, "stop_at": now, "capacity": 0, "leakspeed": "0", "simulated": False, "events": [],
          "source": {"scope": "Ip", "value": "203.0.113.11", "ip": "203.0.113.11"},
          "decisions": [{"duration": "2m", "origin": "plane", "scenario": "plane/health-probe", "scope": "Ip", "type": "ban",
                         "value": "203.0.113.11"}]}]
save("alerts-post.txt", *call("POST", "/v1/alerts", bearer, alert))
save("decisions-ban.txt", *call("GET", "/v1/decisions?ip=203.0.113.11", {"X-Api-Key": key}))
save("decisions-all.txt", *call("GET", "/v1/decisions", {"X-Api-Key": key}))
save("decisions-bad-key.txt", *call("GET", "/v1/decisions?ip=203.0.113.11", {"X-Api-Key": "wrong"}))
save("decisions-delete-with-bouncer-key.txt", *call("DELETE", "/v1/decisions?ip=203.0.113.11", {"X-Api-Key": key}))
save("decisions-delete.txt", *call("DELETE", "/v1/decisions?ip=203.0.113.11", bearer))
save("decisions-after-delete.txt", *call("GET", "/v1/decisions?ip=203.0.113.11", {"X-Api-Key": key}))
PY
"$HEALTH_PROMTOOL" check metrics <"$out/prometheus/agent-ok-scrape1.prom" >/dev/null 2>&1 || true
echo "fixtures written to $out"
