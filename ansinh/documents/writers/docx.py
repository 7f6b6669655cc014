"""A ``rules.decree30.Document`` written as a .docx file (python-docx): A4, the decree's margins, Times New Roman
(Liberation Serif where it is not installed: same metrics), the header block in two columns, page numbers centred
at the top from the second page, appendices in landscape sections. No Django: plain data in, bytes out."""

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from ansinh.rules.decree30 import (
    FIRST_LINE_INDENT_CM,
    FONT,
    LANDSCAPE,
    LINE_SPACING,
    PORTRAIT,
    SIZES,
    SPACE_AFTER_PT,
    Appendix,
    Document,
    Kind,
    Page,
    Size,
    Style,
)

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# The header block's two columns on the portrait text width (165 mm).
LEFT_MM, RIGHT_MM = 63, 102
MOTTO_RULE_MM = 60  # as long as the motto in 13 pt bold
SIGNATURE_SPACE_LINES = 4  # room for the signature and the seal


def _font(run, size: Size) -> None:
    run.font.name = FONT
    run.font.size = Pt(size.points)
    run.font.bold = size.bold
    run.font.italic = size.italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _tight(paragraph: DocxParagraph, alignment=WD_ALIGN_PARAGRAPH.CENTER) -> DocxParagraph:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = None
    paragraph.alignment = alignment
    return paragraph


def _line(container, text: str, size: Size, alignment=WD_ALIGN_PARAGRAPH.CENTER) -> DocxParagraph:
    paragraph = _tight(container.add_paragraph(), alignment)
    _font(paragraph.add_run(text.upper() if size.capitals else text), size)
    return paragraph


def _rule(container, width_mm: float, length_mm: float) -> None:
    """A short horizontal rule of ``length_mm``, centred in ``width_mm``: a tiny paragraph's bottom border."""
    paragraph = _tight(container.add_paragraph())
    side = Mm(max(0.0, (width_mm - length_mm) / 2))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    _font(paragraph.add_run(""), Size(2))
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell(table: DocxTable, row: int, column: int, width_mm: float) -> _Cell:
    cell = table.cell(row, column)
    cell.width = Mm(width_mm)
    # A new cell holds one empty paragraph: the first line replaces it, so nothing adds a blank line.
    return cell


def _first_line(cell: _Cell, text: str, size: Size, alignment=WD_ALIGN_PARAGRAPH.CENTER) -> DocxParagraph:
    paragraph = _tight(cell.paragraphs[0], alignment)
    _font(paragraph.add_run(text.upper() if size.capitals else text), size)
    return paragraph


