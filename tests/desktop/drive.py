#!/usr/bin/env python3
"""Drives the real desktop app through tauri-driver (W3C WebDriver, stdlib only).

Run by scripts/desktop-test.sh inside a throwaway D-Bus session and a virtual display, with
the fake WhatsApp network started here. Checks, in the real window: the UI loads, the
commands answer over Tauri's IPC, a pairing QR is offered, linking by the demo phone is
announced as a desktop notification, and closing the window keeps the POS's port open.
Screenshots go to tests/artifacts/.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

DRIVER = "http://127.0.0.1:4444"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTIFACTS = os.path.join(ROOT, "tests", "artifacts")


def call(method, path, body=None, base=DRIVER, headers=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return json.loads(e.read() or b"null")


def wait_for(what, check, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.25)
    sys.exit(f"desktop-test: timed out waiting for {what}")


class Window:
    def __init__(self, session):
        self.s = f"/session/{session}"

    def run(self, script, *args):
        return call("POST", self.s + "/execute/sync", {"script": script, "args": list(args)})["value"]

    def invoke(self, cmd, args=None):
        """A command through the page's own Tauri IPC: {ok} or {err}."""
        return call("POST", self.s + "/execute/async", {
            "script": "const [cmd, args, done] = arguments;"
                      "window.__TAURI_INTERNALS__.invoke(cmd, args)"
                      ".then(ok => done({ok}), err => done({err}));",
            "args": [cmd, args or {}],
        })["value"]

    def screenshot(self, name):
        png = base64.b64decode(call("GET", self.s + "/screenshot")["value"])
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, name)
        with open(path, "wb") as f:
            f.write(png)
        print(f"desktop-test: screenshot {path}")


def main():
    app = os.path.abspath(sys.argv[1])
    fake = os.path.abspath(sys.argv[2])
    work = tempfile.mkdtemp(prefix="mostrador-desktop-test.")
    net = subprocess.Popen([fake, "--phone", "59170000001", "--contacts", "59171234567"],
                           stdout=subprocess.PIPE, stderr=open(os.path.join(work, "fake.log"), "w"),
                           text=True)
    ready = json.loads(net.stdout.readline())
    monitor = subprocess.Popen(
        ["dbus-monitor", "--session", "interface='org.freedesktop.Notifications',member='Notify'"],
        stdout=open(os.path.join(work, "notify.log"), "w"), stderr=subprocess.DEVNULL)
    driver = subprocess.Popen(["tauri-driver", "--port", "4444"],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "driver.log"), "w"))
    session = None
    try:
        wait_for("tauri-driver", lambda: _up(DRIVER + "/status"))
        args = ["--data-dir", os.path.join(work, "data"), "--secrets", "file", "--port", "0",
                "--engine", "whatsapp", "--wa-url", ready["ws_url"], "--demo-phone", ready["admin_url"]]
        created = call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "wry", "tauri:options": {"application": app, "args": args}}}})
        session = created["value"]["sessionId"]
        w = Window(session)

        title = wait_for("the UI", lambda: w.run("return document.querySelector('#app, body')?.innerText?.length ? document.title : null"))
        print(f"desktop-test: window shows {title!r}")
        about = w.invoke("about")["ok"]
        print(f"desktop-test: IPC ok, API at {about['api_base']}")
        qr = wait_for("a pairing QR", lambda: w.invoke("qr").get("ok"))
        assert qr["image"].startswith("data:image/png;base64,"), qr
        w.screenshot("desktop-start.png")

        # Link with the fake network's phone, as the POS would through the REST API.
        key = w.invoke("api_key")["ok"]
        api = about["api_base"]
        scanned = call("POST", "/demo/scan", {}, base=api, headers={"X-API-Key": key})
        assert scanned.get("success"), scanned
        session_info = wait_for("the link", lambda: (lambda s: s if s["state"] == "connected" else None)(w.invoke("session")["ok"]))
        print(f"desktop-test: linked as {session_info.get('phone')}")
        wait_for("the 'linked' notification",
                 lambda: "WhatsApp linked" in open(os.path.join(work, "notify.log")).read(), 20)
        print("desktop-test: notification shown: WhatsApp linked")
        w.screenshot("desktop-linked.png")

        # Closing the window hides it: the POS's port keeps answering.
        call("DELETE", w.s + "/window")
        time.sleep(1)
        health = call("GET", "/health", base=api)
        assert health.get("success"), health
        print("desktop-test: window closed, API still answers")
        print("desktop-test: 1 passed, 0 failed")
    finally:
        if session:
            call("DELETE", f"/session/{session}")
        for p in (driver, monitor, net):
            p.terminate()


def _up(url):
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    main()
