#!/usr/bin/env python3
"""Writes cases.json, the bad-input corpus BadInputTests runs against the built plane binary.

Each case: files (text), hex (binary files), special (made at run time: fifo, directory,
symlinkLoop, dangling, device, socket, sparse, repeat), args, env, exit, stderr substrings,
oracle ("same": compose accepts and plane must print the same services). Regenerate with
`python3 generate.py > cases.json`; review the diff.
"""
import json

SVC = "services:\n  a:\n    image: alpine\n"
cases = []

def case(name, files=None, args=("config",), exit=2, stderr=(), **kw):
    c = {"name": name, "files": files or {}, "args": list(args), "exit": exit, "stderr": list(stderr)}
    c.update(kw)
    cases.append(c)

# A. Numbers compose accepts, anywhere a scalar may be: plane must accept them with the same value.
numbers = ["9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
           "99999999999999999999999", "-9223372036854775808", "-9223372036854775809", "1e999", "-1e999",
           "1e-999", "1e20", "1e6", "1000000.0", "0.1", "1.5e300", "0x8000000000000000", "0xFFFFFFFFFFFFFFFF",
           "0x10000000000000000", "0o7777777777777777777777", "1_000_000", "0777", "1e+20", "4.9e-324",
           "123456789.5", "-0.0", "+5", "-+5", "0x_1", "1__2", "12e", ".5", "5.", "1E3"]
for i, n in enumerate(numbers):
    case(f"number-env-{i:02}", {"compose.yaml": SVC + f"    environment:\n      V: {n}\n"}, exit=0, oracle="same")
    case(f"number-label-{i:02}", {"compose.yaml": SVC + f"    labels:\n      v: {n}\n"}, exit=0, oracle="same")
    case(f"number-x-{i:02}", {"compose.yaml": SVC + f"x-v: {n}\n"}, exit=0, oracle="same")
for i, n in enumerate([".nan", ".inf", "-.inf", ".NaN", "+.inf"]):
    case(f"special-float-env-{i}", {"compose.yaml": SVC + f"    environment:\n      V: {n}\n"}, exit=0, oracle="same")
    case(f"special-float-label-{i}", {"compose.yaml": SVC + f"    labels:\n      v: {n}\n"}, exit=0, oracle="same")
    case(f"special-float-x-{i}", {"compose.yaml": SVC + f"x-v: {n}\n"}, exit=0)

# B. Typed numbers that overflow: an error at the value (compose errors or wraps), never a crash.
typed = [("mem_limit: 99999999999p", 4), ("mem_limit: 8388608t", 4), ("mem_limit: 9223372036854775808", 4),
         ("shm_size: 100000000000000000000", 4), ("mem_reservation: 1e400", 4), ("memswap_limit: 99999999999999999999g", 4),
         ("stop_grace_period: 9999999999h", 4), ("stop_grace_period: 2562048h", 4), ("stop_grace_period: 1e400s", 4),
         ("healthcheck: {interval: 99999999999999h}", 4), ("healthcheck: {timeout: 2562048h}", 4),
         ("healthcheck: {start_period: 9e300s}", 4), ("healthcheck: {start_interval: 99999999999999999999h}", 4),
         ("cpus: 1e400", 4), ("cpus: '1e400'", 4), ("cpu_shares: 9223372036854775808", 4),
         ("pids_limit: 18446744073709551615", 4), ("ulimits: {nofile: 9223372036854775808}", 4),
         ("ulimits: {nofile: {soft: 1, hard: 9223372036854775808}}", 4), ("scale: 9223372036854775808", 4),
         ("ports: ['99999999999999999999:80']", 4), ("ports: ['80:99999999999999999999']", 4),
         ("deploy: {resources: {limits: {memory: 99999999999p}}}", 4), ("mem_limit: -5m", 4),
         ("ports: ['1-99999999999999999999:80']", 4), ("oom_score_adj: 9223372036854775808", 4)]
for i, (line, ln) in enumerate(typed):
    case(f"typed-overflow-{i:02}", {"compose.yaml": SVC + f"    {line}\n"}, stderr=[f"compose.yaml:{ln}:"])
