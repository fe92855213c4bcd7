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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from moderator.domain import commands, queries
from moderator.domain.agenda import DEFAULT_AGENDA, Agenda, AgendaError, agenda_summary, load_agenda
from moderator.domain.errors import DomainError
from moderator.domain.localtime import today
from moderator.domain.state import MeetingState, apply
from moderator.export import FORMATS, ExportError, export, timeline
from moderator.i18n import LANGS, Msg, translate
from moderator.meeting import LiveMeeting, read_session, utc_now
from moderator.petitions import PetitionFileError, read_petitions
from moderator.store.datadir import new_session_id, resolve_data_dir, resolve_session, session_paths
from moderator.store.errors import StoreError

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
    except (DomainError, PetitionFileError, UsageError, StoreError) as error:
        return _fail(error.msg.text(lang), EXIT_USAGE)
    except (AgendaError, ExportError) as error:
        return _fail(str(error), EXIT_USAGE)
    except BrokenPipeError:
        # The reader went away (`moderator sessions | head`): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        return _fail(translate("cli_failure", lang, message=error), EXIT_FAILURE)
    except KeyboardInterrupt:
        return _fail(translate("cli_interrupted", lang), 130)


def _fail(message: str, status: int) -> int:
    sys.stderr.write(message.replace("\n", " ") + "\n")
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
    export.add_argument("-o", "--output", type=Path)
    export.set_defaults(handler=cmd_export)

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
    data_dir = resolve_data_dir(args.data)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    path = _unfinished(data_dir) if args.session is None else None
    if args.session and args.session != "new":
        path = resolve_session(data_dir, args.session)
    if path is not None:
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
            from moderator.tui import make_app  # Textual loads only for the live screen.

            make_app(meeting, lang=args.lang, data_dir=data_dir).run()
        else:
            print(translate(key, args.lang, session_id=meeting.state.session_id))
            for line in describe(meeting.state, meeting.clock(), args.lang):
                print(line)
    return EXIT_OK


def _start_form(args: argparse.Namespace, data_dir: Path) -> LiveMeeting | None:
    from moderator.tui.screens.start import make_start_app

    load_agenda(args.agenda)  # a broken agenda is a one-line error before any screen
    day = args.date or today()
    setup = make_start_app(args.agenda, lang=args.lang, date=day, place=args.place or "").run()
    if setup is None:
        return None
    return LiveMeeting.create(
        data_dir,
        new_session_id(data_dir, setup.date),
        agenda=setup.agenda,
        date=setup.date,
        place=setup.place,
        chair=setup.chair,
        attendance=setup.attendance,
    )


def cmd_import(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data)
    path = resolve_session(data_dir, args.session)
    petitions = read_petitions(args.file)
    with LiveMeeting.resume(path) as meeting:
        from moderator.suggest import TopicMatcher, earlier_issues  # only import needs the index

        matcher = TopicMatcher(earlier_issues(data_dir, exclude=meeting.state.session_id))
        # Decide every registration first against a scratch state: a bad row refuses the
        # whole file before anything is written.
        state, events = meeting.state, []
        at = meeting.clock()
        for petition in petitions:
            duplicate_of, suggestions = matcher.suggest(state, petition.topic, petition.area)
            try:
                event = commands.register_speaker(
                    state,
                    at,
                    name=petition.name,
                    village=petition.village,
                    topic=petition.topic,
                    area=petition.area,
                    organisation=petition.organization,
                    source="written",
                    duplicate_of=duplicate_of,
                    suggestions=suggestions,
                )
            except DomainError as error:
                raise PetitionFileError(
                    "cli_import_bad_row", path=args.file, line=petition.line, reason=error.msg
                ) from None
            state = apply(state, event)
            events.append(event)
        meeting.record(events)
        flagged = sum(1 for e in events if e.duplicate_of is not None)
    print(
        translate(
            "cli_import_done",
            args.lang,
            count=len(events),
            session_id=meeting.state.session_id,
            flagged=flagged,
        )
    )
    return EXIT_OK


def cmd_sessions(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data)
    paths = session_paths(data_dir)
    if not paths:
        print(translate("cli_no_sessions", args.lang, path=data_dir))
        return EXIT_OK
    keys = ("col_id", "col_date", "col_place", "col_status", "col_speakers", "col_flagged")
    rows = [[translate(k, args.lang) for k in (*keys, "col_issues", "col_duration")]]
    for path in paths:
        try:
            recorded = read_session(path)
        except StoreError as error:
            rows.append([path.stem, "", "", str(error), "", "", "", ""])
            continue
        state = recorded.state
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
                _duration(queries.meeting_elapsed(state, last)),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return EXIT_OK


