"""Every session of the data directory, read for the follow-up (issue 10).

A file that does not read as a session (damaged, or foreign: an export saved there, a
``package.json``) is named in ``skipped`` with its reason and passed over: one bad file never
hides the rest of the archive.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from moderator.domain.agenda import Agenda
from moderator.domain.events import Outcome, ProgressStatus, SpeechKind, Suggestion
from moderator.domain.state import (
    Conclusion,
    EarlierIssue,
    Issue,
    MeetingState,
    Progress,
    Response,
    Speaker,
    Speech,
)
from moderator.i18n import Msg
from moderator.meeting import collector_paused, read_session
from moderator.store.datadir import scan_data_dir
from moderator.store.errors import StoreError
from moderator.store.storage import journal_path


@dataclass(frozen=True)
class Skipped:
    path: Path
    msg: Msg
    """"skipped <name>: …", in words with ``msg.text(lang)``."""


def _foreign(path: Path) -> Skipped:
    return Skipped(path, Msg("input_skipped_other", {"name": path.name}))


def _damaged(path: Path, detail: str) -> Skipped:
    return Skipped(path, Msg("input_skipped_damaged", {"name": path.name, "detail": detail}))


@dataclass(frozen=True)
class Archive:
    sessions: tuple[MeetingState, ...]
    """Oldest first, as the data directory lists them."""
    paths: dict[str, Path]
    """Each session's file, by session id."""
    skipped: tuple[Skipped, ...]

    def path_of(self, session_id: str) -> Path:
        return self.paths[session_id]


def read_archive(data_dir: Path) -> Archive:
    """The data directory's sessions, folded. A missing directory is an empty archive."""
    if not data_dir.is_dir():
        return Archive((), {}, ())
    scan = scan_data_dir(data_dir)
    skipped = [_foreign(path) for path in scan.others]
    skipped += [_damaged(path, str(error)) for path, error in scan.damaged]
    sessions: list[MeetingState] = []
    paths: dict[str, Path] = {}
    with collector_paused():  # what is read is kept: collections would only walk it again
        for path in scan.sessions:
            try:
                state = read_session(path).state
            except StoreError as error:
                skipped.append(_damaged(path, str(error)))
                continue
            if not state.opened or state.session_id in paths:
                skipped.append(_foreign(path))
                continue
            sessions.append(state)
            paths[state.session_id] = path
    return Archive(tuple(sessions), paths, tuple(sorted(skipped, key=lambda s: s.path.name)))


# -- the cache beside the logs -----------------------------------------------------------------

CACHE_NAME = ".followup-cache"
"""Beside the session logs; never the only copy: rebuilt from the logs when missing, stale or
unreadable. A dot name that is not ``*.json``: the data directory's listing never sees it."""
CACHE_VERSION = 2


def read_archive_cached(data_dir: Path) -> Archive:
    """``read_archive``, with what the follow-up needs of each session kept beside the logs
    (see ``open_archive``)."""
    archive, save = open_archive(data_dir)
    save()
    return archive


def open_archive(data_dir: Path) -> tuple[Archive, Callable[[], None]]:
    """The archive, and what brings the cache beside the logs up to date (nothing when it
    was): a screen shows the list first and writes the cache after.

    A session is read from its log again when its file or journal changed (modification time
    in nanoseconds and size), or when the cache is missing, of another version or unreadable.
    The cached sessions are projections: their speakers, issues, speeches, dates and agenda,
    without the queue, the step visits or the undo history (the follow-up uses none of them,
    and an update reads its session from the log before writing).
    """
    if not data_dir.is_dir():
        return Archive((), {}, ()), _nothing
    with collector_paused():  # what is read is kept: collections would only walk it again
        return _read_archive_cached(data_dir)


def _nothing() -> None:
    pass


