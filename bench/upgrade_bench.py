#!/usr/bin/env python3
"""`plane upgrade` against `docker compose pull && docker compose up -d` for the same one-tag change,
in one run, on the engine named by DOCKER_HOST (a private dockerd with scripts/test-images.sh's
images), on the 28-service stack of bench/gen_up_stack.py whose every image comes from a loopback
registry (Debian's docker-registry, scripts/test-registry.sh).

Each tool has its own copy of the stack (its own project and its own 28 repositories), so neither
sees the other's tags. Before each timed run, one service's tag (MOVING, default radarr) moves in
the registry between two locally made images (local/upgrade:v1 and v2, both healthy); the engine's
own tag stays where it was, as on a machine that has not pulled yet. Timed:
  compose: `docker compose --profile '*' pull` then `docker compose --profile '*' up -d`
           (28 registry lookups, one pull, one recreate; verifies nothing)
  plane:   `plane --profile '*' upgrade` (28 registry lookups, last-good recorded, one pull, one
           proven replacement, the gate: Docker's healthy (deploy.update_config.monitor, default 0 s,
           compose's), then plane health)
Runs alternate (compose first on even runs). After every run the moving service's container must
run the image just published (checked, not timed).

The stack runs a real stack's 30 s healthcheck interval (gen_up_stack's steady-state variant, so
28 probes a second do not load the 2-core engine being timed), except the moving service: 1 s, as
a healthcheck with `start_interval` would be (MOVING_INTERVAL, default 1s); plane's gate waits for its
first healthy probe.
Prints min/median/max per tool and the median of the paired ratios (plane / compose of the same
run). Target (issue 11): plane <= 1.5x compose."""
import json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from gen_up_stack import generate

PLANE = os.environ.get("PLANE", os.path.join(ROOT, ".build-static", "release", "plane"))
COMPOSE = os.environ.get("DOCKER_COMPOSE", os.path.join(ROOT, ".tools", "docker-compose"))
RUNS = int(os.environ.get("RUNS", "6"))
PORT = int(os.environ.get("BENCH_REGISTRY_PORT", "19600"))
MOVING = os.environ.get("MOVING", "radarr")
# The moving service's healthcheck interval: Docker runs its first probe this long after the start, so
# it is the floor of any health-gated replacement (an engine >= 25 would take `start_interval` instead).
MOVING_INTERVAL = os.environ.get("MOVING_INTERVAL", "1s")
REGISTRY_SCRIPT = os.path.join(ROOT, "scripts", "test-registry.sh")


def sh(cmd, cwd=ROOT, env=None, check=True):
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout[-1500:]}\n{p.stderr[-1500:]}")
    return p


def timed(cmds, cwd, env):
    """Wall time of commands run one after the other (each must exit 0)."""
    start = time.perf_counter()
    for cmd in cmds:
        sh(cmd, cwd=cwd, env=env)
    return time.perf_counter() - start


