"""The Word export, read back with python-docx: page, fonts, the two-column tables, the text."""

from __future__ import annotations

import io

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from moderator.domain.agenda import Agenda
from moderator.export import export
from moderator.export.word import PPR_ORDER
from moderator.meeting import Recorded
from tests.unit.test_export_session import recorded

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def closed(agenda: Agenda) -> Recorded:
    return recorded(agenda)


@pytest.fixture(scope="module")
def document(closed: Recorded) -> DocxDocument:
    return docx.Document(io.BytesIO(export(closed, "docx")))


def _texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def _look(paragraph: Paragraph) -> tuple[float | None, bool | None, bool | None]:
    """Size in points, bold, italic, as the paragraph's style sets them."""
    style = paragraph.style
    assert style is not None
    font = style.font
    return (font.size.pt if font.size else None, font.bold, font.italic)


def test_the_page_is_a4_in_times_new_roman(document: DocxDocument) -> None:
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin)
    assert [round(size.mm) for size in sizes if size is not None] == [210, 297, 30, 15]
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman"
    assert normal.size == Pt(14)
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults is not None
    assert defaults.get(f"{W}ascii") == "Times New Roman"
    assert defaults.get(f"{W}asciiTheme") is None
    assert document.core_properties.language == "vi-VN"
    assert document.core_properties.author == "UBND xã Trung Sơn"


def test_the_heading_is_a_borderless_two_column_table(document: DocxDocument) -> None:
    heading = document.tables[0]
    assert len(heading.columns) == 2
    assert heading._tbl.tblPr.find(f"{W}tblBorders") is None
    assert heading.style is not None
    assert heading.style.name == "Normal Table"
    left, right = heading.rows[0].cells
    # The full name, on the two lines the agenda gives it.
    assert _texts(left.paragraphs)[0] == "ỦY BAN NHÂN DÂN\nXÃ TRUNG SƠN"
    assert "Số:" in _texts(left.paragraphs)[-1]
    assert _texts(right.paragraphs)[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    place_date = right.paragraphs[-1]
    assert place_date.text == "Trung Sơn, ngày 15 tháng 3 năm 2024"
    assert _look(place_date) == (14, False, True)
    assert _look(left.paragraphs[0]) == (13, True, False)
    assert left.paragraphs[0].style is not None
    assert left.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_title_and_body(document: DocxDocument, closed: Recorded) -> None:
    paragraphs = document.paragraphs
    texts = _texts(paragraphs)
    title = paragraphs[texts.index("THÔNG BÁO")]
    assert _look(title) == (14, True, False)
    assert title.style is not None
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subtitle = paragraphs[texts.index("THÔNG BÁO") + 1]
    assert subtitle.text.startswith("Kết luận của Chủ tịch UBND xã tại Hội nghị đối thoại")
    assert _look(subtitle)[1] is True
    body = next(p for p in paragraphs if p.text.startswith("Vào ngày 15 tháng 3 năm 2024"))
    assert body.style is not None
    assert body.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.style.paragraph_format.first_line_indent is not None
    for issue in closed.state.issues:
        item = next(p for p in paragraphs if p.text == f"{issue.number}. {issue.topic}")
        assert item.runs[0].bold is True  # the number
    assert "- Hướng xử lý: tiếp thu, ghi nhận." in texts
    assert "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN" in texts
    assert not any("DỰ THẢO" in text for text in texts)


def test_recipients_bottom_left_and_signature_bottom_right(document: DocxDocument) -> None:
    footer = document.tables[-1]
    left, right = footer.rows[0].cells
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert _look(label) == (12, True, True)
    assert _texts(left.paragraphs)[1:] == [
        "- 12 thôn;",
        "- UBND huyện (b/c);",
        "- TT Đảng ủy-HĐND (b/c);",
        "- CT, các PCT xã;",
        "- Trưởng, phó các ban ngành đoàn thể;",
        "- Đài truyền thanh xã;",
        "- Lưu: VT.",
    ]
    assert _look(left.paragraphs[1])[0] == 11
    signed = [p for p in right.paragraphs if p.text]
    assert _texts(signed) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Diêm Đăng Nghiệp"]
    assert all(_look(p)[1] for p in signed)
    body = document.element.body
    assert body.index(footer._tbl) > body.index(document.paragraphs[-3]._p)


def test_a_draft_says_so_first(agenda: Agenda) -> None:
    draft = docx.Document(io.BytesIO(export(recorded(agenda, until_closed=False), "docx")))
    first = draft.paragraphs[0]
    assert first.text == "DỰ THẢO"
    assert _look(first)[1] is True
    assert first._p.pPr is not None
    assert first._p.pPr.find(f"{W}pBdr") is not None


@pytest.mark.parametrize("until_closed", [True, False])
def test_paragraph_properties_follow_the_schema_order(agenda: Agenda, until_closed: bool) -> None:
    """Word (unlike LibreOffice) refuses a file whose ``w:pPr`` children are out of order."""
    data = export(recorded(agenda, until_closed=until_closed), "docx")
    document = docx.Document(io.BytesIO(data))
    order = [tag.replace("w:", W) for tag in PPR_ORDER]
    checked = 0
    for element in (document.element, document.styles.element):
        for ppr in element.iter(f"{W}pPr"):
            tags = [child.tag for child in ppr]
            assert tags == sorted(tags, key=order.index), tags
            checked += 1
    assert checked > 20


def test_english_wording(closed: Recorded) -> None:
    english = docx.Document(io.BytesIO(export(closed, "docx", "en")))
    texts = _texts(english.paragraphs)
    assert "NOTICE" in texts
    assert english.core_properties.language == "en-GB"
    assert english.tables[-1].rows[0].cells[0].paragraphs[0].text == "Recipients:"
