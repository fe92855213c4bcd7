"""Headless Chromium (Debian's ``chromium``) driven over the DevTools protocol with aiohttp, for
the hall's browser test: open pages, record every request they make and every websocket frame
they receive, take a screenshot. No Node, no Playwright download: the system's browser only.

The browser runs with the flags that work on this kind of machine, and with a host resolver
that answers nothing but 127.0.0.1: a page that needed the internet would fail, and its
requests are recorded all the same, so a test can say that none left the machine.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--remote-debugging-port=0",
]


@dataclass
class Page:
    session: str
    requests: list[str] = field(default_factory=list)
    frames: list[bytes] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)

    def received(self) -> str:
        """Everything the page's websocket brought, as text (the terminal's output)."""
        return b"".join(self.frames).decode("utf-8", "replace")


class Browser:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.pages: dict[str, Page] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._ws:
            data = json.loads(message.data)
            if "id" in data:
                future = self._pending.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
                continue
            page = self.pages.get(data.get("sessionId", ""))
            if page is None:
                continue
            method, params = data.get("method"), data.get("params", {})
            if method == "Network.requestWillBeSent":
                page.requests.append(params["request"]["url"])
            elif method == "Network.webSocketCreated":
                page.websockets.append(params["url"])
            elif method == "Network.webSocketFrameReceived":
                response = params["response"]
                payload = response["payloadData"]
                if response.get("opcode") == 2:
                    page.frames.append(base64.b64decode(payload))
                else:
                    page.frames.append(payload.encode())

    async def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[number] = future
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        await self._ws.send_str(json.dumps(message))
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def open(self, url: str, *, width: int, height: int) -> tuple[str, Page]:
        target = (await self.send("Target.createTarget", url="about:blank"))["targetId"]
        session = (await self.send("Target.attachToTarget", targetId=target, flatten=True))[
            "sessionId"
        ]
        page = self.pages[session] = Page(session)
        await self.send("Network.enable", session)
        await self.send("Page.enable", session)
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        await self.send("Page.navigate", session, url=url)
        return target, page

    async def close(self, target: str) -> None:
        await self.send("Target.closeTarget", targetId=target)

    async def screenshot(self, page: Page) -> bytes:
        shot = await self.send("Page.captureScreenshot", page.session, format="png")
        return base64.b64decode(shot["data"])


async def wait_for(page: Page, text: str, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in page.received():
            return True
        await asyncio.sleep(0.1)
    return False


@contextlib.contextmanager
def chromium() -> Iterator[str]:
    """Start the browser; yields the address of its DevTools websocket."""
    assert CHROMIUM is not None
    # The browser's helper processes may still write to the profile as it shuts down.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + 30
            while not port_file.exists() or len(port_file.read_text().split()) < 2:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("chromium did not start")
                time.sleep(0.1)
            port, path = port_file.read_text().split()[:2]
            yield f"ws://127.0.0.1:{port}{path}"
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.asynccontextmanager
async def connect(devtools: str) -> AsyncIterator[Browser]:
    async with (
        aiohttp.ClientSession() as client,
        client.ws_connect(devtools, max_msg_size=0) as ws,
    ):
        browser = Browser(ws)
        try:
            yield browser
        finally:
            browser._reader.cancel()
