"""Stage 3: the items of the targets section, as a tree: numbered, lettered, bulleted lines and paragraphs;
codes given where the plan has none; year headings (``Đến năm 2025:``) as the deadline of the items below."""

import re
from dataclasses import dataclass
from dataclasses import field as _field

from ansinh.programs.plan_import.text import Line, fold
from ansinh.rules.targets import PERIOD_OPENER, YEAR_LIST, mask_cited_horizons


@dataclass
class Item:
    line: int
    text: str
    marker: str  # code / letter / bullet / plain
    written_code: str | None = None
    bullet_level: int = 0
    # the years of the year heading above ("Đến năm 2025:"; "Đến năm 2025 và năm 2030:" lists two) and its line
    context_years: tuple[int, ...] = ()
    context_line: int | None = None
    # "1. Phấn đấu đến năm 2015 đạt các chỉ tiêu cơ bản sau:": the deadline of its children
    own_years: tuple[int, ...] = ()
    parent: "Item | None" = None
    children: list["Item"] = _field(default_factory=list)
    code: str = ""


ITEM_CODE = re.compile(r"^(?P<code>\d{1,2}(?:\.\d{1,2})*)(?P<end>[.)])?\s+(?=\S)")
_LETTER = re.compile(r"^(?P<letter>[a-zđ])\)\s+")
_BULLET = re.compile(r"^(?P<bullet>[-+•·–—*])\s*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# "Chỉ tiêu 2: Tỷ lệ trẻ em …", "* Mục tiêu 1: Trong lĩnh vực chính trị": the label numbers the item as "2." would;
# its number is no figure of a target
_NUMBERED_LABEL = re.compile(
    r"(?i)^(?:mục tiêu|chỉ tiêu|nhóm chỉ tiêu|nhiệm vụ)\s+(?:số\s+)?\d{1,2}(?:\s*[:.]\s*|\s*$)"
)
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
        "định hướng",
        "thời kỳ",
        "vào",
        "từ",  # "a) Từ 2021 đến 2025": a phase, as "Giai đoạn 2021 - 2025"
    )
    for word in fold(phrase).split(" ")  # folded as the line is ("giai đoạn" → "giai đọan")
)


# "… đến năm 2025 đạt các chỉ tiêu sau:", "… vào cuối năm 2028 như sau:", "Chỉ tiêu của tỉnh năm 2027 như sau:" (but not
# a base year, "so với năm 2020")
_LEAD_IN_DEADLINE = re.compile(
    r"(?<!với )(?:(?:đến|tới|trong|hết|vào)\s+)?(?:(?:cuối|hết)\s+)?(?<!với )năm\s+(?P<year>(?:19|20)\d\d)",
    re.IGNORECASE,
)


# An article's way into a target or a lead-in: "Theo kế hoạch, …", "Cũng theo đó, …", "Ông … cho biết, …"; no part
# of a name, and no stop before a period that opens the lead-in ("Theo đó, trong giai đoạn 2025 – 2030, … như sau:").
DISCOURSE_LEAD = re.compile(
    r"^(?:(?:cũng\s+)?theo\s+(?:kế hoạch|đó|mục tiêu|dự thảo)[^,]{0,60}|theo đó|bên cạnh đó|ngoài ra|cụ thể)\s*,\s*",
    re.IGNORECASE,
)

# "Chương trình đề ra mục tiêu cụ thể cho hai giai đoạn. Cụ thể, trong giai đoạn 2021-2025, …": a paragraph whose
# sentence opens with a period goes on in the paragraphs after it that state no year of their own
_PARAGRAPH_PERIOD = re.compile(
    r"(?i)(?:^|[.;]\s+)(?:cụ thể,?\s+)?(?:trong\s+)?giai đoạn\s+(?:19|20)\d\d\s*[-–]\s*(?P<end>(?:19|20)\d\d)\s*,"
)


def governing_years(item: Item) -> tuple[int, ...]:
    """The nearest deadline above the item: a lead-in or heading item it is under ("2. Định hướng đến năm 2030"),
    or a year heading line ("Đến năm 2027:") when that comes after the lead-in; several when the heading lists
    them ("Đến năm 2025 và năm 2030:"), in order."""
    parent = item.parent
    while parent is not None:
        if parent.own_years and (item.context_line is None or item.context_line < parent.line):
            return parent.own_years
        parent = parent.parent
    return item.context_years


def governing_year(item: Item) -> int | None:
    """The deadline the headings above the item give it (the last, when they list several)."""
    years = governing_years(item)
    return years[-1] if years else None


def heading_year(text: str) -> int | None:
    """``Đến năm 2025:``, ``Phấn đấu đến năm 2030 đạt các chỉ tiêu sau:``, ``Giai đoạn 2026-2030:``, and the same
    without the colon (``Mục tiêu đến năm 2025``, ``Định hướng đến năm 2030``: a heading line) state the deadline of
    the items under them; they name no indicator."""
    years = heading_years(text)
    return years[-1] if years else None


