"""A plan's text → its metadata, indicator tree, targets and responsibility table. Pure, no Django.

Vietnamese plans (Kế hoạch, Chương trình) state their indicators in one section (``II. CÁC CHỈ TIÊU
CHỦ YẾU ĐẾN NĂM 2030``, or ``Mục tiêu cụ thể`` under ``I. MỤC TIÊU``) and who does what in another
(``IV. TỔ CHỨC THỰC HIỆN``). :func:`parse_plan` reads them in a pipeline:

1. **clean** the text: italics markers, stray spaces, words that a page break split across lines;
2. **cut sections** at the Roman-numbered headings and read the **metadata** from the heading block
   (number, date, kind, title, issuer, the programme's end year);
3. **read items** of the targets section: numbered lines (``7.2.1.``), lettered lines (``a)``),
   bullets (``-``, ``+``) and plain paragraphs, into a tree — codes are generated when the plan has
   none; a line such as ``Đến năm 2025:`` is the deadline of the items below it, not an item;
4. **read each item**: its targets (through :mod:`ansinh.evaluation.targets`, one per deadline), its
   name without the target words, unit, value type and desired direction; an item with children
   and no target of its own is a group;
5. **give each indicator a field** (lĩnh vực) from its heading or from keywords;
6. **read the responsibility table**: the fields each unit leads (``Chủ trì … lĩnh vực y tế``), and
   from it the units suggested to lead each indicator, each with the reason.

Nothing here is guessed silently: a target the parser is unsure of carries its review reason, an item
with no target is kept and flagged, and a lead unit is only ever a suggestion.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as _field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ansinh.core.numbers import NumberFormatError, parse_number
from ansinh.evaluation.targets import (
    BETWEEN,
    QUALITATIVE,
    RELATIVE,
    YES_NO,
    ParsedTarget,
    infer_direction,
    parse_targets,
)


class PlanFormatError(ValueError):
    """The text cannot be read as a plan; the message is Vietnamese and fit to show to the person who sent it."""


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanMetadata:
    code: str = ""  # "181/KH-UBND"
    kind: str = ""  # "Kế hoạch"
    title: str = ""  # trích yếu
    issued_on: date | None = None
    place: str = ""
    issuer: str = ""
    issuer_inferred: bool = False  # read from the signature and the place, not from the heading
    implements: str = ""
    start_year: int | None = None
    end_year: int | None = None
    standing_agency_name: str = ""
    targets_section: str = ""  # "II. CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030"


@dataclass(frozen=True)
class Responsibility:
    """One unit of the responsibility table and the fields it leads."""

    item: str  # "IV.2"
    unit_name: str  # as the plan writes it: "Sở Y tế"
    leads: bool  # the unit "chủ trì" something, rather than only coordinating or reporting
    field_phrases: tuple[str, ...]  # as written: ("y tế",)
    fields: tuple[str, ...]  # canonical fields of those phrases: ("Y tế",)
    name_fields: tuple[str, ...]  # fields its own name shows: "Bảo hiểm xã hội tỉnh" → BHXH, BHYT
    is_collective: bool  # "Các sở, ngành khác", "UBND các quận, huyện": not one unit
    text: str


@dataclass(frozen=True)
class LeadSuggestion:
    unit_name: str
    item: str
    score: int
    reason: str


@dataclass
class PlanIndicator:
    code: str
    parent_code: str | None
    name: str
    text: str  # the item as written, without its numbering
    line: int
    code_generated: bool = False
    is_group: bool = False
    unit: str = ""
    value_type: str = "number"
    per_n: int | None = None
    direction: str = "up"
    direction_unsure: bool = True
    field: str = ""
    field_source: str = ""  # heading / keywords / parent
    topics: tuple[str, ...] = ()  # fields whose keywords the name holds
    targets: list[ParsedTarget] = _field(default_factory=list)
    suggested_lead_units: list[LeadSuggestion] = _field(default_factory=list)

    @property
    def has_target(self) -> bool:
        return any(target.has_target for target in self.targets)


@dataclass
class ParsedPlan:
    metadata: PlanMetadata
    indicators: list[PlanIndicator]
    responsibilities: list[Responsibility]
    warnings: list[str] = _field(default_factory=list)

    @property
    def targets(self) -> list[ParsedTarget]:
        return [target for indicator in self.indicators for target in indicator.targets]

    def counts(self) -> dict[str, int]:
        return {
            "indicators": len(self.indicators),
            "groups": sum(indicator.is_group for indicator in self.indicators),
            "targets": len(self.targets),
            "targets_needing_review": sum(target.needs_review for target in self.targets),
        }

    def as_json(self, unit_codes: Mapping[str, str] | None = None) -> dict[str, Any]:
        """JSON-ready: Decimals as strings, dates in ISO form; ``unit_codes`` maps a unit name as the
        plan writes it to the code of the unit in the database, when the caller knows it."""
        codes = unit_codes or {}
        meta = self.metadata
        return {
            "program": {
                "code": meta.code,
                "kind": meta.kind,
                "title": meta.title,
                "issued_on": meta.issued_on.isoformat() if meta.issued_on else None,
                "issuer": meta.issuer,
                "issuer_inferred": meta.issuer_inferred,
                "implements": meta.implements,
                "start_year": meta.start_year,
                "end_year": meta.end_year,
                "standing_agency": meta.standing_agency_name,
                "standing_agency_code": codes.get(meta.standing_agency_name),
            },
            "indicators": [_indicator_json(indicator, codes) for indicator in self.indicators],
            "responsibilities": [
                {
                    "item": duty.item,
                    "unit_name": duty.unit_name,
                    "unit_code": codes.get(duty.unit_name),
                    "leads": duty.leads,
                    "fields": list(duty.fields),
                    "field_phrases": list(duty.field_phrases),
                }
                for duty in self.responsibilities
                if not duty.is_collective
            ],
            "warnings": list(self.warnings),
            "counts": self.counts(),
        }


def _indicator_json(indicator: PlanIndicator, codes: Mapping[str, str]) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "parent_code": indicator.parent_code,
        "code_generated": indicator.code_generated,
        "name": indicator.name,
        "text": indicator.text,
        "unit": indicator.unit,
        "value_type": indicator.value_type,
        "per_n": indicator.per_n,
        "direction": indicator.direction,
        "direction_unsure": indicator.direction_unsure,
        "is_group": indicator.is_group,
        "field": indicator.field,
        "suggested_lead_units": [
            {"unit_name": s.unit_name, "unit_code": codes.get(s.unit_name), "item": s.item, "reason": s.reason}
            for s in indicator.suggested_lead_units
        ],
        "targets": [
            {
                "comparator": target.comparator,
                "value": _decimal_text(target.value),
                "value_max": _decimal_text(target.value_max),
                "unit": target.unit,
                "year": target.year,
                "base_year": target.base_year,
                "multiplier": _decimal_text(target.multiplier),
                "phrase": target.phrase,
                "needs_review": target.needs_review,
                "review_reason": target.review_reason,
                "has_target": target.has_target,
            }
            for target in indicator.targets
        ],
    }


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


# ---------------------------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------------------------


def parse_plan(text: str, *, end_year: int | None = None) -> ParsedPlan:
    """Read a plan's text; raises :class:`PlanFormatError` when it holds no targets section or no item in it."""
    lines = clean_lines(text)
    if not lines:
        raise PlanFormatError("Văn bản trống: hãy dán nội dung kế hoạch hoặc chọn tệp .txt, .docx.")
    preamble, sections = split_sections(lines)
    targets_section = find_targets_section(sections, lines)
    if targets_section is None:
        raise PlanFormatError(
            "Không tìm thấy mục chỉ tiêu của kế hoạch: cần một mục như “II. CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030” "
            "hoặc “I. MỤC TIÊU … Mục tiêu cụ thể”."
        )
    block = target_lines(targets_section)
    metadata = read_metadata(preamble, lines, targets_section, block, end_year=end_year)
    warnings: list[str] = []
    items = read_items(block, warnings)
    indicators = build_indicators(items, default_year=metadata.end_year, warnings=warnings)
    if not any(indicator.has_target for indicator in indicators):
        raise PlanFormatError(
            f"Mục “{targets_section.heading}” không có chỉ tiêu nào đọc được: cần các dòng đánh số hoặc gạch đầu "
            "dòng nêu mức chỉ tiêu (ví dụ “2.1. Tỷ lệ thất nghiệp chung dưới 3%.”)."
        )
    assign_fields(indicators)
    responsibilities = read_responsibilities(find_section(sections, _RESPONSIBILITY_HEADINGS))
    suggest_lead_units(indicators, responsibilities)
    metadata = replace(metadata, standing_agency_name=standing_agency(responsibilities, lines))
    if metadata.end_year is None:
        warnings.append("Không xác định được năm kết thúc của kế hoạch; các mục tiêu không nêu năm chưa có năm.")
    return ParsedPlan(metadata, indicators, responsibilities, warnings)


