"""Written petitions, submitted before the meeting, read from CSV or JSON Lines.

A file is read whole and checked before anything is imported: one bad row refuses the
file (its line number named), so an import never half-applies.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from moderator.i18n import Msg

FIELDS = ("name", "village", "area", "topic", "organization")
REQUIRED = ("name", "village", "topic")
# Spellings a secretary's spreadsheet may use for the same column.
_ALIASES = {
    "organisation": "organization",
    "org": "organization",
    "ho_ten": "name",
    "họ tên": "name",
    "thôn": "village",
    "lĩnh vực": "area",
    "nội dung": "topic",
    "tổ chức": "organization",
}


@dataclass(frozen=True)
class Petition:
    line: int
    name: str
    village: str
    topic: str
    area: str = ""
    organization: str = ""


class PetitionFileError(Exception):
    """A file that cannot be imported; ``msg`` says why, in either language."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.msg = Msg(key, params)


def read_petitions(path: Path) -> list[Petition]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PetitionFileError("cli_file_not_found", path=path) from None
    except OSError as error:
        raise PetitionFileError("cli_file_unreadable", path=path, reason=error.strerror) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PetitionFileError("cli_not_utf8", path=path) from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, text)
    elif suffix in (".jsonl", ".ndjson"):
        rows = _jsonl_rows(path, text)
    else:
        raise PetitionFileError("cli_import_format", path=path)
    petitions = [_petition(path, line, row) for line, row in rows]
    if not petitions:
        raise PetitionFileError("cli_import_empty", path=path)
    return petitions


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise PetitionFileError("cli_import_empty", path=path) from None
    except csv.Error as error:
        raise _bad(path, 1, "row_csv", detail=str(error)) from None
    columns = [_column(name) for name in header]
    for required in REQUIRED:
        if required not in columns:
            raise PetitionFileError("cli_import_missing_column", path=path, column=required)
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(columns):
                raise _bad(path, start, "row_too_many", values=len(values), columns=len(columns))
            rows.append((start, dict(zip(columns, values, strict=False))))
    except csv.Error as error:
        raise _bad(path, line + 1, "row_csv", detail=str(error)) from None
    return rows


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise _bad(path, number, "row_not_json", detail=error.msg) from None
        if not isinstance(data, dict):
            raise _bad(path, number, "row_not_object")
        row: dict[str, str] = {}
        for key, value in data.items():
            if value is None:
                continue
            if not isinstance(value, str | int):
                raise _bad(path, number, "row_not_text", column=key)
            row[_column(key)] = str(value)
        rows.append((number, row))
    return rows


def _petition(path: Path, line: int, row: dict[str, str]) -> Petition:
    for required in REQUIRED:
        if not row.get(required, "").strip():
            raise _bad(path, line, "row_empty", column=required)
    return Petition(
        line=line,
        name=row["name"],
        village=row["village"],
        topic=row["topic"],
        area=row.get("area", ""),
        organization=row.get("organization", ""),
    )


def _column(name: str) -> str:
    key = name.strip().lower()
    return _ALIASES.get(key, key)


def _bad(path: Path, line: int, reason: str, **params: object) -> PetitionFileError:
    return PetitionFileError("cli_import_bad_row", path=path, line=line, reason=Msg(reason, params))