def _read_archive_cached(data_dir: Path) -> tuple[Archive, Callable[[], None]]:
    cache = _load_cache(data_dir / CACHE_NAME)
    cached: dict[str, dict[str, Any]] = cache.get("sessions", {})
    listing = {path.name: _file_key(path) for path in _json_files(data_dir)}
    listed = cache.get("listing")
    if isinstance(listed, dict) and listed.get("files") == listing and _names_known(listed):
        # Nothing was added, removed or changed since: the data directory's sorting stands.
        order = [data_dir / name for name in listed["order"]]
        others = [data_dir / name for name in listed["others"]]
        damaged = [(data_dir / name, str(detail)) for name, detail in listed["damaged"]]
    else:
        scan = scan_data_dir(data_dir)
        order, others = scan.sessions, scan.others
        damaged = [(path, str(error)) for path, error in scan.damaged]
    skipped = [_foreign(path) for path in others]
    skipped += [_damaged(path, detail) for path, detail in damaged]
    sessions: list[MeetingState] = []
    paths: dict[str, Path] = {}
    entries: dict[str, dict[str, Any]] = {}
    agendas: dict[str, Agenda] = {}
    changed = False
    for path in order:
        key = listing.get(path.name) or _file_key(path)
        entry = cached.get(path.name)
        state: MeetingState | None = None
        if entry is not None and entry.get("key") == key:
            with suppress(
                KeyError, TypeError, ValueError, IndexError, AttributeError, ValidationError
            ):
                state = _decode(entry["state"], agendas)
        if state is None:
            changed = True
            try:
                state = read_session(path).state
            except StoreError as error:
                skipped.append(_damaged(path, str(error)))
                damaged.append((path, str(error)))
                continue
            # Encoded for the cache when it is written, after the list is shown.
            entry = {"key": key, "state": state} if state.opened else None
        if not state.opened or state.session_id in paths or entry is None:
            skipped.append(_foreign(path))
            continue
        sessions.append(state)
        paths[state.session_id] = path
        entries[path.name] = entry
    archive = Archive(tuple(sessions), paths, tuple(sorted(skipped, key=lambda s: s.path.name)))
    if not (changed or listed is None or listed.get("files") != listing):
        return archive, _nothing
    listing_now = {
        "files": listing,
        "order": [path.name for path in order if path.name in entries],
        "others": [path.name for path in others]
        + [
            path.name
            for path in order
            if path.name not in entries and not _is_damaged(path, damaged)
        ],
        "damaged": [[path.name, detail] for path, detail in damaged],
    }

    def save() -> None:
        for entry in entries.values():
            if isinstance(entry["state"], MeetingState):
                entry["state"] = _encode(entry["state"])
        _save_cache(data_dir / CACHE_NAME, entries, listing_now)

    return archive, save


def _file_key(path: Path) -> list[int | None]:
    key: list[int | None] = []
    for file in (path, journal_path(path)):
        try:
            found = file.stat()
        except OSError:
            key += [None, None]
            continue
        key += [found.st_mtime_ns, found.st_size]
    return key


def _json_files(data_dir: Path) -> list[Path]:
    """What the data directory's listing looks at (``*.json``, no dot names, files only)."""
    try:
        return [
            path
            for path in data_dir.glob("*.json")
            if not path.name.startswith(".") and path.is_file()
        ]
    except OSError:
        return []


def _names_known(listed: dict[str, Any]) -> bool:
    """Every name the stored sorting gives is one of the files listed (a cache edited by hand
    sends no reading elsewhere)."""
    files = listed["files"]
    named = [*listed["order"], *listed["others"], *(name for name, _ in listed["damaged"])]
    return all(name in files for name in named)


def _is_damaged(path: Path, damaged: list[tuple[Path, str]]) -> bool:
    return any(path == other for other, _ in damaged)


