"""The agenda: what a commune's dialogue meeting consists of, loaded from a TOML file.

Everything that differs between communes (steps, scripts, villages, areas, responders, rules, time
limits, distribution list) is data here, never code. A bad file is reported as one line naming the
file, the field and the reason, because the person fixing it is a commune secretary with a text
editor, not a programmer.
"""

from __future__ import annotations

import re
import tomllib
import types
import unicodedata
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from moderator.domain.vietnamese import plain_word

__all__ = [
    "DEFAULT_AGENDA",
    "PACKAGE_AGENDAS",
    "Agenda",
    "AgendaError",
    "Deadlines",
    "Area",
    "Person",
    "Responder",
    "Rules",
    "Signature",
    "Step",
    "StepKind",
    "typed_key",
    "load_agenda",
    "parse_agenda",
]

_DEFAULT_NAME = "trung-son-2024.toml"
# A checkout keeps the canonical, user-facing files in `agendas/` at the repository root; an
# installed wheel only has the copies shipped inside the package.
_REPO_AGENDAS = Path(__file__).resolve().parents[2] / "agendas"
PACKAGE_AGENDAS = Path(__file__).resolve().parents[1] / "agendas"
DEFAULT_AGENDA: Path = (
    _REPO_AGENDAS / _DEFAULT_NAME
    if (_REPO_AGENDAS / _DEFAULT_NAME).is_file()
    else PACKAGE_AGENDAS / _DEFAULT_NAME
)

# Ids end up in the event log and on the command line, so they stay plain ASCII.
_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

# Strict: TOML has real numbers, so `planned_minutes = "10"` or `= true` is a typo worth reporting
# rather than something to coerce silently.
_CONFIG = ConfigDict(frozen=True, extra="forbid", strict=True, str_strip_whitespace=True)


def _check_id(value: str) -> str:
    if not _ID_PATTERN.fullmatch(value):
        raise ValueError("use only letters a-z, digits, '_' and '-' (no spaces, no diacritics)")
    return value


_Id = Annotated[str, AfterValidator(_check_id)]
_NonEmpty = Annotated[str, Field(min_length=1)]
_Positive = Annotated[int, Field(gt=0)]


class Person(BaseModel):
    model_config = _CONFIG

    role: _NonEmpty
    name: str = ""


class Responder(BaseModel):
    """An official who answers petitions, known by a stable id (e.g. `dia_chinh`)."""

    model_config = _CONFIG

    id: _Id
    role: _NonEmpty
    name: str = ""


class Area(BaseModel):
    """A focus area (lĩnh vực); `responder` is the id of the default responder."""

    model_config = _CONFIG

    id: _Id
    name: _NonEmpty
    responder: str


class Rules(BaseModel):
    model_config = _CONFIG

    text: list[str]
    petition_seconds: _Positive
    response_seconds: _Positive
    warning_seconds: _Positive

    @model_validator(mode="after")
    def _warning_before_limits(self) -> Rules:
        for limit in ("petition_seconds", "response_seconds"):
            value = getattr(self, limit)
            if self.warning_seconds >= value:
                raise _semantic(
                    "rules.warning_seconds",
                    f"must be less than {limit} ({value}), got {self.warning_seconds}",
                )
        return self


class Signature(BaseModel):
    """Who signs the conclusion notice, as Nghị định 30/2020/NĐ-CP lays out the block: the
    authority line ("TM. ỦY BAN NHÂN DÂN", or "KT. CHỦ TỊCH" when a deputy signs), the
    signer's title ("CHỦ TỊCH", "PHÓ CHỦ TỊCH") and name. Empty fields fall back to the
    chair's role and the session's chair."""

    model_config = _CONFIG

    authority: str = ""
    title: str = ""
    name: str = ""


StepKind = Literal["opening", "petitions", "floor", "responses", "conclusion", "closing", "other"]