# A YAML float at a byte size: compose drops it and runs with no limit; plane refuses at the value.
floats = ["mem_limit: 1e3", "mem_limit: 1.5", "mem_limit: 1000.0", "memswap_limit: 1e3", "mem_reservation: 2e6",
          "shm_size: 1e3", "deploy: {resources: {limits: {memory: 1e7}}}", "deploy: {resources: {reservations: {memory: 1.5}}}",
          "volumes: [{type: tmpfs, target: /t, tmpfs: {size: 1e3}}]", "build: {context: ., shm_size: 1e3}"]
for i, line in enumerate(floats):
    case(f"typed-float-size-{i}", {"compose.yaml": SVC + f"    {line}\n"}, stderr=["compose.yaml:4:", "floating-point number"])
ok_typed = ["stop_grace_period: 2562047h", "cpus: 1e300", "cpus: .nan", "cpus: .inf", "mem_limit: 9223372036854775807",
            "healthcheck: {interval: 2562047h}", "cpu_shares: 9223372036854775807"]
for i, line in enumerate(ok_typed):
    case(f"typed-edge-{i}", {"compose.yaml": SVC + f"    {line}\n"}, exit=0)

# C. Wrong types compose rejects: never coerced or dropped.
wrong = ["stop_signal: 9", "stop_signal: [SIGTERM]", "dns: {a: b}", "cgroup_parent: [a]", "ipc: {a: 1}", "pid: [a]",
         "network_mode: [a]", "hostname: 5", "dns: [{a: b}]", "dns_search: {a: b}", "tmpfs: {a: b}", "sysctls: {a: [1]}",
         "sysctls: {a: {b: 1}}", "annotations: {a: [1]}", "extra_hosts: {a: {b: c}}", "labels: [[a]]", "labels: 5",
         "labels: {a: [1]}", "labels: {a: {b: c}}", "container_name: [a]", "domainname: [a]", "runtime: [a]",
         "mac_address: [a]", "userns_mode: [a]", "uts: [a]", "isolation: [a]", "shm_size: [1]", "mem_limit: {a: 1}",
         "cpus: [1]", "cpu_shares: x", "env_file: {a: b}", "healthcheck: {test: {a: b}}", "logging: {driver: [a]}",
         "logging: {options: {a: [b]}}", "ulimits: {nofile: [1]}", "working_dir: [a]", "command: [[a]]",
         "entrypoint: [{a: b}]", "group_add: [[1]]", "profiles: [[a]]", "profiles: a", "scale: x", "scale: [1]",
         "deploy: {labels: {a: [1]}}", "build: {args: {a: [1]}}", "environment: {A: [1]}", "environment: {A: {b: c}}",
         "environment: 5", "image: [a]", "user: [a]", "restart: [a]", "read_only: [a]", "init: {a: b}",
         "privileged: maybe", "mem_limit: true", "cap_add: {a: b}", "volumes: 5", "ports: {a: b}", "secrets: 5",
         "depends_on: 5", "networks: 5", "expose: {a: b}"]
for i, line in enumerate(wrong):
    case(f"wrong-type-{i:02}", {"compose.yaml": SVC + f"    {line}\n"}, stderr=["compose.yaml:4:"])

# D. YAML text: syntax, encodings, limits.
bomb = "".join(f"x-{c}: &{c} [" + ",".join([f"*{p}"] * 9 if p else ['"lol"'] * 9) + "]\n"
               for c, p in zip("abcdefgh", [None] + list("abcdefg")))
case("yaml-alias-bomb", {"compose.yaml": bomb + SVC}, stderr=["aliases", "compose.yaml:"])
bomb_map = "x-a: &a {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v, k8: v, k9: v}\n" + "".join(
    f"x-{c}: &{c} {{" + ", ".join(f"k{i}: *{p}" for i in range(10)) + "}\n" for c, p in zip("bcdefgh", "abcdefg"))
case("yaml-alias-bomb-mappings", {"compose.yaml": bomb_map + SVC}, stderr=["aliases"])
case("yaml-alias-bomb-in-service", {"compose.yaml": bomb + "services:\n  a:\n    image: alpine\n    x-b: *h\n"}, stderr=["aliases"])
case("yaml-merge-bomb", {"compose.yaml": "x-a: &a {a: 1}\n" + "".join(
    f"x-{c}: &{c} [" + ",".join([f"*{p}"] * 10) + "]\n" for c, p in zip("bcdefgh", "abcdefg")) + SVC + "    x-z: {<<: *h}\n"},
    stderr=["compose.yaml:"])
