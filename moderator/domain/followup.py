"""The follow-through of conclusions across sessions (issue 10): a pure function of folded
sessions and the ``today`` passed in.

Every issue with a conclusion becomes an ``Item``: its session, petition, villages, area, owner,
due date (the conclusion's own, else the agenda's default for a conclusion that asks for action)
and latest progress; ``overdue_days`` counts from the due date to ``today`` while the conclusion
is not settled. ``figures`` sums a period; ``notices_due`` says when each session's conclusion
notice is due.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from moderator.domain.events import Outcome, ProgressStatus
from moderator.domain.localtime import local
from moderator.domain.state import Issue, MeetingState, Speaker
from moderator.domain.text import match_key

SETTLED: frozenset[ProgressStatus] = frozenset({"done", "forwarded_answered", "cannot_be_done"})
"""Statuses after which a conclusion is no longer waited for."""
RESOLVED: frozenset[ProgressStatus] = frozenset({"done", "forwarded_answered"})
"""Statuses that count as resolved in the figures (on time or late)."""
STATUSES: tuple[ProgressStatus, ...] = get_args(ProgressStatus)

StatusFilter = Literal[
    "in_progress", "done", "forwarded_answered", "cannot_be_done", "none", "open", "overdue"
]
"""What the status filter may ask for: a status, no update yet, not settled, or overdue."""
STATUS_FILTERS: tuple[str, ...] = get_args(StatusFilter)

ACTION_OUTCOMES: frozenset[Outcome] = frozenset({"assigned", "forwarded"})
"""Conclusions that ask someone to act: they get the agenda's default due date."""


@dataclass(frozen=True)
class Item:
    """One concluded issue as the follow-up shows it."""

    session_id: str
    session_date: dt.date
    issue: int
    topic: str
    villages: tuple[str, ...]
    area: str | None
    area_name: str | None
    owner: str
    outcome: Outcome
    conclusion: str
    concluded_on: dt.date
    due: dt.date | None
    due_given: bool
    """True when the conclusion named its due date; False for the agenda's default."""
    status: ProgressStatus | None
    status_on: dt.date | None
    note: str
    updates: int
    overdue_days: int
    """Days past the due date, while not settled (0 when not overdue)."""
    late_days: int
    """Days past the due date when it was resolved (0 when on time or not resolved)."""
    answered_at_meeting: bool
    raised_before: tuple[tuple[dt.date, int], ...] = ()
    """(date, issue number) of the earlier meetings' issues the chair linked this one to."""
    raised_again: tuple[tuple[dt.date, int], ...] = ()
    """(date, issue number) of the later meetings' issues linked to this one: it came back."""

    @property
    def key(self) -> tuple[str, int]:
        return self.session_id, self.issue

    @property
    def settled(self) -> bool:
        return self.status in SETTLED

    @property
    def tracked(self) -> bool:
        """Has a due date: someone is expected to report back."""
        return self.due is not None


def days_overdue(due: dt.date | None, status: ProgressStatus | None, today: dt.date) -> int:
    """Days past ``due`` at ``today`` while the conclusion is not settled; 0 otherwise."""
    if due is None or status in SETTLED or today <= due:
        return 0
    return (today - due).days


def items(sessions: Iterable[MeetingState], today: dt.date) -> list[Item]:
    """Every concluded issue of ``sessions``: overdue first (most days late first), then the
    open ones by due date, then the rest by session date and issue number."""
    dated = [state for state in sessions if state.date is not None]
    again: dict[tuple[str, int], list[tuple[dt.date, int]]] = {}
    for state in dated:
        assert state.date is not None
        for issue in state.issues:
            for e in issue.earlier:
                again.setdefault((e.session_id, e.issue), []).append((state.date, issue.number))
    found = [
        _item(state, issue, today, tuple(sorted(again.get((state.session_id, issue.number), ()))))
        for state in dated
        for issue in state.issues
        if issue.conclusion is not None
    ]
    return sorted(found, key=_order)


def _order(item: Item) -> tuple[int, int, dt.date, dt.date, str, int]:
    if item.overdue_days:
        group = 0
    elif item.tracked and not item.settled:
        group = 1
    else:
        group = 2
    due = item.due or dt.date.max
    return group, -item.overdue_days, due, item.session_date, item.session_id, item.issue


