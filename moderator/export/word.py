"""Word (.docx) rendering in the layout of Nghị định 30/2020/NĐ-CP: A4, Times New Roman,
the two-column heading and footer as borderless tables, justified body, the recipients in
small type bottom left and the signature block bottom right.

Formatting lives in named paragraph styles (``Moderator …``), so the secretary can adjust a
whole document in Word by editing one style, and a long session renders quickly.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from moderator.export.document import Chart, Columns, Document, Para, Style

FONT = "Times New Roman"
BODY_SIZE = 14
INDENT = Cm(1.27)
TEXT_WIDTH = Cm(16.5)
"""A4 (21 cm) less the 3 cm left and 1.5 cm right margins."""
COLUMN_WIDTHS = {
    "heading": (Cm(6.0), Cm(10.5)),
    "footer": (Cm(8.0), Cm(8.5)),
    "signatures": (Cm(8.25), Cm(8.25)),
}
LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-GB"}

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
_LEFT = WD_ALIGN_PARAGRAPH.LEFT


@dataclass(frozen=True)
class _Look:
    size: float = BODY_SIZE
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH = _JUSTIFY
    first_indent: bool = False
    after: float = 6


_LOOKS: dict[Style, _Look] = {
    "draft": _Look(bold=True, size=16, align=_CENTER, after=0),
    "draft_note": _Look(italic=True, size=12, align=_CENTER, after=12),
    "organiser": _Look(bold=True, size=13, align=_CENTER, after=0),
    "national": _Look(bold=True, size=13, align=_CENTER, after=0),
    "motto": _Look(bold=True, size=14, align=_CENTER, after=0),
    "rule": _Look(size=2, align=_CENTER, after=6),
    "number": _Look(size=13, align=_CENTER, after=0),
    "place_date": _Look(italic=True, size=14, align=_CENTER, after=0),
    "title": _Look(bold=True, size=14, align=_CENTER, after=0),
    "subtitle": _Look(bold=True, size=14, align=_CENTER, after=0),
    "section": _Look(bold=True, first_indent=True, after=6),
    "basis": _Look(italic=True, first_indent=True),
    "body": _Look(first_indent=True),
    "bullet": _Look(first_indent=True),
    "group": _Look(bold=True, italic=True, first_indent=True),
    "item": _Look(first_indent=True),
    "recipients_label": _Look(bold=True, italic=True, size=12, align=_LEFT, after=0),
    "recipient": _Look(size=11, align=_LEFT, after=0),
    "sign_authority": _Look(bold=True, align=_CENTER, after=0),
    "sign_role": _Look(bold=True, align=_CENTER, after=0),
    "sign_hint": _Look(italic=True, align=_CENTER, after=0),
    "sign_space": _Look(align=_CENTER, after=48),
    "sign_name": _Look(bold=True, align=_CENTER, after=0),
    "blank": _Look(align=_CENTER, after=0),
}

_HEADINGS: frozenset[Style] = frozenset({"section", "group", "item"})
"""Section titles, group titles ("Rút đăng ký"), an issue's topic or a step of the minutes."""

# The rules drawn under headings: (left, right) indents that leave a short centred line.
_RULE_INDENTS = {
    "organiser": (Cm(1.8), Cm(1.8)),
    "motto": (Cm(2.0), Cm(2.0)),
    "subtitle": (Cm(6.0), Cm(6.0)),
}
_DRAFT_INDENT = Cm(6.0)
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
"""The order of ``w:pPr`` children required by the schema (ECMA-376 CT_PPr)."""
_AFTER_BORDERS = PPR_ORDER[PPR_ORDER.index("w:pBdr") + 1 :]


def render_docx(
    document: Document, lang: str, created: dt.datetime, modified: dt.datetime
) -> bytes:
    doc = docx.Document()
    styles = _setup(doc, document, lang, created, modified)
    _page_numbers(doc)
    previous = ""
    last: Paragraph | None = None
    charts = _Charts()
    for block in document.blocks:
        if isinstance(block, Chart):
            charts.add(doc, block, styles)
            previous, last = "", None
            continue
        if isinstance(block, Columns):
            if block.kind != "heading" and last is not None:
                # The signature never stands alone on a page: the closing words go with it.
                _keep_with_next(last)
            _columns(doc, block, styles)
            previous, last = "", None
            continue
        last = _styled(doc.add_paragraph(), styles[block.style])
        _fill(last, block, previous)
        previous = block.style
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class _Charts:
    """Draws each chart as a picture the width of the text; without matplotlib, says once
    (in the first chart's place) how to get them."""

    def __init__(self) -> None:
        self.missing_said = False

    def add(self, doc: DocxDocument, chart: Chart, styles: dict[Style, str]) -> None:
        # Imported here: matplotlib loads only when a document has a chart to draw.
        from moderator.export.chart import ChartsUnavailable, chart_png

        try:
            picture = chart_png(chart)
        except ChartsUnavailable:
            if not self.missing_said:
                self.missing_said = True
                _fill(
                    _styled(doc.add_paragraph(), styles["body"]),
                    Para("body", chart.unavailable),
                    "",
                )
            return
        paragraph = _styled(doc.add_paragraph(), styles["blank"])
        paragraph.add_run().add_picture(io.BytesIO(picture), width=TEXT_WIDTH)