# ---------------------------------------------------------------------------------------------
# 1. Clean
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the text as received
    text: str


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\t": " ", "\u200b": "", "\ufeff": ""})
_EMPHASIS = re.compile(r"\*{1,3}([^*\n]+?)\*{1,3}")
_STRAY_STARS = re.compile(r"(?<!^)\*+|^\*+(?=\S)", re.MULTILINE)
_LIST_LETTER = re.compile(r"^[a-zđ]\)\s")
# "… tiếp cận dịch vụ văn hóa cơ sở đạt" / "95%.": a line that stops on a target word goes on with its figure.
_OPEN_TARGET = re.compile(
    r"(?<!\w)(?:đạt|dưới|trên|khoảng|tối thiểu|tối đa|ít nhất|còn|là|mức|xuống|lên)$", re.IGNORECASE
)
_SPLIT_FIGURE = re.compile(r"^\d+(?:[.,]\d+)*\s*(?:%|‰)?(?:[\s.;,]|$)(?!\S*\.\s)")


def clean_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped, with ``*italics*`` markers removed and page-break splits repaired.

    A page break in a converted document leaves a word cut in two paragraphs (``… Chấp hành nghiêm
    túc, vận`` / ``dụng sáng tạo …``): a line that opens with a lower-case letter after one that does
    not close a sentence continues it.
    """
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
    text = _EMPHASIS.sub(r"\1", text)
    text = _STRAY_STARS.sub("", text)
    lines: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = " ".join(raw.split())
        if not stripped:
            continue
        continues = lines and (
            (
                stripped[0].islower()
                and not _LIST_LETTER.match(stripped)
                and not lines[-1].text.endswith((".", ":", ";", "!", "?"))
            )
            or (_SPLIT_FIGURE.match(stripped) is not None and _OPEN_TARGET.search(lines[-1].text) is not None)
        )
        if continues:
            lines[-1] = Line(lines[-1].number, f"{lines[-1].text} {stripped}")
        else:
            lines.append(Line(number, stripped))
    return lines


def fold(text: str) -> str:
    """A key for matching words: lower case, one placement of tone marks (``hoá`` = ``hóa``), no
    punctuation but the words, single spaces."""
    text = unicodedata.normalize("NFC", text).lower()
    for old, new in _TONE_PLACEMENT.items():
        text = text.replace(old, new)
    text = re.sub(r"[,;:.()\[\]\"“”'‘’/&–—-]+", " ", text)
    return " ".join(text.split())


# Old-style placement (hoá, khoẻ, thuỷ) and new-style (hóa, khỏe, thủy) both occur, even in one plan.
_TONE_PLACEMENT = {
    first + marked: carrier + second
    for first, second, marked_seconds, carriers in (
        ("o", "a", "áàảãạ", "óòỏõọ"),
        ("o", "e", "éèẻẽẹ", "óòỏõọ"),
        ("u", "y", "ýỳỷỹỵ", "úùủũụ"),
    )
    for marked, carrier in zip(marked_seconds, carriers, strict=True)
}


# ---------------------------------------------------------------------------------------------
# 2. Sections and metadata
# ---------------------------------------------------------------------------------------------


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
_RESPONSIBILITY_HEADINGS = ("TỔ CHỨC THỰC HIỆN", "PHÂN CÔNG")


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


_SUBSECTION_MARKER = re.compile(r"^(?:(?P<number>\d{1,2})[.)]|(?P<letter>[a-zđ])\))\s*")
_SPECIFIC_TARGETS = re.compile(
    r"^(?:các\s+)?(?:mục tiêu|chỉ tiêu)(?:\s+và\s+chỉ tiêu|\s*,\s*chỉ tiêu)?\s+(?:cụ thể|chủ yếu)", re.IGNORECASE
)
_GENERAL_TARGETS = re.compile(r"^mục tiêu\s+(?:chung|tổng quát)", re.IGNORECASE)


def target_lines(section: Section) -> list[Line]:
    """The lines that hold the indicators: the ``Mục tiêu cụ thể`` part when the section has one,
    never the prose of ``Mục tiêu chung``."""
    lines = section.lines
    for index, line in enumerate(lines):
        marker = _SUBSECTION_MARKER.match(line.text)
        rest = line.text[marker.end() :] if marker else line.text
        if _SPECIFIC_TARGETS.match(rest):
            block = [Line(line.number, rest)] if _heading_year(rest) else []
            return block + _until_sibling(lines[index + 1 :], marker)
    kept: list[Line] = []
    skipping: re.Match[str] | None = None
    skip_all = False
    for line in lines:
        marker = _SUBSECTION_MARKER.match(line.text)
        rest = line.text[marker.end() :] if marker else line.text
        if _GENERAL_TARGETS.match(rest):
            skipping, skip_all = marker, marker is None
            continue
        if skip_all or (skipping is not None and not _is_sibling(marker, skipping)):
            continue
        skipping = None
        kept.append(line)
    return kept


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
        # "3. Nhiệm vụ" after "2. Mục tiêu cụ thể" ends the block; "3.1." or "- 3." does not.
        if other and _is_sibling(other, marker) and not re.match(r"^\d+\.\d", line.text):
            break
        block.append(line)
    return block


_NUMBER_LINE = re.compile(
    r"Số\s*:\s*(?P<number>\d+)\s*/\s*(?P<symbol>[A-ZĐ][\wĐđ]*(?:\s*[-/]\s*[\wĐđ]+)*)", re.IGNORECASE
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
_ISSUER_OF_SYMBOL = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "TU": "Thành ủy"}
_NATIONAL_MOTTO = re.compile(r"CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|ĐỘC LẬP - TỰ DO|ĐẢNG CỘNG SẢN", re.IGNORECASE)
# Cities under the central government: "thành phố"; every other province: "tỉnh" (after 1/7/2025, Huế too).
_CENTRAL_CITIES = ("hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế")
_REFERENCE = re.compile(
    r"(?P<kind>Chương trình hành động|Chương trình|Nghị quyết|Kế hoạch|Quyết định|Chỉ thị|Kết luận|Đề án)"
    r" số (?P<number>\d+[\w/-]*)(?: ngày (?P<date>\d{1,2}/\d{1,2}/\d{4}))?"
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
            code = f"{match.group('number')}/{symbol}"
        if issued_on is None and (match := _DATE_LINE.match(line.text)):
            place = match.group("place").strip()
            try:
                issued_on = date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
            except ValueError:
                issued_on = None
    kind_index = next(
        (i for i, line in enumerate(preamble) if line.text.upper() in _KINDS and line.text.isupper()), None
    )
    if kind_index is not None:
        kind = _KINDS[preamble[kind_index].text.upper()]
        title = _title(preamble[kind_index + 1 :])
    else:
        kind = next((name for key, name in _KIND_OF_SYMBOL.items() if symbol.upper().startswith(key)), "")
    issuer, inferred = _issuer(preamble, lines, place, symbol)
    year = end_year or _end_year(targets_section.title, title, block)
    start_year = _start_year(title) or (issued_on.year if issued_on else None)
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
        targets_section=targets_section.heading,
    )


def _title(lines: list[Line]) -> str:
    """The paragraph after the kind line; a title wrapped over adjacent lines is joined."""
    if not lines:
        return ""
    parts = [lines[0]]
    for line in lines[1:4]:
        if line.number != parts[-1].number + 1 or _NUMBER_LINE.search(line.text) or _DATE_LINE.match(line.text):
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


def _end_year(section_title: str, title: str, block: list[Line]) -> int | None:
    for text in (section_title, title):
        if match := _HEADING_YEAR.search(text):
            return int(match.group("year") or match.group("end"))
    years = [
        int(year) for line in block for year in re.findall(r"(?:đến|tới)\s+(?:cuối\s+)?năm\s+(20\d\d)", line.text, re.I)
    ]
    return max(years) if years else None


def _start_year(title: str) -> int | None:
    match = re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*\d{4}", title, re.IGNORECASE)
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------------------------
# 3. Items of the targets section
# ---------------------------------------------------------------------------------------------


@dataclass
class _Item:
    line: int
    text: str
    marker: str  # code / letter / bullet / plain
    written_code: str | None = None
    bullet_level: int = 0
    context_year: int | None = None
    parent: "_Item | None" = None
    children: list["_Item"] = _field(default_factory=list)
    code: str = ""


_CODE = re.compile(r"^(?P<code>\d{1,2}(?:\.\d{1,2})*)(?P<end>[.)])?\s+(?=\S)")
_LETTER = re.compile(r"^(?P<letter>[a-zđ])\)\s+")
_BULLET = re.compile(r"^(?P<bullet>[-+•·–—*])\s*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEAR_HEADING_WORDS = frozenset(
    word
    for phrase in (
        "phấn đấu",
        "phần đầu",
        "đến",
        "tới",
        "cuối",
        "hết",
        "năm",
        "giai đoạn",
        "mục tiêu",
        "chỉ tiêu",
        "cụ thể",
        "chủ yếu",
        "đạt",
        "các",
        "sau",
        "như",
        "một số",
        "được",
        "là",
        "thực hiện",
        "hoàn thành",
        "và",
        "trong",
        "tầm nhìn",
    )
    for word in phrase.split(" ")
)


def _heading_year(text: str) -> int | None:
    """``Đến năm 2025:``, ``Phấn đấu đến năm 2030 đạt các chỉ tiêu sau:``, ``Giai đoạn 2026-2030:``
    state the deadline of the items under them; they name no indicator."""
    years = _YEAR.findall(text)
    if not years or not text.rstrip().endswith(":"):
        return None
    words = set(fold(_YEAR.sub(" ", text)).split())
    return int(years[-1]) if words <= _YEAR_HEADING_WORDS else None


def read_items(lines: list[Line], warnings: list[str]) -> list[_Item]:
    """The item tree of the targets section, parents before children."""
    items: list[_Item] = []
    coded_stack: list[_Item] = []  # the open numbered items, outermost first
    container: _Item | None = None  # where bullets and plain paragraphs go
    bullets: list[str] = []  # bullet characters in the order of their nesting
    last_of_level: dict[int, _Item] = {}
    context_year: int | None = None

    for line in lines:
        text = line.text
        year = _heading_year(re.sub(r"^(?:[-+•·–—*]\s*)?(?:[a-zđ]\)\s*)?", "", text))
        if year is not None:
            context_year = year
            if not _BULLET.match(text):
                container, last_of_level = (coded_stack[-1] if coded_stack else None), {}
            continue
        if text.startswith("(") and text.endswith(")"):
            continue  # "(Chi tiết tại phụ lục kèm theo)"
        bullet = _BULLET.match(text)
        rest = text[bullet.end() :] if bullet else text
        code = _CODE.match(rest)
        letter = _LETTER.match(rest)
        if code and (code.group("end") or "." in code.group("code")):
            written = code.group("code")
            item = _Item(line.number, rest[code.end() :], "code", written_code=written)
            while coded_stack and not written.startswith(f"{coded_stack[-1].written_code}."):
                coded_stack.pop()
            item.parent = coded_stack[-1] if coded_stack else None
            coded_stack.append(item)
            container, bullets, last_of_level = item, [], {}
        elif letter:
            item = _Item(line.number, rest[letter.end() :], "letter")
            item.parent = coded_stack[-1] if coded_stack else None
            container, last_of_level = item, {}
        elif bullet:
            char = "-" if bullet.group("bullet") in "–—" else bullet.group("bullet")
            if char not in bullets:
                bullets.append(char)
            level = bullets.index(char) + 1
            item = _Item(line.number, rest, "bullet", bullet_level=level)
            item.parent = last_of_level.get(level - 1, container) if level > 1 else container
            last_of_level = {lvl: it for lvl, it in last_of_level.items() if lvl < level}
            last_of_level[level] = item
        else:
            item = _Item(line.number, text, "plain", parent=container)
            if text.endswith(":"):
                container, last_of_level = item, {}
        item.context_year = context_year
        if item.parent is not None:
            item.parent.children.append(item)
        items.append(item)
    _give_codes(items, warnings)
    return items


def _give_codes(items: list[_Item], warnings: list[str]) -> None:
    """Keep the plan's codes; number the others ``1``, ``2`` … under their parent, skipping codes in use."""
    used = {item.written_code for item in items if item.written_code}
    written_seen: set[str] = set()
    next_number: dict[str, int] = {}
    for item in items:
        if item.written_code:
            if item.written_code in written_seen:
                warnings.append(f"Dòng {item.line}: mã {item.written_code} bị trùng; đã giữ mục đầu tiên.")
            written_seen.add(item.written_code)
            item.code = item.written_code
            continue
        prefix = item.parent.code + "." if item.parent else ""
        number = next_number.get(prefix, 1)
        while f"{prefix}{number}" in used:
            number += 1
        item.code = f"{prefix}{number}"
        used.add(item.code)
        next_number[prefix] = number + 1


