#!/usr/bin/env python3
"""`plane up/ps` against `docker compose up/ps` in one run, on the engine named by DOCKER_HOST
(a private dockerd: scripts/dockerd.sh + scripts/test-images.sh), on a generated 28-service,
6-profile stack of local images (bench/gen_up_stack.py).

Each tool gets its own copy of the stack under its own project name, and the other tool's
project is taken down before every cold run, so neither sees (or competes with) the other's
containers. Reported: median wall time of a cold `up --wait`, of a no-op `up` (with and
without --wait) and of `ps`; peak RSS of each (GNU time). Targets: cold <= compose, no-op
<= 1/4, ps <= 1/3, peak RSS <= compose."""
import json, os, statistics, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(__file__))
from gen_up_stack import generate

HERE = os.path.dirname(os.path.abspath(__file__))
PLANE = os.environ.get("PLANE", os.path.join(HERE, "..", ".build-static", "release", "plane"))
COMPOSE = os.environ.get("DOCKER_COMPOSE", os.path.join(HERE, "..", ".tools", "docker-compose"))
COLD_RUNS = int(os.environ.get("COLD_RUNS", "3"))
RUNS = int(os.environ.get("RUNS", "11"))


def run(cmd, cwd, env, check=True):
    """Wall time and peak RSS (KiB, from GNU time) of one command."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if check and p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return wall, int(p.stderr.strip().splitlines()[-1]), p


def main():
    if "DOCKER_HOST" not in os.environ:
        raise SystemExit("set DOCKER_HOST to a private dockerd (eval \"$(scripts/dockerd.sh start DIR)\"; scripts/test-images.sh)")
    state = tempfile.mkdtemp(prefix="plane-bench-state-")
    env = dict(os.environ, PLANE_STATE_DIR=state, NO_COLOR="1")
    with tempfile.TemporaryDirectory() as root:
        cdir, pdir = os.path.join(root, "compose"), os.path.join(root, "plane")
        services = generate(cdir, "benchcompose")
        generate(pdir, "benchplane")
        compose = lambda *args: [COMPOSE, "--profile", "*"] + list(args)
        plane = lambda *args: [PLANE, "--profile", "*"] + list(args)

        def down_all():
            run(compose("down", "--remove-orphans"), cdir, env, check=False)
            run(plane("down"), pdir, env, check=False)

        cold = {"compose": [], "plane": []}
        rss = {"compose": 0, "plane": 0}
        for i in range(COLD_RUNS):
            for tool in (("compose", "plane") if i % 2 == 0 else ("plane", "compose")):
                down_all()
                time.sleep(1)
                cmd, cwd = (compose("up", "-d", "--wait"), cdir) if tool == "compose" else (plane("up", "--wait"), pdir)
                wall, kib, _ = run(cmd, cwd, env)
                cold[tool].append(wall)
                rss[tool] = max(rss[tool], kib)

        def median(cmd, cwd):
            walls, peak = [], 0
            for _ in range(RUNS):
                wall, kib, _ = run(cmd, cwd, env)
                walls.append(wall)
                peak = max(peak, kib)
            return statistics.median(walls), peak

        # No-op up and ps: each tool with only its own project up (and healthy), so the other's
        # healthchecks do not load the engine while it is measured.
        down_all()
        run(compose("up", "-d", "--wait"), cdir, env)
        time.sleep(2)
        noop_c, noop_c_rss = median(compose("up", "-d"), cdir)
        noopw_c, _ = median(compose("up", "-d", "--wait"), cdir)
        ps_c, ps_c_rss = median([COMPOSE, "ps"], cdir)
        down_all()
        run(plane("up", "--wait"), pdir, env)
        time.sleep(2)
        noop_p, noop_p_rss = median(plane("up"), pdir)
        noopw_p, _ = median(plane("up", "--wait"), pdir)
        ps_p, ps_p_rss = median([PLANE, "ps"], pdir)
        plan = subprocess.run(plane("plan"), cwd=pdir, env=env, capture_output=True, text=True).stdout
        listed = subprocess.run([COMPOSE, "-p", "benchplane", "ps", "--format", "json"], cwd=pdir, env=env, capture_output=True, text=True).stdout
        down_all()

    cold_c, cold_p = statistics.median(cold["compose"]), statistics.median(cold["plane"])
    result = {
        "services": len(services),
        "cold_up_wait_s": {"compose": round(cold_c, 2), "plane": round(cold_p, 2), "ratio": round(cold_p / cold_c, 3),
                           "runs": {k: [round(v, 2) for v in vs] for k, vs in cold.items()}},
        "noop_up_s": {"compose": round(noop_c, 4), "plane": round(noop_p, 4), "ratio": round(noop_p / noop_c, 4)},
        "noop_up_wait_s": {"compose": round(noopw_c, 4), "plane": round(noopw_p, 4), "ratio": round(noopw_p / noopw_c, 4)},
        "ps_s": {"compose": round(ps_c, 4), "plane": round(ps_p, 4), "ratio": round(ps_p / ps_c, 3)},
        "peak_rss_mib": {"compose_up": round(rss["compose"] / 1024, 1), "plane_up": round(rss["plane"] / 1024, 1),
                         "compose_noop": round(noop_c_rss / 1024, 1), "plane_noop": round(noop_p_rss / 1024, 1),
                         "compose_ps": round(ps_c_rss / 1024, 1), "plane_ps": round(ps_p_rss / 1024, 1)},
        "plane_second_plan_is_empty": plan.startswith("no changes"),
        "compose_ps_lists_plane_containers": sum(1 for line in listed.splitlines() if line.strip()),
    }
    print(json.dumps(result, indent=2))
    ok = (cold_p <= cold_c and noop_p <= noop_c / 4 and ps_p <= ps_c / 3 and rss["plane"] <= rss["compose"]
          and result["plane_second_plan_is_empty"] and result["compose_ps_lists_plane_containers"] == len(services))
    print("targets (cold <= compose, no-op <= 1/4, ps <= 1/3, peak RSS <= compose):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
