"""The figures of the targets part that became no target, put before the person importing the plan.

A target the reader misses is otherwise silent: the preview shows what was read, never what was not. Every clause of
the part the targets were read from that holds a figure a plan could aim at (a share, a count in words, a rate, a
money amount) and is not the value of a target read from that clause is listed with its line, so the person can see
a target left out — or a baseline, a budget, a result, which they pass over. Years, dates, document numbers and list
numbering are not figures here, nor the base of a rate. On the labelled sets (332 documents) it lists about three clauses
in four documents and points at 39 of the 92 targets the reader misses (docs/plan-import.md, "Figures the reader did
not read"). Pure."""

import re
from decimal import Decimal

from ansinh.core.numbers import NumberFormatError, parse_number
from ansinh.programs.plan_import.results import UnreadFigure
from ansinh.programs.plan_import.text import Line, closeness, squash
from ansinh.rules.targets import ParsedTarget

# A number written the Vietnamese way, not part of a code, a date, a time or a document number ("COVID-19", "BN91",
# "2022-08", "7:49", "136/2020", "05/3"), not an ordinal ("con thứ 3"), followed by what it counts: a sign or a word
# (the second end of a range, "60-70%", is a figure).
_FIGURE = re.compile(
    r"(?<![\w/.,:])(?<![^\W\d_]-)(?<!\d{4}-)(?<!thứ )(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/:])\s*(?P<what>%|‰|[^\W\d_]+)",
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# What follows a number that is not a figure to aim at: a date or a deadline's span, an age (never a target), a
# temperature, a clock time, and the small words a sentence goes on with after a bare number ("hơn 91 đến 99%": the
# 99% is the figure)
_NOT_COUNTED = frozenset(
    {"năm", "tháng", "ngày", "giờ", "h", "quý", "tuần", "giai", "khóa", "khoá", "nhiệm", "kỳ", "tuổi", "độ", "am", "pm"}
    | {"có", "đã", "cho", "qua", "trở", "là", "và", "với", "của", "đến", "tới", "trong", "tại", "theo", "thì", "mà"}
)
# "35 giường bệnh trên 10.000 dân", "58,3/100.000 trẻ đẻ sống": the base of a rate after its figure, not a figure
_RATE_BASE = re.compile(r"\d[^\d;]*?(?:trên|/|mỗi)\s*$")
_BASE_WORDS = frozenset({"dân", "người", "trẻ", "ca", "sơ", "phụ", "bé", "lao", "hộ", "vạn"})
_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
# "1. …", "2.3. …", "a) …", "- …": the numbering of a list item, not a figure
_ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[-–+•*])\s*", re.IGNORECASE)
_CLAUSE_END = re.compile(r"(?<=[.;!?])\s+(?=\S)|;\s*")


def _clauses(text: str) -> list[str]:
    return [part.strip() for part in _CLAUSE_END.split(_ITEM_NUMBER.sub("", text, count=1)) if part.strip()]


def _figures(clause: str) -> list[tuple[str, set[Decimal]]]:
    """Each figure as written, with the values a target read from it may hold: "8 triệu lượt" is 8.000.000 as a
    count, 8 where a money figure keeps its scale ("20 tỷ đồng")."""
    figures = []
    for match in _FIGURE.finditer(clause):
        number, what = match.group("number"), match.group("what").lower()
        if _YEAR.fullmatch(number) or what in _NOT_COUNTED:
            continue
        if what in _BASE_WORDS and _RATE_BASE.search(clause[: match.start()]):
            continue
        try:
            value = parse_number(number)
        except NumberFormatError:
            continue
        figures.append((match.group(0), {value, value * _SCALES.get(what, 1)}))
    return figures


def _read_in(folded_clause: str, value: Decimal, targets: list[tuple[str, set[Decimal]]]) -> bool:
    return any(
        value in values and (closeness(folded_clause, phrase) or closeness(phrase, folded_clause))
        for phrase, values in targets
    )


def unread_figures(lines: list[Line], targets: list[ParsedTarget]) -> list[UnreadFigure]:
    """Each clause of ``lines`` with a figure that is no read target's value, once, with its first such figure."""
    read = [
        (squash(target.phrase), {value for value in (target.value, target.value_max) if value is not None})
        for target in targets
    ]
    unread = []
    for line in lines:
        for clause in _clauses(line.text):
            folded = squash(clause)
            for text, values in _figures(clause):
                if not any(_read_in(folded, value, read) for value in values):
                    unread.append(UnreadFigure(line.number, clause, text))
                    break
    return unread
