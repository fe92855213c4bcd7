"""``moderator hall --serve``: the hall display in a browser, through textual-serve.

Each browser that opens the page gets its own ``moderator hall`` process, a reader of the
session like any other: several browsers follow at once, and one that goes away ends only its
own process, never the chair's program. The page is textual-serve's, with its web font served
from this laptop instead of the internet (the hall is often offline) and its few words in the
interface's language.
"""

from __future__ import annotations

import logging
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from moderator.i18n import translate

TEMPLATES = Path(__file__).with_name("hall_web")


class HallServer(Server):
    """textual-serve's server with the hall's page, and addresses that follow the request: a
    browser that reached the laptop by its address on the hall's network is told to open the
    view's websocket at that same address, whatever ``--host`` the server listens on."""

    def __init__(self, command: str, *, host: str, port: int, lang: str, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.lang = lang

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        base = f"{request.scheme}://{request.host}"
        websocket = ("wss" if request.scheme == "https" else "ws") + base[base.index(":") :]
        size = request.query.get("fontsize", "16")
        return {
            "font_size": int(size) if size.isdigit() else 16,
            "app_websocket_url": f"{websocket}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
            "lang": self.lang,
            "words": {
                "start": translate("hall_page_start", self.lang),
                "ended": translate("hall_page_ended", self.lang),
                "restart": translate("hall_page_restart", self.lang),
            },
        }

    def initialize_logging(self) -> None:
        """Warnings only: a line per browser request would bury the address line."""
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: textual-serve prints its banner here; the hall prints one line instead."""

    def run(self, started: str) -> None:
        """Serve until Ctrl+C; print ``started`` once the port is open."""
        self.initialize_logging()
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            print=lambda _: print(started, flush=True),
        )


def serve(path: Path, *, lang: str, host: str, port: int) -> None:
    """Serve the hall display of the session file ``path`` until interrupted."""
    command = shlex.join(
        [sys.executable, "-m", "moderator", "hall", str(path.resolve()), "--lang", lang]
    )
    title = translate("hall_app_title", lang)
    server = HallServer(command, host=host, port=port, lang=lang, title=title)
    if host in ("0.0.0.0", "::", ""):  # every interface: the browser needs a real address
        shown = translate("hall_this_machine", lang)
    else:
        shown = f"[{host}]" if ":" in host else host
    started = translate(
        "hall_serving",
        lang,
        session_id=path.name.removesuffix(".json"),
        url=f"http://{shown}:{port}",
    )
    server.run(started)