def _widths(table: DocxTable, widths_mm: list[float]) -> None:
    """Column widths in the table grid too: LibreOffice lays a table out by its grid, Word by its cells."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def _no_borders(table: DocxTable) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _page(section: Section, page: Page) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if page.width_mm > page.height_mm else WD_ORIENT.PORTRAIT
    section.page_width = Mm(page.width_mm)
    section.page_height = Mm(page.height_mm)
    section.top_margin = Mm(page.top_mm)
    section.bottom_margin = Mm(page.bottom_mm)
    section.left_margin = Mm(page.left_mm)
    section.right_margin = Mm(page.right_mm)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_numbers(section: Section) -> None:
    """Arabic numerals centred in the top margin, none on the first page."""
    section.different_first_page_header_footer = True
    paragraph = _tight(section.header.paragraphs[0])
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    _font(paragraph.add_run(""), SIZES["page_number"])


def _defaults(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZES["body"].points)
    properties = normal.element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    properties.append(language)


def _header_block(document: DocxDocument, doc: Document) -> None:
    header = doc.header
    table = document.add_table(rows=2, cols=2)
    _widths(table, [LEFT_MM, RIGHT_MM])
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left = _cell(table, 0, 0, LEFT_MM)
    if header.parent_body:
        _first_line(left, header.parent_body, SIZES["parent_body"])
        _line(left, header.issuing_body, SIZES["issuing_body"])
    else:
        _first_line(left, header.issuing_body, SIZES["issuing_body"])
    _rule(left, LEFT_MM, LEFT_MM * 0.4)
    right = _cell(table, 0, 1, RIGHT_MM)
    _first_line(right, NATIONAL_TITLE, SIZES["national_title"])
    _line(right, MOTTO, SIZES["motto"])
    _rule(right, RIGHT_MM, MOTTO_RULE_MM)
    number = _cell(table, 1, 0, LEFT_MM)
    _first_line(number, header.number, SIZES["number"]).paragraph_format.space_before = Pt(6)
    if header.kind == Kind.LETTER:
        _line(number, header.summary, SIZES["subject"])
    date = _cell(table, 1, 1, RIGHT_MM)
    _first_line(date, header.place_date, SIZES["place_date"]).paragraph_format.space_before = Pt(6)


def _title(document: DocxDocument, doc: Document) -> None:
    if doc.header.kind == Kind.LETTER:
        return
    _line(document, doc.header.kind.type_name, SIZES["kind"]).paragraph_format.space_before = Pt(18)
    _line(document, doc.header.summary, SIZES["summary"])
    _rule(document, PORTRAIT.text_width_mm, 40)


def _addressees(document: DocxDocument, doc: Document) -> None:
    if not doc.addressees:
        return
    first = _line(document, doc.addressees[0], SIZES["addressee"])
    first.paragraph_format.space_before = Pt(12)
    first.paragraph_format.space_after = Pt(6)
    if len(doc.addressees) > 1:
        first.alignment = WD_ALIGN_PARAGRAPH.LEFT
        first.paragraph_format.left_indent = Cm(3)
        for line in doc.addressees[1:]:
            paragraph = _line(document, line, SIZES["addressee"], WD_ALIGN_PARAGRAPH.LEFT)
            paragraph.paragraph_format.left_indent = Cm(5)


def _body(document: DocxDocument, doc: Document) -> None:
    for index, block in enumerate(doc.body):
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(12 if index == 0 else 0)
        fmt.space_after = Pt(SPACE_AFTER_PT)
        fmt.line_spacing = LINE_SPACING
        fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        size = SIZES["heading"] if block.style in (Style.PART, Style.SECTION) else SIZES["body"]
        if block.style == Style.NOTE:
            size = Size(size.points, italic=True)
        _font(paragraph.add_run(block.text), size)


def _signature(document: DocxDocument, doc: Document) -> None:
    table = document.add_table(rows=1, cols=2)
    _widths(table, [80, 85])
    _no_borders(table)
    left = _cell(table, 0, 0, 80)
    right = _cell(table, 0, 1, 85)
    label = _first_line(left, "Nơi nhận:", SIZES["recipients_label"], WD_ALIGN_PARAGRAPH.LEFT)
    label.paragraph_format.space_before = Pt(12)
    for line in doc.recipients:
        _line(left, line, SIZES["recipients"], WD_ALIGN_PARAGRAPH.LEFT)
    lines = list(doc.signature.lines) or [""]
    first = _first_line(right, lines[0], SIZES["authority"])
    first.paragraph_format.space_before = Pt(12)
    for line in lines[1:]:
        _line(right, line, SIZES["authority"])
    for _ in range(SIGNATURE_SPACE_LINES):
        _line(right, "", SIZES["body"])
    if doc.signature.name:
        _line(right, doc.signature.name, SIZES["signer"])


def _appendix(document: DocxDocument, doc: Document, appendix: Appendix) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page = LANDSCAPE if appendix.landscape else PORTRAIT
    _page(section, page)
    _line(document, appendix.heading, SIZES["appendix_number"])
    _line(document, appendix.title, SIZES["appendix_title"])
    if doc.attached_to:
        _line(document, doc.attached_to, Size(13, italic=True))
    _rule(document, page.text_width_mm, 40)
    columns = appendix.table.columns
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    _widths(table, [column.width_mm for column in columns])
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    heading_row = table.rows[0]
    heading_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    for column, cell in zip(columns, heading_row.cells, strict=True):
        cell.width = Mm(column.width_mm)
        _first_line(cell, column.title, SIZES["table_header"])
    # Row by row: python-docx's table.cell(r, c) lays out the whole grid on every call (quadratic).
    for row in appendix.table.rows:
        added = table.add_row()
        added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for column, content, cell in zip(columns, row, added.cells, strict=True):
            cell.width = Mm(column.width_mm)
            alignment = WD_ALIGN_PARAGRAPH.RIGHT if column.numeric else WD_ALIGN_PARAGRAPH.LEFT
            _first_line(cell, content.text, SIZES["table"], alignment)
    if appendix.note:
        note = _line(document, appendix.note, Size(12, italic=True), WD_ALIGN_PARAGRAPH.LEFT)
        note.paragraph_format.space_before = Pt(6)


def write_docx(doc: Document, *, title: str = "") -> bytes:
    document = new_docx()
    _defaults(document)
    first = document.sections[0]
    _page(first, PORTRAIT)
    _page_numbers(first)
    _header_block(document, doc)
    _title(document, doc)
    _addressees(document, doc)
    _body(document, doc)
    _signature(document, doc)
    for appendix in doc.appendices:
        _appendix(document, doc, appendix)
    properties = document.core_properties
    properties.title = title or doc.header.summary
    properties.author = doc.header.issuing_body
    properties.language = "vi-VN"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
