#!/usr/bin/env python3
"""Drives `plane exec SERVICE sh` under a pseudo-terminal, as a person at a terminal would.

Usage: pty_session.py SCENARIO PLANE_BINARY PLANE_ARGS...
  shell:   checks the TTY (`tty`), the echo of a typed line, the size at start and after a
           resize (SIGWINCH), then types `exit 3`.
  sigterm: starts the shell, then sends plane SIGTERM.
  container-killed: starts the shell, then kills the container (DOCKER_HOST, PLANE_TEST_CONTAINER).
Prints one JSON object: what was seen, plane's exit code, and the terminal's mode before, during
and after (lflag/iflag/oflag), so the Swift test asserts. Every wait is bounded; none is fixed.
"""
import fcntl, json, os, select, signal, struct, subprocess, sys, termios, time

scenario, binary, args = sys.argv[1], sys.argv[2], sys.argv[3:]
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 33, 111, 0, 0))
before = termios.tcgetattr(slave)

def controlling_terminal():
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)

process = subprocess.Popen([binary] + args, stdin=slave, stdout=slave, stderr=slave,
                           preexec_fn=controlling_terminal, close_fds=True)
seen = b""

def read_until(needle, timeout=60.0):
    """Reads the terminal until `needle` was printed; False when the time is up or plane ended."""
    global seen
    deadline = time.monotonic() + timeout
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([master], [], [], min(left, 0.5))
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return False
            if not chunk:
                return False
            seen += chunk
        elif process.poll() is not None:
            return needle in seen
    return True

def raw_now(timeout=30.0):
    """Waits until plane has put the terminal in raw mode (ECHO and ICANON off)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lflag = termios.tcgetattr(slave)[3]
        if not lflag & (termios.ECHO | termios.ICANON):
            return True
        time.sleep(0.02)
    return False

def typed(text):
    os.write(master, text.encode())

attempts = 0
def size_shows(expected, timeout=30.0):
    """Asks the shell for its terminal size until `expected` shows: a resize reaches the container
    asynchronously (the engine applies it once the command runs). Bounded."""
    global attempts
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        attempts += 1
        mark = len(seen)
        typed("stty size; echo asked-$((%d+1000))\r" % attempts)
        if not read_until(b"asked-%d\r\n" % (attempts + 1000), timeout=10):
            return False
        if expected in seen[mark:]:
            return True
    return False

def kill_container(name):
    """POST /containers/{name}/kill straight to the engine's unix socket (DOCKER_HOST)."""
    import http.client, socket
    path = os.environ["DOCKER_HOST"].removeprefix("unix://")
    class UnixConnection(http.client.HTTPConnection):
        def connect(self):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.connect(path)
    connection = UnixConnection("localhost", timeout=30)
    connection.request("POST", "/containers/%s/kill" % name)
    return connection.getresponse().status == 204

result = {"scenario": scenario}
result["raw"] = raw_now()
during = termios.tcgetattr(slave)
typed("tty\r")
result["tty"] = read_until(b"/dev/pts/")
typed("echo typed-$((40+2))\r")
result["echoed"] = read_until(b"echo typed-$((40+2))")
result["ran"] = read_until(b"typed-42\r\n")
result["size"] = size_shows(b"33 111")
if scenario == "shell":
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    result["resized"] = size_shows(b"40 120")
    typed("exit 3\r")
elif scenario == "sigterm":
    process.send_signal(signal.SIGTERM)
elif scenario == "container-killed":
    result["killed"] = kill_container(os.environ["PLANE_TEST_CONTAINER"])
try:
    result["exit"] = process.wait(timeout=60)
except subprocess.TimeoutExpired:
    process.kill()
    result["exit"] = "timeout"
while True:
    ready, _, _ = select.select([master], [], [], 0.2)
    if not ready:
        break
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
after = termios.tcgetattr(slave)
result["modeBefore"] = before[:4]
result["modeDuring"] = during[:4]
result["modeAfter"] = after[:4]
result["restored"] = before[:4] == after[:4]
result["output"] = seen.decode("utf-8", "replace")
print(json.dumps(result))