# ---------------------------------------------------------------------------------------------
# 4. Each item: targets, name, unit, value type, direction
# ---------------------------------------------------------------------------------------------


def build_indicators(items: list[_Item], *, default_year: int | None, warnings: list[str]) -> list[PlanIndicator]:
    codes_seen: set[str] = set()
    indicators: list[PlanIndicator] = []
    by_item: dict[int, PlanIndicator] = {}
    for item in items:
        if item.code in codes_seen:
            continue
        codes_seen.add(item.code)
        indicator = read_item(item, default_year=item.context_year or default_year)
        has_children = bool(item.children)
        if not indicator.has_target and has_children:
            # A group is judged through its children: it has no target and no direction of its own.
            indicator.is_group, indicator.targets = True, []
            indicator.direction, indicator.direction_unsure = "up", False
        elif not indicator.has_target and item.text.rstrip().endswith(":"):
            warnings.append(f"Dòng {item.line}: “{item.text}” không có chỉ tiêu nào bên dưới; đã bỏ qua.")
            continue
        by_item[id(item)] = indicator
        indicators.append(indicator)
    for item in items:
        if (child := by_item.get(id(item))) is not None:
            parent = item.parent
            while parent is not None and id(parent) not in by_item:
                parent = parent.parent
            child.parent_code = by_item[id(parent)].code if parent is not None else None
    return _renumber(_merge_repeated(indicators))


