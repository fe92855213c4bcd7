"""The JSON export, for other tools: the session's header, its folded state and its events.

``schema_version`` changes only when a field changes meaning or disappears; new fields may be
added. Events are exactly as stored in the session log (``dump_event``). ``complete`` and
``missing`` say what the record still lacks (``completeness``), in the export's language;
``petitions`` gives where each registration stands (``queries.petition_status``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from pydantic import BaseModel

from moderator.domain import queries
from moderator.domain.events import dump_event
from moderator.domain.record import Recorded
from moderator.domain.state import MeetingState, Speech
from moderator.export.completeness import completeness
from moderator.export.source import Context

SCHEMA_VERSION = 1


def render_json(recorded: Recorded, ctx: Context) -> str:
    missing = completeness(ctx.state)
    data = {
        "schema_version": SCHEMA_VERSION,
        "draft": ctx.draft,
        "complete": not missing,
        "missing": [
            {"code": msg.key, **msg.params, "text": msg.text(ctx.words.lang)} for msg in missing
        ],
        "petitions": [
            {"speaker": speaker.number, "status": queries.petition_status(ctx.state, speaker)}
            for speaker in ctx.state.speakers
        ],
        "header": recorded.header,
        "state": state_json(ctx.state, ctx.now),
        "events": [dump_event(event) for event in recorded.events],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def state_json(state: MeetingState, now: dt.datetime) -> dict[str, Any]:
    """The state as plain data, less the undo history; each speech also gets its derived
    ``elapsed_seconds`` and ``overtime_seconds`` (timed up to ``now``)."""
    data: dict[str, Any] = {
        field.name: _plain(getattr(state, field.name))
        for field in dataclasses.fields(state)
        if field.name != "undo_stack"
    }
    data["speeches"] = [_speech(speech, now) for speech in state.speeches]
    data["closed"] = state.closed
    data["step"] = state.step.id if state.step is not None else None
    return data


def _speech(speech: Speech, now: dt.datetime) -> dict[str, Any]:
    data: dict[str, Any] = _plain(speech)
    data["elapsed_seconds"] = round(speech.elapsed(now), 3)
    data["overtime_seconds"] = round(speech.overtime(now), 3)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value
