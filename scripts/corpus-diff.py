#!/usr/bin/env python3
"""Differential test: plane vs the reference Docker Compose over the fixture corpus.

usage: scripts/corpus-diff.py [-v] [-j N] [--oracle PATH] [--corpus DIR] PLANE [FIXTURE ...]

For each fixture (all of Tests/PlaneKitTests/Resources/Corpus, or the ones named: full directory
name, its number, or any substring), runs from the fixture directory, with ONLY PATH, HOME and the
case's "env" in the environment:

    <oracle> <case.args> config --format json
    <plane>  <case.args> config --format json

and checks:
  * expect == "success": both exit 0 and the parsed JSON documents are equal (object key order is
    ignored; numbers compare by value, so 1 == 1.0, but booleans never equal numbers);
  * expect == "error": both exit non-zero and plane's output (stderr + stdout) names the file of
    case.error.file (relative to the fixture, or as an absolute path) followed by ":<line>" when
    case.error.line is given (e.g. "compose.yaml:7" or "/abs/.../compose.yaml:7:5").
It also reports fixtures whose oracle outcome contradicts case.json (stale fixture).

Prints one line per fixture, "PASS name" or "FAIL name: reason"; with -v also a unified diff of the
pretty-printed, key-sorted JSON (or the error output). Exit status 1 if any fixture fails.

Only the Python standard library is used.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(ROOT, "Tests", "PlaneKitTests", "Resources", "Corpus")
DEFAULT_ORACLE = os.environ.get("DOCKER_COMPOSE", os.path.join(ROOT, ".tools", "docker-compose"))
TIMEOUT = 60


def load_case(fixture_dir):
    with open(os.path.join(fixture_dir, "case.json"), encoding="utf-8") as fh:
        return json.load(fh)


def run(binary, fixture_dir, case):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root")}
    env.update({k: str(v) for k, v in case.get("env", {}).items()})
    cmd = [binary] + [str(a) for a in case.get("args", [])] + ["config", "--format", "json"]
    try:
        proc = subprocess.run(cmd, cwd=fixture_dir, env=env, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %ds" % TIMEOUT
    except OSError as exc:
        return None, "", "cannot run %s: %s" % (binary, exc)
    return (proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def normalise(value):
    """Make parsed JSON comparable: integral floats become ints (1.0 == 1); bools stay bools."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    return value


def pretty(value):
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).splitlines()


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return "(no output)"


PATH_TOKEN = re.compile(r"""[^\s'"`()\[\]{}<>,;]+""")


def names_location(output, fixture_dir, rel_file, line):
    """True if output mentions fixture_dir/rel_file (relative or absolute), followed by :line."""
    want = os.path.realpath(os.path.join(fixture_dir, rel_file))
    for match in PATH_TOKEN.finditer(output):
        token = match.group(0)
        parts = token.split(":")
        # Try every prefix "a:b:..." as the path so that "C:..." style or colon-free paths work.
        for i in range(1, len(parts) + 1):
            path = ":".join(parts[:i]).rstrip(".")
            if not path:
                continue
            resolved = os.path.realpath(path if os.path.isabs(path) else os.path.join(fixture_dir, path))
            if resolved != want:
                continue
            rest = parts[i:]
            if line is None:
                return True
            if rest and re.match(r"^%d(?!\d)" % line, rest[0]):
                return True
            # "file line N" / "file, line N" / "file (line N)"
            tail = output[match.end():match.end() + 40]
            if re.match(r"^[\s,(]*line\s+%d(?!\d)" % line, tail):
                return True
    return False


