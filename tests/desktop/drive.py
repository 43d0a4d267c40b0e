#!/usr/bin/env python3
"""The real desktop window, driven through tauri-driver and WebKitWebDriver (W3C WebDriver,
Python stdlib only).

Run by scripts/desktop-test.sh inside a throwaway D-Bus session and a virtual display. It
starts the fake WhatsApp network, a notification monitor and a local update server here,
then checks in the real window: the pairing QR shows; the fake phone scans the code shown;
the compose pane appears; a text is sent and reaches the customer; the log shows it; a send
to a number not on WhatsApp fails and raises a desktop notification naming the recipient and
the reason; Settings offers the newer version from a signed manifest and refuses it when the
signature is bad; a broadcast the POS starts is shown going on after the page is loaded
again mid-way; a claim's QR (the customer scans it) goes to the phone that sent its code; the
POS's port answers with the same session; unlinking through it raises
no "the phone logged this app out" notification, unlinking from the phone does. A screenshot of each screen
goes to tests/artifacts/desktop/ (look at them).

Prints `desktop-figure:` lines (cold start to the QR) for scripts/bench.sh; asserts none.
"""

import base64
import hashlib
import http.client
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTIFACTS = os.path.join(ROOT, "tests", "artifacts", "desktop")
SHOP = "59170000001"
CUSTOMER = "59171234567"
# Customers of a broadcast the POS starts while the window shows it.
FANS = ["59172000001", "59172000002", "59172000003"]
NOT_ON_WHATSAPP = "59179999999"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
# Waits are for events; these only bound how long a broken build may take to say so.
PATIENCE = 60


def call(method, url, body=None, headers=None, timeout=90):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    for attempt in range(3):
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return json.loads(e.read() or b"null")
        except (ConnectionResetError, http.client.RemoteDisconnected) as e:
            # tauri-driver now and then drops a kept connection before answering; the
            # request never reached the window, so asking again is safe.
            print(f"desktop-test: {url}: {e!r}; asking again", file=sys.stderr)
            if attempt == 2:
                raise
    return None


def wait_for(what, check, seconds=PATIENCE):
    """Polls `check` (a WebDriver or HTTP query: no push channel reaches this process) until
    it returns something truthy."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            got = check()
        except Exception as e:  # noqa: BLE001 - a page mid-render may refuse a query
            got, last = None, e
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what} (last error: {last})")


class Window:
    """One WebDriver session on the app's main window."""

    def __init__(self, driver, session):
        self.base = f"{driver}/session/{session}"

    def _ok(self, method, path, body=None):
        answer = call(method, self.base + path, body)
        value = (answer or {}).get("value")
        if isinstance(value, dict) and "error" in value:
            raise RuntimeError(f"{path}: {value['error']}: {value.get('message')}")
        return value

    def js(self, script, *args):
        return self._ok("POST", "/execute/sync", {"script": script, "args": list(args)})

    def invoke(self, cmd, args=None):
        """A command through the page's own Tauri IPC: {ok} or {err}."""
        return self._ok("POST", "/execute/async", {
            "script": "const [cmd, args, done] = arguments;"
                      "window.__TAURI_INTERNALS__.invoke(cmd, args)"
                      ".then(ok => done({ok}), err => done({err}));",
            "args": [cmd, args or {}],
        })

    def find(self, xpath):
        """The first element matching, if any (no error when there is none yet)."""
        found = self.js(
            "return document.evaluate(arguments[0], document, null,"
            " XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;", xpath)
        if not found:
            return None
        if ELEMENT not in found:
            raise RuntimeError(f"not an element reference: {found!r}")
        return found[ELEMENT]

    def wait(self, what, xpath):
        return wait_for(what, lambda: self.find(xpath))

    def click(self, element):
        self._ok("POST", f"/element/{element}/click", {})

    def type(self, element, text):
        self._ok("POST", f"/element/{element}/clear", {})
        self._ok("POST", f"/element/{element}/value", {"text": text})

    def go(self, screen):
        self.js("location.hash = arguments[0];", f"#/{screen}")

    def text(self):
        return self.js("return document.body.innerText;")

    def screenshot(self, name):
        png = base64.b64decode(self._ok("GET", "/screenshot"))
        path = os.path.join(ARTIFACTS, name)
        with open(path, "wb") as f:
            f.write(png)
        print(f"desktop-test: screenshot {os.path.relpath(path, ROOT)}")


