"""Administrative documents in the format of Decree 30/2020/NĐ-CP (Phụ lục I), as plain rules and plain data.

What the decree fixes — the page (A4, margins), the font and its sizes, the header block (the issuing body under
its parent, the national title and motto, number and symbol, place and date), the signature block (TM., KT., …),
"Kính gửi" and "Nơi nhận" lists, appendices — and the parts of a document as plain data (``Document``), so that the
DOCX and XLSX writers and the tests read one description. No Django here: the documents app fills a ``Document``
from the selectors and hands it to a writer. Sizes are the decree's ranges; where it gives a range this module
picks one value and says so (``SIZES``). Source: shared/reference/decree-30-format.md."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ansinh.core.dates import format_date_long

# -- Page -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    width_mm: int
    height_mm: int
    top_mm: int
    bottom_mm: int
    left_mm: int
    right_mm: int

    @property
    def text_width_mm(self) -> int:
        return self.width_mm - self.left_mm - self.right_mm


# A4 portrait; the decree's margins are top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm: the smallest of
# each range, so that the wide tables have the most room.
PORTRAIT = Page(width_mm=210, height_mm=297, top_mm=20, bottom_mm=20, left_mm=30, right_mm=15)
# A wide table may be set in landscape, with the same margins (the decree gives no others).
LANDSCAPE = Page(width_mm=297, height_mm=210, top_mm=20, bottom_mm=20, left_mm=30, right_mm=15)
MARGIN_RANGES_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}

# Times New Roman (TCVN 6909:2001 Unicode); where it cannot be shipped, Liberation Serif has the same metrics.
FONT = "Times New Roman"


@dataclass(frozen=True)
class Size:
    points: float
    bold: bool = False
    italic: bool = False
    capitals: bool = False


# Each part's size within the decree's range (comment: the range).
SIZES = {
    "parent_body": Size(12, capitals=True),  # 12–13, regular
    "issuing_body": Size(12, bold=True, capitals=True),  # 12–13, bold
    "number": Size(13),  # 13
    # 12 of 12–13: in 13 pt bold the national title is wider than its column of the header block.
    "national_title": Size(12, bold=True, capitals=True),  # 12–13, bold
    "motto": Size(13, bold=True),  # 13–14, bold
    "place_date": Size(14, italic=True),  # 13–14, italic
    "kind": Size(14, bold=True, capitals=True),  # 13–14, bold
    "summary": Size(14, bold=True),  # 13–14, bold
    "subject": Size(13),  # "V/v …" of a công văn, 12–13
    "body": Size(14),  # 13–14
    "heading": Size(14, bold=True),  # parts and sections of the body
    "addressee": Size(14),  # "Kính gửi:", 13–14
    "authority": Size(14, bold=True, capitals=True),  # TM./KT. and the title, 13–14, bold
    "signer": Size(14, bold=True),  # the name, 13–14, bold
    "recipients_label": Size(12, bold=True, italic=True),  # "Nơi nhận:", 12, bold italic
    "recipients": Size(11),  # the list, 11
    "page_number": Size(13),  # 13–14, centred in the top margin, not on the first page
    "appendix_number": Size(14, bold=True),  # "Phụ lục I", 14, bold
    "appendix_title": Size(14, bold=True),
    "table": Size(12),  # tables in an appendix: the decree leaves their size to the drafter
    "table_header": Size(12, bold=True),
}
FIRST_LINE_INDENT_CM = 1.27  # 1–1,27 cm
SPACE_AFTER_PT = 6  # at least 6 pt between paragraphs
LINE_SPACING = 1.15  # single to 1,5 lines

# -- Number and symbol ----------------------------------------------------------------------------


class Kind(StrEnum):
    """The kinds of document the secretariat issues, by their abbreviation in the symbol."""

    REPORT = "BC"
    NOTICE = "TB"
    PLAN = "KH"
    LETTER = "CV"  # công văn: no abbreviation of its own in the symbol

    @property
    def type_name(self) -> str:
        """The document's type as its title block prints it ("BÁO CÁO"); a công văn has none."""
        return KIND_TITLES[self]


KIND_TITLES = {Kind.REPORT: "BÁO CÁO", Kind.NOTICE: "THÔNG BÁO", Kind.PLAN: "KẾ HOẠCH", Kind.LETTER: ""}