case("yaml-deep-flow-sequence", {"compose.yaml": SVC + "x-d: " + "[" * 5000 + "]" * 5000 + "\n"}, stderr=["compose.yaml:4:", "nesting"])
case("yaml-deep-flow-mapping", {"compose.yaml": SVC + "x-d: " + "{a: " * 3000 + "b" + "}" * 3000 + "\n"}, stderr=["compose.yaml:4:"])
case("yaml-deep-block-ok", {"compose.yaml": SVC + "x-d:\n" + "".join(" " * (i + 1) + "-\n" for i in range(300))}, exit=0)
case("yaml-deep-999-ok", {"compose.yaml": SVC + "x-d: " + "[" * 996 + "]" * 996 + "\n"}, exit=0)
case("yaml-deep-999-map-ok", {"compose.yaml": SVC + "x-d: " + "{a: " * 996 + "b" + "}" * 996 + "\n"}, exit=0)
case("yaml-deep-999-in-service", {"compose.yaml": SVC + "    x-d: " + "[" * 994 + "]" * 994 + "\n"}, exit=0)
DEEP = SVC + "    x-d: " + "[" * 994 + "]" * 994 + "\n    x-e: " + "{a: " * 990 + "b" + "}" * 990 + "\n"
case("yaml-deep-999-lint", {"compose.yaml": DEEP}, args=["lint"], exit=0)
case("yaml-deep-999-hash", {"compose.yaml": DEEP}, args=["config", "--hash", "*"], exit=0)
case("yaml-deep-999-json", {"compose.yaml": DEEP}, args=["config", "--format", "json"], exit=0)
case("yaml-deep-ok", {"compose.yaml": SVC + "x-d: " + "[" * 200 + "]" * 200 + "\n"}, exit=0)
case("yaml-huge-scalar", {}, special=[{"path": "compose.yaml", "kind": "repeat", "prefix": SVC + "    x-big: \"", "text": "a", "count": 5 << 20, "suffix": "\"\n"}], stderr=["compose.yaml:4:", "MiB"])
case("yaml-big-scalar-ok", {}, special=[{"path": "compose.yaml", "kind": "repeat", "prefix": SVC + "    x-big: \"", "text": "a", "count": 1 << 20, "suffix": "\"\n"}], exit=0)
case("yaml-file-too-large", {}, special=[{"path": "compose.yaml", "kind": "repeat", "prefix": SVC + "x-pad: |\n", "text": "  padding padding padding padding padding\n", "count": 450000, "suffix": ""}], stderr=["compose.yaml", "16 MiB"])
case("yaml-many-items-ok", {}, special=[{"path": "compose.yaml", "kind": "repeat", "prefix": SVC + "x-many:\n", "text": "  - v\n", "count": 50000, "suffix": ""}], exit=0)
case("yaml-invalid-utf8", {}, hex={"compose.yaml": (SVC + "    environment:\n      A: \"x").encode().hex() + "ff" + "y\"\n".encode().hex()}, stderr=["compose.yaml:5:", "UTF-8"])
case("yaml-invalid-utf8-key", {}, hex={"compose.yaml": (SVC + "    labels:\n      ").encode().hex() + "c3" + ": b\n".encode().hex()}, stderr=["compose.yaml:5:", "UTF-8"])
case("yaml-overlong-utf8", {}, hex={"compose.yaml": (SVC + "    x-a: ").encode().hex() + "c0af" + "\n".encode().hex()}, stderr=["compose.yaml:4:", "UTF-8"])
case("yaml-surrogate-utf8", {}, hex={"compose.yaml": (SVC + "    x-a: ").encode().hex() + "eda080" + "\n".encode().hex()}, stderr=["compose.yaml:4:", "UTF-8"])
case("yaml-nul-byte", {}, hex={"compose.yaml": (SVC + "    x-a: a").encode().hex() + "00" + "\n".encode().hex()}, stderr=["compose.yaml:"])
case("yaml-control-char", {"compose.yaml": SVC + "    x-a: \"a\x07\"\n"}, stderr=["compose.yaml:"])
case("yaml-bom", {}, hex={"compose.yaml": "efbbbf" + SVC.encode().hex()}, exit=0)
case("yaml-utf16", {}, hex={"compose.yaml": "fffe" + "".join(f"{ord(c):02x}00" for c in SVC)}, stderr=["compose.yaml"])
case("yaml-binary-garbage", {}, hex={"compose.yaml": bytes(range(256)).hex()}, stderr=["compose.yaml"])
case("yaml-empty", {"compose.yaml": ""}, stderr=["compose.yaml:1:1", "empty"])
case("yaml-only-comments", {"compose.yaml": "# nothing\n"}, stderr=["compose.yaml:1:1"])
case("yaml-tab-indent", {"compose.yaml": "services:\n\ta:\n\t\timage: alpine\n"}, stderr=["compose.yaml:2:"])
case("yaml-unterminated-quote", {"compose.yaml": SVC + "    x-a: \"abc\n"}, stderr=["compose.yaml:"])
case("yaml-unterminated-flow", {"compose.yaml": SVC + "    x-a: [a, b\n"}, stderr=["compose.yaml:"])
case("yaml-duplicate-key", {"compose.yaml": SVC + "    image: busybox\n"}, stderr=["compose.yaml:4:", "already defined"])
case("yaml-undefined-alias", {"compose.yaml": SVC + "    x-a: *nope\n"}, stderr=["compose.yaml:4:"])
case("yaml-top-level-list", {"compose.yaml": "- a\n- b\n"}, stderr=["compose.yaml:1:"])
case("yaml-top-level-scalar", {"compose.yaml": "hello\n"}, stderr=["compose.yaml:1:"])
case("yaml-null-key", {"compose.yaml": SVC + "    ~: a\n"}, stderr=["compose.yaml:4:"])
case("yaml-complex-key", {"compose.yaml": SVC + "    ? [a]\n    : b\n"}, stderr=["compose.yaml:4:"])
case("yaml-merge-scalar", {"compose.yaml": SVC + "    <<: 5\n"}, stderr=["compose.yaml:4:"])
case("yaml-multi-doc", {"compose.yaml": SVC + "---\n" + SVC}, exit=0)
case("yaml-unknown-tag", {"compose.yaml": SVC + "    x-a: !custom 5\n"}, exit=0, oracle="same")
case("yaml-long-line-ok", {}, special=[{"path": "compose.yaml", "kind": "repeat", "prefix": SVC + "    x-a: ", "text": "b", "count": 200000, "suffix": "\n"}], exit=0)
case("yaml-timestamp", {"compose.yaml": SVC + "    labels:\n      a: 2024-01-01\n"}, stderr=["compose.yaml:5:"])
case("yaml-crlf", {"compose.yaml": SVC.replace("\n", "\r\n")}, exit=0)