def _renumber(indicators: list[PlanIndicator]) -> list[PlanIndicator]:
    """Generated codes again after merging, so that they run 1, 2, 3 without gaps."""
    written = {indicator.code for indicator in indicators if not indicator.code_generated}
    new_codes: dict[str, str] = {}
    next_number: dict[str, int] = {}
    for indicator in indicators:
        parent = new_codes.get(indicator.parent_code or "", indicator.parent_code)
        indicator.parent_code = parent
        if indicator.code_generated:
            prefix = f"{parent}." if parent else ""
            number = next_number.get(prefix, 1)
            while f"{prefix}{number}" in written:
                number += 1
            next_number[prefix] = number + 1
            new_codes[indicator.code], indicator.code = f"{prefix}{number}", f"{prefix}{number}"
        else:
            new_codes[indicator.code] = indicator.code
    return indicators


def read_item(item: _Item, *, default_year: int | None) -> PlanIndicator:
    text = item.text.strip()
    first_pass = parse_targets(text, default_year=default_year)
    name = indicator_name(text, first_pass)
    direction, unsure = infer_direction(name)
    targets = parse_targets(text, indicator_name=name, default_year=default_year)
    real = [target for target in targets if target.has_target]
    indicator = PlanIndicator(
        code=item.code,
        parent_code=None,
        name=name,
        text=text,
        line=item.line,
        code_generated=item.written_code is None,
        direction=direction,
        direction_unsure=unsure,
        targets=_one_per_year(real) if real else targets,
    )
    if len(real) == 1:
        # One target: the whole item as written is its phrase (nguyên văn), not only the clause read.
        indicator.targets = [replace(real[0], phrase=text)]
    if real:
        first = real[0]
        indicator.unit, indicator.per_n = first.unit, first.per_n
        indicator.value_type = _value_type(first, name)
    return indicator


def _value_type(target: ParsedTarget, name: str) -> str:
    if target.comparator == YES_NO:
        return "yes_no"
    if target.comparator == QUALITATIVE:
        return "qualitative"
    if target.per_n:
        return "per_n"
    if target.unit.startswith("%") or (target.comparator == RELATIVE and fold(name).startswith(("tỷ lệ", "tỉ lệ"))):
        return "percent"
    return "number"


def _one_per_year(targets: list[ParsedTarget]) -> list[ParsedTarget]:
    """A programme holds one target per indicator and year: a second one of the same year is a
    second indicator written in the same line, which a person must split."""
    kept: dict[int | None, ParsedTarget] = {}
    for target in targets:
        if target.year not in kept:
            kept[target.year] = target
            continue
        first = kept[target.year]
        reason = (
            f"Dòng có thêm mức “{target.phrase}” cho cùng năm {target.year}; có thể là một chỉ tiêu khác, "
            "cần tách thành chỉ tiêu riêng."
        )
        kept[target.year] = replace(
            first, needs_review=True, review_reason=" ".join(filter(None, (first.review_reason, reason)))
        )
    return list(kept.values())


