#!/usr/bin/env python3
"""The linker's section order from callgrind profiles (scripts/release/profile-order.sh).

    order-from-callgrind.py BINARY RUNS_DIR > plane.order

RUNS_DIR holds callgrind outputs of BINARY (any depth; one per process, run with --demangle=no).
Each process is one plane command, read from the output's `cmd:` line. A function is listed when it
ran in BINARY; code that ran and has no symbol of its own (callgrind names it by address: part of a
function's section after a local symbol the toolchain stripped) counts for the nearest symbol below
it in BINARY's symbol table, the one its section starts with.

The layout keeps each command's code together, the commands with a memory target first: every
function `health` runs (issue 10: < 30 MiB), then what `config` runs besides (issue 14: < 20 MiB on
300 services), then `up`, `ps`, ... (PRIORITY). Inside one command's block, functions run by more
commands come first, so the code most commands share (start-up, argument parsing, loading the
project) sits at the very front, where the next commands find it. Names sort last: a stable file.
Each line is an input section as the compilers emit it with function sections: `.text.<symbol>`.
"""
import bisect
import os
import re
import subprocess
import sys
from collections import defaultdict

NAME = re.compile(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")
PRIORITY = ["health", "config", "up", "ps", "drift", "plan", "lint", "upgrade", "down", "rollback", "pull",
            "logs", "exec", "restart", "stop", "start", "history", "doctor", "version", "help"]


class Symbols:
    """BINARY's function symbols by address (nm), to name code callgrind only knows by address."""

    def __init__(self, binary):
        listing = subprocess.run(["nm", "-n", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
        self.starts, self.names = [], []
        for line in listing.splitlines():
            fields = line.split(maxsplit=2)
            if len(fields) == 3 and fields[1] in "tTwW":
                self.starts.append(int(fields[0], 16))
                self.names.append(fields[2])

    def containing(self, address):
        index = bisect.bisect_right(self.starts, address) - 1
        return self.names[index] if index >= 0 else None


def command(arguments):
    """The plane command a process ran: its first argument that names one (`--version` is `version`)."""
    for argument in arguments:
        word = argument.lstrip("-")
        if word in PRIORITY:
            return word
    return "other"


def profile(path, binary, symbols):
    """(command, functions of BINARY that ran) for one callgrind output."""
    objects, names, ran, current, arguments = {}, {}, set(), None, []
    with open(path, errors="replace") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("cmd:"):
                arguments = line[4:].split()[1:]
                continue
            match = NAME.match(line)
            if not match:
                continue
            kind, ident, name = match.groups()
            if kind in ("ob", "cob"):
                if name:
                    objects[ident] = name
                if kind == "ob":
                    current = objects.get(ident)
                continue
            if name:
                names[ident] = name
            if kind == "fn" and current and os.path.basename(current) == binary:
                symbol = re.sub(r"'\d+$", "", names.get(ident, ""))
                if symbol.startswith("0x"):
                    symbol = symbols.containing(int(symbol, 16)) or ""
                # callgrind's own pseudo-functions ("(below main)") have no section to order.
                if symbol and not symbol.startswith("("):
                    ran.add(symbol)
    return command(arguments), ran


def main():
    binary, runs = sys.argv[1], sys.argv[2]
    symbols = Symbols(binary)
    name = os.path.basename(binary)
    used_by = defaultdict(set)
    for folder, _, files in sorted(os.walk(runs)):
        for entry in sorted(files):
            ran_command, ran = profile(os.path.join(folder, entry), name, symbols)
            for symbol in ran:
                used_by[symbol].add(ran_command)
    if not used_by:
        sys.exit("order-from-callgrind: no function of the plane binary in the profiles")

    def rank(commands):
        return min(PRIORITY.index(c) if c in PRIORITY else len(PRIORITY) for c in commands)

    for symbol in sorted(used_by, key=lambda s: (rank(used_by[s]), -len(used_by[s]), s)):
        print(".text." + symbol)


if __name__ == "__main__":
    main()
