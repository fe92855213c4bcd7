"""The conclusion notice (thông báo kết luận) of the chair, in the administrative layout."""

from __future__ import annotations

from collections import Counter

from moderator.domain import queries
from moderator.export import sections
from moderator.export.document import Block, Columns, Document, Para
from moderator.export.source import Context


def notice(ctx: Context) -> Document:
    w, agenda, state = ctx.words, ctx.agenda, ctx.state
    role = agenda.chair.role
    blocks: list[Block] = [
        *sections.draft_mark(ctx),
        sections.heading(ctx, "notice_number"),
        Para("title", w("notice_title")),
        Para("subtitle", w("notice_subtitle", role=role, meeting=agenda.title)),
        Para("rule"),
    ]
    blocks.extend(Para("basis", _basis(line)) for line in agenda.legal_basis)
    intro = w(
        "notice_intro",
        date=w.date(ctx.meeting_date),
        place=state.place,
        organiser=agenda.organiser,
        meeting=agenda.title,
        role=role,
    )
    blocks.append(Para("body", intro))
    blocks.append(sections.section(1, w("doc_s_general")))
    blocks.extend(sections.general(ctx))
    blocks.append(sections.section(2, w("notice_s_opinions")))
    blocks.extend(_opinions(ctx))
    blocks.append(sections.section(3, w("notice_s_issues")))
    blocks.extend(sections.petitions(ctx))
    blocks.append(sections.section(4, w("notice_s_overall")))
    blocks.extend(sections.overall(ctx))
    closing = w("notice_closing", role=role, meeting=agenda.title, organiser=agenda.organiser)
    blocks.append(Para("body", closing))
    sign = agenda.signature
    signer = sections.signature(
        sign.title or role, sign.name or state.chair, authority=sign.authority
    )
    blocks.append(Columns("footer", _recipients(ctx), signer))
    title = f"{w('notice_title')} — {agenda.title}"
    return Document(title=title, author=agenda.organiser, blocks=tuple(blocks))


def _basis(line: str) -> str:
    # The agenda keeps legal bases without their closing ";" (see its comments).
    return line if line.endswith((";", ".", ",")) else f"{line};"


def _opinions(ctx: Context) -> list[Block]:
    """How many petitions were registered and what became of each, from how many villages,
    grouped into how many issues, and how many citizens in each area (every citizen once:
    one who joined an issue under the issue's area; one still waiting under their own)."""
    w, state = ctx.words, ctx.state
    if not state.speakers:
        return [Para("body", w("doc_no_issues"))]
    statuses: Counter[str] = Counter(queries.petition_status(state, s) for s in state.speakers)
    villages = {s.village for s in state.speakers}
    blocks: list[Block] = [
        Para(
            "body",
            w("notice_registered", count=len(state.speakers), villages=len(villages)),
        )
    ]
    parts = [
        w(key, count=statuses[status])
        for status, key in (
            ("presented", "notice_status_presented"),
            ("in_writing", "notice_status_in_writing"),
            ("waiting", "notice_status_waiting"),
            ("withdrawn", "notice_status_withdrawn"),
        )
        if statuses[status]
    ]
    blocks.extend(Para("bullet", _listed(parts, i)) for i in range(len(parts)))
    counts = _by_area(ctx)
    order = [a.id for a in ctx.agenda.areas if a.id in counts]
    order += sorted(a for a in counts if a is not None and a not in order)
    lines = [
        w("notice_opinions_area", area=w.area(ctx.agenda, area), count=counts[area])
        for area in [*order, None]
        if counts.get(area)
    ]
    if not lines:
        return blocks
    by_area = w("notice_by_area_withdrawn" if statuses["withdrawn"] else "notice_by_area")
    grouped = w("notice_grouped", issues=len(state.issues), by_area=by_area)
    if not state.issues:
        grouped = by_area
    blocks.append(Para("body", grouped))
    blocks.extend(Para("bullet", _listed(lines, i)) for i in range(len(lines)))
    return blocks


def _by_area(ctx: Context) -> Counter[str | None]:
    state = ctx.state
    counts: Counter[str | None] = Counter()
    for issue in state.issues:
        counts[issue.area] += len(issue.raised_by)
    for speaker in state.speakers:
        if queries.petition_status(state, speaker) == "waiting":
            counts[speaker.area] += 1
    return counts


def _listed(lines: list[str], index: int) -> str:
    """An item of an enumeration, punctuated as Vietnamese documents do: ";" then "." last."""
    return lines[index] + ("." if index == len(lines) - 1 else ";")


def _recipients(ctx: Context) -> tuple[Para, ...]:
    items = ctx.agenda.distribution
    if not items:
        return ()
    return (
        Para("recipients_label", ctx.words("notice_recipients")),
        *(Para("recipient", _listed(items, i)) for i in range(len(items))),
    )
