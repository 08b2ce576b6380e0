#!/usr/bin/env python3
"""`plane lint` on the repository's own 28-service stack: median wall time (target < 100 ms,
release build), per output format, with the stack in a git work tree so the tracked/ignored
checks run too (two `git` calls). The stack is prepared as the tests do it: copied to a temporary
folder, scripts/stack-init.sh (example env files, placeholder secrets)."""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

ITEMS = ["compose.yaml", ".env.example", ".gitignore", "compose", "core", "applications", "appdata", "media", "scripts"]

def prepare(repo, root):
    for item in ITEMS:
        src = os.path.join(repo, item)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(root, item), symlinks=True)
        elif os.path.exists(src):
            shutil.copy2(src, os.path.join(root, item))
    for folder, _, files in os.walk(root):
        for name in files:
            if name == ".env" or (os.path.basename(folder) == "secrets" and name not in ("README.md", ".gitignore")):
                os.remove(os.path.join(folder, name))
    subprocess.run(["bash", "scripts/stack-init.sh", "--quiet", root], cwd=root, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)

def median_wall(cmd, cwd, runs):
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - start)
        if p.returncode not in (0, 1):
            raise SystemExit(f"{cmd} failed ({p.returncode}): {p.stderr.decode()[:500]}")
    return statistics.median(walls)

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.abspath(os.path.join(here, ".."))
    plane = os.environ.get("PLANE", os.path.join(repo, ".build", "release", "plane"))
    runs = int(os.environ.get("RUNS", "21"))
    with tempfile.TemporaryDirectory() as root:
        prepare(repo, root)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        report = json.loads(subprocess.run([plane, "--profile", "*", "lint", "--format", "json"], cwd=root, env=env,
                                           capture_output=True, text=True).stdout)
        results = {"services": len(report["services"]), "errors": report["summary"]["errors"],
                   "warnings": report["summary"]["warnings"], "git_checks": not report["notes"]}
        for fmt in ("text", "json", "sarif"):
            results[f"lint_{fmt}_ms"] = round(1000 * median_wall([plane, "--profile", "*", "lint", "--format", fmt], root, runs), 1)
        results["config_ms"] = round(1000 * median_wall([plane, "--profile", "*", "config", "--format", "json"], root, runs), 1)
    print(json.dumps(results, indent=2))
    ok = results["services"] == 28 and all(results[f"lint_{f}_ms"] < 100 for f in ("text", "json", "sarif"))
    print("target (28 services, lint < 100 ms in every format):", "met" if ok else "NOT met")

if __name__ == "__main__":
    main()