def stamped(cmd, cwd, env):
    """Runs cmd (exit 0 required); its output lines (stdout and stderr merged), each prefixed with
    the seconds since the start at which it was read."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = [f"{time.perf_counter() - start:6.3f} {line.rstrip()}" for line in p.stdout]
    if p.wait() != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}:\n" + "\n".join(lines[-30:]))
    return lines


def image_id(ref, env):
    return sh(["docker", "image", "inspect", "-f", "{{.Id}}", ref], env=env).stdout.strip()


def retarget(root, project, interval_moving):
    """Every service's image from the loopback registry (repository bench/<project>-<service>);
    the moving service probes every second."""
    refs = {}
    apps = os.path.join(root, "applications")
    for service in sorted(os.listdir(apps)):
        path = os.path.join(apps, service, "compose.yaml")
        text = open(path).read()
        local = next(line.split("image:", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("image:"))
        ref = f"127.0.0.1:{PORT}/bench/{project}-{service}:stable"
        refs[service] = (ref, "local/upgrade:v1" if service == MOVING else local)
        text = text.replace(f"image: {local}", f"image: {ref}")
        if service == MOVING:
            text = text.replace("interval: 30s", f"interval: {interval_moving}")
        open(path, "w").write(text)
    return refs


def main():
    if "DOCKER_HOST" not in os.environ:
        raise SystemExit("set DOCKER_HOST to a private dockerd (eval \"$(scripts/dockerd.sh start DIR)\"; scripts/test-images.sh)")
    env = dict(os.environ, NO_COLOR="1")
    if sh(["docker", "image", "inspect", "local/upgrade:v2"], env=env, check=False).returncode != 0:
        sh(["bash", REGISTRY_SCRIPT, "images"], env=env)
    versions = {v: image_id(f"local/upgrade:{v}", env) for v in ("v1", "v2")}
    state = tempfile.mkdtemp(prefix="plane-upgrade-bench-state-")
    env["PLANE_STATE_DIR"] = state
    registry = tempfile.mkdtemp(prefix="plane-upgrade-bench-registry-")
    sh(["bash", REGISTRY_SCRIPT, "start", registry, str(PORT)], env=env)
    walls = {"compose": [], "plane": []}
    try:
        with tempfile.TemporaryDirectory() as root:
            cdir, pdir = os.path.join(root, "compose"), os.path.join(root, "plane")
            services = generate(cdir, "benchupc", interval="30s", condition="service_started")
            generate(pdir, "benchupp", interval="30s", condition="service_started")
            refs = {"compose": retarget(cdir, "benchupc", MOVING_INTERVAL), "plane": retarget(pdir, "benchupp", MOVING_INTERVAL)}
            # Publish every image once (this also leaves each tag on the engine, as after a first pull).
            for tool in refs:
                for service, (ref, local) in refs[tool].items():
                    sh(["docker", "tag", local, ref], env=env)
                    sh(["docker", "push", "-q", ref], env=env)
            compose = lambda *args: [COMPOSE, "--profile", "*"] + list(args)
            plane = lambda *args: [PLANE, "--profile", "*"] + list(args)
            sh(compose("up", "-d"), cwd=cdir, env=env)
            sh(plane("up"), cwd=pdir, env=env)
            time.sleep(3)
            current = {"compose": "v1", "plane": "v1"}
            plane_output = ""
            for i in range(RUNS):
                for tool in (("compose", "plane") if i % 2 == 0 else ("plane", "compose")):
                    nxt = "v2" if current[tool] == "v1" else "v1"
                    repo = refs[tool][MOVING][0].split("/", 1)[1].rsplit(":", 1)[0]
                    sh(["bash", REGISTRY_SCRIPT, "publish", str(PORT), repo, "stable", nxt], env=env)
                    time.sleep(1)
                    if tool == "compose":
                        walls[tool].append(timed([compose("pull", "-q"), compose("up", "-d")], cdir, env))
                        container = f"benchupc-{MOVING}-1"
                    else:
                        start = time.perf_counter()
                        plane_output = stamped(plane("upgrade"), pdir, env)
                        walls[tool].append(time.perf_counter() - start)
                        container = f"benchupp-{MOVING}-1"
                    running = sh(["docker", "inspect", "-f", "{{.Image}}", container], env=env).stdout.strip()
                    if running != versions[nxt]:
                        raise SystemExit(f"{tool}: {container} runs {running}, not {nxt} ({versions[nxt]})")
                    current[tool] = nxt
                    time.sleep(2)
            parts = {}
            if os.environ.get("VERBOSE"):
                # Where plane's time goes before its pull: the same reads, one at a time (nothing newer now).
                for name, cmd, cwd in (("plane lint", plane("lint"), pdir), ("plane plan", plane("plan"), pdir),
                                       ("plane upgrade --check", plane("upgrade", "--check"), pdir),
                                       ("plane upgrade (nothing newer)", plane("upgrade"), pdir),
                                       ("compose pull", compose("pull", "-q"), cdir), ("compose up -d (no-op)", compose("up", "-d"), cdir)):
                    runs = []
                    for _ in range(3):
                        start = time.perf_counter()
                        sh(cmd, cwd=cwd, env=env, check=False)
                        runs.append(time.perf_counter() - start)
                    parts[name] = round(statistics.median(runs), 3)
            sh(compose("down", "-t", "0"), cwd=cdir, env=env, check=False)
            sh(plane("down", "-t", "0"), cwd=pdir, env=env, check=False)
    finally:
        sh(["bash", REGISTRY_SCRIPT, "stop", registry], env=env, check=False)
    ratios = [p / c for p, c in zip(walls["plane"], walls["compose"])]
    summary = lambda xs: {"min": round(min(xs), 3), "median": round(statistics.median(xs), 3), "max": round(max(xs), 3)}
    result = {
        "services": len(services), "runs": RUNS, "moving": MOVING, "moving_interval": MOVING_INTERVAL, "plane_binary": PLANE,
        "compose_pull_up_s": summary(walls["compose"]), "plane_upgrade_s": summary(walls["plane"]),
        "paired_ratio": summary(ratios),
        "walls": {k: [round(v, 3) for v in vs] for k, vs in walls.items()},
        "parts_s": parts,
        # VERBOSE=1: every line of the last plane run, stamped with the seconds since it started (where the time goes).
        "plane_last_output": plane_output[-3:] if not os.environ.get("VERBOSE") else plane_output,
    }
    print(json.dumps(result, indent=2))
    print("target (plane upgrade <= 1.5x compose pull && up -d, median paired ratio):",
          "met" if statistics.median(ratios) <= 1.5 else "NOT met")


if __name__ == "__main__":
    main()