def by_label(label):
    """The form control a <label> with this text names."""
    return (f"//input[@id=//label[normalize-space()='{label}']/@for] | "
            f"//textarea[@id=//label[normalize-space()='{label}']/@for] | "
            f"//label[normalize-space()='{label}']//input | "
            f"//label[normalize-space()='{label}']//textarea | "
            f"//*[@aria-label='{label}']")


def button(name):
    return (f"//button[normalize-space()='{name}' or @aria-label='{name}']")


class UpdateServer:
    """A local release server: a manifest (good or bad signature) and the package."""

    def __init__(self, work, tauri_cli):
        self.dir = os.path.join(work, "updates")
        os.makedirs(self.dir)
        key = os.path.join(self.dir, "updater.key")
        subprocess.run([tauri_cli, "signer", "generate", "--ci", "-p", "", "-w", key],
                       check=True, stdout=subprocess.DEVNULL)
        with open(key + ".pub") as f:
            self.pubkey = f.read().strip()
        self.package = os.path.join(self.dir, "mostrador-9.9.9.bin")
        with open(self.package, "wb") as f:
            f.write(b"not an installable package: the test only checks the signature\n")
        other = os.path.join(self.dir, "other.bin")
        with open(other, "wb") as f:
            f.write(b"some other file\n")
        self.good = self._sign(tauri_cli, key, self.package)
        self.bad = self._sign(tauri_cli, key, other)  # a valid signature of other bytes
        self.signature = self.good
        self.downloads = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                if self.path == "/latest.json":
                    body = json.dumps(server.manifest()).encode()
                elif self.path == "/mostrador-9.9.9.bin":
                    server.downloads += 1
                    with open(server.package, "rb") as f:
                        body = f.read()
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @staticmethod
    def _sign(tauri_cli, key, path):
        subprocess.run([tauri_cli, "signer", "sign", "-f", key, "-p", "", path],
                       check=True, stdout=subprocess.DEVNULL)
        with open(path + ".sig") as f:
            return f.read().strip()

    def manifest(self):
        return {
            "version": "9.9.9",
            "notes": "Recibos más rápidos",
            "pub_date": "2026-11-22T00:00:00Z",
            "platforms": {"linux-x86_64": {
                "signature": self.signature, "url": f"{self.url}/mostrador-9.9.9.bin"}},
        }


class Network:
    """The fake WhatsApp network (tests/fake-whatsapp)."""

    def __init__(self, binary, work):
        self.proc = subprocess.Popen(
            [binary, "--phone", SHOP, "--contacts", ",".join([CUSTOMER] + FANS)],
            stdout=subprocess.PIPE, stderr=open(os.path.join(work, "fake.log"), "w"), text=True)
        self.ready = json.loads(self.proc.stdout.readline())
        self.admin = self.ready["admin_url"]

    def received(self, phone):
        return call("GET", f"{self.admin}/admin/received?phone={phone}")["messages"]


