"""A writer keeps what it appends as the JSON text it wrote: the session file and the journal
are the bytes that encoding the events again would give, and what it hands back is JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from moderator.store import SessionLog
from moderator.store import storage as storage_module
from moderator.store.storage import journal_path
from tests.unit.store_helpers import event

SID = "2024-03-15-1"
HEADER = {"agenda": {"title": "Đối thoại với nhân dân"}, "place": "Nhà văn hoá thôn 3"}

json_text = st.text(st.characters(codec="utf-8"), max_size=8) | st.sampled_from(
    ["Đường", "\u2028", '"\\', "\x00", "\U0001f600", "</script>"]
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | json_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(json_text, inner, max_size=3),
    max_leaves=12,
)


def tables_of(meta: dict[str, Any], events: list[dict[str, Any]], others: dict[str, Any]) -> Any:
    return {"meta": {"1": meta}, "events": {str(e["seq"]): e for e in events}, **others}


@settings(max_examples=300, deadline=None)
@given(
    meta=st.dictionaries(json_text, json_values, max_size=3),
    bodies=st.lists(st.dictionaries(json_text, json_values, max_size=3), max_size=4),
    others=st.dictionaries(
        json_text.filter(lambda name: name not in ("meta", "events")),
        st.dictionaries(json_text, json_values, max_size=2),
        max_size=2,
    ),
)
def test_the_file_put_together_from_event_texts_is_the_file_encoded_whole(
    meta: dict[str, Any], bodies: list[dict[str, Any]], others: dict[str, Any]
) -> None:
    events = [{**body, "seq": seq} for seq, body in enumerate(bodies, start=1)]
    texts = [storage_module.dumps(e) for e in events]
    whole = storage_module._file_line(tables_of(meta, events, others))
    assert storage_module._joined_file_line(meta, texts, others) == whole


def imported(seq: int, rows: int) -> dict[str, Any]:
    return {
        "seq": seq,
        "type": "petitions_imported",
        "registrations": [
            {"speaker": n, "name": f"Nguyễn Văn {n}", "matched": ("đường", n), "score": n / 7}
            for n in range(1, rows + 1)
        ],
    }


def test_what_a_writer_appends_is_written_and_read_back_as_json(tmp_path: Path) -> None:
    log = SessionLog.create(tmp_path, SID, HEADER)
    big = imported(2, 50)
    log.append(event(1))
    log.append_many([big, event(3)])
    line = journal_path(log.path).read_bytes().splitlines()[1]
    assert line == storage_module.dumps({"batch": [big, event(3)]}).encode("ascii")
    big["registrations"][0]["name"] = "changed after the append"
    as_json = json.loads(json.dumps(imported(2, 50)))  # the tuples are lists
    assert log.events() == [event(1), as_json, event(3)]
    log.events()[1]["registrations"].clear()  # a copy: the writer's own stays
    assert log.events()[1] == as_json
    log.append(event(4))
    log.close()
    written = log.path.read_bytes()
    tables = json.loads(written)
    assert tables["events"]["2"] == as_json
    assert written == storage_module._file_line(tables)
    with SessionLog.open(log.path, write=True) as again:
        assert again.events() == [event(1), as_json, event(3), event(4)]
        again.append(event(5))
        again.update_header(status="closed")
        assert again.header["status"] == "closed"
    final = log.path.read_bytes()
    assert final == storage_module._file_line(json.loads(final))
    assert json.loads(final)["events"]["5"] == event(5)
