#!/usr/bin/env python3
"""The linker's section order from callgrind profiles (scripts/release/profile-order.sh).

    order-from-callgrind.py BINARY MAP RUNS_DIR > plane.order

RUNS_DIR holds callgrind outputs of BINARY (any depth; one per process, run with --demangle=no);
MAP is the linker's map of BINARY (gold's -Map). Each process is one plane command, read from the
output's `cmd:` line. Every function that ran in BINARY is placed by its address (nm for a named one;
callgrind gives the address of code without a symbol, such as an async function's `.resume.N` parts)
into the input section holding it (the map), and the order lists those sections by name. Sections
that hold more than one function (`.text` of an object compiled without function sections: the
prebuilt CoreFoundation, ICU, part of the static Swift runtime) cannot move and are left out.

The layout keeps each command's code together, the commands with a memory target first: every
function `health` runs (issue 10: < 30 MiB), then what `config` runs besides (issue 14: < 20 MiB on
300 services), then `up`, `ps`, ... (PRIORITY). Inside one command's block, functions run by more
commands come first, so the code most commands share (start-up, argument parsing, loading the
project) sits at the very front, where the next commands find it. Names sort last: a stable file.
Each line is an input section's name, as gold's --section-ordering-file wants.
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


class Layout:
    """Where BINARY's code is: function addresses by name (nm) and input sections by address (the map)."""

    MOVABLE = re.compile(r"^\.text\.(?!unlikely\.$|startup$|hot\.$|exit$)\S+$")

    def __init__(self, binary, map_path):
        listing = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
        self.addresses = defaultdict(list)
        for line in listing.splitlines():
            fields = line.split(maxsplit=2)
            if len(fields) == 3 and fields[1] in "tTwW":
                self.addresses[fields[2]].append(int(fields[0], 16))
        sections = []  # (start, size, name) of each input section of the output `.text`
        inside, pending = False, None
        with open(map_path, errors="replace") as lines:
            for line in lines:
                if not inside:
                    inside = line.startswith(".text ")
                    continue
                if line and not line[0].isspace():
                    break  # the next output section
                fields = line.split()
                if line.startswith(" .") and len(fields) >= 3 and fields[1].startswith("0x"):
                    sections.append((int(fields[1], 16), int(fields[2], 16), fields[0]))
                elif line.startswith(" .") and len(fields) == 1:
                    pending = fields[0]
                elif pending and len(fields) >= 3 and fields[0].startswith("0x") and fields[1].startswith("0x"):
                    sections.append((int(fields[0], 16), int(fields[1], 16), pending))
                    pending = None
        sections.sort()
        self.starts = [start for start, _, _ in sections]
        self.sections = sections

    def section(self, address):
        """The movable input section holding `address`, or None."""
        index = bisect.bisect_right(self.starts, address) - 1
        if index < 0:
            return None
        start, size, name = self.sections[index]
        return name if address < start + size and self.MOVABLE.match(name) else None

    def sections_of(self, symbol):
        if symbol.startswith("0x"):
            found = self.section(int(symbol, 16))
            return [found] if found else []
        return [found for found in map(self.section, self.addresses.get(symbol, [])) if found]


def command(arguments):
    """The plane command a process ran: its first argument that names one (`--version` is `version`)."""
    for argument in arguments:
        word = argument.lstrip("-")
        if word in PRIORITY:
            return word
    return "other"


def profile(path, binary, layout):
    """(command, movable sections of BINARY whose code ran) for one callgrind output."""
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
                ran.update(layout.sections_of(symbol))
    return command(arguments), ran


def main():
    binary, map_path, runs = sys.argv[1], sys.argv[2], sys.argv[3]
    layout = Layout(binary, map_path)
    name = os.path.basename(binary)
    used_by = defaultdict(set)
    for folder, _, files in sorted(os.walk(runs)):
        for entry in sorted(files):
            ran_command, ran = profile(os.path.join(folder, entry), name, layout)
            for section in ran:
                used_by[section].add(ran_command)
    if not used_by:
        sys.exit("order-from-callgrind: no function of the plane binary in the profiles")

    def rank(commands):
        return min(PRIORITY.index(c) if c in PRIORITY else len(PRIORITY) for c in commands)

    for section in sorted(used_by, key=lambda s: (rank(used_by[s]), -len(used_by[s]), s)):
        print(section)


if __name__ == "__main__":
    main()
