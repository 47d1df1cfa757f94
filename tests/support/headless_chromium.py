"""Drives Debian's headless Chromium over the DevTools protocol, through a pipe.

`--remote-debugging-pipe` makes Chromium read commands from fd 3 and write replies and
events to fd 4, each a JSON text ended by a NUL byte. The standard library is enough for
that, so the browser tests need no websocket client or Selenium.

    with HeadlessChromium() as browser:
        page = browser.open("file:///tmp/report.html")
        page.evaluate("document.title")
        page.screenshot("shot.png")
        page.console_errors  # console errors, exceptions, failed or external requests
"""
import base64
import json
import os
import shutil
import struct
import subprocess
import tempfile
import time
import zlib

LOAD_TIMEOUT = 60.0


class ChromiumError(RuntimeError):
    pass


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise ChromiumError("no chromium in PATH: cluster/setup.sh installs Debian's 'chromium'")


class HeadlessChromium:
    def __init__(self, width=1280, height=900):
        self.width, self.height = width, height
        self._next_id = 0
        self._buffer = b""
        self._events = []

    def __enter__(self):
        self._profile = tempfile.mkdtemp(prefix="fermata-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def map_fds():  # in the child: fd 3 = commands in, fd 4 = replies out
            # Copies first (close-on-exec), so that neither end is overwritten if the pipes
            # already sit on fd 3 or 4; dup2 then makes the two inheritable.
            commands, replies = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        args = [find_chromium(), "--headless=new", "--remote-debugging-pipe", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update",
                f"--user-data-dir={self._profile}",
                f"--window-size={self.width},{self.height}", "about:blank"]
        # Not close_fds: subprocess would close fds 3 and 4 after preexec_fn made them; every
        # other descriptor of this process is close-on-exec anyway (PEP 446).
        self._process = subprocess.Popen(args, close_fds=False, preexec_fn=map_fds,
                                         stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        return self

    def __exit__(self, *exc):
        try:
            self.send("Browser.close", timeout=10)
        except (ChromiumError, OSError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self._profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise ChromiumError("no answer from chromium in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise ChromiumError(f"chromium closed its pipe (exit {self._process.poll()})")
            self._buffer += chunk
        text, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(text)

    def send(self, method, params=None, session=None, timeout=LOAD_TIMEOUT):
        """Sends one command and returns its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise ChromiumError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def wait_for(self, method, session, timeout=LOAD_TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            for event in self._events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            self._events.append(self._read_message(deadline))

    def open(self, url):
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        page = Page(self, session, url)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1,
                   "mobile": False}, session=session)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        return page


class Page:
    def __init__(self, browser, session, url):
        self._browser, self._session, self.url = browser, session, url

    def evaluate(self, expression):
        result = self._browser.send("Runtime.evaluate",
                                    {"expression": expression, "returnByValue": True},
                                    session=self._session)
        if "exceptionDetails" in result:
            raise ChromiumError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    @property
    def console_errors(self):
        """Console errors and warnings, uncaught exceptions, log errors, failed loads, and
        any request for something other than the page itself (the page must be
        self-contained)."""
        found = []
        for event in self._browser._events:
            if event.get("sessionId") != self._session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error",
                                                                                "warning",
                                                                                "assert"):
                found.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params.get('exceptionDetails')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error",
                                                                                  "warning"):
                found.append(f"log {params['entry']['level']}: {params['entry'].get('text')}")
            elif method == "Network.loadingFailed":
                found.append(f"load failed: {params.get('errorText')}")
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if url != self.url and not url.startswith("data:"):
                    found.append(f"external request: {url}")
        return found

    def screenshot(self, path):
        """A PNG of the whole page (not just the window); returns its (width, height)."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        shot = self._browser.send("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True,
                                   "clip": {"x": 0, "y": 0, "width": self._browser.width,
                                            "height": height, "scale": 1}},
                                  session=self._session)
        data = base64.b64decode(shot["data"])
        with open(path, "wb") as out:
            out.write(data)
        return png_size(data)


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ChromiumError("the screenshot is not a PNG")
    return struct.unpack(">II", data[16:24])


def png_colours(path):
    """The number of distinct RGB(A) pixel values in an 8-bit PNG: a blank or failed render
    has one or two, a page of charts has many."""
    with open(path, "rb") as f:
        data = f.read()
    width, height = png_size(data)
    depth, colour_type = data[24], data[25]
    if depth != 8 or colour_type not in (2, 6):
        raise ChromiumError(f"unexpected PNG format (depth {depth}, colour type {colour_type})")
    channels = 3 if colour_type == 2 else 4
    idat, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):  # undo the PNG filter of this scanline
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[i] = (line[i] + pred) & 0xFF
        if y % 4 == 0:  # every 4th row is plenty to count colours
            colours.update(bytes(line[i:i + channels]) for i in range(0, stride, channels))
        previous = line
    return len(colours)
