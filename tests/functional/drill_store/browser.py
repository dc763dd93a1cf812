"""Headless Chromium driven over the DevTools protocol (aiohttp websocket), for the browser-seat
test: open a page, take screenshots, click and type. Loopback only."""
from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import shutil
import subprocess
import zlib

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self, exe: str, profile: str) -> None:
        self.proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.ws_url = None
        for line in self.proc.stderr:   # "DevTools listening on ws://127.0.0.1:PORT/devtools/..."
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                self.ws_url = m.group(1)
                break
        if not self.ws_url:
            raise RuntimeError("chromium did not start its DevTools endpoint")
        self._ids = itertools.count(1)

    async def __aenter__(self):
        import aiohttp
        self._http = aiohttp.ClientSession()
        self._ws = await self._http.ws_connect(self.ws_url, max_msg_size=0)
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()
        await self._http.close()
        self.proc.kill()
        self.proc.wait()

    async def call(self, method: str, session: str | None = None, **params):
        mid = next(self._ids)
        msg = {"id": mid, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        await self._ws.send_str(json.dumps(msg))
        while True:
            reply = json.loads((await asyncio.wait_for(self._ws.receive(), 30)).data)
            if reply.get("id") == mid:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    async def open(self, url: str, width: int = 1100, height: int = 700) -> str:
        target = (await self.call("Target.createTarget", url="about:blank"))["targetId"]
        session = (await self.call("Target.attachToTarget", targetId=target,
                                   flatten=True))["sessionId"]
        await self.call("Page.enable", session)
        await self.call("Emulation.setDeviceMetricsOverride", session, width=width,
                        height=height, deviceScaleFactor=1, mobile=False)
        await self.call("Page.navigate", session, url=url)
        return session

    async def screenshot(self, session: str) -> bytes:
        return base64.b64decode((await self.call("Page.captureScreenshot", session,
                                                 format="png"))["data"])

    async def click(self, session: str, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", session, type=kind, x=x, y=y,
                            button="left", clickCount=1)

    async def type(self, session: str, text: str) -> None:
        await self.call("Input.insertText", session, text=text)
        await asyncio.sleep(0.4)    # as a person would: the terminal reads keys in order

    async def key(self, session: str, name: str, vk: int, text: str = "") -> None:
        for kind in ("keyDown", "keyUp"):
            extra = {"text": text} if text and kind == "keyDown" else {}
            await self.call("Input.dispatchKeyEvent", session, type=kind, key=name, code=name,
                            windowsVirtualKeyCode=vk, **extra)

    async def enter(self, session: str) -> None:
        await self.key(session, "Enter", 13, "\r")
        await asyncio.sleep(0.4)

    async def backspace(self, session: str, times: int = 1) -> None:
        for _ in range(times):
            await self.key(session, "Backspace", 8)

    async def focus_terminal(self, session: str) -> None:
        """Keyboard focus to the page's terminal (xterm.js reads keys from a hidden textarea)."""
        await self.call("Runtime.evaluate", session,
                        expression="document.querySelector('textarea')?.focus()")


def png_colours(png: bytes) -> int:
    """How many different RGB(A) byte triples the decoded rows hold (a blank page has ~1-3)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(png):
        n = int.from_bytes(png[pos:pos + 4], "big")
        kind = png[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += png[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    return len({raw[i:i + 3] for i in range(0, min(len(raw), 3_000_000), 3)})


def png_rgb(png: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, bytes per pixel, pixel bytes) of an 8-bit RGB or RGBA PNG, unfiltered."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, head = 8, b"", b""
    while pos < len(png):
        n = int.from_bytes(png[pos:pos + 4], "big")
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            head = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, colour = int.from_bytes(head[0:4], "big"), int.from_bytes(head[4:8], "big"), head[8], head[9]
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return w, h, bpp, bytes(out)


def red_pixels(png: bytes) -> int:
    """How many pixels are clearly red (an error message in Textual's $error colour)."""
    _, _, bpp, px = png_rgb(png)
    return sum(1 for i in range(0, len(px), bpp)
               if px[i] > 140 and px[i] > 2 * px[i + 1] and px[i] > 1.4 * px[i + 2])