def _item(
    state: MeetingState,
    issue: Issue,
    today: dt.date,
    raised_again: tuple[tuple[dt.date, int], ...] = (),
) -> Item:
    conclusion = issue.conclusion
    assert conclusion is not None
    assert state.date is not None
    assert state.agenda is not None
    agenda = state.agenda
    due = conclusion.due
    if due is None and conclusion.outcome in ACTION_OUTCOMES:
        due = state.date + dt.timedelta(days=agenda.deadlines.conclusion_days)
    latest = issue.latest_progress
    status = latest.status if latest is not None else None
    status_on = latest.on if latest is not None else None
    overdue = days_overdue(due, status, today)
    late = 0
    if due is not None and status in RESOLVED and status_on is not None and status_on > due:
        late = (status_on - due).days
    area = agenda.area(issue.area) if issue.area is not None else None
    owner = conclusion.owner or conclusion.forwarded_to or issue.responder
    villages = tuple(dict.fromkeys(state.speaker(n).village for n in issue.raised_by))
    return Item(
        session_id=state.session_id,
        session_date=state.date,
        issue=issue.number,
        topic=issue.topic,
        villages=villages,
        area=issue.area,
        area_name=area.name if area is not None else issue.area,
        owner=owner,
        outcome=conclusion.outcome,
        conclusion=conclusion.text,
        concluded_on=state.date,
        due=due,
        due_given=conclusion.due is not None,
        status=status,
        status_on=status_on,
        note=latest.note if latest is not None else "",
        updates=len(issue.progress),
        overdue_days=overdue,
        late_days=late,
        answered_at_meeting=issue.answered_at_meeting,
        raised_before=tuple((e.date, e.issue) for e in issue.earlier),
        raised_again=raised_again,
    )


# -- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """What the list is narrowed to; an empty field does not narrow. Text is compared without
    case or diacritics: ``owner`` and ``village`` as a part of the name, ``area`` as the area's
    id or a part of its name, ``session`` as the start of the session id."""

    owner: str = ""
    area: str = ""
    village: str = ""
    status: StatusFilter | Literal[""] = ""
    session: str = ""

    @property
    def empty(self) -> bool:
        return not (self.owner or self.area or self.village or self.status or self.session)


_key = lru_cache(maxsize=4096)(match_key)
"""Owners, areas and villages repeat across thousands of conclusions: each is folded once."""


def matching(found: Sequence[Item], wanted: Filter) -> list[Item]:
    return ItemIndex(found).matching(wanted)


class ItemIndex:
    """Items with their owner, area and villages folded once: a screen filters the same
    thousands of items again at every key, and folding is most of the cost of a filter."""

    def __init__(self, found: Sequence[Item]) -> None:
        self.items = list(found)
        self._keys = [
            (
                _key(item.owner),
                _key(item.area or ""),
                _key(item.area_name or ""),
                tuple(_key(v) for v in item.villages),
            )
            for item in self.items
        ]

    def matching(self, wanted: Filter) -> list[Item]:
        """The items ``wanted`` lets through, in their order."""
        if wanted.empty:
            return list(self.items)
        owner, area, village = _key(wanted.owner), _key(wanted.area), _key(wanted.village)
        session, status = wanted.session, wanted.status
        result = []
        for item, (item_owner, item_area, area_name, villages) in zip(
            self.items, self._keys, strict=True
        ):
            if owner and owner not in item_owner:
                continue
            if area and not (area == item_area or area in area_name):
                continue
            if village and not any(village in v for v in villages):
                continue
            if session and not item.session_id.startswith(session):
                continue
            if status and not _has_status(item, status):
                continue
            result.append(item)
        return result


def _has_status(item: Item, wanted: StatusFilter) -> bool:
    if wanted == "none":
        return item.status is None
    if wanted == "open":
        return item.tracked and not item.settled
    if wanted == "overdue":
        return item.overdue_days > 0
    return item.status == wanted


# -- a period --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def __contains__(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def in_period(sessions: Iterable[MeetingState], period: Period) -> list[MeetingState]:
    return [s for s in sessions if s.date is not None and s.date in period]


@dataclass(frozen=True)
class Figures:
    """A period in numbers. Areas and villages are counted per petition (one registration that
    was not withdrawn); an area is the issue's when the petition joined one."""

    sessions: int
    petitions: int
    by_area: tuple[tuple[str | None, int], ...]
    """(area id or None, petitions), in the agenda's order, then others, unknown last."""
    by_village: tuple[tuple[str, int], ...]
    issues: int
    answered_at_meeting: int
    concluded: int
    tracked: int
    """Conclusions with a due date (given, or the agenda's default)."""
    done_on_time: int
    done_late: int
    overdue: int
    open: int
    """Tracked, not settled, not yet overdue."""
    cannot_be_done: int
    speaking_by_village: tuple[tuple[str, float], ...]
    speaking_by_area: tuple[tuple[str | None, float], ...]
    came_back: int
    """Petitions linked to an issue of an earlier session, or whose best match was one (the
    cross-session suggestion made when they were registered)."""