# Words left out of a body's initials, as "Sở Lao động - Thương binh và Xã hội" is "SLĐTBXH".
_SKIPPED_WORDS = {"và", "-", "–", "&"}
_WORD = re.compile(r"[\wÀ-ỹ]+", re.UNICODE)


def symbol_of(name: str) -> str:
    """The abbreviation of a body's name used in symbols: the capitalised first letter of each word but "và";
    "Ủy ban nhân dân" → "UBND", "Sở Lao động - Thương binh và Xã hội" → "SLĐTBXH"."""
    words = [word for word in _WORD.findall(name) if word.lower() not in _SKIPPED_WORDS]
    # Tone and vowel marks go ("Ủy" gives U), Đ stays: it is a letter of its own, not a D with a mark.
    initials = (unicodedata.normalize("NFD", word[0].upper())[0] for word in words)
    return "".join(initials)


def number_line(kind: Kind, number: int | None, issuer_symbol: str, drafting_unit: str = "") -> str:
    """ "Số: 05/BC-SLĐTBXH"; a công văn puts the drafting unit after the issuer: "Số: 12/SLĐTBXH-BTXH".
    A number below 10 has a leading zero. Without a number (the văn thư gives it when the document is
    issued) the place is left blank: "Số:      /BC-SLĐTBXH"."""
    if number is not None and number < 1:
        raise ValueError("Số văn bản phải là số nguyên dương.")
    written = f"{number:02d}" if number is not None else "\u00a0" * 6
    if kind == Kind.LETTER:
        symbol = f"{issuer_symbol}-{drafting_unit}" if drafting_unit else issuer_symbol
    else:
        symbol = f"{kind.value}-{issuer_symbol}"
    return f"Số: {written}/{symbol}"


def place_and_date(place: str, day: date) -> str:
    """ "Hà Nội, ngày 05 tháng 3 năm 2024" (a leading zero for days 1–9 and months 1–2)."""
    return f"{place}, {format_date_long(day)}"


# -- Lists ----------------------------------------------------------------------------------------


def roman(number: int) -> str:
    """Parts of a document are numbered I, II, III, …"""
    if not 0 < number < 4000:
        raise ValueError("Chỉ đánh số La Mã từ 1 đến 3999.")
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    written = ""
    for value, letters in numerals:
        while number >= value:
            written += letters
            number -= value
    return written


def dash_list(items: Sequence[str]) -> list[str]:
    """Recipients as a dash list: each line ends with ";", the last with "."."""
    cleaned = [item.strip().rstrip(";.").strip() for item in items]
    cleaned = [item for item in cleaned if item]
    return [f"- {item}{'.' if index == len(cleaned) - 1 else ';'}" for index, item in enumerate(cleaned)]


def addressee_lines(addressees: Sequence[str]) -> list[str]:
    """ "Kính gửi: Thường trực Thành ủy." for one; "Kính gửi:" over a dash list for several."""
    cleaned = [item.strip().rstrip(";.").strip() for item in addressees if item.strip().rstrip(";.").strip()]
    if not cleaned:
        return []
    if len(cleaned) == 1:
        return [f"Kính gửi: {cleaned[0]}."]
    return ["Kính gửi:", *dash_list(cleaned)]


def recipients_lines(recipients: Sequence[str], archive: str) -> list[str]:
    """The "Nơi nhận" list, ending with "- Lưu: VT, <drafting unit>." (VT: the clerical office)."""
    cleaned = [item.strip().rstrip(";.").strip() for item in recipients if item.strip().rstrip(";.").strip()]
    cleaned = [item for item in cleaned if not item.lower().startswith("lưu:")]
    kept = f"Lưu: VT, {archive.strip()}" if archive.strip() else "Lưu: VT"
    return dash_list([*cleaned, kept])


# -- Signature ------------------------------------------------------------------------------------


class Authority(StrEnum):
    """How the signer signs: for the head (none), on behalf of a collective body (TM.), for the head as deputy
    (KT.), by order (TL.), by authorisation (TUQ.), acting (Q.)."""

    HEAD = ""
    ON_BEHALF = "TM."
    DEPUTY = "KT."
    BY_ORDER = "TL."
    AUTHORISED = "TUQ."
    ACTING = "Q."

    @property
    def label(self) -> str:
        return AUTHORITY_LABELS[self]


