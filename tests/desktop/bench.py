#!/usr/bin/env python3
"""Desktop benchmarks (scripts/bench.sh), run in a virtual display like the window test:

- cold start: launching the app (a fresh data dir each time) until the pairing QR is
  visible in the window, with the fake WhatsApp network; several runs, min/p50/max.
- whole-app memory: the app and its WebKit processes (web content, network), linked and idle
  on the compose screen: RSS and PSS (PSS shares pages fairly between the processes).

Prints figures; asserts none.
"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drive import (  # noqa: E402
    Network, Window, by_label, call, free_port, wait_for)
import subprocess  # noqa: E402

RUNS = int(os.environ.get("DESKTOP_BENCH_RUNS", "5"))
IDLE_SECONDS = 10


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except OSError:
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def app_pid(app):
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/exe") == app:
                    return int(entry)
            except OSError:
                pass
    return None


def memory(pids):
    """(RSS, PSS) in KiB summed over the processes, with each one's name and RSS."""
    rss = pss = 0
    each = []
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line and not line.startswith("0"))
            with open(f"/proc/{p}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        r = int(fields.get("Rss", "0 kB").split()[0])
        anon = int(fields.get("Anonymous", "0 kB").split()[0])
        rss += r
        pss += int(fields.get("Pss", "0 kB").split()[0])
        each.append(f"{name} {r / 1024:.0f} MB, anon {anon / 1024:.0f}")
    return rss, pss, each


def main():
    app, fake = (os.path.abspath(p) for p in sys.argv[1:3])
    work = tempfile.mkdtemp(prefix="mostrador-desktop-bench.")
    net = Network(fake, work)
    port, native = free_port(), free_port()
    driver = subprocess.Popen(["tauri-driver", "--port", str(port), "--native-port", str(native)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for("tauri-driver", lambda: call("GET", url + "/status").get("value"))
        starts = []
        for run in range(RUNS):
            args = ["--data-dir", os.path.join(work, f"data{run}"), "--secrets", "file",
                    "--port", "0", "--engine", "whatsapp", "--wa-url", net.ready["ws_url"]]
            t0 = time.monotonic()
            created = call("POST", url + "/session", {"capabilities": {"alwaysMatch": {
                "browserName": "wry", "tauri:options": {"application": app, "args": args}}}})
            w = Window(url, created["value"]["sessionId"])
            wait_for("the QR", lambda: w.js(
                "const i = document.querySelector('[data-testid=pair-qr]');"
                "return i && i.complete && i.naturalWidth > 0;"))
            starts.append(1000 * (time.monotonic() - t0))
            if run < RUNS - 1:
                call("DELETE", f"{w.base}")
        starts.sort()
        print(f"desktop cold start -> pairing QR visible ({RUNS} runs, fresh data dir, WebDriver "
              f"session start included): min {starts[0]:.0f} ms, p50 {statistics.median(starts):.0f} ms, "
              f"max {starts[-1]:.0f} ms")

        # The last run's app: link it, open the compose screen, let it settle.
        def scan():
            qr = w.invoke("qr")["ok"]
            answer = call("POST", f"{net.admin}/admin/scan", {"qr": qr["code"]})
            return answer is not None and "error" not in (answer or {})
        wait_for("the link", scan)
        wait_for("connected", lambda: w.invoke("session")["ok"]["state"] == "connected")
        w.go("compose")
        w.wait("the compose screen", by_label("To"))
        time.sleep(IDLE_SECONDS)  # a benchmark, not a test: idle means time passing
        pid = app_pid(app)
        rss, pss, each = memory(descendants(pid))
        print(f"desktop whole-app memory, linked, idle {IDLE_SECONDS} s on compose: "
              f"RSS {rss / 1024:.0f} MB, PSS {pss / 1024:.0f} MB ({', '.join(each)})")
        call("DELETE", f"{w.base}")
    finally:
        driver.terminate()
        net.proc.terminate()
        driver.wait(timeout=10)
        net.proc.wait(timeout=10)


if __name__ == "__main__":
    main()
