"""The interface's words, one catalogue per language. Vietnamese is the default.

Each language's catalogue is kept in a few modules (``vi``, ``export_vi``, …) so that the
exports' long document wording, the replay's words and each screen's stay apart. They are
loaded on the first ``translate`` in that language, not on import: the domain builds its
errors as ``Msg`` values and never needs the words.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

PARTS: tuple[str, ...] = (
    "",
    "export_",
    "replay_",
    "input_",
    "look_",
    "store_",
    "flow_",
    "import_",
    "hall_",
    "durations_",
    "followup_",
    "link_",
)
"""The catalogue modules of a language are ``<part><lang>``: ``vi``, ``export_vi``, …"""


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every message of ``lang`` (Vietnamese for a language the interface does not speak)."""
    lang = lang if lang in LANGS else "vi"
    merged: dict[str, str] = {}
    for part in PARTS:
        module = importlib.import_module(f"moderator.i18n.{part}{lang}")
        merged.update(module.MESSAGES)
    return merged


@dataclass(frozen=True)
class Msg:
    """A message not yet put in words: a catalogue key and its parameters. A parameter may
    itself be a ``Msg`` (the reason inside "line 4: …")."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "vi") -> str:
        return translate(self.key, lang, **self.params)


def translate(key: str, lang: str = "vi", /, **params: Any) -> str:
    """The message ``key`` in ``lang``, filled in. A ``field`` parameter names a form field,
    itself translated (``field_name`` …), so one message serves every required field."""
    words = catalogue(lang)
    filled = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in params.items()}
    if "field" in filled:
        filled["field"] = words.get(f"field_{filled['field']}", filled["field"])
    template = words.get(key) or catalogue("en").get(key) or key
    return template.format(**filled)


def error_text(error: BaseException, lang: str) -> str:
    """An error in words: its ``msg`` in ``lang`` where it carries one (domain, store), else
    what it says of itself (an OSError's text from the system)."""
    msg = getattr(error, "msg", None)
    return msg.text(lang) if isinstance(msg, Msg) else str(error)