AUTHORITY_LABELS = {
    Authority.HEAD: "Người đứng đầu ký",
    Authority.ON_BEHALF: "TM. — thay mặt tập thể",
    Authority.DEPUTY: "KT. — ký thay người đứng đầu",
    Authority.BY_ORDER: "TL. — thừa lệnh",
    Authority.AUTHORISED: "TUQ. — thừa ủy quyền",
    Authority.ACTING: "Q. — quyền",
}


def authority_lines(authority: Authority, principal: str, signer_title: str) -> list[str]:
    """The lines above the signature, in capitals: "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"; "TM. ỦY BAN NHÂN DÂN"
    over "CHỦ TỊCH"; the head signs under the title alone ("GIÁM ĐỐC"). ``principal`` is the collective
    body (TM.) or the head's title (KT., TL., TUQ.); ``signer_title`` the signer's own title."""
    title = signer_title.strip().upper()
    if authority == Authority.HEAD:
        return [title] if title else []
    if authority == Authority.ACTING:
        return [f"Q. {title}"] if title else []
    lines = [f"{authority.value} {principal.strip().upper()}"]
    if title:
        lines.append(title)
    return lines


# -- Figures in an appendix -----------------------------------------------------------------------

# "% kế hoạch" is meaningful where more is better and the target is a single amount: 179.648 lượt of 160.000 is
# 112,3% of the plan. For an indicator that should fall (a rate of unemployment "dưới 4%"), a band, or a yes/no or
# qualitative target, the ratio would read backwards or mean nothing, so it is left out.
RATIO_COMPARATORS = frozenset({"ge", "gt", "eq", "approx"})


def percent_of_plan(
    actual: Decimal | None, target_value: Decimal | None, comparator: str, direction: str
) -> Decimal | None:
    """Actual as a percentage of the target, one decimal, half-up; None where the ratio means nothing."""
    if actual is None or target_value is None or target_value <= 0 or actual < 0:
        return None
    if direction != "up" or comparator not in RATIO_COMPARATORS:
        return None
    return (actual * 100 / target_value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# -- The parts of a document, as plain data -------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A table cell: the text as printed; a figure also carries its number (the Excel appendix stores numbers)."""

    text: str
    number: Decimal | None = None
    percent: bool = False  # ``number`` is a percentage (112,3 for 112,3%)


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sheet_name: str = ""  # its sheet in the Excel appendix

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError("Mỗi dòng của bảng phải có đủ số cột.")


class Style(StrEnum):
    PART = "part"  # I. KẾT QUẢ THỰC HIỆN — bold
    SECTION = "section"  # 1. An sinh xã hội — bold
    BODY = "body"  # justified, first-line indent
    ITEM = "item"  # "- …" lines of a list, justified, first-line indent
    NOTE = "note"  # italic, as a remark on the data


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Style = Style.BODY


@dataclass(frozen=True)
class Appendix:
    number: int
    title: str
    table: Table
    note: str = ""
    landscape: bool = True

    @property
    def heading(self) -> str:
        return f"Phụ lục {roman(self.number)}"


@dataclass(frozen=True)
class Header:
    parent_body: str
    issuing_body: str
    number: str  # the whole "Số: …" line
    place_date: str
    kind: Kind
    summary: str  # trích yếu; for a công văn the "V/v …" line


@dataclass(frozen=True)
class Signature:
    lines: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class Document:
    header: Header
    body: tuple[Paragraph, ...]
    signature: Signature
    recipients: tuple[str, ...]  # already as dash lines (``recipients_lines``)
    addressees: tuple[str, ...] = ()  # "Kính gửi" lines (``addressee_lines``)
    appendices: tuple[Appendix, ...] = ()
    # Where the appendix says which document it belongs to: "(Kèm theo Báo cáo số …)".
    attached_to: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)  # words on the data (e.g. "ví dụ minh họa")

    def text_lines(self) -> list[str]:
        """Every sentence of the document in reading order: what a PDF made from it must hold too."""
        lines = [
            self.header.parent_body,
            self.header.issuing_body,
            self.header.number,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            self.header.place_date,
        ]
        if self.header.kind.type_name:
            lines.append(self.header.kind.type_name)
        lines.append(self.header.summary)
        lines += list(self.addressees)
        lines += [paragraph.text for paragraph in self.body]
        lines += ["Nơi nhận:", *self.recipients, *self.signature.lines, self.signature.name]
        for appendix in self.appendices:
            lines += [appendix.heading, appendix.title]
            lines += [cell.text for row in appendix.table.rows for cell in row]
        return [line for line in lines if line]