def figures(
    sessions: Sequence[MeetingState], today: dt.date, found: Sequence[Item] | None = None
) -> Figures:
    """The period in figures; ``found``: the ``items`` of these sessions, when the caller has
    them already (a report needs them too: they are worked out once)."""
    petitions: Counter[str | None] = Counter()
    villages: Counter[str] = Counter()
    speaking_village: dict[str, float] = {}
    speaking_area: dict[str | None, float] = {}
    area_order = _area_order(sessions)
    issues = answered = came_back = 0
    for state in sessions:
        issue_area = {n: issue.area for issue in state.issues for n in issue.raised_by}
        linked = {n for issue in state.issues if issue.earlier for n in issue.raised_by}
        for speaker in _petitioners(state):
            petitions[issue_area.get(speaker.number, speaker.area)] += 1
            villages[speaker.village] += 1
            top = speaker.suggestions[0] if speaker.suggestions else None
            suggested = top is not None and top.session_id not in (None, state.session_id)
            if suggested or speaker.number in linked:
                came_back += 1
        issues += len(state.issues)
        answered += sum(1 for issue in state.issues if issue.answered_at_meeting)
        end = state.closed_at
        for speech in state.speeches:
            if speech.kind != "petition" or speech.speaker is None:
                continue
            until = speech.ended_at or end
            if until is None:
                continue
            speaker = state.speaker(speech.speaker)
            seconds = speech.elapsed(until)
            area = issue_area.get(speaker.number, speaker.area)
            speaking_village[speaker.village] = speaking_village.get(speaker.village, 0.0) + seconds
            speaking_area[area] = speaking_area.get(area, 0.0) + seconds
    if found is None:
        found = items(sessions, today)
    tracked = [i for i in found if i.tracked]

    def ordered(counts: Mapping[str | None, float]) -> list[str | None]:
        return _ordered(counts, area_order)

    return Figures(
        sessions=len(sessions),
        petitions=sum(petitions.values()),
        by_area=tuple((a, petitions[a]) for a in ordered(petitions)),
        by_village=tuple(sorted(villages.items(), key=lambda kv: (-kv[1], match_key(kv[0])))),
        issues=issues,
        answered_at_meeting=answered,
        concluded=len(found),
        tracked=len(tracked),
        done_on_time=sum(1 for i in tracked if i.status in RESOLVED and not i.late_days),
        done_late=sum(1 for i in tracked if i.late_days),
        overdue=sum(1 for i in tracked if i.overdue_days),
        open=sum(1 for i in tracked if not i.settled and not i.overdue_days),
        cannot_be_done=sum(1 for i in tracked if i.status == "cannot_be_done"),
        speaking_by_village=tuple(
            sorted(speaking_village.items(), key=lambda kv: (-kv[1], match_key(kv[0])))
        ),
        speaking_by_area=tuple((a, speaking_area[a]) for a in ordered(speaking_area)),
        came_back=came_back,
    )


def _area_order(sessions: Sequence[MeetingState]) -> list[str]:
    order: list[str] = []
    for state in sessions:
        if state.agenda is not None:
            order += [a.id for a in state.agenda.areas if a.id not in order]
    return order


def _ordered(counts: Mapping[str | None, float], area_order: list[str]) -> list[str | None]:
    """The areas counted, in the agenda's order, then others by id, unknown last."""
    known: list[str | None] = [a for a in area_order if counts.get(a)]
    others = sorted(a for a in counts if a is not None and a not in area_order)
    return [*known, *others, *([None] if counts.get(None) else [])]


def _petitioners(state: MeetingState) -> list[Speaker]:
    """The petitions a period counts: every registration that was not withdrawn."""
    return [speaker for speaker in state.speakers if speaker.withdrawn_at is None]


@dataclass(frozen=True)
class AreaOutcome:
    """One area in a period: its petitions, and where the issues they were grouped into
    stand (the same counts as ``Figures``, per area)."""

    area: str | None
    petitions: int
    answered_at_meeting: int
    concluded: int
    done_on_time: int
    done_late: int
    overdue: int
    open: int