class Step(BaseModel):
    model_config = _CONFIG

    id: _Id
    kind: StepKind
    title: _NonEmpty
    script: str
    planned_minutes: _Positive


class Deadlines(BaseModel):
    """Time limits after the meeting, in days: the commune's to set (issue 10)."""

    model_config = _CONFIG

    notice_days: _Positive = 15
    """Days after the meeting by which the conclusion notice must be issued."""
    conclusion_days: _Positive = 30
    """Days after the meeting a conclusion gets when it was given no due date."""


class Agenda(BaseModel):
    model_config = _CONFIG

    title: _NonEmpty
    organiser: _NonEmpty
    organiser_full: str = ""
    """The issuing body's full name for the documents' heading ("Ủy ban nhân dân\nxã Trung
    Sơn"; a line break splits the heading); ``organiser`` stays the short form for running
    text. Empty: the heading uses ``organiser``."""
    commune: _NonEmpty
    language: Literal["vi", "en"] = "vi"
    legal_basis: list[str] = []
    chair: Person
    secretary: Person | None = None
    participants: list[str]
    responders: list[Responder]
    locations: list[str]
    villages: list[str]
    areas: list[Area]
    rules: Rules
    steps: list[Step]
    distribution: list[str]
    signature: Signature = Signature()
    minutes_copies: _Positive = 2
    """How many copies of the minutes are made ("Biên bản lập thành 02 bản")."""
    deadlines: Deadlines = Deadlines()
    """When the notice is due and the default due date of a conclusion (follow-up)."""

    @model_validator(mode="after")
    def _consistent(self) -> Agenda:
        if not self.steps:
            raise _semantic("steps", "at least one [[steps]] entry is required")
        if not self.villages:
            raise _semantic("villages", "at least one village is required")
        if not self.locations:
            raise _semantic("locations", "at least one location is required")
        _require_unique("steps", "id", "step id", [s.id for s in self.steps])
        _require_unique("responders", "id", "responder id", [r.id for r in self.responders])
        _require_unique("areas", "id", "area id", [a.id for a in self.areas])
        # Typed lookups ignore diacritics, so two names equal without them would be ambiguous.
        _require_unique("areas", "name", "area name", [a.name for a in self.areas], typed_key)
        _require_unique("villages", None, "village", self.villages, typed_key)
        known = [r.id for r in self.responders]
        for index, area in enumerate(self.areas):
            if area.responder not in known:
                raise _semantic(
                    f"areas.{index}.responder",
                    f"unknown responder {area.responder!r}"
                    f"{_did_you_mean(area.responder, known)}; known: {', '.join(known) or 'none'}",
                )
        return self

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def step_index(self, step_id: str) -> int:
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        raise KeyError(step_id)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def responder(self, responder_id: str) -> Responder | None:
        return next((r for r in self.responders if r.id == responder_id), None)

    def default_responder(self, area_id: str | None) -> Responder | None:
        area = self.area(area_id) if area_id is not None else None
        return self.responder(area.responder) if area is not None else None

    def find_area(self, typed: str) -> Area | None:
        """The area the operator meant by `typed`, or None when nothing or several match.

        An exact id, then an exact name (diacritics and case ignored); otherwise a unique match
        where the typed words start consecutive words of the name, so "moi truong" finds
        "Vệ sinh môi trường" and "dat" finds "Đất đai"; else a unique name whose consecutive
        words' initials are the typed letters (three at least), so "vsmt" finds "Vệ sinh môi
        trường" and "gpmb" "Đền bù giải phóng mặt bằng".
        """
        found = _find(typed, self.areas, lambda a: (a.id, a.name))
        return found if found is not None else _by_initials(typed, self.areas)

    def find_responder(self, typed: str) -> Responder | None:
        """The responder meant by `typed`: by id, role or name, matched as `find_area` does."""
        return _find(typed, self.responders, lambda r: (r.id, r.role, r.name))

    def find_village(self, typed: str) -> str | None:
        """The village meant by `typed` ("thon 3", "3", "Thôn 3"), or None if none or ambiguous."""
        return _find(typed, self.villages, lambda v: (v,))


