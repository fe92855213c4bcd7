"""The follow-up screen (issue 10): not built yet; the command prints the report instead."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from moderator.domain.followup import Period


class _TextReport:
    def __init__(self, data_dir: Path, lang: str, today: dt.date, period: Period) -> None:
        self.data_dir, self.lang, self.today, self.period = data_dir, lang, today, period

    def run(self) -> None:
        from moderator.archive import read_archive
        from moderator.domain.agenda import DEFAULT_AGENDA, load_agenda
        from moderator.export.followup_report import followup_document, report_of
        from moderator.export.plain import render_text

        archive = read_archive(self.data_dir)
        report = report_of(archive.sessions, self.period, self.today)
        newest = report.sessions or archive.sessions
        agenda = newest[-1].agenda if newest and newest[-1].agenda else load_agenda(DEFAULT_AGENDA)
        sys.stdout.write(render_text(followup_document(report, agenda, self.lang)))


def make_followup_app(data_dir: Path, *, lang: str, today: dt.date, period: Period) -> _TextReport:
    return _TextReport(data_dir, lang, today, period)
