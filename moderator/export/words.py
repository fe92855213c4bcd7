"""The documents' words in one language, and how dates, times and durations are written.

Every string comes from the export catalogues (``moderator/i18n/export_*.py``). A missing key
is a programming error and raises, rather than printing the key into a published document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from moderator.domain.agenda import Agenda
from moderator.domain.localtime import LOCAL_TZ
from moderator.domain.state import Conclusion, Speaker
from moderator.i18n import LANGS, catalogue, durations


class Words:
    """The catalogue of one language, with the formatting rules of its documents."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
        self.lang = lang
        self._catalogue = catalogue(lang)

    def __call__(self, key: str, /, **params: Any) -> str:
        return self._catalogue[key].format(**params)

    # -- dates and times ----------------------------------------------------------------------

    def date(self, day: dt.date) -> str:
        """The date in words: ngày 15 tháng 3 năm 2024, or 15 March 2024."""
        month = self(f"doc_month_{day.month}")
        return self("doc_date", day=day.day, month=month, year=day.year)

    def short_date(self, day: dt.date) -> str:
        return self("doc_date_short", day=day.day, month=day.month, year=day.year)

    def time(self, at: dt.datetime) -> str:
        """The local time of day in words: "08 giờ 05 phút" / "08:05"."""
        local = at.astimezone(LOCAL_TZ)
        return self("doc_time", hour=local.hour, minute=local.minute)

    def duration(self, seconds: float) -> str:
        """A speech's length in words: "3 phút 05 giây" / "3 min 05 s"."""
        return durations.duration(seconds, self.lang)

    def outcome(self, family: str, conclusion: Conclusion) -> str:
        """What the conclusion decided, in the words of ``family`` (``doc`` for the documents,
        ``tl`` for the timeline): ``<family>_outcome_<outcome>``, with the owner it is assigned
        to or the body it is forwarded to."""
        return self(
            f"{family}_outcome_{conclusion.outcome}",
            owner=conclusion.owner,
            body=conclusion.forwarded_to,
        )

    # -- people -------------------------------------------------------------------------------

    def person(self, speaker: Speaker, *, written: bool = False) -> str:
        """ "Name (village)", with the organisation if any; ``written``: a petition taken up
        in writing, not presented in the hall."""
        if speaker.organisation:
            key = "doc_person_org_written" if written else "doc_person_org"
        else:
            key = "doc_person_written" if written else "doc_person"
        return self(
            key,
            name=speaker.name,
            village=speaker.village,
            organisation=speaker.organisation,
        )

    def official(self, name: str, role: str) -> str:
        """Name and role ("Diêm Đăng Nghiệp, Chủ tịch UBND xã"), or whichever of them is known."""
        if name and role and name != role:
            return self("doc_official", name=name, role=role)
        return name or role

    def area(self, agenda: Agenda, area_id: str | None) -> str:
        if area_id is None:
            return self("doc_area_none")
        found = agenda.area(area_id)
        return found.name if found is not None else area_id


_SENTENCE_ENDS = (".", "!", "?", "…", "./.")
_CLAUSE_ENDS = ";,:"


def sentence(text: str) -> str:
    """Typed text as a sentence of a document: ended by one full stop (a trailing ";" or ","
    becomes one; "?", "!" and "…" stay)."""
    text = text.rstrip()
    stripped = text.rstrip(_CLAUSE_ENDS).rstrip()
    if not stripped:
        return text
    closing = ""
    while stripped and stripped[-1] in "\"')]”’»":
        closing = stripped[-1] + closing
        stripped = stripped[:-1]
    if stripped.endswith(_SENTENCE_ENDS):
        return stripped + closing
    return f"{stripped}{closing}."


def clause(text: str) -> str:
    """Typed text to be followed by more words: its closing punctuation removed."""
    return text.rstrip().rstrip(".;,: ").rstrip()


def clock(seconds: float) -> str:
    """A length as on the timer: "3:05", "1:02:03"."""
    total = round(seconds)
    return ("-" if total < 0 else "") + durations.clock(total)
