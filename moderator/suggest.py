"""Duplicate-topic suggestions for a new registration.

Matches a topic against this session's live registrations and the issues of earlier
sessions in the data directory. A close match in this session flags the speaker as a repeat
(the chair decides; a flag never blocks); earlier sessions are suggested, labelled with
their date, but never flag: the chair may link the registration to one, and sees what became
of it (its conclusion and latest progress, read with the index, not on each keystroke).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from moderator.domain import queries
from moderator.domain.commands import Flagger, Flags
from moderator.domain.events import (
    DuplicateRef,
    EarlierLink,
    EarlierOutcome,
    Suggestion,
    trusted,
)
from moderator.domain.followup import items
from moderator.domain.state import MeetingState
from moderator.domain.text import clean_text
from moderator.domain.topics import DEFAULT_THRESHOLD, Match, TopicIndex
from moderator.meeting import read_session
from moderator.store.datadir import session_paths
from moderator.store.errors import StoreError
from moderator.store.storage import SESSION_SUFFIX

SHOWN = 3
SHOW_ASKED = SHOWN * 4
"""Matches asked of the index: withdrawn registrations and repeats of one issue drop out."""


@dataclass(frozen=True)
class EarlierIssue:
    session_id: str
    date: dt.date | None
    number: int
    topic: str
    area: str | None
    outcome: EarlierOutcome | None = None
    """Its conclusion and latest progress (None: not concluded)."""


def earlier_issues(data_dir: Path, exclude: str = "") -> list[EarlierIssue]:
    """The issues of the other sessions in the data directory (unreadable ones skipped), with
    what became of them (the follow-up's view of each conclusion)."""
    found: list[EarlierIssue] = []
    # Read here rather than through the follow-up's cache (``archive.read_archive_cached``),
    # which cannot leave a session out: it would fold the live session's own log, possibly
    # long, at every start, only to leave it out.
    for path in session_paths(data_dir):
        if exclude and path.name == f"{exclude}{SESSION_SUFFIX}":
            continue  # the session itself, possibly long: not read only to be left out
        try:
            state = read_session(path).state
        except StoreError:
            continue
        if state.session_id == exclude:
            continue
        found.extend(_issues(state))
    return found


def _issues(state: MeetingState) -> list[EarlierIssue]:
    if state.date is None:
        return []
    # The follow-up's view of each concluded issue: owner, due date (the agenda's default when
    # none was given), latest progress. Its days overdue are not kept: they are counted when
    # shown, to the meeting's clock.
    concluded = {item.issue: item for item in items([state], state.date)}
    found = []
    for issue in state.issues:
        item = concluded.get(issue.number)
        outcome = (
            None
            if item is None
            else EarlierOutcome.model_construct(
                outcome=item.outcome,
                text=item.conclusion,
                owner=item.owner,
                due=item.due,
                status=item.status,
                status_on=item.status_on,
                note=item.note,
            )
        )
        found.append(
            EarlierIssue(
                state.session_id, state.date, issue.number, issue.topic, issue.area, outcome
            )
        )
    return found


class _Standing:
    """Where the session's speakers stand, looked up once for all of a batch's matches: who
    is queued, and the issue each one who spoke raised (``queries.issue_of_speaker``)."""

    def __init__(self, state: MeetingState) -> None:
        self.queued = set(state.queue)
        self.issue_of = queries.issues_of_speakers(state)


class TopicMatcher:
    def __init__(
        self, earlier: Sequence[EarlierIssue] = (), threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        self.threshold = threshold
        self._earlier = {f"{e.session_id}#{e.number}": e for e in earlier}
        self._index = self._new_index()
        self._indexed: list[tuple[int, str]] = []

    def link(self, suggestion: Suggestion) -> EarlierLink | None:
        """The link to the earlier session's issue a suggestion names, with what became of it
        (None for a suggestion of this session)."""
        if suggestion.session_id is None or suggestion.issue is None:
            return None
        earlier = self._earlier.get(f"{suggestion.session_id}#{suggestion.issue}")
        if earlier is None or earlier.date is None:
            return None
        # Built without validation: every value comes from a folded session.
        return EarlierLink.model_construct(
            session_id=earlier.session_id,
            issue=earlier.number,
            date=earlier.date,
            outcome=earlier.outcome,
        )

    def suggest(
        self, state: MeetingState, topic: str, area: str = ""
    ) -> tuple[DuplicateRef | None, tuple[Suggestion, ...]]:
        """The flag (if any) and up to three suggestions for a topic about to be registered."""
        self._sync(state)
        text = clean_text(topic)
        if not text:
            return None, ()
        found = state.agenda.find_area(area) if state.agenda and area else None
        area_id = found.id if found else None
        matches = self._index.best(text, area_id, k=SHOW_ASKED)
        return self._flag(state, matches, {}, _Standing(state))

    def flagger(self, state: MeetingState) -> Flagger:
        """The flags of an import into ``state`` (``commands.import_petitions``): each new
        registration is matched against the session, the earlier sessions and the import's
        rows before it, the whole import at once (``TopicIndex.best_many``). The index itself
        takes the new registrations when it is next asked, once they are in the session."""
        # Only the session's speakers who withdrew or spoke (their issue may be another's)
        # drop out of the matches: with none, the first three matches are the three shown.
        standing = _Standing(state)
        out = sum(
            1
            for s in state.speakers
            if s.number not in standing.queued or s.number in standing.issue_of
        )
        asked = min(SHOW_ASKED, SHOWN + out)

        def flag(rows: Sequence[tuple[int, str, str | None]]) -> list[Flags]:
            self._sync(state)
            pending = {number: topic for number, topic, _ in rows}
            found = self._index.best_many([(str(n), t, a) for n, t, a in rows], k=asked)
            return [self._flag(state, matches, pending, standing) for matches in found]

        return flag

    def _flag(
        self,
        state: MeetingState,
        matches: list[Match],
        pending: dict[int, str],
        standing: _Standing,
    ) -> tuple[DuplicateRef | None, tuple[Suggestion, ...]]:
        here: list[Suggestion] = []
        before: list[Suggestion] = []
        seen: set[tuple[str | None, int | None, int | None]] = set()
        for match in matches:
            suggestion = self._suggestion(state, match, pending, standing)
            if suggestion is None:
                continue
            key = (suggestion.session_id, suggestion.issue, suggestion.speaker)
            if key in seen:
                continue
            seen.add(key)
            (before if suggestion.session_id else here).append(suggestion)
        suggestions = tuple((here + before)[:SHOWN])
        flag = None
        if here and here[0].score >= self.threshold:
            flag = trusted(DuplicateRef, issue=here[0].issue, speaker=here[0].speaker)
        return flag, suggestions

    def _suggestion(
        self, state: MeetingState, match: Match, pending: dict[int, str], standing: _Standing
    ) -> Suggestion | None:
        score, matched = match.score, match.matched
        earlier = self._earlier.get(match.key)
        if earlier is not None:
            return _suggestion(score, matched, earlier.topic, issue=earlier.number, session=earlier)
        number = int(match.key)
        if number > len(state.speakers):
            # A row of the import being flagged, or (undone since it was indexed) nobody.
            topic = pending.get(number)
            return None if topic is None else _suggestion(score, matched, topic, speaker=number)
        issue = standing.issue_of.get(number)
        if issue is not None:
            return _suggestion(score, matched, state.issue(issue).topic, issue=issue)
        if number not in standing.queued:
            return None  # withdrawn: never raised
        return _suggestion(score, matched, state.speaker(number).topic, speaker=number)

    def _new_index(self) -> TopicIndex:
        index = TopicIndex()  # each added issue counts once for the idf
        for key, earlier in self._earlier.items():
            index.add(key, earlier.topic, earlier.area)
        return index

    def _sync(self, state: MeetingState) -> None:
        """Index the registrations the state has and the index lacks. An undo that took a
        registration back (its number now holds another topic) rebuilds the index."""
        speakers = state.speakers
        done = len(self._indexed)
        if done > len(speakers) or (
            done and self._indexed[-1] != (speakers[done - 1].number, speakers[done - 1].topic)
        ):
            self._index, self._indexed, done = self._new_index(), [], 0
        for speaker in speakers[done:]:
            self._index.add(str(speaker.number), speaker.topic, speaker.area)
            self._indexed.append((speaker.number, speaker.topic))


def _suggestion(
    score: float,
    matched: tuple[str, ...],
    topic: str,
    *,
    issue: int | None = None,
    speaker: int | None = None,
    session: EarlierIssue | None = None,
) -> Suggestion:
    # Built without validation: every value comes from the index or the folded state (an
    # import asks for thousands).
    return trusted(
        Suggestion,
        score=score,
        matched=matched,
        topic=topic,
        issue=issue,
        speaker=speaker,
        session_id=session.session_id if session else None,
        session_date=session.date if session else None,
    )