def main():
    app, fake, tauri_cli = (os.path.abspath(p) for p in sys.argv[1:4])
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    os.makedirs(ARTIFACTS)
    work = tempfile.mkdtemp(prefix="mostrador-desktop-test.")
    procs = []
    session = None
    driver_url = None
    w = None
    try:
        net = Network(fake, work)
        procs.append(net.proc)
        # A notification daemon on this display (D-Bus activation would start one without it).
        procs.append(subprocess.Popen(["dunst"], stdout=subprocess.DEVNULL,
                                      stderr=open(os.path.join(work, "dunst.log"), "w")))
        notify_log = os.path.join(work, "notify.log")
        procs.append(subprocess.Popen(
            ["dbus-monitor", "--session",
             "interface='org.freedesktop.Notifications',member='Notify'"],
            stdout=open(notify_log, "w"), stderr=subprocess.DEVNULL))
        updates = UpdateServer(work, tauri_cli)

        # tauri-driver starts WebKitWebDriver, which starts the app with this environment.
        home = os.path.join(work, "home")  # where start at login writes
        os.makedirs(home)
        env = dict(os.environ, LANG="en_US.UTF-8", LC_ALL="", HOME=home,
                   MOSTRADOR_UPDATE_ENDPOINT=f"{updates.url}/latest.json",
                   MOSTRADOR_UPDATE_PUBKEY=updates.pubkey)
        port, native = free_port(), free_port()
        driver = subprocess.Popen(
            ["tauri-driver", "--port", str(port), "--native-port", str(native)], env=env,
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "driver.log"), "w"))
        procs.append(driver)
        driver_url = f"http://127.0.0.1:{port}"
        wait_for("tauri-driver", lambda: call("GET", driver_url + "/status").get("value"))

        args = ["--data-dir", os.path.join(work, "data"), "--secrets", "file", "--port", "0",
                "--engine", "whatsapp", "--wa-url", net.ready["ws_url"],
                "--demo-phone", net.admin]
        started = time.monotonic()
        created = call("POST", driver_url + "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "wry", "tauri:options": {"application": app, "args": args}}}})
        session = created["value"]["sessionId"]
        w = Window(driver_url, session)

        # 1. Pairing: a QR, live.
        qr_img = "//img[@data-testid='pair-qr']"
        w.wait("the pairing QR", qr_img)
        wait_for("the QR image to load",
                 lambda: w.js("const i = document.querySelector('[data-testid=pair-qr]');"
                              "return i && i.complete && i.naturalWidth > 0;"))
        print(f"desktop-figure: cold start to pairing QR visible {1000 * (time.monotonic() - started):.0f} ms")
        w.screenshot("1-pairing.png")
        about = w.invoke("about")["ok"]
        api = about["api_base"]
        key = w.invoke("api_key")["ok"]

        # 2. The fake phone scans the code on screen: the image shown is the one made for
        # the code the app offers now (a camera would decode the same string).
        def scan():
            qr = w.invoke("qr")["ok"]
            shown = w.js("return document.querySelector('[data-testid=pair-qr]')?.src;")
            if shown != qr["image"]:
                return None  # rotated between the two reads
            answer = call("POST", f"{net.admin}/admin/scan", {"qr": qr["code"]})
            return answer is not None and "error" not in (answer or {})
        wait_for("the fake phone to scan the QR shown", scan)
        w.wait("'Linked as'", "//*[self::h1 or self::h2 or self::h3][contains(., 'Linked as')]")
        w.screenshot("2-linked.png")
        wait_for("the 'linked' notification",
                 lambda: "WhatsApp linked" in open(notify_log).read())

        # 3. The compose pane: a text to a customer.
        w.go("compose")
        to = w.wait("the recipient field", by_label("To"))
        w.screenshot("3-compose.png")
        text = "Gracias por su compra (ventana de escritorio)"
        w.type(to, "+" + CUSTOMER)
        w.type(w.wait("the message field", by_label("Message")), text)
        w.click(w.wait("the Send button", button("Send")))
        wait_for("the customer to get the text",
                 lambda: any(m.get("text") == text for m in net.received(CUSTOMER)))
        w.wait("the sent message with its tick",
               f"//li[contains(., '{text}')][contains(., 'Delivered') or contains(., 'Sent') or contains(., 'Read')]")
        w.screenshot("4-sent.png")

        # 4. The log shows it.
        w.go("log")
        w.wait("the message in the log", f"//*[contains(., '{text}')][self::tr or self::li]")
        w.screenshot("5-log.png")

        # 5. The native file picker (rfd: GTK's file chooser), operated as a person would:
        # Attach, type the file's path, Enter. The file lands in the compose pane with its
        # name, size and type (and a thumbnail for a photo); the customer gets its bytes.
        pdf = os.path.join(work, "recibo-001.pdf")
        with open(pdf, "wb") as f:
            f.write(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
        photo = os.path.join(work, "producto.png")
        subprocess.run(["convert", "-size", "320x200", "xc:#0f766e", photo], check=True)
        w.go("compose")
        w.type(w.wait("the recipient field", by_label("To")), "+" + CUSTOMER)
        pick(w, pdf, "Choose a file")
        w.wait("the PDF in the compose pane",
               "//*[contains(@class, 'att')][contains(., 'recibo-001.pdf')][contains(., 'application/pdf')]")
        w.screenshot("6-picked-pdf.png")
        w.click(w.wait("the Send button", button("Send")))
        digest = hashlib.sha256(open(pdf, "rb").read()).hexdigest()
        got = wait_for("the customer to get the PDF", lambda: next(
            (m for m in net.received(CUSTOMER) if m.get("file_name") == "recibo-001.pdf"), None))
        assert got["media_sha256"] == digest and got["mime_type"] == "application/pdf", got
        pick(w, photo, "Choose a file")
        w.wait("the photo's thumbnail",
               "//img[contains(@alt, 'producto.png')][starts-with(@src, 'data:image/png')]")
        w.screenshot("7-picked-photo.png")
        print("desktop-test: picked a PDF (sent, bytes match at the customer) and a photo (thumbnail)")
        w.click(w.wait("the Clear button", button("Clear")))

        # 6. A failed send: a desktop notification names the recipient and the reason.
        w.go("compose")
        w.type(w.wait("the recipient field", by_label("To")), "+" + NOT_ON_WHATSAPP)
        w.type(w.wait("the message field", by_label("Message")), "Su pedido está listo")
        w.click(w.wait("the Send button", button("Send")))
        wanted = "A message to +59179999999 failed"
        note = wait_for("the 'failed' notification",
                        lambda: wanted if wanted in open(notify_log).read() else None)
        assert "+59179999999 does not have WhatsApp" in open(notify_log).read(), open(notify_log).read()
        print(f"desktop-test: notification shown: {note}")
        w.screenshot("8-failed.png")

        # 7. Updates: offered from the signed manifest; a bad signature is refused; nothing
        # is installed without the click.
        assert updates.downloads == 0, "nothing is downloaded before the user's click"
        w.go("settings")
        w.click(w.wait("'Check for updates'", button("Check for updates")))
        w.wait("the offer of 9.9.9", "//*[contains(text(), '9.9.9')]")
        w.screenshot("9-update-offered.png")
        updates.signature = updates.bad
        w.click(w.wait("'Install and restart'", button("Install and restart")))
        refusal = w.wait("the refusal", "//*[contains(., 'signature') and not(*[contains(., 'signature')])]")
        w.js("arguments[0].scrollIntoView({block: 'center'});", {ELEMENT: refusal})
        print("desktop-test: bad signature refused: " + w.js("return arguments[0].innerText;", {ELEMENT: refusal}))
        assert updates.downloads == 1, updates.downloads
        w.screenshot("10-update-refused.png")
        # With the right signature the download is accepted and handed to the installer,
        # which refuses this test payload (not a package): the signature was not the obstacle.
        updates.signature = updates.good
        w.click(w.wait("'Install and restart'", button("Install and restart")))
        w.wait("the installer's refusal", "//*[contains(., 'invalid updater binary format')"
               " and not(*[contains(., 'invalid updater binary format')])]")
        assert updates.downloads == 2, updates.downloads
        assert "signature" not in w.text(), "a good signature must verify"
        print("desktop-test: good signature verified; the test payload refused by the installer")

        # 8. Start at login: an XDG autostart entry for this very program, and gone again.
        entry = os.path.join(home, ".config", "autostart", "Mostrador.desktop")
        box = w.wait("'Start Mostrador when I log in'", "//*[@data-testid='start-at-login']")
        w.click(box)
        wait_for("the autostart entry", lambda: os.path.exists(entry))
        with open(entry) as f:
            desktop_entry = f.read()
        assert f"Exec={app}" in desktop_entry or f'Exec="{app}"' in desktop_entry, desktop_entry
        w.click(box)
        wait_for("the autostart entry to go", lambda: not os.path.exists(entry))
        print("desktop-test: start at login on and off")

        # 9. Single instance: a second launch hands over to the first and exits.
        second = subprocess.run([app] + args, env=env, capture_output=True, text=True, timeout=PATIENCE)
        assert second.returncode == 0, second.stderr
        assert "listening" not in second.stderr, "the second launch must not start a backend"
        print("desktop-test: a second launch handed over to the first")

        # 9b. A broadcast is the service's: the POS starts it, the window shows it going, and
        # after the page is loaded again mid-way (the window reopened) it is still there and
        # goes on to the end — each customer gets their own text once.
        created = call("POST", f"{api}/batches", {
            "name": "Promo de fin de año",
            "template": {"type": "text", "text": "Hola {nombre}, 20% de descuento"},
            "recipients": [{"to": "+" + p, "variables": {"nombre": f"cliente {i}"}}
                           for i, p in enumerate(FANS)],
            "pacing_ms": 4000, "jitter_ms": 0,
        }, headers={"X-API-Key": key})
        assert created and created.get("success"), created
        w.go("broadcast")
        w.wait("the broadcast's progress", "//*[@role='progressbar']")
        wait_for("the first customer's message", lambda: net.received(FANS[0]))
        w.screenshot("9b-broadcast-running.png")
        w.js("location.reload();")
        w.wait("the same broadcast after the reload", "//h2[contains(., 'Promo de fin de año')]")
        w.wait("the broadcast done", "//*[@data-status='done']")
        for i, p in enumerate(FANS):
            texts = [m.get("text") for m in net.received(p)]
            assert texts == [f"Hola cliente {i}, 20% de descuento"], (p, texts)
        w.screenshot("9c-broadcast-done.png")
        print("desktop-test: a POS broadcast shown in the window, reloaded mid-way, done; each customer once")

        # 9d. "The customer scans a QR": the cashier makes a claim in the window; its QR shows;
        # the customer's phone sends the prefilled text; the panel says where it went, and the
        # receipt reaches that phone once. The customer-facing window opens from the panel.
        w.go("compose")
        w.click(w.wait("'Customer scans a QR'", "//*[@data-testid='send-to-qr']"))
        w.type(w.wait("the message box", by_label("Message")), "Su recibo: Bs 120")
        w.click(w.wait("'Show the QR'", button("Show the QR")))
        w.wait("the claim's QR", "//img[@data-testid='claim-qr']")
        wait_for("the claim's QR image to load",
                 lambda: w.js("const i = document.querySelector('[data-testid=claim-qr]');"
                              "return i && i.complete && i.naturalWidth > 0;"))
        title = w.js("return document.getElementById('claim-title').textContent;")
        code = title.replace("Ticket", "").strip()
        w.screenshot("9d-claim-qr.png")
        opened = w.invoke("open_customer_window", {"code": code})
        assert "ok" in opened, opened
        call("POST", f"{net.admin}/admin/contacts/{FANS[1]}/send", {"text": f"Ticket {code}"})
        w.wait("'Sent to' in the panel", "//*[@data-testid='claim-status'][contains(., 'Sent to')]")
        wait_for("the receipt at the customer's phone",
                 lambda: "Su recibo: Bs 120" in [m.get("text") for m in net.received(FANS[1])])
        w.screenshot("9e-claim-sent.png")
        w.click(w.wait("'Done'", button("Done")))
        print(f"desktop-test: claim {code} scanned from a customer's phone, sent to it; customer window opened")

        # 10. The POS's port is served by the same app, with the same session.
        health = call("GET", f"{api}/health")
        assert health.get("success"), health
        session_state = call("GET", f"{api}/session", headers={"X-API-Key": key})
        assert session_state["data"]["state"] == "connected", session_state
        print("desktop-test: the POS's API answers, WhatsApp connected")

        # 11. Unlinking through the POS's API is this app's doing: the window offers a new
        # link, and no "the phone logged this app out" notification appears. Notices are
        # shown in order, so the next link's "linked" notification proves none came before.
        def notices():
            with open(notify_log) as f:
                return f.read()
        linked_before = notices().count("WhatsApp linked")
        out = call("POST", f"{api}/session/logout", {}, headers={"X-API-Key": key})
        assert out and out.get("success"), out
        # Reported once the session files are gone, a moment after the answer.
        out = wait_for("the session to be logged out", lambda: next(
            (s for s in [call("GET", f"{api}/session", headers={"X-API-Key": key})["data"]]
             if s["state"] == "logged_out"), None))
        assert out["reason"]["code"] == "unlinked_by_app" and out["actions"] == ["relink"], out
        w.go("link")
        w.wait("the unlinked screen", "//h2[contains(., 'WhatsApp was unlinked')]")
        w.click(w.wait("'Get a new code'", button("Get a new code")))
        w.wait("a new pairing QR", qr_img)
        wait_for("the fake phone to scan the new QR", scan)
        wait_for("the second 'linked' notification",
                 lambda: notices().count("WhatsApp linked") > linked_before)
        assert "WhatsApp unlinked" not in notices(), notices()
        # From the phone, it is told.
        call("POST", f"{net.admin}/admin/faults/logout", {})
        wait_for("the 'unlinked by the phone' notification",
                 lambda: "The phone logged this app out" in notices())
        print("desktop-test: unlinked from the API (no notification), then from the phone (told)")
        print("desktop-test: passed")
    except BaseException:
        # What the window showed, and the logs, for whoever reads the failure.
        if session and driver_url:
            try:
                w.screenshot("failure.png")
                print("desktop-test: the window said:\n" + (w.text() or "")[:2000])
            except Exception as e:  # noqa: BLE001 - the window may be gone
                print(f"desktop-test: no screenshot of the failure: {e}")
        for log in ("driver.log", "fake.log", "notify.log"):
            path = os.path.join(work, log)
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    print(f"--- {log} (last lines)\n" + "".join(f.readlines()[-40:]))
        raise
    finally:
        if session and driver_url:
            call("DELETE", f"{driver_url}/session/{session}", timeout=20)
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


def pick(w, path, title):
    """Clicks Attach and answers GTK's file chooser like a person: Ctrl+L, the path, Enter."""
    w.click(w.wait("the Attach button", "//button[contains(., 'Attach')]"))

    def chooser():
        return subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                              capture_output=True, text=True).stdout.split()

    dialog = wait_for("the file chooser", chooser)[0]
    xdo = lambda *args: subprocess.run(["xdotool", *args], check=True)  # noqa: E731
    for attempt in range(3):
        # A dialog that has only just mapped may drop keys: then the path is typed again.
        xdo("windowfocus", "--sync", dialog)
        xdo("key", "ctrl+l", "ctrl+a")
        xdo("type", "--delay", "15", path)
        if attempt == 0:
            # The whole display: the native dialog is not in the webview's screenshots.
            shot = os.path.join(ARTIFACTS, f"picker-{os.path.splitext(os.path.basename(path))[0]}.png")
            subprocess.run(["import", "-window", "root", shot], check=True)
            print(f"desktop-test: screenshot {os.path.relpath(shot, ROOT)}")
        xdo("key", "Return")
        try:
            wait_for("the file chooser to close", lambda: not chooser(), 10)
            return
        except AssertionError:
            print(f"desktop-test: the file chooser kept {path}; typing it again", file=sys.stderr)
    raise AssertionError("the file chooser never took the path")


def free_port():
    """A port the OS just gave out on 127.0.0.1: tauri-driver takes ports, not port 0."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