def heading_years(text: str) -> tuple[int, ...]:
    """The years a heading line states (see :func:`heading_year`): its last, or every year of the list it writes
    (``Chỉ tiêu đến năm 2025 và năm 2030:``), in order; a period (``Giai đoạn 2026-2030``) gives its last year."""
    years = _YEAR.findall(text)
    if not years or not set(fold(_YEAR.sub(" ", text)).split()) <= _YEAR_HEADING_WORDS:
        return ()
    if listed := YEAR_LIST.search(text):
        return tuple(int(year) for year in _YEAR.findall(listed.group("years")))
    return (int(years[-1]),)


def read_items(lines: list[Line], warnings: list[str]) -> list[Item]:
    """The item tree of the targets section, parents before children."""
    items: list[Item] = []
    coded_stack: list[Item] = []  # the open numbered items, outermost first
    container: Item | None = None  # where bullets and plain paragraphs go
    bullets: list[str] = []  # bullet characters in the order of their nesting
    last_of_level: dict[int, Item] = {}
    context_years: tuple[int, ...] = ()
    context_line: int | None = None
    paragraph_period: tuple[int, ...] = ()

    for line in lines:
        text = line.text
        years = heading_years(re.sub(r"^(?:[-+•·–—*]\s*)?(?:[a-zđ]\)\s*)?", "", text))
        if years:
            context_years, context_line = years, line.number
            if not _BULLET.match(text):
                container, last_of_level = (coded_stack[-1] if coded_stack else None), {}
            continue
        if text.startswith("(") and text.endswith(")"):
            continue  # "(Chi tiết tại phụ lục kèm theo)"
        bullet = _BULLET.match(text)
        rest = text[bullet.end() :] if bullet else text
        if label := _NUMBERED_LABEL.match(re.sub(r"^[a-zđ]\)\s+", "", rest)):
            if not label.string[label.end() :]:
                continue  # the label alone on its line
            rest = rest[: len(rest) - len(label.string)] + label.string[label.end() :]
            text = (text[: bullet.end()] if bullet else "") + rest
        code = ITEM_CODE.match(rest)
        letter = _LETTER.match(rest)
        if code and (code.group("end") or "." in code.group("code")):
            written = code.group("code")
            item = Item(line.number, rest[code.end() :], "code", written_code=written)
            while coded_stack and not written.startswith(f"{coded_stack[-1].written_code}."):
                coded_stack.pop()
            item.parent = coded_stack[-1] if coded_stack else None
            coded_stack.append(item)
            container, bullets, last_of_level = item, [], {}
        elif letter:
            item = Item(line.number, rest[letter.end() :], "letter")
            item.parent = coded_stack[-1] if coded_stack else None
            container, last_of_level = item, {}
        elif bullet:
            char = "-" if bullet.group("bullet") in "–—" else bullet.group("bullet")
            if char not in bullets:
                bullets.append(char)
            level = bullets.index(char) + 1
            item = Item(line.number, rest, "bullet", bullet_level=level)
            item.parent = last_of_level.get(level - 1, container) if level > 1 else container
            last_of_level = {lvl: it for lvl, it in last_of_level.items() if lvl < level}
            last_of_level[level] = item
        else:
            item = Item(line.number, text, "plain", parent=container)
            # a paragraph of prose closes the bullets open above it: a bullet after it is no part of one before
            # ("- Tỷ lệ … đạt 45%, trong đó …" … "VĂN BẢN NỔI BẬT" "• Thông tư …")
            bullets, last_of_level = [], {}
            if text.endswith(":") and not _POINTS_TO_A_TABLE.search(text):
                container = item
        item.context_years, item.context_line = context_years, context_line
        if item.marker == "plain" and not _YEAR.search(item.text) and paragraph_period:
            item.context_years = paragraph_period  # "Cụ thể, trong giai đoạn 2021-2025, …" above it
        if item.marker == "plain" and (period := _PARAGRAPH_PERIOD.search(item.text)):
            paragraph_period = (int(period.group("end")),)
        elif item.marker != "plain" or _YEAR.search(item.text):
            paragraph_period = ()
        if item.marker == "code" and (heading := heading_years(item.text)):
            item.own_years = heading  # "1. Mục tiêu đến năm 2025", "2. Định hướng đến năm 2030"
        elif text.endswith(":") and (opener := PERIOD_OPENER.match(DISCOURSE_LEAD.sub("", item.text))):
            # "Trong giai đoạn 2021-2025, tỉnh phấn đấu đạt …:", "Theo đó, trong giai đoạn 2025 – 2030, … như sau:"
            item.own_years = (int(opener.group("end")),)
        elif text.endswith(":") and (deadline := _LEAD_IN_DEADLINE.search(mask_cited_horizons(text))):
            # "Thực hiện Chiến lược … đến năm 2030, phấn đấu đến năm 2025 đạt các chỉ tiêu sau:": 2025
            item.own_years = (int(deadline.group("year")),)
        if item.parent is not None:
            item.parent.children.append(item)
        items.append(item)
    _give_codes(items, warnings)
    return items


# "… đạt 26,5 m² sàn/người (…). Cụ thể như bảng sau:": the colon opens a table, whose cells are no parts of the line's
# targets (a line with children keeps its clauses together, flagged as one line's several figures)
_POINTS_TO_A_TABLE = re.compile(r"(?i)(?<!\w)(?:như|theo|tại)\s+(?:các\s+)?bảng\s+(?:sau|dưới đây)\s*:$")


def _give_codes(items: list[Item], warnings: list[str]) -> None:
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
