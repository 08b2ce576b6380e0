#!/usr/bin/env python3
"""`plane config` against `docker compose config`, side by side in one run, on generated stacks.
Reports median wall time, the ratio plane/compose and each one's peak RSS (from wait4)."""
import json, os, statistics, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(__file__))
from gen_stack import generate

def measure(cmd, cwd, runs):
    """Median wall time over `runs`, and peak RSS in KiB measured by GNU time (a fork of this
    Python process would count Python's own pages before exec, so RSS is taken by /usr/bin/time)."""
    walls, rss = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - start)
        if p.returncode != 0:
            raise SystemExit(f"{cmd} failed: {p.stderr.decode()[:500]}")
    for _ in range(min(runs, 7)):
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        rss = max(rss, int(p.stderr.strip().splitlines()[-1]))
    return statistics.median(walls), rss

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    plane = os.environ.get("PLANE", os.path.join(here, "..", ".build", "release", "plane"))
    compose = os.environ.get("DOCKER_COMPOSE", os.path.join(here, "..", ".tools", "docker-compose"))
    runs = int(os.environ.get("RUNS", "15"))
    results = []
    for count in (30, 300):
        with tempfile.TemporaryDirectory() as root:
            generate(root, count)
            args = ["--profile", "*", "config", "--format", "json"]
            out_p = subprocess.run([plane] + args, cwd=root, capture_output=True, text=True, check=True).stdout
            out_c = subprocess.run([compose] + args, cwd=root, capture_output=True, text=True, check=True).stdout
            same = json.loads(out_p) == json.loads(out_c)
            cw, crss = measure([compose] + args, root, runs)
            pw, prss = measure([plane] + args, root, runs)
            results.append({"services": count, "identical_output": same, "plane_s": round(pw, 4), "compose_s": round(cw, 4),
                            "ratio": round(pw / cw, 3), "plane_rss_mib": round(prss / 1024, 1), "compose_rss_mib": round(crss / 1024, 1)})
    print(json.dumps(results, indent=2))
    ok = all(r["identical_output"] and r["ratio"] <= 0.2 and r["plane_rss_mib"] < 20 for r in results)
    print("targets (ratio <= 0.2, RSS < 20 MiB, identical output):", "met" if ok else "NOT met")

if __name__ == "__main__":
    main()