def _merge_repeated(indicators: list[PlanIndicator]) -> list[PlanIndicator]:
    """Prose plans list the same indicator once per deadline (``Đến năm 2025: - Tỷ lệ hộ nghèo …``,
    ``Đến năm 2030: - Tỷ lệ hộ nghèo …``): one indicator with one target per year."""
    merged: list[PlanIndicator] = []
    by_key: dict[tuple[str | None, str], PlanIndicator] = {}
    for indicator in indicators:
        key = (indicator.parent_code, fold(indicator.name))
        first = by_key.get(key)
        if first is None or not indicator.code_generated or indicator.is_group or not indicator.has_target:
            by_key.setdefault(key, indicator)
            merged.append(indicator)
            continue
        first.targets = _one_per_year([*first.targets, *indicator.targets])
        first.text = f"{first.text}\n{indicator.text}"
    return merged


_LEADING_WORDS = re.compile(
    r"^(?:(?:phấn đấu|phần đầu|tiếp tục|từng bước|cố gắng)\s+)*"
    r"(?:(?:đến|tới|vào|trong|hết)\s+)?(?:(?:cuối|hết|giữa|đầu)\s+)?năm\s+(?:19|20)\d\d\s*,?\s*",
    re.IGNORECASE,
)
_ASPIRATION = re.compile(r"^(?:phấn đấu|phần đầu|cố gắng)\s+", re.IGNORECASE)
_SECURING = re.compile(r"^(?:bảo đảm|đảm bảo)\s+(?=(?:trên|dưới|tối thiểu|ít nhất|khoảng)?\s*\d)", re.IGNORECASE)
_TARGET_LEAD_WORDS = (
    "giảm xuống còn",
    "giảm xuống",
    "giảm còn",
    "xuống còn",
    "tăng lên",
    "không vượt quá",
    "không quá",
    "không dưới",
    "không thấp hơn",
    "tối thiểu",
    "tối đa",
    "ít nhất",
    "khoảng",
    "xấp xỉ",
    "đạt được",
    "đạt",
    "ở mức",
    "dưới",
    "trên",
    "còn",
    "từ",
    "là",
    "bằng",
    "giảm",
    "tăng",
    "lên",
    "có",
    "chiếm",
)
_YES_NO_VERBS = re.compile(
    r"^(?:hoàn thành|đạt|được công nhận|xây dựng xong|đưa vào sử dụng|đưa vào hoạt động)\s+", re.IGNORECASE
)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_SCALE_WORD = re.compile(r"\s*(triệu|tỷ|tỉ|nghìn|ngàn)(?!\w)")
_SCALES = {
    "triệu": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
    "nghìn": Decimal(1000),
    "ngàn": Decimal(1000),
}
_RANGE_TAIL = re.compile(r"\s*(?:%|‰)?\s*(?:-|–|đến|tới)\s*\d+(?:[.,]\d+)*")
_MEASURE_UNIT = re.compile(
    r"^\s*(?:%|‰|phần trăm|(?:m²|m2|km²|km2|km|ha|tấn|kg|(?:tỷ|triệu|nghìn)?\s*đồng|usd)(?:\s+sàn)?(?:\s*/\s*\w+)*)(?!\w)",
    re.IGNORECASE,
)
_TIME_UNIT = re.compile(r"^\s*(?:tuổi|năm|tháng|ngày|lần)(?!\w)", re.IGNORECASE)
_LEADS_ALTERNATION = "|".join(re.escape(word) for word in _TARGET_LEAD_WORDS)
_NEXT_TARGET_OR_DEADLINE = re.compile(
    r"\s*(?:(?:vào|đến|tới|trong)\s+)?(?:cuối\s+)?năm\s+(?:19|20)\d\d"
    rf"|\s*(?:,|;|\s và)\s+(?=(?:(?:{_LEADS_ALTERNATION})\s+)*\d)",
    re.IGNORECASE,
)
_TAIL_NOISE = re.compile(
    r"^(?:\s*(?:trở lên|trở xuống|(?:vào|đến|tới|trong)?\s*(?:cuối\s+)?năm\s+(?:19|20)\d\d|so với\s+(?:năm\s+)?\d{4}"
    r"|trong đó|[,.;:]))+\s*$",
    re.IGNORECASE,
)


def indicator_name(text: str, targets: list[ParsedTarget]) -> str:
    """The indicator's name, without the target words.

    ``Tỷ lệ thất nghiệp chung dưới 3%.`` → ``Tỷ lệ thất nghiệp chung``; a leading figure becomes
    the head of the name: ``70% lực lượng lao động … tham gia bảo hiểm xã hội`` → ``Tỷ lệ lực lượng
    lao động … tham gia bảo hiểm xã hội``, ``Đạt 35 giường bệnh viện trên 10.000 dân`` → ``Số giường
    bệnh viện trên 10.000 dân``. Deadlines (``Phấn đấu đến cuối năm 2027,``) are not part of a name.
    """
    clause = _first_clause(text)
    clause = _LEADING_WORDS.sub("", clause)
    clause = _ASPIRATION.sub("", clause)
    clause = re.sub(r"^trong đó,?\s+", "", clause, flags=re.IGNORECASE)
    real = next((target for target in targets if target.has_target), None)
    if real is None:
        return _capitalise(re.sub(r"^về\s+", "", clause, flags=re.IGNORECASE))
    if real.comparator == YES_NO:
        return _capitalise(_YES_NO_VERBS.sub("", clause))
    if real.comparator == QUALITATIVE:
        return _capitalise(clause)
    clause = _SECURING.sub("", clause)
    figure = _find_figure(clause, real)
    if figure is None:
        return _capitalise(_cut_before_target_words(clause))
    start, end = figure
    before = _strip_lead_words(clause[:start])
    after = clause[end:]
    unit_match = _MEASURE_UNIT.match(after) or (
        _TIME_UNIT.match(after) if real.unit in ("tuổi", "năm", "tháng", "ngày", "lần") else None
    )
    rest = after[unit_match.end() :] if unit_match else after
    rest = _NEXT_TARGET_OR_DEADLINE.split(rest, maxsplit=1)[0]
    unit_words = real.unit.split("/")[0].strip()
    if unit_words and fold(rest) == fold(unit_words):
        rest = ""  # "đạt 12 bác sĩ": the unit closes the sentence and is not part of the name
    rest = "" if _TAIL_NOISE.match(rest) or not rest.strip() else rest.strip(" ,;:.")
    rest = re.sub(r"^(?:các|những)\s+", "", rest, flags=re.IGNORECASE)
    if before:
        return _capitalise(f"{before} {rest}".strip())
    head = "Tỷ lệ" if real.unit.startswith("%") else "Số" if rest and not unit_match else ""
    return _capitalise(f"{head} {rest}".strip() or clause)