class AgendaError(Exception):
    """A bad agenda file. `str()` is one line: "<file>: <field.path>: <reason>"."""

    def __init__(self, source: str, field: str | None, reason: str) -> None:
        self.source = source
        self.field = field
        self.reason = _one_line(reason)
        where = f"{source}: {field}" if field else source
        super().__init__(f"{where}: {self.reason}")


def load_agenda(path: str | Path) -> Agenda:
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise AgendaError(source, None, "file not found") from None
    except IsADirectoryError:
        raise AgendaError(source, None, "is a directory, not an agenda file") from None
    except OSError as exc:
        raise AgendaError(source, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AgendaError(
            source, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    return parse_agenda(text, source)


def parse_agenda(text: str, source: str = "<agenda>") -> Agenda:
    # Windows Notepad saves a byte-order mark, which TOML itself rejects.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise AgendaError(source, None, "the file is empty")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\s*\(at (line \d+, column \d+)\)", message)
        where = match.group(1) if match else None
        reason = message[: match.start()] + message[match.end() :] if match else message
        raise AgendaError(source, where, f"TOML syntax error: {reason}") from None
    except RecursionError:
        raise AgendaError(source, None, "TOML nested too deep") from None
    except ValueError:  # an integer past Python's digit limit
        raise AgendaError(source, None, "a number with too many digits") from None
    if not data:
        raise AgendaError(source, None, "the file is empty (only comments)")
    try:
        return Agenda.model_validate(_nfc(data))
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key shows up twice, as unknown and as missing; the unknown one names the cause.
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        field, reason = _describe(first, data)
        raise AgendaError(source, field, reason) from None


def typed_key(text: str) -> str:
    """Lower-case, diacritics-free, single-spaced: how operators type Vietnamese in a hurry.

    `đ` has no combining mark to strip, so it is mapped by hand. Digits glued to letters are split
    ("thon3" -> "thon 3") and `_`/`-` count as spaces so ids compare like names.
    """
    bare = re.sub(r"[_\-–—.,;:/]+", " ", plain_word(text))
    bare = re.sub(r"(?<=[^\W\d])(?=\d)|(?<=\d)(?=[^\W\d])", " ", bare)
    return " ".join(bare.split())


# --- internals -------------------------------------------------------------------------------


_T = TypeVar("_T")


def _find(typed: str, items: Sequence[_T], keys: Callable[[_T], tuple[str, ...]]) -> _T | None:
    """Exact match on each key in priority order (an id beats a name), then a unique partial one."""
    wanted = typed_key(typed)
    if not wanted:
        return None
    keyed = [(item, [typed_key(k) for k in keys(item)]) for item in items]
    for rank in range(max((len(k) for _, k in keyed), default=0)):
        exact = [item for item, k in keyed if rank < len(k) and k[rank] == wanted]
        if exact:
            return exact[0] if len(exact) == 1 else None
    words = wanted.split()
    partial = [item for item, k in keyed if any(_words_match(words, key) for key in k)]
    return partial[0] if len(partial) == 1 else None


def _by_initials(typed: str, areas: Sequence[Area]) -> Area | None:
    """The one area whose name's words, from the first or a later one, begin with the typed
    letters, as petitions abbreviate areas ("vsmt", "attp", "gpmb"); three letters at least,
    so that a short word is never taken for an area."""
    wanted = typed_key(typed)
    if len(wanted) < 3 or not wanted.isalpha():
        return None
    found = [a for a in areas if wanted in "".join(w[0] for w in typed_key(a.name).split())]
    return found[0] if len(found) == 1 else None


def _words_match(typed: list[str], key: str) -> bool:
    """Whether the typed words start consecutive words of `key`; numbers must be equal."""
    name = key.split()
    for start in range(len(name) - len(typed) + 1):
        if all(_word_matches(t, n) for t, n in zip(typed, name[start:], strict=False)):
            return True
    return False


def _word_matches(typed: str, word: str) -> bool:
    # "1" must not pick "Thôn 12"; "03" may pick "Thôn 3".
    if typed.isdigit():
        return word.isdigit() and int(typed) == int(word)
    return word.startswith(typed)


def _semantic(path: str, reason: str) -> PydanticCustomError:
    # Cross-field checks run at the model level, where pydantic's own location is the whole model;
    # the real path rides along in the error context and `_describe` puts it back.
    return PydanticCustomError("agenda", "{path}: {reason}", {"path": path, "reason": reason})


def _require_unique(
    list_name: str,
    key: str | None,
    what: str,
    values: Sequence[str],
    same: Callable[[str], str] = str,
) -> None:
    first_seen: dict[str, int] = {}
    for index, value in enumerate(values):
        earlier = first_seen.setdefault(same(value), index)
        if earlier != index:
            path = f"{list_name}.{index}" + (f".{key}" if key else "")
            raise _semantic(path, f"duplicate {what} {value!r}, already at {list_name}.{earlier}")


def _describe(error: ErrorDetails, data: dict[str, Any]) -> tuple[str, str]:
    ctx = error.get("ctx") or {}
    if error["type"] == "agenda":
        path = str(ctx["path"])
        return path, str(ctx["reason"]) + _which_entry(path.split("."), data)
    loc = [str(part) for part in error["loc"]]
    path = ".".join(loc)
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        reason = "required key is missing"
    elif kind == "extra_forbidden":
        model = _model_at(error["loc"][:-1])
        known = list(model.model_fields) if model else []
        reason = f"unknown key{_did_you_mean(loc[-1], known)}"
    elif kind == "value_error":
        reason = str(ctx.get("error", error["msg"]))
    elif kind == "string_too_short" and ctx.get("min_length") == 1:
        reason = "must not be empty"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        reason = f"must be a whole number (no quotes), got {_shown(value)}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        table = f"[[{loc[-2]}]]" if loc[-1].isdigit() else f"[{path}]"
        reason = f"must be a table like {table} with keys, got {_shown(value)}"
    elif kind == "greater_than":
        reason = f"must be greater than {ctx.get('gt')}, got {_shown(value)}"
    elif kind == "list_type":
        reason = f"must be a list like [ ... ], got {_shown(value)}"
    elif kind == "string_type":
        reason = f"must be text in quotes, got {_shown(value)}"
    else:
        reason = f"{error['msg']}, got {_shown(value)}"
    return path, reason + _which_entry(loc, data)


def _which_entry(loc: Sequence[str], data: dict[str, Any]) -> str:
    # Paths count from 0 like every tool does, but a secretary counts [[steps]] blocks from 1 and
    # recognises them by id, so say both.
    if len(loc) < 2 or not loc[1].isdigit() or not isinstance(data.get(loc[0]), list):
        return ""
    index = int(loc[1])
    entries = data[loc[0]]
    if index >= len(entries):
        return ""
    entry = entries[index]
    ident = entry.get("id") if isinstance(entry, dict) else None
    label = f", id {ident!r}" if isinstance(ident, str) and loc[-1] != "id" else ""
    table = f"[[{loc[0]}]]" if isinstance(entry, dict) else loc[0]
    return f" ({table} number {index + 1}{label})"


def _model_at(loc: Sequence[int | str]) -> type[BaseModel] | None:
    model: type[BaseModel] = Agenda
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return None
        model = inner
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (list, Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _did_you_mean(word: str, candidates: Sequence[str]) -> str:
    close = get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _nfc(value: Any) -> Any:
    # Vietnamese keyboards (Unikey "Unicode tổ hợp") may save decomposed text; store one form so
    # exports and comparisons do not depend on the secretary's keyboard setting.
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _one_line(text: str) -> str:
    return " ".join(text.split())