def check(fixture_dir, oracle, plane, verbose):
    name = os.path.basename(fixture_dir)
    try:
        case = load_case(fixture_dir)
    except (OSError, ValueError) as exc:
        return False, "FAIL %s: unreadable case.json: %s" % (name, exc), []
    expect = case.get("expect", "success")
    o_status, o_out, o_err = run(oracle, fixture_dir, case)
    p_status, p_out, p_err = run(plane, fixture_dir, case)
    details = []

    if o_status is None:
        return False, "FAIL %s: oracle: %s" % (name, o_err), details
    oracle_ok = o_status == 0
    if oracle_ok != (expect == "success"):
        return False, "FAIL %s: oracle gave %s but case.json expects %s (stale fixture): %s" % (
            name, "success" if oracle_ok else "error", expect, first_line(o_err)), details
    if p_status is None:
        return False, "FAIL %s: plane: %s" % (name, p_err), details

    if expect == "success":
        if p_status != 0:
            details = ["plane stderr:"] + p_err.splitlines()
            return False, "FAIL %s: plane exited %d: %s" % (name, p_status, first_line(p_err)), details
        try:
            o_json = normalise(json.loads(o_out))
        except ValueError as exc:
            return False, "FAIL %s: oracle output is not JSON: %s" % (name, exc), details
        try:
            p_json = normalise(json.loads(p_out))
        except ValueError as exc:
            details = ["plane stdout:"] + p_out.splitlines()
            return False, "FAIL %s: plane output is not JSON: %s" % (name, exc), details
        if o_json == p_json and pretty(o_json) == pretty(p_json):
            return True, "PASS %s" % name, details
        diff = list(difflib.unified_diff(pretty(o_json), pretty(p_json),
                                         "oracle/" + name, "plane/" + name, lineterm=""))
        changed = [l for l in diff if l[:1] in "+-" and not l.startswith(("+++", "---"))]
        summary = changed[0].strip() if changed else "documents differ"
        return False, "FAIL %s: JSON differs (%d line(s)), first: %s" % (
            name, len(changed), summary[:160]), diff

    # expect == "error"
    if p_status == 0:
        return False, "FAIL %s: plane succeeded but compose fails with: %s" % (name, first_line(o_err)), \
            ["oracle stderr:"] + o_err.splitlines()
    error = case.get("error", {})
    rel_file = error.get("file")
    line = error.get("line")
    output = p_err + "\n" + p_out
    details = ["oracle stderr:"] + o_err.splitlines() + ["plane stderr:"] + p_err.splitlines()
    if rel_file and not names_location(output, fixture_dir, rel_file, line):
        where = rel_file + (":%d" % line if line is not None else "")
        return False, "FAIL %s: plane's error does not name %s: %s" % (name, where, first_line(p_err)), details
    return True, "PASS %s" % name, details


def select(corpus, names):
    all_fixtures = sorted(d for d in os.listdir(corpus)
                          if os.path.isfile(os.path.join(corpus, d, "case.json")))
    if not names:
        return all_fixtures
    chosen = []
    for raw in names:
        name = os.path.basename(raw.rstrip("/"))
        if name in all_fixtures:
            matches = [name]
        else:
            matches = [d for d in all_fixtures if d.startswith(name + "-") or name in d]
        if not matches:
            sys.exit("no fixture matches %r" % raw)
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plane", help="path to the plane binary")
    parser.add_argument("fixtures", nargs="*", help="fixture names, numbers or substrings (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print diffs / error output of failures")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 4, help="parallel fixtures")
    parser.add_argument("--oracle", default=DEFAULT_ORACLE, help="reference docker-compose binary")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus directory")
    opts = parser.parse_args()

    plane = os.path.abspath(opts.plane) if os.sep in opts.plane else opts.plane
    oracle = os.path.abspath(opts.oracle)
    corpus = os.path.abspath(opts.corpus)
    fixtures = select(corpus, opts.fixtures)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        futures = [pool.submit(check, os.path.join(corpus, f), oracle, plane, opts.verbose) for f in fixtures]
        results = [fut.result() for fut in futures]

    failed = 0
    for ok, line, details in results:
        print(line)
        if not ok:
            failed += 1
            if opts.verbose and details:
                for d in details:
                    print("    " + d)
    print("%d passed, %d failed, %d total" % (len(results) - failed, failed, len(results)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