def _load_cache(path: Path) -> dict[str, Any]:
    """The cache as stored, or empty when missing, of another version or malformed."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    sessions, listing = data.get("sessions"), data.get("listing")
    if not isinstance(sessions, dict) or not _listing_ok(listing):
        return {}
    return {
        "sessions": {k: v for k, v in sessions.items() if isinstance(v, dict)},
        "listing": listing,
    }


def _listing_ok(listing: object) -> bool:
    if not isinstance(listing, dict) or not isinstance(listing.get("files"), dict):
        return False
    names = (listing.get("order"), listing.get("others"))
    damaged = listing.get("damaged")
    return (
        all(
            isinstance(n, list) and all(isinstance(x, str) and "/" not in x for x in n)
            for n in names
        )
        and isinstance(damaged, list)
        and all(isinstance(d, list) and len(d) == 2 and isinstance(d[0], str) for d in damaged)
    )


def _save_cache(path: Path, entries: dict[str, dict[str, Any]], listing: dict[str, Any]) -> None:
    """Best effort: a read-only data directory only makes the next opening slower."""
    data = json.dumps(
        {"version": CACHE_VERSION, "listing": listing, "sessions": entries}, ensure_ascii=False
    )
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data.encode("utf-8"))
        os.replace(temp, path)
    except OSError:
        with suppress(OSError):
            temp.unlink(missing_ok=True)


def _when(at: dt.datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _aware(text: object) -> dt.datetime:
    at = dt.datetime.fromisoformat(str(text))
    if at.tzinfo is None:
        raise ValueError("a time without its offset")
    return at


def _maybe(text: object) -> dt.datetime | None:
    return None if text is None else _aware(text)


def _encode(state: MeetingState) -> dict[str, Any]:
    assert state.agenda is not None
    assert state.date is not None
    return {
        "session_id": state.session_id,
        "agenda": state.agenda.model_dump_json(),
        "date": state.date.isoformat(),
        "place": state.place,
        "chair": state.chair,
        "opened_at": _when(state.opened_at),
        "closed_at": _when(state.closed_at),
        "speakers": [
            [
                s.number, s.name, s.village, s.organisation, s.area, s.topic, s.source,
                _when(s.registered_at), _when(s.withdrawn_at),
                [[g.session_id, g.issue, g.topic, g.score] for g in s.suggestions[:1]],
            ]
            for s in state.speakers
        ],
        "speeches": [
            [
                p.number, p.kind, _when(p.started_at), p.limit_seconds, p.speaker, p.issue,
                p.extra_seconds, p.paused_seconds, _when(p.ended_at),
            ]
            for p in state.speeches
        ],
        "issues": [
            [
                i.number, i.topic, i.area, list(i.raised_by), _when(i.opened_at), i.responder,
                [[r.summary, r.responder, _when(r.at), r.after_meeting] for r in i.responses],
                None if i.conclusion is None else [
                    i.conclusion.outcome, i.conclusion.text, _when(i.conclusion.at),
                    i.conclusion.owner, i.conclusion.due and i.conclusion.due.isoformat(),
                    i.conclusion.forwarded_to, i.conclusion.after_meeting,
                ],
                [[p.status, p.on.isoformat(), p.note, _when(p.at)] for p in i.progress],
                [[e.session_id, e.issue, e.date.isoformat()] for e in i.earlier],
            ]
            for i in state.issues
        ],
    }  # fmt: skip


def _decode(data: dict[str, Any], agendas: dict[str, Agenda]) -> MeetingState:
    text = str(data["agenda"])
    agenda = agendas.get(text)
    if agenda is None:
        agenda = agendas[text] = Agenda.model_validate_json(text)
    speakers = tuple(
        Speaker(
            number=int(n),
            name=str(name),
            village=str(village),
            organisation=str(org),
            area=None if area is None else str(area),
            topic=str(topic),
            source="written" if source == "written" else "floor",
            registered_at=_aware(registered),
            withdrawn_at=_maybe(withdrawn),
            suggestions=tuple(
                Suggestion(session_id=sid, issue=issue, topic=str(topic), score=float(score))
                for sid, issue, topic, score in suggestions
            ),
        )
        for n, name, village, org, area, topic, source, registered, withdrawn, suggestions in data[
            "speakers"
        ]
    )
    speeches = tuple(
        Speech(
            number=int(n),
            kind=_KINDS[kind],
            started_at=_aware(started),
            limit_seconds=int(limit),
            speaker=None if speaker is None else int(speaker),
            issue=None if issue is None else int(issue),
            extra_seconds=int(extra),
            paused_seconds=float(paused),
            ended_at=_maybe(ended),
        )
        for n, kind, started, limit, speaker, issue, extra, paused, ended in data["speeches"]
    )
    issues = tuple(
        Issue(
            number=int(n), topic=str(topic), area=None if area is None else str(area),
            raised_by=tuple(int(r) for r in raised), opened_at=_aware(opened),
            responder=str(responder),
            responses=tuple(
                Response(str(summary), str(who), _aware(at), after_meeting=bool(late))
                for summary, who, at, late in responses
            ),
            conclusion=None if conclusion is None else _conclusion(conclusion),
            progress=tuple(
                Progress(_STATUSES[status], dt.date.fromisoformat(on), str(note), _aware(at))
                for status, on, note, at in progress
            ),
            earlier=tuple(
                EarlierIssue(str(sid), int(number), dt.date.fromisoformat(day))
                for sid, number, day in earlier
            ),
        )
        for n, topic, area, raised, opened, responder, responses, conclusion, progress, earlier
        in data["issues"]
    )  # fmt: skip
    for issue in issues:
        if any(not 1 <= r <= len(speakers) for r in issue.raised_by):
            raise ValueError("an issue raised by no one known")
    for speech in speeches:
        if speech.speaker is not None and not 1 <= speech.speaker <= len(speakers):
            raise ValueError("a speech by no one known")
    return MeetingState(
        session_id=str(data["session_id"]),
        agenda=agenda,
        date=dt.date.fromisoformat(data["date"]),
        place=str(data["place"]),
        chair=str(data["chair"]),
        opened_at=_maybe(data["opened_at"]),
        closed_at=_maybe(data["closed_at"]),
        speakers=speakers,
        speeches=speeches,
        issues=issues,
    )


def _conclusion(data: list[Any]) -> Conclusion:
    outcome, text, at, owner, due, forwarded_to, late = data
    return Conclusion(
        _OUTCOMES[outcome],
        str(text),
        _aware(at),
        str(owner),
        None if due is None else dt.date.fromisoformat(due),
        str(forwarded_to),
        bool(late),
    )


_KINDS: dict[str, SpeechKind] = {k: k for k in get_args(SpeechKind)}
_OUTCOMES: dict[str, Outcome] = {k: k for k in get_args(Outcome)}
_STATUSES: dict[str, ProgressStatus] = {k: k for k in get_args(ProgressStatus)}
