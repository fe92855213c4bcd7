"""The follow-up's cache beside the logs: the same answers as the logs, rebuilt when stale,
missing or damaged, and a damaged or foreign file named and skipped either way."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from moderator.archive import CACHE_NAME, open_archive, read_archive, read_archive_cached
from moderator.domain import commands, followup
from moderator.domain.agenda import Agenda
from moderator.meeting import LiveMeeting
from moderator.store.datadir import scan_data_dir
from tests.unit.followup_helpers import write_archive

TODAY = dt.date(2024, 6, 20)


def _same(data_dir: Path) -> None:
    fresh, cached = read_archive(data_dir), read_archive_cached(data_dir)
    assert followup.items(cached.sessions, TODAY) == followup.items(fresh.sessions, TODAY)
    assert followup.figures(cached.sessions, TODAY) == followup.figures(fresh.sessions, TODAY)
    sid = fresh.sessions[0].session_id
    assert followup.history(cached.sessions, sid, 1) == followup.history(fresh.sessions, sid, 1)
    assert [s.path.name for s in cached.skipped] == [s.path.name for s in fresh.skipped]
    assert cached.paths == fresh.paths


def test_the_cache_gives_what_the_logs_give_and_follows_an_update(
    data_dir: Path, agenda: Agenda
) -> None:
    first, _ = write_archive(data_dir, agenda)
    (data_dir / "2024-09-01-1.json").write_text('{"meta": {"1": {"status": "op', "utf-8")
    (data_dir / "package.json").write_text('{"name": "x"}', "utf-8")
    _same(data_dir)  # builds it
    assert (data_dir / CACHE_NAME).is_file()
    assert CACHE_NAME not in {p.name for p in scan_data_dir(data_dir).others}
    _same(data_dir)  # reads it
    clock = lambda: dt.datetime(2024, 6, 20, 3, tzinfo=dt.UTC)  # noqa: E731
    with LiveMeeting.resume(first, clock) as meeting:
        meeting.do(commands.record_progress, issue=1, status="done", on=dt.date(2024, 6, 19))
    cached = read_archive_cached(data_dir)
    progress = cached.sessions[0].issue(1).latest_progress
    assert progress is not None and progress.status == "done"
    _same(data_dir)


def test_a_damaged_or_foreign_cache_is_rebuilt(data_dir: Path, agenda: Agenda) -> None:
    write_archive(data_dir, agenda)
    read_archive_cached(data_dir)
    cache = data_dir / CACHE_NAME
    stored = json.loads(cache.read_text("utf-8"))
    for entry in stored["sessions"].values():
        entry["state"]["issues"] = [["not", "an", "issue"]]
    for bad in (b"\x00garbage", b"[]", b'{"version": 99}', json.dumps(stored).encode()):
        cache.write_bytes(bad)
        _same(data_dir)
    # A removed session leaves the list, with the cache as without it.
    path = read_archive(data_dir).paths["2024-06-14-1"]
    path.unlink()
    assert [s.session_id for s in read_archive_cached(data_dir).sessions] == ["2024-03-15-1"]


def test_a_cache_naming_other_files_is_not_followed(data_dir: Path, agenda: Agenda) -> None:
    write_archive(data_dir, agenda)
    read_archive_cached(data_dir)
    cache = data_dir / CACHE_NAME
    stored = json.loads(cache.read_text("utf-8"))
    stored["listing"]["order"] = ["..", *stored["listing"]["order"]]
    stored["sessions"] = {}
    cache.write_text(json.dumps(stored), "utf-8")
    _same(data_dir)


def test_the_cache_keeps_links(data_dir: Path, agenda: Agenda) -> None:
    _, second = write_archive(data_dir, agenda)
    clock = lambda: dt.datetime(2024, 6, 20, 3, tzinfo=dt.UTC)  # noqa: E731
    with LiveMeeting.resume(second, clock) as meeting:
        meeting.do(
            commands.link_issue,
            issue=1,
            earlier_session="2024-03-15-1",
            earlier_issue=1,
            earlier_date=dt.date(2024, 3, 15),
        )
    _same(data_dir)
    _same(data_dir)
    assert read_archive_cached(data_dir).sessions[1].issue(1).earlier


def test_open_archive_leaves_the_cache_to_be_written_after(data_dir: Path, agenda: Agenda) -> None:
    write_archive(data_dir, agenda)
    cache = data_dir / CACHE_NAME
    archive, save = open_archive(data_dir)
    assert not cache.exists()  # the list can be shown before the cache is written
    save()
    assert cache.is_file()
    written = cache.stat().st_mtime_ns
    again, save_again = open_archive(data_dir)
    save_again()
    assert cache.stat().st_mtime_ns == written  # up to date: nothing to write
    assert again.paths == archive.paths
    _same(data_dir)