# E. Env files.
ENVSVC = SVC + "    env_file: app.env\n"
case("envfile-directory", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "directory"}], stderr=["compose.yaml:4:", "is a directory"])
case("envfile-fifo", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "fifo"}], stderr=["compose.yaml:4:", "FIFO"])
case("envfile-symlink-loop", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "symlinkLoop"}], stderr=["compose.yaml:4:", "symlink loop"])
case("envfile-dangling", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "dangling"}], stderr=["compose.yaml:4:", "not found"])
case("envfile-dev-zero", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "device", "target": "/dev/zero"}], stderr=["compose.yaml:4:", "device"])
case("envfile-dev-null", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "device", "target": "/dev/null"}], stderr=["device"])
case("envfile-socket", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "socket"}], stderr=["compose.yaml:4:", "socket"])
case("envfile-too-large", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "sparse", "size": 17 << 20}], stderr=["app.env", "16 MiB"])
case("envfile-huge-sparse", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "sparse", "size": 3 << 30}], stderr=["app.env", "16 MiB"])
case("envfile-invalid-utf8", {"compose.yaml": ENVSVC}, hex={"app.env": "413d78ff790a"}, stderr=["app.env:1:", "UTF-8"])
case("envfile-nul", {"compose.yaml": ENVSVC}, hex={"app.env": "413d780079"}, exit=0)
case("envfile-optional-directory", {"compose.yaml": SVC + "    env_file:\n      - path: app.env\n        required: false\n"}, special=[{"path": "app.env", "kind": "directory"}], stderr=["is a directory"])
case("envfile-optional-missing", {"compose.yaml": SVC + "    env_file:\n      - path: app.env\n        required: false\n"}, exit=0)
case("envfile-unterminated-quote", {"compose.yaml": ENVSVC, "app.env": "A=\"abc\n"}, stderr=["app.env:1:"])
case("envfile-bad-key", {"compose.yaml": ENVSVC, "app.env": "A B=c\n"}, stderr=["app.env:1:"])
case("envfile-big-int", {"compose.yaml": ENVSVC, "app.env": "A=99999999999999999999999\n"}, exit=0, oracle="same")
case("envfile-1e999", {"compose.yaml": ENVSVC, "app.env": "A=1e999\n"}, exit=0, oracle="same")
case("envfile-long-line", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "repeat", "prefix": "A=", "text": "b", "count": 4 << 20, "suffix": "\n"}], exit=0)
case("envfile-many-lines", {"compose.yaml": ENVSVC}, special=[{"path": "app.env", "kind": "repeat", "prefix": "", "text": "A=b\n", "count": 200000, "suffix": ""}], exit=0)
case("envfile-deep-interpolation", {"compose.yaml": ENVSVC, "app.env": "A=" + "${X:-" * 2000 + "d" + "}" * 2000 + "\n"}, stderr=["app.env:1:", "nested deeper"])
case("envfile-crlf-bom", {"compose.yaml": ENVSVC}, hex={"app.env": "efbbbf" + "A=b\r\nC=d\r\n".encode().hex()}, exit=0, oracle="same")
case("envfile-export", {"compose.yaml": ENVSVC, "app.env": "export A=b\n"}, exit=0, oracle="same")
case("envfile-only-equals", {"compose.yaml": ENVSVC, "app.env": "=b\n"}, exit=0, oracle="same")
case("dotenv-directory", {"compose.yaml": SVC}, special=[{"path": ".env", "kind": "directory"}], exit=0)
case("dotenv-fifo-not-hang", {"compose.yaml": SVC + "    x-v: ${V:-d}\n"}, special=[{"path": ".env", "kind": "fifo"}], exit=None)
case("env-file-flag-directory", {"compose.yaml": SVC, "d/x": ""}, args=["--env-file", "d", "config"], stderr=["d", "directory"])
case("env-file-flag-fifo", {"compose.yaml": SVC}, args=["--env-file", "p", "config"], special=[{"path": "p", "kind": "fifo"}], stderr=["FIFO"])
case("env-file-flag-loop", {"compose.yaml": SVC}, args=["--env-file", "l", "config"], special=[{"path": "l", "kind": "symlinkLoop"}], stderr=["symlink loop"])
case("env-file-flag-dev-zero", {"compose.yaml": SVC}, args=["--env-file", "z", "config"], special=[{"path": "z", "kind": "device", "target": "/dev/zero"}], stderr=["device"])
case("env-file-flag-missing", {"compose.yaml": SVC}, args=["--env-file", "nope", "config"], stderr=["nope"])
case("env-file-flag-invalid-utf8", {"compose.yaml": SVC}, args=["--env-file", "e", "config"], hex={"e": "413dff0a"}, stderr=["e:1:", "UTF-8"])
LABSVC = SVC + "    label_file: l.txt\n"
case("labelfile-directory", {"compose.yaml": LABSVC}, special=[{"path": "l.txt", "kind": "directory"}], stderr=["compose.yaml:4:", "directory"])
case("labelfile-fifo", {"compose.yaml": LABSVC}, special=[{"path": "l.txt", "kind": "fifo"}], stderr=["compose.yaml:4:", "FIFO"])
case("labelfile-loop", {"compose.yaml": LABSVC}, special=[{"path": "l.txt", "kind": "symlinkLoop"}], stderr=["compose.yaml:4:", "symlink loop"])

