#!/usr/bin/env python3
"""How long a routed stop-first service is unreachable through the real Traefik during a one-tag
change: `plane upgrade` against `docker compose pull && docker compose up -d`, alternated runs.

    DOCKER_HOST=unix:///... PLANE=/path/to/plane DOCKER_COMPOSE=/path/to/docker-compose \\
        python3 bench/rollout_bench.py [--runs 6] [--order stop-first|start-first]

Needs the private dockerd of DOCKER_HOST with scripts/test-images.sh's images, and starts what it
uses on loopback (stopped again at the end): Traefik 3.5.3 with its docker provider
(scripts/health-env.sh) and a registry (scripts/test-registry.sh). One service, `app` (busybox
httpd, healthcheck every 1 s, `init: true`), routed by Traefik on websecure; the registry's tag
moves v1 -> v2 -> v1 ... between runs. Each run: the service up on the current version (plane up
--wait), bench/request_loop.py sending requests through Traefik (4 workers, one connection per
request), the tag moved, the tool run, 2 s more of requests. Reported per run: failed requests,
the gap (first failed request to the last one's end), the tool's wall time; then the medians.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time, uuid

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def sh(args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw)

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=6)
    p.add_argument("--order", default="stop-first", choices=["stop-first", "start-first"])
    p.add_argument("--registry-port", type=int, default=19590)
    p.add_argument("--verbose", action="store_true", help="print plane's drain lines (Traefik, paused, warnings)")
    a = p.parse_args()
    plane, compose, host = os.environ["PLANE"], os.environ["DOCKER_COMPOSE"], os.environ["DOCKER_HOST"]
    work = tempfile.mkdtemp(prefix="plane-rollout-bench-")
    env = dict(os.environ, PLANE_STATE_DIR=os.path.join(work, "state"), HOME=work)
    health = os.path.join(work, "health")
    registry = os.path.join(work, "registry")
    sh(["bash", f"{HERE}/scripts/health-env.sh", "start", health], env=dict(env, HEALTH_ENV_WAIT="60"))
    try:
        sh(["bash", f"{HERE}/scripts/test-registry.sh", "start", registry, str(a.registry_port)], env=env)
        sh(["bash", f"{HERE}/scripts/test-registry.sh", "images"], env=env)
        values = dict(line.split("=", 1) for line in open(os.path.join(health, "env")).read().splitlines()
                      if "=" in line and not line.startswith("#"))
        bench(a, plane, compose, env, work, values)
    finally:
        subprocess.run(["bash", f"{HERE}/scripts/test-registry.sh", "stop", registry], env=env, capture_output=True)
        subprocess.run(["bash", f"{HERE}/scripts/health-env.sh", "stop", health], env=env, capture_output=True)

def answers_with(url, host, text, seconds):
    """Polls one request at a time through the entrypoint until the answer is `text` (bounded)."""
    import http.client, socket, ssl, urllib.parse
    u = urllib.parse.urlsplit(url)
    ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
            conn.sock = ctx.wrap_socket(socket.create_connection((u.hostname, u.port), timeout=5), server_hostname=host)
            conn.request("GET", "/", headers={"Host": host, "Connection": "close"})
            r = conn.getresponse()
            if r.status == 200 and r.read().decode(errors="replace").strip() == text: return True
        except OSError:
            pass
        time.sleep(0.05)
    return False

def bench(a, plane, compose, env, work, values):
    ident = uuid.uuid4().hex[:8]
    name, repo, hostname = f"rollout-{ident}", f"plane/rollout-{ident}", f"rb{ident}.health.test"
    project = os.path.join(work, "project")
    os.makedirs(project)
    reference = f"127.0.0.1:{a.registry_port}/{repo}:stable"
    with open(os.path.join(project, "compose.yaml"), "w") as f:
        f.write(f"""name: {name}
