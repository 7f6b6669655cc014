"""Stage 2: sections at the Roman-numbered headings, the targets section, and the metadata of the heading
block (number, date, kind, title, issuer, the programme's years)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ansinh.programs.plan_import.items import heading_year
from ansinh.programs.plan_import.results import PlanMetadata
from ansinh.programs.plan_import.text import Line, fold
from ansinh.rules.targets import mask_cited_horizons


@dataclass
class Section:
    roman: str
    title: str
    lines: list[Line]

    @property
    def heading(self) -> str:
        return f"{self.roman}. {self.title}" if self.roman else self.title


_ROMAN_HEADING = re.compile(r"^(?P<roman>X{0,3}(?:IX|IV|V?I{0,3}))\s*(?:[.)]|\s[-–])\s*(?P<title>\S.*)$")
_TARGET_HEADINGS = ("CHỈ TIÊU", "MỤC TIÊU")
_CLOSING = re.compile(r"^(?:Nơi nhận\s*:|TM\.|T/M\.|KT\.\s*CHỦ TỊCH|Trên đây là)", re.IGNORECASE)
RESPONSIBILITY_HEADINGS = ("TỔ CHỨC THỰC HIỆN", "PHÂN CÔNG")


def split_sections(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    preamble: list[Line] = []
    sections: list[Section] = []
    for line in lines:
        if sections and _CLOSING.match(line.text):
            break  # "Nơi nhận:", the signature: the plan's body is over
        match = _ROMAN_HEADING.match(line.text)
        if match and match.group("roman") and match.group("title")[0].isupper():
            sections.append(Section(match.group("roman"), match.group("title").strip(), []))
        elif sections:
            sections[-1].lines.append(line)
        else:
            preamble.append(line)
    return preamble, sections


def find_section(sections: list[Section], words: Iterable[str]) -> Section | None:
    for word in words:
        for section in sections:
            if word in section.title.upper():
                return section
    return None


def find_targets_section(sections: list[Section], lines: list[Line] | None = None) -> Section | None:
    """The Roman-numbered section of the targets; failing that, what follows a ``Mục tiêu cụ thể``
    line anywhere (a plan pasted without its headings)."""
    found = find_section(sections, _TARGET_HEADINGS)
    if found is not None or lines is None:
        return found
    for index, line in enumerate(lines):
        marker = _SUBSECTION_MARKER.match(line.text)
        if _SPECIFIC_TARGETS.match(line.text[marker.end() :] if marker else line.text):
            following = [other for other in lines[index + 1 :] if not _ROMAN_HEADING.match(other.text)]
            return Section("", line.text, [line, *following])
    return None


# Lines of a document's heading block and legal preamble, which state no target of the plan.
_NOT_BODY = re.compile(
    r"^(?:căn cứ|xét |sau khi xem xét|theo đề nghị|quyết nghị|quyết định\s*:|số\s*:|nơi nhận|độc lập|"
    r"cộng hòa|cộng hoà|tm\.|t/m|kt\.|\(vlo\)|laocaitv)",
    re.IGNORECASE,
)


def body_section(lines: list[Line]) -> Section:
    """The whole text as one section, for a document that has no targets heading: every line but the
    first (its title or headline, which repeats a target at most, unless it states one the text does not), the legal preamble (``Căn cứ …``) and
    lines in capitals (the heading block)."""
    # A headline is short and stands over the text; a long first line, or one that ends its sentence or is all
    # there is, is already the text (a PDF page whose furniture was dropped, a resolution's one paragraph).
    title = (
        lines[0].text
        if len(lines) > 1 and len(lines[0].text) < 200 and not lines[0].text.rstrip().endswith((".", ";"))
        else ""
    )
    # "Đến 2015, phấn đấu trên 75% số dân tham gia BHYT" over a text that says only 2020's 90%: a headline's figure
    # the text does not repeat is a target stated there only (read, and flagged as a headline by the items)
    rest = " ".join(line.text for line in lines[1:])
    stated_only_there = bool(title) and any(figure not in rest for figure in re.findall(r"\d+(?:[.,]\d+)*\s*%", title))
    body = [
        line
        for index, line in enumerate(lines)
        if (index > 0 or not title or stated_only_there)
        and (index == 0 or line.text != title)  # the headline repeated under the picture
        and not _NOT_BODY.match(line.text)
        and not (line.text.isupper() and len(line.text) > 3)
    ]
    return Section("", "", body)


_SUBSECTION_MARKER = re.compile(r"^(?:(?P<number>\d{1,2})[.)]|(?P<letter>[a-zđ])\))\s*")
_SPECIFIC_TARGETS = re.compile(
    r"^(?:các\s+)?(?:mục tiêu|chỉ tiêu)(?:\s+và\s+chỉ tiêu|\s*,\s*chỉ tiêu)?\s+(?:cụ thể|chủ yếu)", re.IGNORECASE
)
_CONTENT_AFTER_COLON = re.compile(r":\s*\S.*\d")
_MORE_TARGETS = re.compile(r"^(?:các\s+)?chỉ tiêu(?!\w)", re.IGNORECASE)
_GENERAL_TARGETS = re.compile(r"^mục tiêu\s+(?:chung|tổng quát)", re.IGNORECASE)
_LONGEST_HEADING = 300
_SPECIFIC_AFTER_GENERAL = re.compile(
    r"[.;:]\s+(?=(?:Cụ thể|(?:Các\s+)?(?:mục tiêu|chỉ tiêu)\s+cụ thể)(?!\w))", re.IGNORECASE
)


def target_lines(section: Section) -> list[Line]:
    """The lines that hold the indicators: the ``Mục tiêu cụ thể`` part when the section has one,
    never the prose of ``Mục tiêu chung``."""
    lines = section.lines
    for index, line in enumerate(lines):
        marker = _SUBSECTION_MARKER.match(line.text)
        rest = line.text[marker.end() :] if marker else line.text
        if _SPECIFIC_TARGETS.match(rest):
            # "Các chỉ tiêu chủ yếu đề ra là: Tốc độ tăng trưởng … 7,5% trở lên; …": the heading holds the targets
            # "Mục tiêu cụ thể giai đoạn 2022-2025, 95% người cao tuổi có thẻ bảo hiểm y tế; …": an article's paragraph
            # that opens with the heading's words holds the targets too
            holds_targets = heading_year(rest) or _CONTENT_AFTER_COLON.search(rest) or _is_paragraph(rest)
            block = [Line(line.number, rest)] if holds_targets else []
            return block + _until_sibling(lines[index + 1 :], marker)
    kept: list[Line] = []
    skipping: re.Match[str] | None = None
    skip_all = False
    for line in lines:
        marker = _SUBSECTION_MARKER.match(line.text)
        rest = line.text[marker.end() :] if marker else line.text
        if _GENERAL_TARGETS.match(rest):
            # an unnumbered "Mục tiêu chung" heading stands over the rest; an article's paragraph that opens with
            # those words ("Mục tiêu chung của kế hoạch nhằm …") is the general aim itself, and only it is skipped,
            # up to where it goes on with the specific ones ("… . Cụ thể, giảm tỷ lệ …")
            # (a copy cut inside the paragraph leaves it without its stop: a line that long is no heading)
            paragraph = _is_paragraph(rest) or len(rest) > _LONGEST_HEADING
            skipping, skip_all = marker, marker is None and not paragraph
            specific = _SPECIFIC_AFTER_GENERAL.search(rest) if paragraph else None
            if specific:
                kept.append(Line(line.number, rest[specific.end() :]))
            continue
        if skip_all or (skipping is not None and not _is_sibling(marker, skipping)):
            continue
        skipping = None
        kept.append(line)
    return kept


def _is_paragraph(text: str) -> bool:
    # "… 50% đối tượng … được tư vấn xét nghiệm HIV…": a list of targets closed by an ellipsis is a sentence too
    return len(text) > 100 and text.rstrip().endswith((".", ";", "…"))


def _is_sibling(marker: re.Match[str] | None, of: re.Match[str]) -> bool:
    if marker is None:
        return False
    return bool(marker.group("number")) == bool(of.group("number"))


def _until_sibling(lines: list[Line], marker: re.Match[str] | None) -> list[Line]:
    if marker is None:
        return list(lines)
    block = []
    for line in lines:
        other = _SUBSECTION_MARKER.match(line.text)
        # "3. Nhiệm vụ" after "2. Mục tiêu cụ thể" ends the block; "3.1." or "- 3." does not, nor a sibling that
        # states targets too ("2. Chỉ tiêu bao phủ của các địa phương").
        if (
            other
            and _is_sibling(other, marker)
            and not re.match(r"^\d+\.\d", line.text)
            and not _MORE_TARGETS.match(line.text[other.end() :])
        ):
            break
        block.append(line)
    return block


_NUMBER_LINE = re.compile(
    r"Số\s*:\s*(?P<number>\d+(?:\s*/\s*(?:19|20)\d\d)?)\s*/\s*(?P<symbol>[A-ZĐ][\wĐđ]*(?:\s*[-/]\s*[\wĐđ]+)*)",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?P<place>[^\d,]{2,40}),\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})"
)
_KINDS = {
    "KẾ HOẠCH": "Kế hoạch",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG": "Chương trình hành động",
    "CHƯƠNG TRÌNH": "Chương trình",
    "ĐỀ ÁN": "Đề án",
    "NGHỊ QUYẾT": "Nghị quyết",
    "QUYẾT ĐỊNH": "Quyết định",
}
_KIND_OF_SYMBOL = {"KH": "Kế hoạch", "CTR": "Chương trình", "CTRHĐ": "Chương trình hành động", "NQ": "Nghị quyết"}
_ISSUER_HEADS = {
    "ỦY BAN NHÂN DÂN": "Ủy ban nhân dân",
    "UỶ BAN NHÂN DÂN": "Ủy ban nhân dân",
    "HỘI ĐỒNG NHÂN DÂN": "Hội đồng nhân dân",
    "BAN CHẤP HÀNH": "Ban Chấp hành",
    "THÀNH ỦY": "Thành ủy",
    "TỈNH ỦY": "Tỉnh ủy",
}
_ISSUER_OF_SYMBOL = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "TU": "Thành ủy", "TƯ": "Thành ủy"}
_NATIONAL_MOTTO = re.compile(r"CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|ĐỘC LẬP - TỰ DO|ĐẢNG CỘNG SẢN", re.IGNORECASE)
# Cities under the central government: "thành phố"; every other province: "tỉnh" (after 1/7/2025, Huế too).
_CENTRAL_CITIES = ("hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế")
_REFERENCE = re.compile(
    r"(?P<kind>Chương trình hành động|Chương trình|Nghị quyết|Kế hoạch|Quyết định|Chỉ thị|Kết luận|Đề án)"
    r" số (?P<number>\d+[\w/-]*)(?: ngày (?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
)
_WEEKDAY = re.compile(r"^(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)$", re.IGNORECASE)
_OWN_REFERENCE = re.compile(
    r"^(?P<kind>Chương trình hành động|Chương trình|Nghị quyết|Kế hoạch|Quyết định|Đề án)\s+số\s+(?P<number>\d+[\w/-]*)"
    r"(?:\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
)
_HEADING_YEAR = re.compile(
    r"(?:ĐẾN|TỚI)\s+NĂM\s+(?P<year>\d{4})|GIAI ĐOẠN\s+\d{4}\s*[-–]\s*(?P<end>\d{4})", re.IGNORECASE
)


def read_metadata(
    preamble: list[Line], lines: list[Line], targets_section: Section, block: list[Line], *, end_year: int | None
) -> PlanMetadata:
    code = kind = title = place = issuer = ""
    issued_on: date | None = None
    symbol = ""
    for line in preamble:
        if not code and (match := _NUMBER_LINE.search(line.text)):
            symbol = re.sub(r"\s+", "", match.group("symbol"))
            code = f"{re.sub(r'\s+', '', match.group('number'))}/{symbol}"
        dated = next(
            (
                m
                for part in line.text.split("|")
                if (m := _DATE_LINE.match(part.strip())) and not _WEEKDAY.match(m.group("place").strip())
            ),
            None,
        )
        if issued_on is None and (match := dated):
            place = match.group("place").strip()
            try:
                issued_on = date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
            except ValueError:
                issued_on = None
    kind_index = next(
        (i for i, line in enumerate(preamble) if line.text.upper() in _KINDS and line.text.isupper()), None
    )
    # "KẾ HOẠCH THỰC HIỆN … ĐẾN NĂM 2026" on one line: the kind, then the title on the same line.
    titled_kind = next(
        (
            (i, key)
            for i, line in enumerate(preamble)
            if line.text.isupper()
            for key in sorted(_KINDS, key=len, reverse=True)
            if line.text.startswith(key + " ")
        ),
        None,
    )
    if kind_index is not None:
        kind = _KINDS[preamble[kind_index].text.upper()]
        title = _title(preamble[kind_index + 1 :])
    elif titled_kind is not None:
        index, key = titled_kind
        kind = _KINDS[key]
        first = preamble[index]
        title = _title([Line(first.number, first.text[len(key) :].strip()), *preamble[index + 1 :]])
    else:
        kind = next((name for key, name in _KIND_OF_SYMBOL.items() if symbol.upper().startswith(key)), "")
    if not title:
        title = _headline(lines)
    if not code and (own := _OWN_REFERENCE.match(title)):
        # "Chương trình hành động số 28-CTrHĐ/TU ngày 8/11/2012 của Thành ủy về …": a document quoted by its
        # own reference (an article that reprints it) carries its number and date in its title.
        kind, code = own.group("kind"), own.group("number")
        symbol = code.rsplit("/", 1)[-1]
        if own.group("date"):
            day, month, year_text = (int(part) for part in own.group("date").split("/"))
            try:
                issued_on = date(year_text, month, day)
            except ValueError:
                issued_on = None
    issuer, inferred = _issuer(preamble, lines, place, symbol)
    own_title = _own_years(title)
    read_year, headed = _end_year(_own_years(targets_section.title), own_title, block)
    plan_year = None if read_year or end_year else _plan_of_a_year(block)
    year = end_year or read_year or plan_year
    start_year = (
        plan_year
        or _start_year(own_title)
        or _single_year(own_title, year)
        or _start_year(title)
        or (issued_on.year if issued_on else None)
    )
    implements = "; ".join(dict.fromkeys(match.group(0) for match in _REFERENCE.finditer(title)))
    return PlanMetadata(
        code=code,
        kind=kind,
        title=title,
        issued_on=issued_on,
        place=place,
        issuer=issuer,
        issuer_inferred=inferred,
        implements=implements,
        start_year=start_year,
        end_year=year,
        end_year_stated=headed and year == read_year,
        targets_section=targets_section.heading,
    )


# "Căn cứ Quyết định số …", "Thực hiện Công văn số …" in sentence case after a title in capitals: the grounds begin
_GROUNDS_OPENING = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Xét đề nghị|Theo đề nghị)(?!\w)")


def _title(lines: list[Line]) -> str:
    """The paragraph after the kind line; a title wrapped over adjacent lines is joined, up to the grounds that follow
    a title in capitals with no blank line between ("… NĂM 2018" / "Thực hiện Công văn số 7236/BYT-UBQG50 … giai đoạn
    2018 - 2020 …": the grounds' years are not the title's)."""
    if not lines:
        return ""
    parts = [lines[0]]
    for line in lines[1:4]:
        if line.number != parts[-1].number + 1 or _NUMBER_LINE.search(line.text) or _DATE_LINE.match(line.text):
            break
        if parts[-1].text.isupper() and _GROUNDS_OPENING.match(line.text.strip()):
            break
        parts.append(line)
    return " ".join(part.text for part in parts)


def _issuer(preamble: list[Line], lines: list[Line], place: str, symbol: str) -> tuple[str, bool]:
    """The issuer from the heading block (``ỦY BAN NHÂN DÂN`` / ``TỈNH BẮC NINH``); else from the
    signature (``TM. ỦY BAN NHÂN DÂN``) or the number's symbol, and the place: marked as inferred."""
    header: list[str] = []
    for line in preamble:
        if _NUMBER_LINE.search(line.text) or _DATE_LINE.match(line.text):
            break
        if line.text.isupper() and not _NATIONAL_MOTTO.search(line.text):
            header.append(line.text)
    for index, text in enumerate(header):
        head = next((key for key in _ISSUER_HEADS if text.startswith(key)), None)
        if head is None:
            continue
        rest = text[len(head) :].strip() or (header[index + 1] if index + 1 < len(header) else "")
        return f"{_ISSUER_HEADS[head]} {_place_words(rest)}".strip(), False
    signature = next((line.text for line in lines if re.match(r"^(?:TM|T/M)\.?\s", line.text)), "")
    body = next((name for key, name in _ISSUER_HEADS.items() if key in signature.upper()), "")
    if not body:
        body = next((name for key, name in _ISSUER_OF_SYMBOL.items() if symbol.upper().endswith(key)), "")
    if not body:
        return "", False
    if not place:
        return body, True
    level = "thành phố" if fold(place) in _CENTRAL_CITIES else "tỉnh"
    return f"{body} {level} {place}", True


def _place_words(text: str) -> str:
    """``TỈNH BẮC NINH`` → ``tỉnh Bắc Ninh``; ``THÀNH PHỐ HÀ NỘI`` → ``thành phố Hà Nội``."""
    for level in ("THÀNH PHỐ", "TỈNH", "QUẬN", "HUYỆN", "THỊ XÃ", "XÃ", "PHƯỜNG"):
        if text.upper().startswith(level + " "):
            return f"{level.lower()} {text[len(level) :].strip().title()}"
    return text.title()


_TITLE_YEAR = re.compile(r"(?<!ngày )(?<!tháng )(?:năm|NĂM)\s+(?P<year>(?:19|20)\d\d)(?!\d)")


# a cited document's date or number ("15/2023/NQ-HĐND"), which holds a year that is not the plan's
_DATE_IN_TITLE = re.compile(
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d+/(?:19|20)\d\d/[\w/-]+", re.IGNORECASE
)
# a base year ("giảm tỷ lệ trẻ em bị xâm hại so với năm 2024", an article's first line taken as its title): the year
# the change is measured from, never the plan's
_BASE_YEAR_IN_TITLE = re.compile(
    r"so với\s+(?:cùng kỳ\s+)?(?:(?:cuối|đầu|hết)\s+)?(?:năm\s+)?(?:19|20)\d\d(?!\d)", re.IGNORECASE
)


def _own_years(title: str) -> str:
    """The title with only the years of the plan itself: a cited document's date ("Nghị quyết số 20-NQ/TW ngày 25
    tháng 10 năm 2017") or number is blanked, and so is a base year ("so với năm 2024"), and so is its horizon ("Kế hoạch thực hiện Chiến lược quốc gia về người cao tuổi
    đến năm 2030 trên địa bàn tỉnh giai đoạn 2021-2025" is a plan to 2025; "… Chương trình mục tiêu quốc gia giảm
    nghèo bền vững giai đoạn 2021-2025 năm 2024" a plan for 2024) unless it is the only year left, the plan's too."""
    title = _DATE_IN_TITLE.sub(lambda match: " " * len(match.group()), title)
    title = _BASE_YEAR_IN_TITLE.sub(lambda match: " " * len(match.group()), title)
    own = mask_cited_horizons(title)
    return own if re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", own) else title


def _end_year(section_title: str, title: str, block: list[Line]) -> tuple[int | None, bool]:
    """The plan's end year and whether a heading states it (the targets section's or the plan's title);
    the latest "đến năm …" of the targets is only the best guess left."""
    for text in (section_title, title):
        if match := _HEADING_YEAR.search(text):
            return int(match.group("year") or match.group("end")), True
    for text in (section_title, title):
        if match := _TITLE_YEAR.search(text):
            return int(match.group("year")), True
    years = [
        int(year)
        for line in block
        for year in re.findall(r"(?:đến|tới)\s+(?:cuối\s+)?năm\s+(20\d\d)", mask_cited_horizons(line.text), re.I)
    ]
    return (max(years), False) if years else (None, False)


# "Quốc hội biểu quyết thông qua Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2020": the plan the text is
# about, for one year (not "Kế hoạch 5 năm 2021 - 2025", a span)
_PLAN_OF_A_YEAR = re.compile(
    r"(?<!\w)kế hoạch(?:\s+[^\W\d_]+|\s+-\s+[^\W\d_]+){0,10}?\s+năm\s+(?P<year>(?:19|20)\d\d)(?!\d)(?!\s*[-–]\s*\d)",
    re.IGNORECASE,
)


def _plan_of_a_year(block: list[Line]) -> int | None:
    """A text whose headings state no year (an article): the one year of the plan it names, when it names one
    only; a one-year plan then, whose targets' year the text's "năm 2020" is, flagged as not from a heading."""
    years = {int(match.group("year")) for line in block for match in _PLAN_OF_A_YEAR.finditer(line.text)}
    return years.pop() if len(years) == 1 else None


def _headline(lines: list[Line]) -> str:
    """A document with no kind line (an article, a resolution copied without its heading block): its
    title is the first line that is not the motto, the number or the date — "VỀ GIẢI QUYẾT VIỆC LÀM …"."""
    for line in lines[:6]:
        if _NATIONAL_MOTTO.search(line.text) or re.search(r"Số\s*:|ngày\s+\d{1,2}\s+tháng", line.text):
            continue
        return line.text
    return ""


def _single_year(title: str, end_year: int | None) -> int | None:
    """A plan for one year (``Kế hoạch … năm 2019``, ``25 chỉ tiêu phấn đấu năm 2024``) starts and ends in it."""
    # a period of the plan's own; one whose years were a cited document's ("… thực hiện Nghị quyết Đại hội Đảng bộ
    # tỉnh nhiệm kỳ 2020-2025", blanked by _own_years) does not make the plan a period's
    period = re.search(r"(?:giai đoạn|nhiệm kỳ|thời kỳ)\s+(?:từ\s+)?(?:năm\s+)?(?:19|20)\d\d", title, re.IGNORECASE)
    if end_year is None or _HEADING_YEAR.search(title) or period:
        return None
    match = _TITLE_YEAR.search(title)
    if len(set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", title))) > 1:
        return None  # "… cuối năm 2020 tăng lên 1,5 lần so với cuối năm 2015 …": a headline, not a one-year plan
    return end_year if match and int(match.group("year")) == end_year else None


def _start_year(title: str) -> int | None:
    match = re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*\d{4}", title, re.IGNORECASE)
    return int(match.group(1)) if match else None