# F. Compose files given by path.
case("file-flag-directory", {"d/compose.yaml": SVC}, args=["-f", "d", "config"], stderr=["d", "directory"])
case("file-flag-fifo", {}, args=["-f", "p.yaml", "config"], special=[{"path": "p.yaml", "kind": "fifo"}], stderr=["p.yaml", "FIFO"])
case("file-flag-loop", {}, args=["-f", "l.yaml", "config"], special=[{"path": "l.yaml", "kind": "symlinkLoop"}], stderr=["l.yaml", "symlink loop"])
case("file-flag-dev-zero", {}, args=["-f", "z.yaml", "config"], special=[{"path": "z.yaml", "kind": "device", "target": "/dev/zero"}], stderr=["z.yaml", "device"])
case("file-flag-dev-urandom", {}, args=["-f", "r.yaml", "config"], special=[{"path": "r.yaml", "kind": "device", "target": "/dev/urandom"}], stderr=["r.yaml", "device"])
case("file-flag-socket", {}, args=["-f", "s.yaml", "config"], special=[{"path": "s.yaml", "kind": "socket"}], stderr=["s.yaml", "socket"])
case("file-flag-sparse-huge", {}, args=["-f", "h.yaml", "config"], special=[{"path": "h.yaml", "kind": "sparse", "size": 3 << 30}], stderr=["h.yaml", "16 MiB"])
case("file-flag-missing", {}, args=["-f", "nope.yaml", "config"], stderr=["nope.yaml", "not found"])
case("compose-file-env-fifo", {}, env={"COMPOSE_FILE": "p.yaml"}, special=[{"path": "p.yaml", "kind": "fifo"}], stderr=["p.yaml", "FIFO"])
case("include-directory", {"compose.yaml": "include:\n  - inc\n" + SVC, "inc/x": ""}, stderr=["compose.yaml:2:", "directory"])
case("include-fifo", {"compose.yaml": "include:\n  - inc.yaml\n" + SVC}, special=[{"path": "inc.yaml", "kind": "fifo"}], stderr=["compose.yaml:2:", "FIFO"])
case("include-loop", {"compose.yaml": "include:\n  - inc.yaml\n" + SVC}, special=[{"path": "inc.yaml", "kind": "symlinkLoop"}], stderr=["compose.yaml:2:", "symlink loop"])
case("extends-fifo", {"compose.yaml": SVC + "    extends: {file: base.yaml, service: b}\n"}, special=[{"path": "base.yaml", "kind": "fifo"}], stderr=["compose.yaml:4:", "FIFO"])
case("extends-directory", {"compose.yaml": SVC + "    extends: {file: base, service: b}\n", "base/x": ""}, stderr=["compose.yaml:4:", "directory"])
case("extends-dev-zero", {"compose.yaml": SVC + "    extends: {file: z.yaml, service: b}\n"}, special=[{"path": "z.yaml", "kind": "device", "target": "/dev/zero"}], stderr=["compose.yaml:4:", "device"])

