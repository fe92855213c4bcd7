"""Questions asked of the state by commands, the screen and the exports.

Everything here is derived: nothing is stored that the fold of the log does not give.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from moderator.domain.state import Issue, MeetingState, Speaker, Speech
from moderator.domain.state import awaiting_response as awaiting_response
from moderator.domain.text import match_key


def issue_of_speaker(state: MeetingState, speaker: int) -> int | None:
    """The issue a speaker's petition opened or joined, once they have spoken."""
    for issue in state.issues:
        if speaker in issue.raised_by:
            return issue.number
    return None


def issues_of_speakers(state: MeetingState) -> dict[int, int]:
    """``issue_of_speaker`` of every speaker who has spoken, worked out in one pass (an import
    asks it of thousands of matches)."""
    found: dict[int, int] = {}
    for issue in state.issues:
        for speaker in issue.raised_by:
            found.setdefault(speaker, issue.number)
    return found


def issue_repeated(state: MeetingState, speaker: Speaker) -> int | None:
    """The existing issue a speaker's petition joins: the one they already raised (a speaker
    put back in the queue speaks again to the same issue), the one they were flagged as
    repeating, or the one opened by a speaker flagged as repeating them who spoke first."""
    own = issue_of_speaker(state, speaker.number)
    if own is not None:
        return own
    ref = speaker.duplicate_of
    if ref is not None and ref.issue is not None:
        return ref.issue
    if ref is not None and ref.speaker is not None:
        earlier = issue_of_speaker(state, ref.speaker)
        if earlier is not None:
            return earlier
    for other in state.speakers:
        flag = other.duplicate_of
        if flag is not None and flag.speaker == speaker.number:
            repeated = issue_of_speaker(state, other.number)
            if repeated is not None:
                return repeated
    return None


def already_waiting(state: MeetingState, name: str, village: str) -> Speaker | None:
    """A queued speaker with the same name and village (a warning, never a refusal)."""
    person = (match_key(name), match_key(village))
    for speaker in state.queued():
        if speaker.person == person:
            return speaker
    return None


def times_spoken(state: MeetingState, speaker: Speaker) -> int:
    """How many petitions this person (same name and village) has already given."""
    return sum(
        1
        for speech in state.speeches
        if speech.kind == "petition"
        and speech.speaker is not None
        and state.speaker(speech.speaker).person == speaker.person
    )


def readd_candidate(state: MeetingState) -> Speaker | None:
    """The last speaker who gave a petition, if not waiting or speaking again."""
    for speech in reversed(state.speeches):
        if speech.kind == "petition" and speech.speaker is not None:
            if speech.running or speech.speaker in state.queue:
                return None
            return state.speaker(speech.speaker)
    return None


def waiting_petitions(state: MeetingState) -> list[Speaker]:
    """Registered petitions still in the queue: never presented, not yet taken up."""
    return state.queued()


def unconcluded(state: MeetingState) -> list[Issue]:
    """Issues with no conclusion yet."""
    return [issue for issue in state.issues if issue.conclusion is None]


PetitionStatus = Literal["presented", "in_writing", "waiting", "withdrawn"]


def petition_status(state: MeetingState, speaker: Speaker) -> PetitionStatus:
    """Where a registered petition stands: presented in the hall, taken up in writing, still
    waiting, or withdrawn. Every registration is in exactly one of these."""
    if speaker.number in state.queue:
        return "waiting"
    issue = issue_of_speaker(state, speaker.number)
    if issue is not None:
        in_writing = speaker.number in state.issue(issue).in_writing
        return "in_writing" if in_writing else "presented"
    if speaker.withdrawn_at is not None:
        return "withdrawn"
    return "waiting"  # called but the speech never reached an issue: not presented


def default_responder_label(state: MeetingState, issue: Issue) -> str:
    if state.agenda is None:
        return ""
    responder = state.agenda.default_responder(issue.area)
    if responder is None:
        return ""
    return responder.name or responder.role


def last_response_speech(state: MeetingState, issue: int) -> Speech | None:
    for speech in reversed(state.speeches):
        if speech.kind == "response" and speech.issue == issue:
            return speech
    return None


def speech_label(state: MeetingState, speech: Speech) -> str:
    """Who is speaking: the citizen's name, or the responder."""
    if speech.speaker is not None:
        return state.speaker(speech.speaker).name
    return speech.responder


def step_elapsed(state: MeetingState, step: str, now: dt.datetime) -> float:
    """Seconds spent in a step over all its visits (the chair may go back to one)."""
    total = 0.0
    visits = state.step_visits
    for index, visit in enumerate(visits):
        if visit.step != step:
            continue
        until = visits[index + 1].at if index + 1 < len(visits) else state.closed_at or now
        total += (until - visit.at).total_seconds()
    return max(0.0, total)


def meeting_elapsed(state: MeetingState, now: dt.datetime) -> float:
    """How long the meeting has run, from its start on the live screen (0 before)."""
    start = state.meeting_start
    if start is None:
        return 0.0
    return max(0.0, ((state.closed_at or now) - start).total_seconds())


def registration_key(name: str, village: str, topic: str) -> tuple[str, str, str]:
    """What makes two registrations the same petition: the same person (name and village)
    and the same topic, compared as names are (case, diacritics and spacing do not matter).
    An import skips a row whose key the session already has."""
    return match_key(name), match_key(village), _topic_key(topic)


_MARKS = re.compile(r"[\u0300-\u036f]")


class _WordKeys(dict[str, str]):
    """The key of each word of a topic, worked out once: the words of a file's topics repeat
    from row to row (a few thousand distinct among a million). Bounded: emptied when full."""

    LIMIT = 100_000

    def __missing__(self, word: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        plain = _MARKS.sub("", unicodedata.normalize("NFD", word))
        key = self[word] = unicodedata.normalize("NFC", plain).replace("đ", "d")
        return key


_WORD_KEYS = _WordKeys()


def _topic_key(topic: str) -> str:
    # `match_key` for a long text: blanks made one, lower case, the marks U+0300-U+036F
    # removed, đ → d. Word by word, which gives what the whole text would (a blank neither
    # composes nor reorders with what is around it; tests/unit/test_registration_key.py).
    words = topic.lower().split()
    if topic.isascii():
        return " ".join(words)
    return " ".join(map(_WORD_KEYS.__getitem__, words))


class Registrations:
    """Registrations told apart as ``registration_key`` tells them, asked one by one whether
    the next is new (an import's rows)."""

    def __init__(self, speakers: Iterable[Speaker] = ()) -> None:
        self._keys = {registration_key(s.name, s.village, s.topic) for s in speakers}

    def add(self, name: str, village: str, topic: str) -> bool:
        """Whether this registration is new (then it is counted in from now on)."""
        key = registration_key(name, village, topic)
        if key in self._keys:
            return False
        self._keys.add(key)
        return True
