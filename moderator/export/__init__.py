"""Documents made from a recorded session, from its log alone.

``export`` gives the conclusion notice (thông báo kết luận) as plain text, Markdown or Word,
the minutes (biên bản) as plain text or Word, or the whole session as JSON; ``timeline``
gives the printed timeline; ``completeness`` says what the record still lacks. All are pure
functions of the ``Recorded`` session: the same log gives the same document, whenever and
wherever it is exported (times are shown in the commune's time zone, and an unfinished
session is timed up to its last event and marked as a draft).
"""

from __future__ import annotations

from collections.abc import Iterator

from moderator.domain.localtime import LOCAL_TZ
from moderator.domain.record import Recorded
from moderator.export.completeness import completeness
from moderator.export.markdown import render_markdown
from moderator.export.minutes import minutes
from moderator.export.notice import notice
from moderator.export.plain import render_text
from moderator.export.session_json import render_json
from moderator.export.source import Context, ExportError
from moderator.export.timeline import timeline_lines
from moderator.export.words import Words

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "LOCAL_TZ",
    "SUFFIXES",
    "ExportError",
    "completeness",
    "export",
    "timeline",
]

FORMATS = ("text", "md", "docx", "minutes", "minutes-docx", "json")
SUFFIXES = {
    "text": ".txt",
    "md": ".md",
    "docx": ".docx",
    "minutes": ".txt",
    "minutes-docx": ".docx",
    "json": ".json",
}
"""A file name suffix for each format, for ``-o`` defaults."""
BINARY_FORMATS = frozenset({"docx", "minutes-docx"})
"""Formats that are not text (not for a terminal)."""


def export(recorded: Recorded, fmt: str, lang: str = "vi") -> bytes:
    """The session as ``fmt``: docx bytes, or UTF-8 text.

    Raises ``ValueError`` for an unknown format or language, ``ExportError`` for a session
    with nothing to export.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    ctx = Context.of(recorded, lang)
    if fmt == "json":
        return render_json(recorded, ctx).encode()
    document = minutes(ctx) if fmt.startswith("minutes") else notice(ctx)
    if fmt in BINARY_FORMATS:
        # python-docx (and lxml) load only when a Word file is asked for: every start of the
        # live screen would otherwise pay for them.
        from moderator.export.word import render_docx

        return render_docx(document, lang, ctx.events[0].at, ctx.now)
    if fmt == "md":
        return render_markdown(document).encode()
    return render_text(document).encode()


def timeline(recorded: Recorded, lang: str = "vi") -> Iterator[str]:
    """One line per event of the log, oldest first (no trailing newlines)."""
    Words(lang)  # an unknown language fails here, not at the first line
    if not recorded.events:
        return iter(())
    return timeline_lines(Context.of(recorded, lang))