# G. Secrets and configs (lint reads them; never blocks, never reads them whole).
SEC = SVC + "    secrets: [s]\nsecrets:\n  s:\n    file: ./s.txt\n"
for kind, extra in [("fifo", {}), ("directory", {}), ("symlinkLoop", {}), ("socket", {}), ("device", {"target": "/dev/zero"}),
                    ("sparse", {"size": 3 << 30})]:
    case(f"secret-{kind}-lint", {"compose.yaml": SEC}, args=["lint"], special=[dict({"path": "s.txt", "kind": kind}, **extra)], exit=1, stderr=[])
    case(f"secret-{kind}-config", {"compose.yaml": SEC}, special=[dict({"path": "s.txt", "kind": kind}, **extra)], exit=0)
case("secret-all-nul-lint", {"compose.yaml": SEC}, args=["lint"], hex={"s.txt": "00" * 64}, exit=1, stdout=["secret.empty", "NUL"])
case("secret-ok-lint", {"compose.yaml": SEC, "s.txt": "a-real-value-8c1f2e\n"}, args=["lint"], exit=None)
CONF = SVC + "    configs: [c]\nconfigs:\n  c:\n    file: ./c.txt\n"
for kind, extra in [("fifo", {}), ("device", {"target": "/dev/zero"}), ("symlinkLoop", {})]:
    case(f"config-{kind}-lint", {"compose.yaml": CONF}, args=["lint"], special=[dict({"path": "c.txt", "kind": kind}, **extra)], exit=None)

