#!/usr/bin/env python3
"""`plane drift` against `docker compose up --dry-run -d` in one run, on the engine named by
DOCKER_HOST (a private dockerd with scripts/test-images.sh's images), on the 28-service stack of
bench/gen_up_stack.py brought up by plane. Both read the same converged stack; runs alternate
(plane, compose, plane, ...). Prints each one's median wall time over RUNS runs and the ratio.
Targets (issue 12): plane drift < 200 ms and <= 1/4 of compose's dry run."""
import json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_up_stack import generate

PLANE = os.environ.get("PLANE", os.path.join(HERE, "..", ".build-static", "release", "plane"))
COMPOSE = os.environ.get("DOCKER_COMPOSE", os.path.join(HERE, "..", ".tools", "docker-compose"))
RUNS = int(os.environ.get("RUNS", "11"))


def timed(cmd, cwd, env, expect=(0,)):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if p.returncode not in expect:
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout[-1500:]}\n{p.stderr[-1500:]}")
    return wall, p


def main():
    if "DOCKER_HOST" not in os.environ:
        raise SystemExit("set DOCKER_HOST to a private dockerd")
    state = tempfile.mkdtemp(prefix="plane-drift-bench-state-")
    env = dict(os.environ, PLANE_STATE_DIR=state, NO_COLOR="1")
    with tempfile.TemporaryDirectory() as root:
        # A real stack's healthcheck interval (30s) and no health gate between services: drift reads
        # a converged stack, and 28 one-second probes would load the engine it times (gen_up_stack).
        services = generate(root, "benchdrift", interval="30s", condition="service_started")
        plane = lambda *args: [PLANE, "--profile", "*"] + list(args)
        compose = [COMPOSE, "--profile", "*", "up", "--dry-run", "-d"]
        try:
            timed(plane("up", "--skip-lint"), root, env)
            walls = {"plane": [], "compose": []}
            _, first = timed(plane("drift"), root, env)
            for _ in range(RUNS):
                walls["plane"].append(timed(plane("drift"), root, env)[0])
                walls["compose"].append(timed(compose, root, env)[0])
        finally:
            subprocess.run(plane("down", "-t", "0"), cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p, c = statistics.median(walls["plane"]), statistics.median(walls["compose"])
    result = {
        "services": len(services), "runs": RUNS, "plane_binary": PLANE,
        "plane_drift_s": {"median": round(p, 4), "min": round(min(walls["plane"]), 4), "max": round(max(walls["plane"]), 4)},
        "compose_dry_run_s": {"median": round(c, 4), "min": round(min(walls["compose"]), 4), "max": round(max(walls["compose"]), 4)},
        "ratio": round(p / c, 3),
        "plane_drift_output": first.stdout.strip().splitlines()[-1:],
    }
    print(json.dumps(result, indent=2))
    print("targets (< 200 ms, <= 1/4 of compose):", "met" if p < 0.2 and p <= c / 4 else "NOT met")


if __name__ == "__main__":
    main()
