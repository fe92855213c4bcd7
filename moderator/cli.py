"""The command line: parses, calls the layers below, maps errors to exit statuses.

Exit status 0 on success, 1 on a runtime failure, 2 on bad usage or bad input; every error is
one plain line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn

from moderator.agenda_summary import agenda_summary
from moderator.domain import commands, queries
from moderator.domain.agenda import DEFAULT_AGENDA, Agenda, AgendaError, load_agenda
from moderator.domain.errors import DomainError
from moderator.domain.localtime import today
from moderator.domain.state import MeetingState
from moderator.domain.text import clean_line, drop_controls
from moderator.export import FORMATS, ExportError, completeness, export, timeline
from moderator.export.markdown import render_markdown
from moderator.export.plain import render_text
from moderator.i18n import LANGS, Msg, translate
from moderator.i18n.durations import clock
from moderator.meeting import LiveMeeting, collector_paused, read_session, utc_now
from moderator.outfile import OutputFailed, OutputRefused, write_export
from moderator.petitions import PetitionFileError, json_lines, read_petitions, read_text
from moderator.store.datadir import (
    LATEST,
    new_session_id,
    resolve_data_dir,
    resolve_session,
    scan_data_dir,
)
from moderator.store.errors import StoreError, WriteFailed
from moderator.store.storage import read_header

if TYPE_CHECKING:
    from moderator.tui.app import ModeratorApp

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.key)
        self.msg = msg


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang: str = args.lang
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except WriteFailed as error:
        # The disk failed us, not the input: a runtime failure, and nothing was written.
        return _fail(error.msg.text(lang), EXIT_FAILURE)
    except (DomainError, PetitionFileError, UsageError, StoreError) as error:
        return _fail(error.msg.text(lang), EXIT_USAGE)
    except (AgendaError, ExportError) as error:
        return _fail(str(error), EXIT_USAGE)
    except OutputRefused as error:
        return _fail(error.msg.text(lang), EXIT_USAGE)
    except OutputFailed as error:
        return _fail(error.msg.text(lang), EXIT_FAILURE)
    except BrokenPipeError:
        # The reader went away (`moderator sessions | head`): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        return _fail(translate("cli_failure", lang, message=error), EXIT_FAILURE)
    except MemoryError:
        # A batch too large for this machine (an import holds a file's rows and their
        # matches at once): a runtime failure, and a store write is whole or not at all.
        return _fail(translate("cli_out_of_memory", lang), EXIT_FAILURE)
    except KeyboardInterrupt:
        return _fail(translate("cli_interrupted", lang), 130)


def _fail(message: str, status: int) -> int:
    _say(message)
    return status


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--lang", choices=LANGS, default=os.environ.get("MODERATOR_LANG", "vi") or "vi"
    )
    data = _Parser(add_help=False)
    data.add_argument("--data", type=Path, help="data directory (default $MODERATOR_DATA)")
    setup = _Parser(add_help=False)
    setup.add_argument("--agenda", type=Path, default=DEFAULT_AGENDA)
    setup.add_argument("--place")
    setup.add_argument("--date", type=_date)
    # What the start form asks, for a session opened without it (`new`, or `run` in a script).
    setup.add_argument("--chair", help="who chairs (default: the agenda's chair)")
    setup.add_argument("--secretary", help="who keeps the minutes")
    setup.add_argument("--attendance", type=_count, help="how many attend")

    parser = _Parser(prog="moderator", description="Commune public dialogue moderator.")
    parser.set_defaults(lang="vi")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", parents=[common, data, setup], help="the live meeting")
    run.add_argument("--session", help="a session to resume, or 'new'")
    run.set_defaults(handler=cmd_run)

    new = sub.add_parser("new", parents=[common, data, setup], help="open a new session")
    new.set_defaults(handler=cmd_new)

    imp = sub.add_parser("import", parents=[common, data], help="import written petitions")
    imp.add_argument("session")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=cmd_import)

    sessions = sub.add_parser("sessions", parents=[common, data], help="list the sessions")
    sessions.set_defaults(handler=cmd_sessions)

    replay = sub.add_parser("replay", parents=[common, data], help="replay a recorded session")
    replay.add_argument("session")
    replay.add_argument(
        "--print",
        action="store_true",
        dest="print_timeline",
        help="print the timeline as text instead of the replay screen",
    )
    replay.add_argument("--speed", type=int, choices=(1, 4, 16, 60), default=1)
    replay.set_defaults(handler=cmd_replay)

    hall = sub.add_parser("hall", parents=[common, data], help="the hall display, read-only")
    hall.add_argument("session", nargs="?", help="default: the unfinished session, else latest")
    hall.add_argument("--serve", action="store_true", help="serve it to browsers")
    hall.add_argument("--host", default="127.0.0.1", help="with --serve (default 127.0.0.1)")
    hall.add_argument("--port", type=int, default=8000, help="with --serve (default 8000)")
    hall.set_defaults(handler=cmd_hall)

    export = sub.add_parser("export", parents=[common, data], help="export a session")
    export.add_argument("session")
    export.add_argument("--format", choices=FORMATS, default="text")
    export.add_argument("-o", "--output", type=Path, help="a file, or - for standard output")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.set_defaults(handler=cmd_export)

    _add_followup(sub, [common, data])

    agenda = sub.add_parser("agenda", parents=[common], help="agenda files")
    agenda_sub = agenda.add_subparsers(dest="agenda_command", required=True, parser_class=_Parser)
    check = agenda_sub.add_parser("check", parents=[common], help="validate an agenda file")
    check.add_argument("file", type=Path)
    check.set_defaults(handler=cmd_agenda_check)

    topics = sub.add_parser("topics", parents=[common], help="duplicate-topic tools")
    topics_sub = topics.add_subparsers(dest="topics_command", required=True, parser_class=_Parser)
    flag = topics_sub.add_parser("flag", parents=[common], help="flag repeats in a JSONL file")
    flag.add_argument("file", type=Path)
    flag.add_argument("--threshold", type=float)
    flag.set_defaults(handler=cmd_topics_flag)
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r} (YYYY-MM-DD)") from None


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 100_000:
        raise argparse.ArgumentTypeError(f"invalid count {value!r} (a whole number, 0 to 100000)")
    return number


# -- commands ---------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    meeting = _create(args)
    meeting.close()
    print(meeting.state.session_id)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """The live meeting: resume the unfinished session, or start one from a short form.

    Without a terminal (a pipe, a script) it prints the session's state instead of the screen.
    """
    data_dir = _data_dir(args)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    path = None
    if args.session is None:
        path = _unfinished(data_dir, args.lang, interactive)
        if path is False:
            return EXIT_OK  # the operator chose not to open a new meeting
    elif args.session != "new":
        path = _session_path(args)
    if isinstance(path, Path):
        meeting = LiveMeeting.resume(path)
        key = "cli_run_resumed"
    elif interactive:
        started = _start_form(args, data_dir)
        if started is None:
            return EXIT_OK
        meeting = started
        key = "cli_run_created"
    else:
        meeting = _create(args)
        key = "cli_run_created"
    with meeting:
        if interactive:
            live_app(meeting, args.lang, data_dir).run()
        else:
            lines = describe(meeting.state, meeting.clock(), args.lang)
            _print_lines([translate(key, args.lang, session_id=meeting.state.session_id), *lines])
    return EXIT_OK


def live_app(meeting: LiveMeeting, lang: str, data_dir: Path) -> ModeratorApp:
    """The live screen's app on ``meeting``. Textual loads only here, with the collector paused:
    loading it makes objects that live as long as the program, which the collector's passes
    would walk again and again (about 40 ms of a start); they are frozen out of its passes."""
    with collector_paused(freeze=True):
        from moderator.tui import make_app

        return make_app(meeting, lang=lang, data_dir=data_dir)


def _start_form(args: argparse.Namespace, data_dir: Path) -> LiveMeeting | None:
    from moderator.tui.screens.start import make_start_app

    load_agenda(args.agenda)  # a broken agenda is a one-line error before any screen
    day = args.date or today()
    given = {
        field: str(value)
        for field, value in (
            ("chair", args.chair),
            ("secretary", args.secretary),
            ("attendance", args.attendance),
        )
        if value is not None
    }
    setup = make_start_app(
        args.agenda, lang=args.lang, date=day, place=args.place or "", given=given
    ).run()
    if setup is None:
        return None
    return LiveMeeting.create(
        data_dir,
        new_session_id(data_dir, setup.date),
        agenda=setup.agenda,
        date=setup.date,
        place=setup.place,
        chair=setup.chair,
        secretary=setup.secretary,
        attendance=setup.attendance,
    )


def cmd_import(args: argparse.Namespace) -> int:
    """Written petitions from a file, stored as one event: all of them or, on any error, none.
    Rows already in the session are skipped, so importing a file again adds nothing."""
    data_dir = resolve_data_dir(args.data)
    path = resolve_session(data_dir, args.session)
    # Hundreds of thousands of small objects that hold no cycles, from the file read to the
    # event stored: collector passes over them would only cost time (a tenth of a large import).
    with collector_paused():
        said = _import_file(args.file, data_dir, path)
    print(said.text(args.lang))
    return EXIT_OK


def _import_file(file: Path, data_dir: Path, path: Path) -> Msg:
    """Import ``file`` into the session ``path``; what to tell the user. Only that is returned:
    the rows, the event and the topic index are gone before the collector runs again."""
    rows = read_petitions(file)
    with LiveMeeting.resume(path) as meeting:
        from moderator.suggest import TopicMatcher, earlier_issues  # only import needs the index

        state = meeting.state
        matcher = TopicMatcher(earlier_issues(data_dir, exclude=state.session_id))
        try:
            # Every row is checked before any is flagged (the index is built only then).
            flagger = matcher.flagger(state)
            event = commands.import_petitions(state, meeting.clock(), rows, flagger)
        except DomainError as error:
            if error.key != "import_row_invalid":
                raise
            raise PetitionFileError("cli_import_bad_row", path=file, **error.msg.params) from None
        if event is not None:
            meeting.record([event])
    if event is None:
        return Msg("import_nothing_new", {"session_id": state.session_id, "skipped": len(rows)})
    return Msg(
        "import_added",
        {
            "session_id": state.session_id,
            "added": len(event.registrations),
            "skipped": event.skipped,
            "flagged": sum(1 for r in event.registrations if r.duplicate_of is not None),
        },
    )


def cmd_sessions(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    found = scan_data_dir(data_dir)
    _note(found.others, [], args.lang)
    if not found.sessions and not found.damaged:
        _print_lines([translate("cli_no_sessions", args.lang, path=data_dir)])
        return EXIT_OK
    keys = ("col_id", "col_date", "col_place", "col_status", "col_speakers", "col_flagged")
    rows = [[translate(k, args.lang) for k in (*keys, "col_issues", "col_duration")]]
    damaged = [(path, str(error)) for path, error in found.damaged]
    states: list[MeetingState] = []
    for path in found.sessions:
        try:
            recorded = read_session(path)
        except StoreError as error:
            damaged.append((path, str(error)))
            continue
        state = recorded.state
        states.append(state)
        last = recorded.events[-1].at if recorded.events else utc_now()
        rows.append(
            [
                state.session_id,
                state.date.isoformat() if state.date else "",
                state.place,
                translate("status_closed" if state.closed else "status_open", args.lang),
                str(len(state.speakers)),
                str(sum(1 for s in state.speakers if s.duplicate_of is not None)),
                str(len(state.issues)),
                clock(max(0.0, queries.meeting_elapsed(state, last)), hours=True),
            ]
        )
    rows.extend([path.stem, "", "", reason, "", "", "", ""] for path, reason in damaged)
    # Cells hold text from the files: filtered before their widths are measured.
    rows = [[clean_line(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    _print_lines(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
    _print_lines(_notice_lines(states, args.lang))
    return EXIT_OK


def cmd_replay(args: argparse.Namespace) -> int:
    """The recorded session on the meeting screen, read-only (edits complete the record);
    with ``--print``, or without a terminal, its timeline as text."""
    path = _session_path(args)
    if not args.print_timeline and sys.stdin.isatty() and sys.stdout.isatty():
        from moderator.tui.replay_app import make_replay_app  # Textual loads only for a screen.

        make_replay_app(path, lang=args.lang, speed=args.speed).run()
        return EXIT_OK
    _print_lines(timeline(read_session(path), args.lang))
    return EXIT_OK


def cmd_hall(args: argparse.Namespace) -> int:
    """A read-only view of a session another process is running, for a projector; with
    ``--serve``, the same view for browsers. It never writes and never takes the lock."""
    data_dir = resolve_data_dir(args.data)
    if args.session is not None:
        path = resolve_session(data_dir, args.session)
    else:
        open_one = _newest_open(scan_data_dir(data_dir).sessions)[0]
        path = open_one or resolve_session(data_dir, LATEST)
    if args.serve:
        from moderator.tui.hall_serve import serve  # aiohttp loads only for --serve

        serve(path, lang=args.lang, host=args.host, port=args.port)
        return EXIT_OK
    from moderator.follow import SessionFollower
    from moderator.tui.hall import HallApp, HallScreen

    HallApp(HallScreen(SessionFollower(path), lang=args.lang)).run()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    path = _session_path(args)
    recorded = read_session(path)
    document = export(recorded, args.format, args.lang)
    if recorded.state.closed:
        # A closed record may still go out with gaps; the secretary is told what they are.
        for missing in completeness(recorded.state):
            _say(translate("cli_export_incomplete", args.lang, what=missing.text(args.lang)))
    if args.output is not None and str(args.output) != "-":
        write_export(
            args.output, document, data_dir=_data_dir(args), session=path, force=args.force
        )
        return EXIT_OK
    if sys.stdout.isatty():
        if args.format.endswith("docx"):
            raise UsageError(Msg("cli_docx_needs_file", {}))
        # On a terminal, text from the session goes through the screens' control filter.
        document = drop_controls(document.decode("utf-8")).encode("utf-8")
    sys.stdout.buffer.write(document)
    sys.stdout.buffer.flush()
    return EXIT_OK


# -- follow-up of conclusions (issue 10) ------------------------------------------------------

FOLLOWUP_FORMATS = ("text", "md", "docx", "json")


def _add_followup(sub: argparse._SubParsersAction[_Parser], parents: list[_Parser]) -> None:
    fu = sub.add_parser("followup", parents=parents, help="follow-up of the conclusions")
    fu.add_argument("--format", choices=FOLLOWUP_FORMATS, help="the report (default: the screen)")
    fu.add_argument("-o", "--output", type=Path, help="a file, or - for standard output")
    fu.add_argument("--force", action="store_true", help="replace an existing file")
    fu.add_argument("--from", dest="start", type=_date, help="sessions from this date")
    fu.add_argument("--to", dest="end", type=_date, help="sessions until this date")
    fu.add_argument("--year", type=int, help="the sessions of one year")
    fu.add_argument("--today", type=_date, help="count days overdue as of this date")
    fu.set_defaults(handler=cmd_followup)


def _notice_lines(states: Sequence[MeetingState], lang: str) -> list[str]:
    """Under ``moderator sessions``: the conclusion notices due soon or lately late (the
    agenda's ``notice_days`` after each meeting)."""
    from moderator.domain.followup import notices_due

    return [
        translate(
            "fu_sessions_notice_late" if n.days_left < 0 else "fu_sessions_notice_due",
            lang,
            session=n.session_id,
            due=n.due.strftime("%d/%m/%Y"),
            days=abs(n.days_left),
        )
        for n in notices_due(states, today())
    ]


def cmd_followup(args: argparse.Namespace) -> int:
    """The follow-up screen over the data directory; with --format or -o, or without a
    terminal, the follow-up report for the period."""
    from moderator.archive import read_archive_cached as read_archive
    from moderator.domain.followup import Period
    from moderator.export.followup_report import followup_document, followup_json, report_of

    if args.year is not None and (args.start or args.end):
        raise UsageError(Msg("fu_cli_year_and_dates", {}))
    if args.year is not None and not 1000 <= args.year <= 9000:
        raise UsageError(Msg("fu_cli_bad_year", {"year": args.year}))
    if args.start and args.end and args.start > args.end:
        raise UsageError(Msg("fu_cli_from_after_to", {}))
    period = Period.year(args.year) if args.year is not None else Period(args.start, args.end)
    data_dir = _data_dir(args)
    as_of = args.today or today()
    archive = read_archive(data_dir)
    for skipped in archive.skipped:
        _say(skipped.msg.text(args.lang))
    wants_screen = args.format is None and args.output is None
    if wants_screen and sys.stdin.isatty() and sys.stdout.isatty():
        from moderator.tui.followup import FollowupApp

        FollowupApp(data_dir, lang=args.lang, today=as_of, period=period).run()
        return EXIT_OK
    fmt = args.format or "text"
    report = report_of(archive.sessions, period, as_of)
    if fmt == "json":
        document = followup_json(report).encode()
    else:
        newest = report.sessions or archive.sessions
        agenda = newest[-1].agenda if newest and newest[-1].agenda else load_agenda(DEFAULT_AGENDA)
        built = followup_document(report, agenda, args.lang, pictures=fmt == "docx")
        if fmt == "docx":
            from moderator.export.word import render_docx

            now = utc_now()
            document = render_docx(built, args.lang, now, now)
        elif fmt == "md":
            document = render_markdown(built).encode()
        else:
            document = render_text(built).encode()
    if args.output is not None and str(args.output) != "-":
        # No one session is exported: the data directory stands in for it, so that no session
        # file, journal or lock there can be written over.
        write_export(args.output, document, data_dir=data_dir, session=data_dir, force=args.force)
        return EXIT_OK
    if sys.stdout.isatty():
        if fmt == "docx":
            raise UsageError(Msg("cli_docx_needs_file", {}))
        document = drop_controls(document.decode("utf-8")).encode("utf-8")
    sys.stdout.buffer.write(document)
    sys.stdout.buffer.flush()
    return EXIT_OK


def cmd_agenda_check(args: argparse.Namespace) -> int:
    agenda = load_agenda(args.file)
    summary = [f"  {line}" for line in agenda_summary(agenda, args.lang)]
    _print_lines([translate("cli_agenda_ok", args.lang, path=args.file), *summary])
    return EXIT_OK


def cmd_topics_flag(args: argparse.Namespace) -> int:
    """Batch duplicate grouping: JSON Lines in, one JSON line out per input, in input order."""
    order: list[str] = []
    sessions: dict[str, list[tuple[str, str, str | None]]] = {}
    for line, data in json_lines(args.file, read_text(args.file)):
        session, item_id, text, area = _registration(args.file, line, data)
        if item_id in order:
            raise _bad_line(args.file, line, "row_duplicate_id", id=item_id)
        order.append(item_id)
        sessions.setdefault(session, []).append((item_id, text, area))
    from moderator.domain.topics import DEFAULT_THRESHOLD, flag_registrations

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(Msg("cli_bad_threshold", {"value": threshold}))
    results = {
        result.id: result
        for items in sessions.values()
        for result in flag_registrations(items, threshold=threshold)
    }
    for item_id in order:
        result = results[item_id]
        line_out = {
            "id": result.id,
            "duplicate_of": result.duplicate_of,
            "score": round(result.score, 4),
            "candidates": [{"id": m.key, "score": round(m.score, 4)} for m in result.candidates],
        }
        sys.stdout.write(json.dumps(line_out, ensure_ascii=False) + "\n")
    return EXIT_OK


# -- helpers ----------------------------------------------------------------------------------


def _create(args: argparse.Namespace) -> LiveMeeting:
    agenda = load_agenda(args.agenda)
    data_dir = _data_dir(args)
    date = args.date or today()
    return LiveMeeting.create(
        data_dir,
        new_session_id(data_dir, date),
        agenda=agenda,
        date=date,
        place=clean_line(args.place or "") or agenda.locations[0],
        chair=clean_line(args.chair or "") or agenda.chair.name or agenda.chair.role,
        secretary=clean_line(args.secretary or ""),
        attendance=args.attendance,
    )


def _newest_open(
    sessions: Sequence[Path],
) -> tuple[Path | None, list[tuple[Path, StoreError]]]:
    """The newest session whose log is not closed, and the sessions newer than it that could
    not be read (a damaged file whose header does not say it closed)."""
    damaged: list[tuple[Path, StoreError]] = []
    for path in reversed(sessions):
        try:
            closed = read_session(path).state.closed  # the log decides, not the header
        except StoreError as error:
            with suppress(StoreError):
                if read_header(path).get("status") == "closed":
                    continue
            damaged.append((path, error))
            continue
        if not closed:
            return path, damaged
    return None, damaged


def _unfinished(data_dir: Path, lang: str, interactive: bool) -> Path | None | Literal[False]:
    """The newest session that was not closed: what ``run`` resumes after a crash.

    None: open a new meeting. False: the operator, told that the unfinished session is
    damaged, chose not to. Without a terminal that question is a usage error (exit 2).
    """
    found = scan_data_dir(data_dir)
    resumable, unreadable = _newest_open(found.sessions)
    # Headers that do not read are damaged too: closed or not, nobody can say.
    damaged = [*found.damaged, *unreadable]
    if resumable is not None or not damaged:
        _note(found.others, damaged, lang)
        return resumable
    _note(found.others, damaged[1:], lang)
    path, problem = damaged[0]
    params = {"name": path.name, "detail": str(problem)}
    if not interactive:
        raise UsageError(Msg("input_run_damaged", params))
    return None if _confirm(translate("input_run_damaged_ask", lang, **params)) else False


def _session_path(args: argparse.Namespace) -> Path:
    """The session a command names; for ``latest``, the files passed over are noted."""
    data_dir = _data_dir(args)
    if args.session != LATEST:
        return resolve_session(data_dir, args.session)
    found = scan_data_dir(data_dir)
    _note(found.others, found.damaged, args.lang)
    return resolve_session(data_dir, found.latest(data_dir).name)


def _data_dir(args: argparse.Namespace) -> Path:
    data_dir = resolve_data_dir(args.data)
    if data_dir.exists() and not data_dir.is_dir():
        raise UsageError(Msg("input_data_not_folder", {"path": data_dir}))
    return data_dir


def _note(others: Sequence[Path], damaged: Sequence[tuple[Path, StoreError]], lang: str) -> None:
    """One line on stderr for each file of the data directory that is passed over."""
    for path in others:
        _say(translate("input_skipped_other", lang, name=path.name))
    for path, error in damaged:
        _say(translate("input_skipped_damaged", lang, name=path.name, detail=error))


def _confirm(question: str) -> bool:
    _say(question, end=" ")
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().casefold() in {"y", "yes", "c", "có", "co"}


def _say(text: str, end: str = "\n") -> None:
    sys.stderr.write(drop_controls(text.replace("\n", " ")) + end)
    sys.stderr.flush()


def _print_lines(lines: Iterable[str]) -> None:
    """Lines that carry text from a session file, through the screens' control filter: an
    escape sequence typed into a file by hand never reaches the terminal raw."""
    out = sys.stdout.buffer
    for line in lines:
        out.write(drop_controls(line).encode("utf-8") + b"\n")
    out.flush()


def describe(state: MeetingState, now: dt.datetime, lang: str) -> list[str]:
    """The state in a few lines, for ``run`` without a screen."""
    agenda = _agenda(state)
    step = state.step
    lines = [
        translate("state_session", lang, session_id=state.session_id, title=agenda.title),
        translate("state_when", lang, date=state.date, place=state.place, chair=state.chair),
        translate("state_step", lang, step=step.title if step else "-"),
        translate("state_queue", lang, count=len(state.queue)),
    ]
    speech = state.current_speech
    if speech is not None:
        remaining = speech.remaining(now)
        lines.append(
            translate(
                "state_speech",
                lang,
                name=queries.speech_label(state, speech),
                remaining=("+" if remaining < 0 else "") + clock(remaining, hours=False),
            )
        )
    lines.append(translate("state_issues", lang, count=len(state.issues)))
    lines.append(translate("state_events", lang, count=state.seq))
    return lines


def _agenda(state: MeetingState) -> Agenda:
    if state.agenda is None:
        raise DomainError("session_not_open")
    return state.agenda


def _registration(path: Path, line: int, data: object) -> tuple[str, str, str, str | None]:
    if not isinstance(data, dict):
        raise _bad_line(path, line, "row_not_object")
    for key in ("session", "id", "text"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _bad_line(path, line, "row_empty", column=key)
    area = data.get("area")
    if area is not None and not isinstance(area, str):
        raise _bad_line(path, line, "row_not_text", column="area")
    return data["session"], data["id"], data["text"], area


def _bad_line(path: Path, line: int, reason: str, **params: object) -> UsageError:
    return UsageError(
        Msg("cli_import_bad_row", {"path": path, "line": line, "reason": Msg(reason, params)})
    )


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