# H. Flags.
for i, (args, exit, err) in enumerate([
        (["up", "--wait-timeout", "-5"], 64, ["--wait-timeout must be a positive number", "-5"]),
        (["up", "--wait-timeout=-5"], 64, ["positive"]),
        (["up", "--wait-timeout", "0"], 64, ["positive"]),
        (["up", "--wait-timeout", "99999999999999999999"], 64, ["wait-timeout"]),
        (["up", "--wait-timeout", "99999999999"], 64, ["at most"]),
        (["up", "--wait-timeout", "abc"], 64, ["wait-timeout"]),
        (["up", "--wait-timeout"], 64, ["wait-timeout"]),
        (["up", "--pull", "sometimes"], 64, ["pull"]),
        (["--no-such-flag", "config"], 64, ["no-such-flag"]),
        (["-p", "UPPER case", "config"], 2, []),
        (["-p", "", "config"], None, []),
        (["-p", "-x", "config"], 64, []),
        (["--profile", "", "config"], None, []),
        (["config", "--hash", ""], None, []),
        (["config", "--format", "xml"], 64, ["format"]),
        (["lint", "--format", "xml"], 64, ["format"]),
        (["down", "-t", "abc"], 64, []),
        (["down", "-t", "-5"], 3, ["nonexistent.sock"]),  # compose takes a negative timeout: parsed, then the engine
        (["-f"], 64, []),
        (["--project-directory", "nope", "config"], None, []),
        (["config", "nosuchservice"], 2, ["no such service: nosuchservice"]),  # issue 9: unknown names exit 2
        (["plan", "--profile", "x" * 10000], None, []),
        (["-f", "x" * 5000, "config"], 2, []),
        (["-f", "\u00e9\u00e8/\u4e2d.yaml", "config"], 2, ["not found"]),
        ]):
    case(f"flag-{i:02}", {"compose.yaml": SVC}, args=args, exit=exit, stderr=err, env={"DOCKER_HOST": "unix:///nonexistent.sock"})

# I. Environment variables and interpolation.
case("interp-huge-var", {"compose.yaml": SVC + "    environment:\n      A: ${BIG}\n"}, env={"BIG": "x" * 50000}, exit=0)
case("interp-deep-default", {"compose.yaml": SVC + "    x-a: " + "${X:-" * 3000 + "d" + "}" * 3000 + "\n"}, stderr=["compose.yaml:4:", "nested deeper"])
case("interp-deep-default-ok", {"compose.yaml": SVC + "    x-a: " + "${X:-" * 50 + "d" + "}" * 50 + "\n"}, exit=0, oracle="same")
case("interp-unterminated", {"compose.yaml": SVC + "    x-a: ${X\n"}, stderr=["compose.yaml:4:"])
case("interp-bad-name", {"compose.yaml": SVC + "    x-a: ${-}\n"}, stderr=["compose.yaml:4:"])
case("interp-required-unset", {"compose.yaml": SVC + "    x-a: ${X:?need X}\n"}, stderr=["compose.yaml:4:", "need X"])
case("interp-many-refs", {}, special=[{"path": "compose.yaml", "kind": "repeat", "prefix": SVC + "    x-a: \"", "text": "${X}", "count": 20000, "suffix": "\"\n"}], env={"X": "abc"}, exit=0)
case("interp-bigint-cpu", {"compose.yaml": SVC + "    cpu_shares: ${N}\n"}, env={"N": "9223372036854775808"}, stderr=["compose.yaml:4:"])
case("interp-1e999-cpus", {"compose.yaml": SVC + "    cpus: ${N}\n"}, env={"N": "1e999"}, stderr=["compose.yaml:4:"])
case("interp-nan-cpus", {"compose.yaml": SVC + "    cpus: ${N}\n"}, env={"N": "nan"}, exit=0)
case("plan-nan-cpus", {"compose.yaml": SVC + "    cpus: .nan\n"}, args=["plan"], exit=None, env={"DOCKER_HOST": "unix:///nonexistent.sock"})
case("interp-bool-garbage", {"compose.yaml": SVC + "    read_only: ${B}\n"}, env={"B": "maybe"}, stderr=["compose.yaml:4:"])
case("interp-newline-value", {"compose.yaml": SVC + "    environment:\n      A: ${V}\n"}, env={"V": "a\nb"}, exit=0, oracle="same")
case("interp-size-overflow", {"compose.yaml": SVC + "    mem_limit: ${M}\n"}, env={"M": "99999999999p"}, stderr=["compose.yaml:4:"])
case("interp-duration-overflow", {"compose.yaml": SVC + "    stop_grace_period: ${D}\n"}, env={"D": "99999999999h"}, stderr=["compose.yaml:4:"])
case("env-project-name-bad", {"compose.yaml": SVC}, env={"COMPOSE_PROJECT_NAME": "Bad Name!"}, exit=None)
case("env-profiles-garbage", {"compose.yaml": SVC}, env={"COMPOSE_PROFILES": ",,,"}, exit=0)
case("env-compose-file-empty-list", {"compose.yaml": SVC}, env={"COMPOSE_FILE": ":"}, exit=None)
case("env-home-missing", {"compose.yaml": SVC + "    volumes: ['~/x:/x']\n"}, env={"HOME": ""}, exit=None)

print(json.dumps(cases, indent=1))