def _setup(
    doc: DocxDocument, document: Document, lang: str, created: dt.datetime, modified: dt.datetime
) -> dict[Style, str]:
    """Page, fonts, styles and metadata; returns the paragraph style id of each role."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _default_font(doc, LANGUAGE_TAGS[lang])
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    styles = {name: _add_style(doc, name, look).style_id for name, look in _LOOKS.items()}
    props = doc.core_properties
    props.title = document.title
    props.author = props.last_modified_by = document.author
    props.comments = ""
    props.language = LANGUAGE_TAGS[lang]
    props.revision = 1
    props.created = created.astimezone(dt.UTC).replace(tzinfo=None)
    props.modified = modified.astimezone(dt.UTC).replace(tzinfo=None)
    return styles


def _page_numbers(doc: DocxDocument) -> None:
    """The page number centred at the top from the second page on (Nghị định 30/2020,
    Phụ lục I): a PAGE field in the header, the first page's header left empty."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = _CENTER
    begin, code, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, end):
        run = paragraph.add_run()
        run.font.name = FONT
        run.font.size = Pt(BODY_SIZE)
        run._r.append(element)


def _default_font(doc: DocxDocument, language: str) -> None:
    """Times New Roman for every script and the document's language, in the defaults every
    style inherits (the template points at theme fonts, which Word would prefer)."""
    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:  # pragma: no cover - the bundled template has them
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    tag = rpr.find(qn("w:lang"))
    if tag is not None:
        tag.set(qn("w:val"), language)


def _add_style(doc: DocxDocument, name: Style, look: _Look) -> ParagraphStyle:
    style: ParagraphStyle = doc.styles.add_style(f"Moderator {name}", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    font = style.font
    font.name = FONT
    font.size = Pt(look.size)
    font.bold = look.bold
    font.italic = look.italic
    fmt = style.paragraph_format
    fmt.alignment = look.align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(look.after)
    fmt.first_line_indent = INDENT if look.first_indent else None
    if name in _HEADINGS:
        # A heading never ends a page alone: it goes with what it heads.
        fmt.keep_with_next = True
    if name == "recipient":
        # "- Lưu: VT." lines wrap under their text, not under the dash.
        fmt.left_indent, fmt.first_line_indent = Cm(0.3), Cm(-0.3)
    return style


def _styled(paragraph: Paragraph, style_id: str) -> Paragraph:
    # Setting ``paragraph.style`` looks up the default style among all of them on every call,
    # which made a long session's document take seconds; the id is all the XML needs.
    paragraph._p.style = style_id
    return paragraph


def _fill(paragraph: Paragraph, para: Para, previous_style: str) -> None:
    if para.style == "rule":
        left, right = _RULE_INDENTS.get(previous_style, (Cm(5.5), Cm(5.5)))
        paragraph.paragraph_format.left_indent = left
        paragraph.paragraph_format.right_indent = right
        _border(paragraph, ("bottom",))
        return
    if para.style == "draft":
        paragraph.paragraph_format.left_indent = _DRAFT_INDENT
        paragraph.paragraph_format.right_indent = _DRAFT_INDENT
        _border(paragraph, ("top", "left", "bottom", "right"))
    if para.label:
        paragraph.add_run(f"{para.label} ").bold = True
    prefix = "- " if para.style in ("bullet", "recipient") else ""
    for index, line in enumerate((prefix + para.text).split("\n")):
        if index:
            paragraph.runs[-1].add_break()
        paragraph.add_run(line)


def _border(paragraph: Paragraph, sides: tuple[str, ...]) -> None:
    # Word rejects a document whose paragraph properties are out of the schema's order.
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "1")
        line.set(qn("w:color"), "auto")
        borders.append(line)
    ppr.insert_element_before(borders, *_AFTER_BORDERS)


def _columns(doc: DocxDocument, block: Columns, styles: dict[Style, str]) -> None:
    widths = COLUMN_WIDTHS[block.kind]
    signed = block.kind != "heading"
    if signed:
        _keep_with_next(_styled(doc.add_paragraph(), styles["blank"]))
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, paras, width in zip(
        table.rows[0].cells, (block.left, block.right), widths, strict=True
    ):
        cell.width = width
        _fill_cell(cell, paras, styles)
        if signed:
            # Signature and recipients stay together on one page: no paragraph of the
            # row leaves the others, and the row itself never breaks across pages.
            for paragraph in cell.paragraphs:
                _keep_with_next(paragraph)
    if signed:
        row_properties = table.rows[0]._tr.get_or_add_trPr()
        row_properties.append(OxmlElement("w:cantSplit"))
    # A table is followed by a paragraph in Word; an empty one also spaces the parts apart.
    _styled(doc.add_paragraph(), styles["blank"])


def _keep_with_next(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.keep_together = True


def _fill_cell(cell: _Cell, paras: tuple[Para, ...], styles: dict[Style, str]) -> None:
    previous = ""
    for index, para in enumerate(paras):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        _styled(paragraph, styles[para.style])
        _fill(paragraph, para, previous)
        previous = para.style
