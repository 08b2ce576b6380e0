#!/usr/bin/env python3
"""`plane down` against `docker compose down` on the generated 28-service, 6-profile stack
(bench/gen_up_stack.py), on the engine named by DOCKER_HOST (a private dockerd with the local test
images). Issue 13 part 5: plane at most 1.0x compose's wall time.

The stack's hardening base stops with SIGKILL; here it is given the default SIGTERM and
`stop_grace_period: GRACE` (2s), which busybox as PID 1 ignores: every stop then lasts the grace
period, so the time measures how well each tool orders and overlaps the stops (dependency order,
parallel otherwise), as with real services that take their grace period.

Each tool brings up its own copy (`up`, every container running) and takes it down; runs alternate which tool goes
first. Reported: min/median/max wall time of `down` over RUNS runs each (default 3)."""
import json, os, statistics, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(__file__))
from gen_up_stack import generate

HERE = os.path.dirname(os.path.abspath(__file__))
PLANE = os.environ.get("PLANE", os.path.join(HERE, "..", ".build-static", "release", "plane"))
COMPOSE = os.environ.get("DOCKER_COMPOSE", os.path.join(HERE, "..", ".tools", "docker-compose"))
RUNS = int(os.environ.get("RUNS", "3"))
GRACE = os.environ.get("GRACE", "2s")


def timed(cmd, cwd, env, check=True):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        if check:
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
        print(f"note: {' '.join(cmd[:1] + cmd[-1:])} exited {p.returncode}: {p.stderr.strip().splitlines()[-1][:200]}", file=sys.stderr)
    return wall


def stack(root, name):
    services = generate(root, name)
    path = os.path.join(root, "compose", "hardening.yaml")
    text = open(path).read().replace("    stop_signal: SIGKILL\n", f"    stop_grace_period: {GRACE}\n")
    open(path, "w").write(text)
    # Same dependency graph, but `up` does not wait for health (a loaded machine times
    # healthchecks out, and the stops do not depend on it).
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith((".yaml", ".yml")):
                file = os.path.join(folder, name)
                text = open(file).read()
                changed = text.replace("condition: service_healthy", "condition: service_started")
                if changed != text:
                    open(file, "w").write(changed)
    return services


def main():
    if "DOCKER_HOST" not in os.environ:
        raise SystemExit("set DOCKER_HOST to a private dockerd (eval \"$(scripts/dockerd.sh start DIR)\"; scripts/test-images.sh)")
    state = tempfile.mkdtemp(prefix="plane-bench-state-")
    env = dict(os.environ, PLANE_STATE_DIR=state, NO_COLOR="1")
    with tempfile.TemporaryDirectory() as root:
        cdir, pdir = os.path.join(root, "compose"), os.path.join(root, "plane")
        services = stack(cdir, "downcompose")
        stack(pdir, "downplane")
        tools = {
            # Brought up without waiting for health: the stops do not depend on it, and a loaded
            # machine can time a healthcheck out.
            "compose": (cdir, [COMPOSE, "--profile", "*", "up", "-d"], [COMPOSE, "--profile", "*", "down"]),
            "plane": (pdir, [PLANE, "--profile", "*", "up", "--skip-lint"], [PLANE, "down"]),
        }
        walls = {"compose": [], "plane": []}
        for i in range(RUNS):
            for tool in (("compose", "plane") if i % 2 == 0 else ("plane", "compose")):
                cwd, up, down = tools[tool]
                timed(up, cwd, env)
                time.sleep(3)
                # A down that leaves something (an endpoint the Engine still holds) is timed
                # all the same, and finished untimed.
                walls[tool].append(timed(down, cwd, env, check=False))
                timed(down, cwd, env, check=False)
    stats = {tool: {"min": round(min(v), 2), "median": round(statistics.median(v), 2), "max": round(max(v), 2),
                    "runs": [round(x, 2) for x in v]} for tool, v in walls.items()}
    ratio = statistics.median(walls["plane"]) / statistics.median(walls["compose"])
    print(json.dumps({"services": len(services), "grace": GRACE, "down_s": stats, "ratio_median": round(ratio, 3)}, indent=2))
    print("target (plane down <= 1.0x compose down, median):", "met" if ratio <= 1.0 else "NOT met")


if __name__ == "__main__":
    main()
