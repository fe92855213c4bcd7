"""The conclusion notice (thông báo kết luận) of the chair, in the administrative layout."""

from __future__ import annotations

from moderator.domain import queries
from moderator.export import sections
from moderator.export.document import Block, Columns, Document, Para
from moderator.export.source import Context


def notice(ctx: Context) -> Document:
    w, agenda, state = ctx.words, ctx.agenda, ctx.state
    role = agenda.chair.role
    blocks: list[Block] = [
        *sections.draft_mark(ctx),
        sections.heading(ctx, "notice_number", dated=True),
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
    blocks.extend(sections.issues(ctx))
    blocks.append(sections.section(4, w("notice_s_overall")))
    blocks.extend(sections.overall(ctx))
    closing = w("notice_closing", role=role, meeting=agenda.title, organiser=agenda.organiser)
    blocks.append(Para("body", closing))
    blocks.append(Columns("footer", _recipients(ctx), sections.signature(role, state.chair)))
    title = f"{w('notice_title')} — {agenda.title}"
    return Document(title=title, author=agenda.organiser, blocks=tuple(blocks))


def _basis(line: str) -> str:
    # The agenda keeps legal bases without their closing ";" (see its comments).
    return line if line.endswith((";", ".", ",")) else f"{line};"


def _opinions(ctx: Context) -> list[Block]:
    """How many opinions were heard, from how many villages, grouped into how many issues,
    and how many in each area."""
    w, state = ctx.words, ctx.state
    petitions = [
        state.speaker(s.speaker)
        for s in state.speeches
        if s.kind == "petition" and s.speaker is not None
    ]
    if not petitions:
        return [Para("body", w("doc_no_issues"))]
    villages = {p.village for p in petitions}
    counts = queries.opinions_by_area(state)
    order = [a.id for a in ctx.agenda.areas if a.id in counts]
    order += sorted(a for a in counts if a is not None and a not in order)
    lines = [
        w("notice_opinions_area", area=w.area(ctx.agenda, area), count=counts[area])
        for area in [*order, None]
        if counts.get(area)
    ]
    summary = w(
        "notice_opinions", opinions=len(petitions), villages=len(villages), issues=len(state.issues)
    )
    return [Para("body", summary), *(Para("bullet", _listed(lines, i)) for i in range(len(lines)))]


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