def _first_clause(text: str) -> str:
    first = re.split(r";|\.\s+(?=[A-ZĐÀ-Ỹ])|,?\s+trong đó\s*:?|:\s*$", text.strip(), maxsplit=1)[0]
    return first.strip().rstrip(".,;:").strip()


def _find_figure(clause: str, target: ParsedTarget) -> tuple[int, int] | None:
    """The span of the target's figure in the clause (with its scale word and range): the leading
    figure when the clause opens with it, else the last figure of that value — the name comes first."""
    if target.value is None:
        return None
    spans: list[tuple[int, int]] = []
    for match in _NUMBER.finditer(clause):
        try:
            value = parse_number(match.group(), allow_percent=False)
        except NumberFormatError:
            continue
        end = match.end()
        scale = _SCALE_WORD.match(clause, end)
        if scale and not re.match(r"\s*đồng", clause[scale.end() :]):
            value *= _SCALES[scale.group(1)]
            end = scale.end()
        if value != target.value:
            continue
        if target.comparator == BETWEEN and (span := _RANGE_TAIL.match(clause, end)):
            end = span.end()
        spans.append((match.start(), end))
    if not spans:
        return None
    leading = [span for span in spans if not _strip_lead_words(clause[: span[0]])]
    return leading[0] if leading else spans[-1]


def _strip_lead_words(text: str) -> str:
    text = text.rstrip(" ,:")
    changed = True
    while changed and text:
        changed = False
        for word in _TARGET_LEAD_WORDS:
            if re.search(rf"(?:^|\s){re.escape(word)}$", text, re.IGNORECASE):
                text = text[: -len(word)].rstrip(" ,:")
                changed = True
                break
    return text.strip()


def _cut_before_target_words(clause: str) -> str:
    """For a relative target (``tăng 10% so với năm 2020``): the words before ``tăng``/``giảm``/``gấp``."""
    match = re.search(r"\s(?:tăng|giảm|gấp|đạt|dưới|trên)\s", clause, re.IGNORECASE)
    return clause[: match.start()].strip() if match else clause


def _capitalise(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:.-")
    return text[:1].upper() + text[1:] if text else text


# ---------------------------------------------------------------------------------------------
# 5. Fields
# ---------------------------------------------------------------------------------------------

# Canonical fields and the words that show them, as plans and statistical yearbooks write them.
FIELD_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Người có công": ("người có công", "thương binh", "liệt sĩ", "gia đình chính sách"),
    "Lao động, việc làm": (
        "thất nghiệp",
        "lao động qua đào tạo",
        "lao động",
        "việc làm",
        "đào tạo nghề",
        "giáo dục nghề nghiệp",
        "an toàn vệ sinh lao động",
    ),
    "Bảo hiểm xã hội, bảo hiểm y tế": (
        "bảo hiểm xã hội",
        "bảo hiểm y tế",
        "bảo hiểm thất nghiệp",
        "lương hưu",
        "hưu trí",
        "bhxh",
        "bhyt",
        "bhtn",
    ),
    "Trợ giúp xã hội": (
        "bảo trợ xã hội",
        "trợ giúp xã hội",
        "trợ cấp xã hội",
        "người khuyết tật",
        "người cao tuổi",
        "công tác xã hội",
    ),
    "Giảm nghèo": ("hộ nghèo", "cận nghèo", "giảm nghèo", "thoát nghèo", "chuẩn nghèo", "nghèo đa chiều", "tái nghèo"),
    "Trẻ em": ("bảo vệ trẻ em", "quyền trẻ em", "trẻ em có hoàn cảnh đặc biệt", "xâm hại trẻ em", "trẻ em bị xâm hại"),
    "Bình đẳng giới": ("bình đẳng giới", "bạo lực gia đình", "bạo lực giới"),
    "Giáo dục": (
        "giáo dục",
        "đào tạo",
        "trường học",
        "trường",
        "đi học",
        "học sinh",
        "sinh viên",
        "phổ cập",
        "mù chữ",
        "mầm non",
        "mẫu giáo",
        "tiểu học",
        "trung học",
    ),
    "Y tế": (
        "y tế",
        "sức khỏe",
        "tuổi thọ",
        "sống khỏe",
        "mức sinh",
        "bệnh viện",
        "giường bệnh",
        "bác sỹ",
        "bác sĩ",
        "dược sỹ",
        "dược sĩ",
        "điều dưỡng",
        "tiêm chủng",
        "dinh dưỡng",
        "thấp còi",
        "dịch bệnh",
        "hiv",
        "aids",
        "phát triển con người",
        "hdi",
        "khám chữa bệnh",
        "tử vong",
    ),
    "Nhà ở": ("nhà ở", "diện tích nhà", "nhà tạm", "nhà dột nát"),
    "Nước sạch, vệ sinh môi trường": (
        "nước sạch",
        "nước hợp vệ sinh",
        "nước thải",
        "hợp vệ sinh",
        "vệ sinh môi trường",
        "công trình phụ",
        "nhà tiêu",
        "môi trường",
        "rác thải",
        "chất thải",
    ),
    "Văn hóa, thông tin": (
        "văn hóa",
        "thể thao",
        "thể dục",
        "phát thanh",
        "truyền hình",
        "thông tin",
        "thư viện",
        "viễn thông",
        "truyền thông",
    ),
    "Dân tộc": ("dân tộc thiểu số", "đồng bào dân tộc", "miền núi", "dân tộc"),
    "Giao thông": ("giao thông", "vận tải", "xe buýt"),
    "Công thương": ("công thương",),
    "Tài chính": ("tài chính", "ngân sách"),
}
# A sector named in a responsibility table covers fields whose words it does not contain: labour,
# invalids and social affairs ran people with merit, social assistance, poverty and children until
# the 2025 reorganisation; construction is the state manager of housing (Luật Nhà ở).
SECTOR_FIELDS: dict[str, tuple[str, ...]] = {
    "lao động thương binh và xã hội": (
        "Lao động, việc làm",
        "Người có công",
        "Trợ giúp xã hội",
        "Giảm nghèo",
        "Trẻ em",
        "Bình đẳng giới",
    ),
    "lao động người có công và xã hội": (
        "Lao động, việc làm",
        "Người có công",
        "Trợ giúp xã hội",
        "Giảm nghèo",
        "Trẻ em",
        "Bình đẳng giới",
    ),
    "xây dựng": ("Nhà ở",),
    "tài nguyên môi trường": ("Nước sạch, vệ sinh môi trường",),
    "tài nguyên và môi trường": ("Nước sạch, vệ sinh môi trường",),
    "thông tin truyền thông": ("Văn hóa, thông tin",),
    "thông tin và truyền thông": ("Văn hóa, thông tin",),
}