def cmd_replay(args: argparse.Namespace) -> int:
    """The recorded session on the meeting screen, read-only (edits complete the record);
    with ``--print``, its timeline as text."""
    path = resolve_session(resolve_data_dir(args.data), args.session)
    if not args.print_timeline:
        from moderator.tui.replay_app import make_replay_app  # Textual loads only for a screen.

        make_replay_app(path, lang=args.lang, speed=args.speed).run()
        return EXIT_OK
    out = sys.stdout.buffer
    for line in timeline(read_session(path), args.lang):
        out.write(line.encode("utf-8") + b"\n")
    out.flush()
    return EXIT_OK


def cmd_hall(args: argparse.Namespace) -> int:
    """A read-only view of a session another process is running, for a projector; with
    ``--serve``, the same view for browsers. It never writes and never takes the lock."""
    data_dir = resolve_data_dir(args.data)
    if args.session is not None:
        path = resolve_session(data_dir, args.session)
    else:
        path = _unfinished(data_dir) or resolve_session(data_dir, "latest")
    if args.serve:
        from moderator.tui.hall_serve import serve  # aiohttp loads only for --serve

        serve(path, lang=args.lang, host=args.host, port=args.port)
        return EXIT_OK
    from moderator.follow import SessionFollower
    from moderator.tui.hall import make_hall_app

    make_hall_app(SessionFollower(path), lang=args.lang).run()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    recorded = read_session(resolve_session(resolve_data_dir(args.data), args.session))
    document = export(recorded, args.format, args.lang)
    if args.output is not None:
        # Written whole to a temporary name, then renamed: a failed export leaves no half file.
        if args.output.is_dir():
            raise UsageError(Msg("cli_output_is_dir", {"path": args.output}))
        partial = args.output.with_name(args.output.name + ".partial")
        partial.write_bytes(document)
        partial.replace(args.output)
    elif args.format.endswith("docx") and sys.stdout.isatty():
        raise UsageError(Msg("cli_docx_needs_file", {}))
    else:
        sys.stdout.buffer.write(document)
        sys.stdout.buffer.flush()
    return EXIT_OK


def cmd_agenda_check(args: argparse.Namespace) -> int:
    agenda = load_agenda(args.file)
    print(translate("cli_agenda_ok", args.lang, path=args.file))
    for line in agenda_summary(agenda, args.lang):
        print(f"  {line}")
    return EXIT_OK


def cmd_topics_flag(args: argparse.Namespace) -> int:
    """Batch duplicate grouping: JSON Lines in, one JSON line out per input, in input order."""
    order: list[str] = []
    sessions: dict[str, list[tuple[str, str, str | None]]] = {}
    for line, data in _json_lines(args.file):
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
    data_dir = resolve_data_dir(args.data)
    date = args.date or today()
    return LiveMeeting.create(
        data_dir,
        new_session_id(data_dir, date),
        agenda=agenda,
        date=date,
        place=args.place or agenda.locations[0],
        chair=agenda.chair.name or agenda.chair.role,
    )


def _unfinished(data_dir: Path) -> Path | None:
    """The newest session that was not closed: what ``run`` resumes after a crash."""
    for path in reversed(session_paths(data_dir)):
        try:
            closed = read_session(path).state.closed  # the log decides, not the header
        except StoreError:
            continue
        if not closed:
            return path
    return None


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
                remaining=_clock(remaining),
            )
        )
    lines.append(translate("state_issues", lang, count=len(state.issues)))
    lines.append(translate("state_events", lang, count=state.seq))
    return lines


def _agenda(state: MeetingState) -> Agenda:
    if state.agenda is None:
        raise DomainError("session_not_open")
    return state.agenda


def _clock(seconds: float) -> str:
    sign = "+" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def _duration(seconds: float) -> str:
    minutes = int(seconds) // 60
    return f"{minutes // 60}h{minutes % 60:02d}"


def _json_lines(path: Path) -> Iterator[tuple[int, object]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(Msg("cli_file_not_found", {"path": path})) from None
    except UnicodeDecodeError:
        raise UsageError(Msg("cli_not_utf8", {"path": path})) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise _bad_line(path, number, "row_not_json", detail=error.msg) from None


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