services:
  app:
    image: {reference}
    init: true
    stop_grace_period: 5s
    healthcheck: {{test: ["CMD", "/bin/busybox", "test", "-f", "/etc/plane-healthy"], interval: 1s, timeout: 10s, retries: 3}}
    deploy:
      update_config: {{order: {a.order}}}
    labels:
      traefik.enable: "true"
      traefik.http.routers.rb{ident}.rule: Host(`{hostname}`)
      traefik.http.routers.rb{ident}.entrypoints: websecure
      traefik.http.routers.rb{ident}.tls: "true"
      traefik.http.services.rb{ident}.loadbalancer.server.port: "8080"
x-plane:
  health:
    traefik:
      api: {values["HEALTH_TRAEFIK_API"]}
      entrypoint: {values["HEALTH_TRAEFIK_WEBSECURE"]}
""")
    publish = lambda version: sh(["bash", f"{HERE}/scripts/test-registry.sh", "publish", str(a.registry_port), repo, "stable", version], env=env)
    version = "v1"
    publish(version)
    sh([plane, "up", "--skip-lint", "--wait", "--wait-timeout", "60"], cwd=project, env=env)
    tools = {
        "plane upgrade": [[plane, "upgrade", "--skip-lint", "--gate-timeout", "60"]],
        "compose pull && up -d": [[compose, "pull", "--quiet"], [compose, "up", "-d"]],
    }
    names = list(tools)
    results = {t: [] for t in names}
    print(f"rollout bench: one routed service, {a.order}, {a.runs} runs alternated, through Traefik 3.5.3 (loopback)")
    for run in range(a.runs):
        for tool in (names if run % 2 == 0 else names[::-1]):
            stop = os.path.join(work, f"stop-{run}-{len(results[tool])}-{tool[:5]}")
            ready = stop + ".ready"
            loop = subprocess.Popen([sys.executable, f"{HERE}/bench/request_loop.py", "--url", values["HEALTH_TRAEFIK_WEBSECURE"],
                                     "--host", hostname, "--stop-file", stop, "--ready-file", ready, "--max-seconds", "180"],
                                    stdout=subprocess.PIPE, text=True)
            for _ in range(240):
                if os.path.exists(ready): break
                time.sleep(0.25)
            time.sleep(1)
            version = "v2" if version == "v1" else "v1"
            publish(version)
            t0 = time.monotonic()
            said = []
            for command in tools[tool]:
                said += sh(command, cwd=project, env=env).stdout.splitlines()
            wall = time.monotonic() - t0
            if a.verbose:
                for line in said:
                    if "Traefik" in line or "warning" in line or "paused" in line: print("    " + line)
            # compose returns before its new container is healthy: the measurement ends only once the
            # new version answers through Traefik (bounded), plus 2 s.
            back = answers_with(values["HEALTH_TRAEFIK_WEBSECURE"], hostname, f"ok {version}", seconds=60)
            time.sleep(2)
            open(stop, "w").close()
            summary = json.loads(loop.communicate()[0].strip().splitlines()[-1])
            answered = summary["answers"].get(f"ok {version}", 0)
            results[tool].append((summary["failed"], summary["gapSeconds"], wall, answered))
            if not back: print(f"  run {run + 1} {tool}: {version} did not answer through Traefik within 60 s")
            print(f"  run {run + 1} {tool:24s} failed {summary['failed']:4d} of {summary['total']:4d}  gap {summary['gapSeconds']:6.3f} s"
                  f"  wall {wall:5.2f} s  ({version} answered {answered}x; {dict(summary['failures'])})")
            # both tools leave the same container (compose adopts plane's, plane compose's)
            sh([plane, "up", "--skip-lint", "--wait", "--wait-timeout", "60"], cwd=project, env=env)
    for tool in names:
        rows = results[tool]
        print(f"{tool:24s} median gap {statistics.median(r[1] for r in rows):6.3f} s  median failed {statistics.median(r[0] for r in rows):6.1f}"
              f"  median wall {statistics.median(r[2] for r in rows):5.2f} s  (max gap {max(r[1] for r in rows):.3f} s)")
    sh([plane, "down", "-v"], cwd=project, env=env)

if __name__ == "__main__":
    main()