def _keyword_pattern(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted({fold(w) for w in words}, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_FIELD_OF_KEYWORD = {fold(word): name for name, words in FIELD_KEYWORDS.items() for word in words}
_KEYWORDS = _keyword_pattern(_FIELD_OF_KEYWORD)
_SECTORS = _keyword_pattern(SECTOR_FIELDS)
_SECTOR_OF = {fold(key): value for key, value in SECTOR_FIELDS.items()}
_FIELD_HEADING = re.compile(
    r"^(?:các\s+)?(?:nhóm\s+)?(?:chỉ tiêu|mục tiêu)(?:\s+chủ yếu)?\s+(?:về|liên quan đến|thuộc)\s+(?:lĩnh vực\s+)?(?P<topic>.+)$"
)


def keyword_hits(text: str) -> list[tuple[str, str]]:
    """``(field, keyword)`` for each keyword in the text, longest first so that ``bảo hiểm y tế`` is
    not also read as ``y tế``."""
    return [(_FIELD_OF_KEYWORD[match.group()], match.group()) for match in _KEYWORDS.finditer(fold(text))]


def field_of(text: str) -> str:
    """The field with most keywords in the text; the earliest wins a tie."""
    hits = keyword_hits(text)
    if not hits:
        return ""
    counts: dict[str, int] = {}
    for name, _word in hits:
        counts[name] = counts.get(name, 0) + 1
    best = max(counts.values())
    return next(name for name, _word in hits if counts[name] == best)


def field_of_heading(name: str) -> str:
    """``Các chỉ tiêu về giáo dục`` → ``Giáo dục``; a topic with no known keyword is kept as written."""
    match = _FIELD_HEADING.match(fold(name))
    if match is None:
        return ""
    return field_of(match.group("topic")) or _capitalise(match.group("topic"))


def assign_fields(indicators: list[PlanIndicator]) -> None:
    by_code = {indicator.code: indicator for indicator in indicators}
    for indicator in indicators:
        indicator.topics = tuple(dict.fromkeys(name for name, _word in keyword_hits(indicator.name)))
        parent = by_code.get(indicator.parent_code or "")
        if parent is not None and parent.field:
            indicator.field, indicator.field_source = parent.field, "parent"
        elif heading := field_of_heading(indicator.name):
            indicator.field, indicator.field_source = heading, "heading"
        elif found := field_of(indicator.name) or field_of(indicator.text):
            indicator.field, indicator.field_source = found, "keywords"


# ---------------------------------------------------------------------------------------------
# 6. The responsibility table and the suggested lead units
# ---------------------------------------------------------------------------------------------

_STRONG_UNIT_HEADS = (
    "Sở",
    "Bảo hiểm xã hội",
    "Công an",
    "Bộ Tư lệnh",
    "Bộ Chỉ huy",
    "Cục",
    "Chi nhánh",
    "Ngân hàng",
    "Kho bạc",
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "Văn phòng",
    "Thanh tra",
    "Liên đoàn",
    "Thành đoàn",
    "Tỉnh đoàn",
)
# Words that also open ordinary sentences ("Ban hành …", "Báo cáo …"): a unit only before a capital.
_WEAK_UNIT_HEADS = ("Ban", "Hội", "Đoàn", "Đài", "Báo", "Trường", "Viện", "Trung tâm", "Quỹ", "Các", "các")
_UNIT_HEAD = re.compile(
    r"^(?:Đề nghị\s+)?(?:(?:"
    + "|".join(map(re.escape, _STRONG_UNIT_HEADS))
    + r")(?!\w)|(?:"
    + "|".join(map(re.escape, _WEAK_UNIT_HEADS))
    + r")\s+(?=[A-ZĐÀ-Ỹ]|sở|ngành|cơ quan|hội|tổ chức|quận|huyện))"
)
_NUMBERED_OR_BULLET = re.compile(r"^(?:(?P<number>\d{1,2})[.)]|(?P<letter>[a-zđ])\)|[-+•])\s*(?P<body>.+)$")
# Where the unit's name stops and its duties begin: a colon, or the first duty verb (lower case,
# so that "Sở Xây dựng" keeps its name).
_DUTY_START = re.compile(
    r"\s*:\s*|,?\s+(?=(?:chủ trì|phối hợp|có trách nhiệm|tham mưu|hướng dẫn|căn cứ|định kỳ|thực hiện|triển khai|"
    r"rà soát|tiếp tục|quan tâm|đẩy mạnh|tham gia|chỉ đạo|là cơ quan|theo dõi|nghiên cứu|bảo đảm|đảm bảo)(?!\w))"
)
# "… các chỉ tiêu về lĩnh vực y tế", "… thuộc lĩnh vực Lao động, Thương binh và Xã hội", "… liên quan
# đến công tác dân tộc"; a phrase ends at punctuation or where the sentence goes on to other duties.
_FIELD_PHRASE = re.compile(
    r"(?:lĩnh vực|chỉ tiêu (?:về|thuộc)|(?:liên quan đến|về) công tác)\s+(?P<phrase>[^.;:()]+?)"
    r"(?=\s+và\s+(?:tập trung|định kỳ|tổ chức|phạm vi|chỉ đạo)|\s+(?:theo|để|nhằm|trên địa bàn)\s|[.;:()]|$)",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"^(?:các|ubnd các|ủy ban nhân dân các|uỷ ban nhân dân các)\s|\svà các(?:\s|$)|,\s*các\s", re.IGNORECASE
)


def read_responsibilities(section: Section | None) -> list[Responsibility]:
    """Units of the responsibility section: ``2. Sở Y tế`` with its paragraphs below, or ``- Sở Y tế:
    chủ trì …`` / ``- Sở Y tế chủ trì …`` on one line."""
    if section is None:
        return []
    entries: list[tuple[str, str, list[str]]] = []  # item, unit name ("" for a numbered non-unit), paragraphs
    current_item = section.roman
    for line in section.lines:
        match = _NUMBERED_OR_BULLET.match(line.text)
        if match is None:
            if entries:
                entries[-1][2].append(line.text)
            continue
        numbered = match.group("number") or match.group("letter")
        unit = _unit_at_start(match.group("body"), numbered=bool(numbered))
        if numbered:
            current_item = f"{section.roman}.{numbered}"
            name, rest = unit if unit else ("", match.group("body"))
            entries.append((current_item, name, [rest]))
        elif unit:
            entries.append((current_item, unit[0], [unit[1]]))
        elif entries:
            entries[-1][2].append(line.text)
    return [_responsibility(item, name, paragraphs) for item, name, paragraphs in entries if name]


def _unit_at_start(body: str, *, numbered: bool) -> tuple[str, str] | None:
    if not _UNIT_HEAD.match(body):
        return None
    body = re.sub(r"^Đề nghị\s+", "", body)
    split = _DUTY_START.search(body)
    name, rest = (body[: split.start()], body[split.end() :]) if split else (body, "")
    name = name.strip().rstrip(".,")
    words = len(name.split())
    if words > 25 or (not split and not numbered and words > 12):
        return None
    return name, rest


def _responsibility(item: str, name: str, paragraphs: list[str]) -> Responsibility:
    text = " ".join(part for part in paragraphs if part)
    phrases = tuple(
        dict.fromkeys(
            phrase
            for phrase in (_field_phrase(m.group("phrase")) for m in _FIELD_PHRASE.finditer(text))
            if phrase and not re.match(r"^(?:được|và|liên quan|phạm vi|của)(?!\w)", phrase, re.IGNORECASE)
        )
    )
    return Responsibility(
        item=item,
        unit_name=name,
        leads=bool(re.search(r"chủ trì", text, re.IGNORECASE)),
        field_phrases=phrases,
        fields=tuple(dict.fromkeys(f for phrase in phrases for f in fields_of_phrase(phrase))),
        name_fields=fields_of_phrase(name),
        is_collective=bool(_COLLECTIVE.search(name)),
        text=text,
    )


def unit_key(name: str) -> str:
    """A key under which the names of one unit agree: ``Sở Tài nguyên Môi trường`` = ``Sở Tài nguyên và
    Môi trường``; ``Bảo hiểm xã hội Thành phố`` = ``Bảo hiểm xã hội thành phố Hà Nội`` = ``Bảo hiểm xã hội tỉnh``."""
    words = [word for word in fold(name).split() if word != "và"]
    text = " ".join(words)
    return re.sub(r"\s+(?:thành phố|tp|tỉnh)(?:\s.*)?$", "", text)


def _field_phrase(text: str) -> str:
    phrase = re.sub(r"^lĩnh vực\s+", "", " ".join(text.split()), flags=re.IGNORECASE)
    return phrase if len(phrase.split()) <= 16 else ""


def fields_of_phrase(phrase: str) -> tuple[str, ...]:
    """The fields a sector phrase of the responsibility table covers: ``Lao động, Thương binh và Xã
    hội`` → several; ``giáo dục, đào tạo`` → ``Giáo dục``."""
    folded = fold(phrase)
    found: list[str] = []
    for match in _SECTORS.finditer(folded):
        found.extend(_SECTOR_OF[match.group()])
        folded = folded.replace(match.group(), " ")
    found.extend(name for name, _word in keyword_hits(folded))
    return tuple(dict.fromkeys(found))


def suggest_lead_units(indicators: list[PlanIndicator], duties: list[Responsibility]) -> None:
    """Units that lead the indicator's field (2 points) or another field its name names (1 point),
    best first. A leading unit covers the fields the table gives it and those of its own name (``Sở Y
    tế`` leads health even where its paragraph names no field)."""
    leaders = [duty for duty in duties if duty.leads and not duty.is_collective and (duty.fields or duty.name_fields)]
    for indicator in indicators:
        if indicator.is_group:
            continue
        suggestions: list[LeadSuggestion] = []
        for duty in leaders:
            covered = set(duty.fields) | set(duty.name_fields)
            score, why = 0, ""
            if indicator.field and indicator.field in covered:
                score, why = 2, f"Chỉ tiêu thuộc lĩnh vực {indicator.field}"
            other_topics = [topic for topic in indicator.topics if topic != indicator.field and topic in covered]
            if other_topics:
                score += 1
                why = why + "; tên" if why else "Tên"
                why += f" chỉ tiêu nói đến lĩnh vực {', '.join(other_topics)}"
            if score:
                suggestions.append(LeadSuggestion(duty.unit_name, duty.item, score, f"{why}: {_assignment(duty)}"))
        indicator.suggested_lead_units = sorted(suggestions, key=lambda s: -s.score)


def _assignment(duty: Responsibility) -> str:
    if duty.field_phrases:
        return f"mục {duty.item} giao {duty.unit_name} chủ trì lĩnh vực {'; '.join(duty.field_phrases)}."
    return f"{duty.unit_name} là cơ quan chuyên ngành về {', '.join(duty.name_fields)}, được giao chủ trì tại mục {duty.item}."


def standing_agency(duties: list[Responsibility], lines: list[Line]) -> str:
    """The unit that ``Chủ trì triển khai Kế hoạch``, or to which the yearly reports are sent."""
    for duty in duties:
        if re.search(
            r"chủ trì[^.]{0,20}(?:triển khai|theo dõi)[^.]{0,20}kế hoạch|cơ quan thường trực|"
            r"chủ trì[^.]{0,160}tổng hợp,? báo cáo (?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)",
            duty.text,
            re.IGNORECASE,
        ):
            return duty.unit_name
    for line in lines:
        if match := re.search(r"(?:gửi về|gửi|qua)\s+(Sở [^,.;()]+?)\s+(?:để\s+)?tổng hợp", line.text):
            return match.group(1).strip()
    return ""


# ---------------------------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------------------------


def read_docx_text(source: str | Path | IO[bytes]) -> str:
    """The text of a .docx, one paragraph a line, tables row by row (cells joined by `` | ``).

    Paragraphs that Word numbers itself (list styles) carry no number in their text; they are given a
    ``- `` so that the plan reader takes them as bullets and numbers them."""
    try:
        import docx  # python-docx, MIT
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as error:  # pragma: no cover - python-docx is a dependency
        raise PlanFormatError(
            "Máy chủ chưa cài python-docx nên chưa đọc được tệp .docx; hãy dán nội dung văn bản."
        ) from error
    try:
        document = docx.Document(str(source) if isinstance(source, Path) else source)
    except Exception as error:  # python-docx raises zip, XML and package errors of several kinds
        raise PlanFormatError(
            "Tệp không phải là tệp Word .docx hợp lệ (hãy lưu lại bằng Word dưới dạng .docx)."
        ) from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            lines.append(f"- {text}" if _word_numbered(block) and text and not _CODE.match(text) else text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                lines.append(" | ".join(cell for cell in cells if cell))
        lines.append("")
    return "\n".join(lines)


def _word_numbered(paragraph: Any) -> bool:
    """Word numbers the paragraph itself (its own numbering or its list style's)."""
    own = paragraph._p.pPr
    if own is not None and own.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        properties = style.element.pPr
        if properties is not None and properties.numPr is not None:
            return True
        style = style.base_style
    return False