def area_outcomes(
    sessions: Sequence[MeetingState], today: dt.date, found: Sequence[Item] | None = None
) -> tuple[AreaOutcome, ...]:
    """``Figures``' counts per area, in the order of ``Figures.by_area`` (an issue's area is
    its own; a petition's is its issue's when it joined one); ``found`` as for ``figures``."""
    petitions: Counter[str | None] = Counter()
    answered: Counter[str | None] = Counter()
    for state in sessions:
        issue_area = {n: issue.area for issue in state.issues for n in issue.raised_by}
        for speaker in _petitioners(state):
            petitions[issue_area.get(speaker.number, speaker.area)] += 1
        answered.update(issue.area for issue in state.issues if issue.answered_at_meeting)
    concluded: Counter[str | None] = Counter()
    on_time: Counter[str | None] = Counter()
    late: Counter[str | None] = Counter()
    overdue: Counter[str | None] = Counter()
    still_open: Counter[str | None] = Counter()
    for item in items(sessions, today) if found is None else found:
        concluded[item.area] += 1
        if not item.tracked:
            continue
        if item.late_days:
            late[item.area] += 1
        elif item.status in RESOLVED:
            on_time[item.area] += 1
        if item.overdue_days:
            overdue[item.area] += 1
        elif not item.settled:
            still_open[item.area] += 1
    counted: Counter[str | None] = petitions + answered + concluded
    return tuple(
        AreaOutcome(
            area=area,
            petitions=petitions[area],
            answered_at_meeting=answered[area],
            concluded=concluded[area],
            done_on_time=on_time[area],
            done_late=late[area],
            overdue=overdue[area],
            open=still_open[area],
        )
        for area in _ordered(counted, _area_order(sessions))
    )


# -- the notice's deadline -------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeDue:
    session_id: str
    session_date: dt.date
    due: dt.date
    days_left: int
    """Days from ``today`` to the deadline; negative once it has passed."""


def notice_due(state: MeetingState, today: dt.date) -> NoticeDue | None:
    """When the session's conclusion notice must be issued (the agenda's ``notice_days`` after
    the meeting). The log does not record the notice going out: this is the deadline only."""
    if state.date is None or state.agenda is None:
        return None
    due = state.date + dt.timedelta(days=state.agenda.deadlines.notice_days)
    return NoticeDue(state.session_id, state.date, due, (due - today).days)


def notices_due(sessions: Iterable[MeetingState], today: dt.date) -> list[NoticeDue]:
    """The deadlines still ahead or passed within the agenda's notice time, soonest first:
    a notice due long ago is history, not a reminder."""
    found = [notice_due(state, today) for state in sessions]
    return sorted(
        (n for n in found if n is not None and n.days_left >= -(n.due - n.session_date).days),
        key=lambda n: (n.due, n.session_id),
    )


# -- one petition's whole history -------------------------------------------------------------

HistoryKind = Literal["earlier", "raised", "answered", "concluded", "progress", "came_back"]


@dataclass(frozen=True)
class HistoryEntry:
    on: dt.date
    kind: HistoryKind
    session_id: str
    text: str
    who: str = ""
    status: ProgressStatus | None = None
    issue: int | None = None


def history(sessions: Sequence[MeetingState], session_id: str, issue: int) -> list[HistoryEntry]:
    """What happened to one issue: who raised it, the answers, the conclusion, each update
    after the meeting, and the later sessions where a registration was matched to it."""
    state = next((s for s in sessions if s.session_id == session_id), None)
    if state is None or state.date is None or not 1 <= issue <= len(state.issues):
        return []
    found = state.issue(issue)
    day = state.date
    entries = [
        HistoryEntry(e.date, "earlier", e.session_id, "", issue=e.issue) for e in found.earlier
    ]
    entries += [
        HistoryEntry(
            day,
            "raised",
            session_id,
            found.topic,
            who=", ".join(
                f"{state.speaker(n).name} ({state.speaker(n).village})" for n in found.raised_by
            ),
            issue=issue,
        )
    ]
    entries += [
        HistoryEntry(
            local(r.at).date() if r.after_meeting else day,
            "answered",
            session_id,
            r.summary,
            r.responder,
        )
        for r in found.responses
    ]
    if found.conclusion is not None:
        c = found.conclusion
        entries.append(
            HistoryEntry(day, "concluded", session_id, c.text, c.owner or c.forwarded_to)
        )
    entries += [
        HistoryEntry(p.on, "progress", session_id, p.note, status=p.status) for p in found.progress
    ]
    for later in sessions:
        if later.date is None or later.session_id == session_id:
            continue
        linked = {
            n
            for i in later.issues
            for e in i.earlier
            if e.session_id == session_id and e.issue == issue
            for n in i.raised_by
        }
        for speaker in later.speakers:
            top = speaker.suggestions[0] if speaker.suggestions else None
            suggested = top is not None and top.session_id == session_id and top.issue == issue
            if speaker.number in linked or suggested:
                entries.append(
                    HistoryEntry(
                        later.date,
                        "came_back",
                        later.session_id,
                        speaker.topic,
                        who=f"{speaker.name} ({speaker.village})",
                    )
                )
    return sorted(entries, key=lambda e: e.on)
