#!/usr/bin/env python3
"""A bounded request loop through Traefik's entrypoint, on loopback only, for rollout measurements
(the start-first integration test and bench/rollout_bench.py).

    request_loop.py --url https://127.0.0.1:PORT --host app.health.test --stop-file F --max-seconds 120 [--workers 4]

Runs until F exists (or --max-seconds), each worker sending GET / with the Host header and SNI,
one connection per request (so every request is routed afresh), a 30 s limit each, 10 ms apart.
Counting starts with the first answer (200): failures before it (Traefik not routing yet) are only
counted as warmupFailures.
Prints one JSON document: total, failed, the failures' statuses, the gap (first failed request's
start to the last failed request's end, seconds), the answers seen (body -> count), the slowest.
"""
import argparse, collections, http.client, ipaddress, json, os, socket, ssl, threading, time, urllib.parse

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--host", required=True)
    p.add_argument("--stop-file", required=True)
    p.add_argument("--max-seconds", type=float, default=120)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--ready-file", help="written once a request was answered (200)")
    a = p.parse_args()
    url = urllib.parse.urlsplit(a.url)
    if not ipaddress.ip_address(url.hostname).is_loopback:
        raise SystemExit("request_loop.py: loopback addresses only")
    port = url.port or (443 if url.scheme == "https" else 80)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE

    lock = threading.Lock()
    answers = collections.Counter()
    failures = []          # (start, end, what)
    slowest = [0.0]
    total = [0]
    warmup = [0]           # failures before the first answer (Traefik not routing yet): not counted
    answered = [False]
    start = time.monotonic()

    def one():
        t0 = time.monotonic()
        try:
            sock = socket.create_connection((url.hostname, port), timeout=30)
            if url.scheme == "https":
                sock = ctx.wrap_socket(sock, server_hostname=a.host)
            conn = http.client.HTTPConnection(url.hostname, port, timeout=30)
            conn.sock = sock
            conn.request("GET", "/", headers={"Host": a.host, "Connection": "close"})
            r = conn.getresponse()
            body = r.read().decode(errors="replace").strip()
            conn.close()
            what = None if r.status == 200 else f"{r.status} {body[:40]}"
        except Exception as e:  # no answer at all
            body, what = "", f"no answer: {type(e).__name__}"
        t1 = time.monotonic()
        with lock:
            if what is not None and not answered[0]:
                warmup[0] += 1
                return
            total[0] += 1
            slowest[0] = max(slowest[0], t1 - t0)
            if what is None:
                answers[body] += 1
                if not answered[0]:
                    answered[0] = True
                    if a.ready_file:
                        open(a.ready_file, "w").close()
            else:
                failures.append((t0 - start, t1 - start, what))

    def worker():
        while not os.path.exists(a.stop_file) and time.monotonic() - start < a.max_seconds:
            one()
            time.sleep(0.01)

    threads = [threading.Thread(target=worker) for _ in range(a.workers)]
    for t in threads: t.start()
    for t in threads: t.join()
    failures.sort()
    print(json.dumps({
        "seconds": round(time.monotonic() - start, 3),
        "total": total[0],
        "warmupFailures": warmup[0],
        "failed": len(failures),
        "failures": collections.Counter(f[2] for f in failures),
        "gapSeconds": round(max(f[1] for f in failures) - failures[0][0], 3) if failures else 0,
        "firstFailedAt": round(failures[0][0], 3) if failures else None,
        "answers": answers,
        "slowestSeconds": round(slowest[0], 3),
    }, sort_keys=True))

if __name__ == "__main__":
    main()
