#!/usr/bin/env python3
"""`plane logs --tail 100` and `plane ps -q` against docker compose's, in one run (issue 9: plane at
most 1/3 of compose's wall time for both), on the engine named by DOCKER_HOST (a private dockerd with
scripts/test-images.sh's images).

The project: the 28-service, 6-profile stack of bench/gen_up_stack.py (extends chains, env files,
secrets: the same load work as the real stack), each service's command replaced by one that prints
LINES numbered lines and then sleeps, brought up by plane. Runs alternate plane, compose, plane...;
each pair gives a ratio. Both tools must print the same lines (checked once, prefixes aside).
Prints min/median/max wall time for each and the median of the paired ratios."""
import json, os, re, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_up_stack import generate

PLANE = os.environ.get("PLANE", os.path.join(HERE, "..", ".build-static", "release", "plane"))
COMPOSE = os.environ.get("DOCKER_COMPOSE", os.path.join(HERE, "..", ".tools", "docker-compose"))
RUNS = int(os.environ.get("RUNS", "11"))
LINES = int(os.environ.get("LINES", "300"))


def run(cmd, cwd, env):
    start = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr[-1500:].decode(errors='replace')}")
    return wall, p.stdout


def spread(values):
    return {"min": round(min(values), 4), "median": round(statistics.median(values), 4), "max": round(max(values), 4)}


def main():
    if "DOCKER_HOST" not in os.environ:
        raise SystemExit("set DOCKER_HOST to a private dockerd")
    state = tempfile.mkdtemp(prefix="plane-logs-bench-state-")
    env = dict(os.environ, PLANE_STATE_DIR=state, NO_COLOR="1")
    with tempfile.TemporaryDirectory() as root:
        services = generate(root, "benchlogs", interval="30s", condition="service_started")
        # Every service prints LINES lines then sleeps; no healthcheck waits are needed to read logs.
        script = f"i=0; while [ $$i -lt {LINES} ]; do i=$$((i+1)); echo \"line $$i of $$HOSTNAME\"; done; exec sleep 3600"
        for folder, _, files in os.walk(os.path.join(root, "applications")):
            for name in files:
                path = os.path.join(folder, name)
                if not name.endswith((".yaml", ".yml")):
                    continue
                text = open(path).read()
                text = re.sub(r"(?m)^    command: .*$", "    command: [\"sh\", \"-c\", " + json.dumps(script) + "]", text)
                open(path, "w").write(text)
        plane = lambda *args: [PLANE, "--profile", "*"] + list(args)
        compose = lambda *args: [COMPOSE, "--profile", "*"] + list(args)
        try:
            p = subprocess.run(plane("up", "--skip-lint"), cwd=root, env=env, capture_output=True, text=True)
            if p.returncode != 0:
                raise SystemExit(f"up failed ({p.returncode}): {p.stdout[-1500:]}{p.stderr[-1500:]}")
            # Wait (bounded) until every container has printed its lines.
            for _ in range(120):
                _, out = run(compose("logs", "--no-log-prefix", "--tail", "1"), root, env)
                if out.decode().count(f"line {LINES} of") == len(services):
                    break
                time.sleep(0.5)
            else:
                raise SystemExit("the containers did not print their lines")
            _, mine = run(plane("logs", "--no-log-prefix", "--tail", "100"), root, env)
            _, theirs = run(compose("logs", "--no-log-prefix", "--tail", "100"), root, env)
            same_logs = sorted(mine.splitlines()) == sorted(theirs.splitlines())
            _, mine = run(plane("ps", "-q"), root, env)
            _, theirs = run(compose("ps", "-q"), root, env)
            same_ps = sorted(mine.split()) == sorted(x[:12] for x in theirs.split()) or sorted(mine.split()) == sorted(theirs.split())
            results = {}
            for label, args in (("logs --tail 100", ["logs", "--tail", "100"]), ("ps -q", ["ps", "-q"])):
                walls = {"plane": [], "compose": []}
                ratios = []
                for _ in range(RUNS):
                    a, _ = run(plane(*args), root, env)
                    b, _ = run(compose(*args), root, env)
                    walls["plane"].append(a)
                    walls["compose"].append(b)
                    ratios.append(a / b)
                results[label] = {"plane_s": spread(walls["plane"]), "compose_s": spread(walls["compose"]),
                                  "paired_ratio": spread(ratios)}
        finally:
            subprocess.run(plane("down", "-t", "0"), cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(json.dumps({"services": len(services), "lines_per_container": LINES, "runs": RUNS, "plane_binary": PLANE,
                      "same_log_lines": same_logs, "same_ps_ids": same_ps, "results": results}, indent=2))
    met = all(r["paired_ratio"]["median"] <= 1 / 3 for r in results.values())
    print("target (each <= 1/3 of compose):", "met" if met else "NOT met")


if __name__ == "__main__":
    main()
