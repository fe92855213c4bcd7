"""Written petitions, submitted before the meeting, read from CSV or JSON Lines.

A file is read whole and checked before anything is imported: one bad row refuses the
file (its line number named), so an import never half-applies.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from moderator.domain.commands import PetitionRow
from moderator.i18n import Msg

FIELDS = ("name", "village", "area", "topic", "organization")
REQUIRED = ("name", "village", "topic")
# The fields in the order ``PetitionRow`` takes them.
PETITION_FIELDS = (*REQUIRED, "area", "organization")
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


class PetitionFileError(Exception):
    """A file that cannot be imported; ``msg`` says why, in either language."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.msg = Msg(key, params)


def read_petitions(path: Path) -> list[PetitionRow]:
    """The rows of a petitions file, each with its line, as the import command takes them."""
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        petitions = _csv_petitions(path, text)
    elif suffix in (".jsonl", ".ndjson"):
        petitions = [_petition(path, line, row) for line, row in _jsonl_rows(path, text)]
    else:
        raise PetitionFileError("cli_import_format", path=path)
    if not petitions:
        raise PetitionFileError("cli_import_empty", path=path)
    return petitions


def read_text(path: Path) -> str:
    """A whole input file as text (UTF-8, a leading BOM dropped), or one plain refusal."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PetitionFileError("cli_file_not_found", path=path) from None
    except IsADirectoryError:
        raise PetitionFileError("input_is_folder", path=path) from None
    except OSError as error:
        raise PetitionFileError("cli_file_unreadable", path=path, reason=error.strerror) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PetitionFileError("cli_not_utf8", path=path) from None


def json_lines(path: Path, text: str) -> Iterator[tuple[int, dict[str, object]]]:
    """The JSON objects of a JSON Lines text, with their line numbers; blank lines skipped.

    Lines end at "\n" only: U+2028, U+0085 and the like are text inside a JSON string. Every
    object is checked as it is parsed: nesting depth, integer length, keys given once, strings
    that are valid Unicode; any fault refuses the file naming its line.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip(" \t\r"):
            continue
        data = _parse_json_line(path, number, line)
        if not isinstance(data, dict):
            raise _bad(path, number, "row_not_object")
        yield number, data


def _csv_petitions(path: Path, text: str) -> list[PetitionRow]:
    """The rows of a CSV file. The whole file is parsed before a row is refused for an empty
    field, so a fault of the file itself (quoting, too many values) is the one reported."""
    # strict: an unterminated quote is an error, not a field that runs to the end of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise PetitionFileError("cli_import_empty", path=path) from None
    except csv.Error as error:
        raise _bad(path, 1, "row_csv", detail=str(error)) from None
    columns = [_column(name) for name in header]
    named = [column for column in columns if column]
    for column in named:
        if named.count(column) > 1:
            raise PetitionFileError("input_duplicate_column", path=path, column=column)
    for required in REQUIRED:
        if required not in columns:
            raise PetitionFileError("cli_import_missing_column", path=path, column=required)
    # Each field's place in a row; a field the file lacks reads the "" put after the last.
    width = len(columns)
    at = [columns.index(field) if field in columns else width for field in PETITION_FIELDS]
    name_at, village_at, topic_at, area_at, organisation_at = at
    missing = [""] * (width + 1)
    rows: list[PetitionRow] = []
    empty: tuple[int, str] | None = None  # the first row with a required field empty
    line = reader.line_num
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(map(str.strip, values)):
                continue
            if len(values) > width:
                raise _bad(path, start, "row_too_many", values=len(values), columns=width)
            values += missing[len(values) :]
            name, village, topic = values[name_at], values[village_at], values[topic_at]
            if empty is None and not (name.strip() and village.strip() and topic.strip()):
                blank = [field for field in REQUIRED if not values[columns.index(field)].strip()]
                empty = (start, blank[0])
            rows.append(
                PetitionRow(start, name, village, topic, values[area_at], values[organisation_at])
            )
    except csv.Error as error:
        raise _bad(path, line + 1, "row_csv", detail=str(error)) from None
    if empty is not None:
        raise _bad(path, empty[0], "row_empty", column=empty[1])
    return rows


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    rows: list[tuple[int, dict[str, str]]] = []
    for number, data in json_lines(path, text):
        row: dict[str, str] = {}
        for key, value in data.items():
            column = _column(key)
            if column in row:
                raise _bad(path, number, "row_duplicate_field", column=column)
            if column not in FIELDS or value is None:
                continue
            if not isinstance(value, str):  # a number or true is not a name, and never "True"
                raise _bad(path, number, "row_not_text", column=key)
            row[column] = value
        rows.append((number, row))
    return rows


# Petition rows are flat; anything nested deeper than this is not one, and the limit keeps the
# parser far from Python's recursion limit.
MAX_DEPTH = 20
MAX_DIGITS = 20
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused(Exception):
    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


def _parse_json_line(path: Path, number: int, line: str) -> object:
    try:
        _check_depth(line)
        return json.loads(
            line,
            parse_int=_bounded_int,
            parse_constant=_no_constant,
            object_pairs_hook=_checked_object,
        )
    except _Refused as refused:
        raise _bad(path, number, refused.reason, **refused.params) from None
    except json.JSONDecodeError as error:
        raise _bad(path, number, "row_not_json", detail=error.msg) from None
    except (ValueError, RecursionError) as error:  # belt and braces: the checks above come first
        raise _bad(path, number, "row_not_json", detail=type(error).__name__) from None


def _check_depth(line: str) -> None:
    if line.count("[") + line.count("{") <= MAX_DEPTH:
        return  # the common case, decided at C speed
    depth = 0
    for char in _STRING.sub("", line):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused("row_too_deep", limit=MAX_DEPTH)
        elif char in "]}":
            depth -= 1


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused("row_number_too_long", limit=MAX_DIGITS)
    return int(digits)


def _no_constant(name: str) -> object:
    raise _Refused("row_not_a_number", value=name)


def _checked_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:
            raise _Refused("row_duplicate_field", column=key)
        if _SURROGATE.search(key) or (isinstance(value, str) and _SURROGATE.search(value)):
            column = key if not _SURROGATE.search(key) else key.encode("utf-8", "replace").decode()
            raise _Refused("row_not_unicode", column=column)
        data[key] = value
    return data


def _petition(path: Path, line: int, row: dict[str, str]) -> PetitionRow:
    for required in REQUIRED:
        if not row.get(required, "").strip():
            raise _bad(path, line, "row_empty", column=required)
    return PetitionRow(
        line,
        row["name"],
        row["village"],
        row["topic"],
        row.get("area", ""),
        row.get("organization", ""),
    )


def _column(name: str) -> str:
    key = name.strip().lower()
    return _ALIASES.get(key, key)


def _bad(path: Path, line: int, reason: str, **params: object) -> PetitionFileError:
    return PetitionFileError("cli_import_bad_row", path=path, line=line, reason=Msg(reason, params))
