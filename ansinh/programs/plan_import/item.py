"""Stage 4: one item read: its targets, its name without the target words, unit, value type, direction."""

import re
from dataclasses import replace
from decimal import Decimal

from ansinh.core.numbers import NumberFormatError, parse_number
from ansinh.programs.plan_import.items import Item
from ansinh.programs.plan_import.results import PlanIndicator
from ansinh.programs.plan_import.text import fold
from ansinh.rules.targets import (
    BETWEEN,
    QUALITATIVE,
    RELATIVE,
    YES_NO,
    ParsedTarget,
    infer_direction,
    parse_targets,
)


def build_indicators(items: list[Item], *, default_year: int | None, warnings: list[str]) -> list[PlanIndicator]:
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


def read_item(item: Item, *, default_year: int | None) -> PlanIndicator:
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
        return capitalise(re.sub(r"^về\s+", "", clause, flags=re.IGNORECASE))
    if real.comparator == YES_NO:
        return capitalise(_YES_NO_VERBS.sub("", clause))
    if real.comparator == QUALITATIVE:
        return capitalise(clause)
    clause = _SECURING.sub("", clause)
    figure = _find_figure(clause, real)
    if figure is None:
        return capitalise(_cut_before_target_words(clause))
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
        return capitalise(f"{before} {rest}".strip())
    head = "Tỷ lệ" if real.unit.startswith("%") else "Số" if rest and not unit_match else ""
    return capitalise(f"{head} {rest}".strip() or clause)


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


def capitalise(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:.-")
    return text[:1].upper() + text[1:] if text else text
