"""Stage 4: one item read: its targets, its name without the target words, unit, value type, direction."""

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from functools import partial

from ansinh.core.numbers import NumberFormatError, format_number, parse_number
from ansinh.programs.plan_import.items import DISCOURSE_LEAD, Item, governing_year, governing_years
from ansinh.programs.plan_import.results import PlanIndicator
from ansinh.programs.plan_import.text import NOT_A_COMPOUND_OF_HIEN, fold
from ansinh.rules.targets import (
    BETWEEN,
    CHANGE_KINDS,
    CHANGE_PER_YEAR,
    CITED_HORIZON,
    DOWN,
    LEVEL,
    OPENS_WITH_A_FIGURE,
    OPENS_WITH_A_PART,
    PERIOD_OPENER,
    POINTS,
    QUALITATIVE,
    RELATIVE,
    SHARE_OF_A_COUNT,
    YEAR_LIST,
    YES_NO,
    ParsedTarget,
    infer_direction,
    parse_targets,
)


def build_indicators(
    items: list[Item],
    *,
    default_year: int | None,
    warnings: list[str],
    period: tuple[int, int] | None = None,
    keep_empty: bool = True,
    default_year_stated: bool = True,
    plan_year_alone: bool = False,
    section_dated: bool = False,
    every_sentence: bool = False,
) -> list[PlanIndicator]:
    """One indicator an item, or several when the item states several indicators' targets (``… giải
    quyết việc làm 250.000 lượt lao động; kéo giảm tỉ lệ thất nghiệp còn 4,5%``). ``keep_empty=False``
    drops items with no target (a document read without a targets section: its prose is not a list of
    indicators). ``default_year_stated=False``: the plan's end year is not in a heading of the text (the
    user typed it, or it is the latest "đến năm …" of the targets), so a target that takes it is flagged, unless
    ``plan_year_alone``: the text names no other year a target could be for (``doubts.plan_year_alone``).
    ``section_dated``: the targets section's heading states their year ("II. CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030").
    ``every_sentence``: nothing was read as a target the first time; every reading of a sentence that looks ahead is
    kept, however unsure (it carries its flag), and, in a text that gives no figure read as a target, a sentence that
    aims is a qualitative target (:func:`_aims_without_figure`)."""
    codes_seen: set[str] = set()
    indicators: list[PlanIndicator] = []
    # a text that gives figures aims by them: its sentences with none are tasks ("UBND tỉnh giao … phấn đấu vượt chỉ
    # tiêu giao" after the quotas), not aims of their own
    aims_alone = every_sentence and not any(
        target.has_target and target.value is not None for item in items for target in parse_targets(item.text)
    )
    # a line the text gives twice word for word: a page prints its headline as its title and again over the article
    twice = {text for text, count in Counter(item.text for item in items).items() if count > 1} | _summaries(items)
    by_item: dict[int, PlanIndicator] = {}
    for item in items:
        if item.code in codes_seen:
            continue
        codes_seen.add(item.code)
        headed = governing_years(item)
        year = (headed[-1] if headed else None) or default_year
        indicator = read_item(item, default_year=year, period=period, headed_years=headed)
        has_children = bool(item.children)
        kept = partial(_read_in_an_aim, text=item.text) if every_sentence else _stated
        if aims_alone and (aims := _aims_without_figure(item.text, year, indicator.all_targets)):
            real = [target for target in indicator.all_targets if target.has_target]
            # in the order the text gives them, as the readings are
            placed = sorted([*real, *aims], key=lambda target: fold(item.text).find(fold(target.phrase)[:30]))
            indicator.targets = indicator.all_targets = placed
        if not indicator.has_target and has_children:
            # A group is judged through its children: it has no target and no direction of its own.
            indicator.is_group, indicator.targets = True, []
            indicator.direction, indicator.direction_unsure = "up", False
        elif not indicator.has_target and item.text.rstrip().endswith(":"):
            if keep_empty:
                warnings.append(f"Dòng {item.line}: “{item.text}” không có chỉ tiêu nào bên dưới; đã bỏ qua.")
            continue
        elif not keep_empty and not any(kept(target) for target in indicator.all_targets):
            continue  # prose outside a targets section: only what reads as a target is one
        found = [indicator, *(_split_off(item, indicator, year, period) if not has_children else [])]
        if not keep_empty:
            found = [each for each in found if any(kept(target) for target in each.targets)]
            for each in found:
                each.targets = [_flag_prose(_own_sentence(target, indicator), item, twice) for target in each.targets]
        if not found:
            continue
        if not (section_dated or headed or _A_YEAR.search(item.text)):
            for each in found:
                each.targets = [_flag_aim_without_time(target) for target in each.targets]
        if headed:
            for each in found:
                each.targets = [_flag_year_against_heading(target, headed) for target in each.targets]
        by_item[id(item)] = found[0]
        indicators.extend(found)
        if not (default_year_stated or plan_year_alone or default_year is None) and governing_year(item) is None:
            # flagged against the item's own text, before a later line's targets of the same name merge into one
            # indicator ("Đến năm 2021: … (trong đó: Khu vực nông thôn đạt 22,09 …)", then "Đến năm 2025: …")
            for each in found:
                each.targets = [_flag_plan_year(target, default_year, item.text) for target in each.targets]
    for item in items:
        if (child := by_item.get(id(item))) is not None:
            parent = item.parent
            while parent is not None and id(parent) not in by_item:
                parent = parent.parent
            parent_code = by_item[id(parent)].code if parent is not None else None
            for indicator in indicators:
                if indicator is child or (indicator.split_from == child.code and indicator.parent_code is None):
                    indicator.parent_code = parent_code
    return _renumber(_flag_repeated(_merge_repeated(indicators)))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _own_sentence(target: ParsedTarget, indicator: PlanIndicator) -> ParsedTarget:
    """In prose, a target given its whole paragraph as its phrase gets its own sentence as written: the paragraph's
    sentences with no figure ("Hộ gia đình … được vay vốn … . Giai đoạn 2026 – 2030, có ít nhất 70% …") are not its
    words. (A list item keeps its whole text, one item being one target.)"""
    if target.phrase != indicator.text:
        return target
    read = next((other.phrase for other in indicator.all_targets if other.has_target), "")
    sentence = next((each for each in _SENTENCE_END.split(target.phrase) if read and read[:30] in each), "")
    return replace(target, phrase=sentence) if sentence else target


_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _flag_aim_without_time(target: ParsedTarget) -> ParsedTarget:
    """A figure-less aim that neither its item nor a heading above it (the section's among them) gives a year ("Giảm
    dần tiến tới chấm dứt việc lưu thông rượu, bia không bảo đảm chất lượng" under "2. Mục tiêu cụ thể"): nothing
    says what is to be reached, nor by when, so it reads as a direction of work as often as a target (one under
    "CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030", or with "đến cuối năm 2015", says when)."""
    if not target.has_target or target.comparator != QUALITATIVE:
        return target
    reason = (
        "Mục tiêu không có con số, và câu lẫn đề mục không nêu năm: có thể là định hướng, nhiệm vụ chứ không phải "
        "chỉ tiêu; cần xác nhận."
    )
    return replace(target, needs_review=True, review_reason=" ".join(filter(None, (target.review_reason, reason))))


def _flag_year_against_heading(target: ParsedTarget, headed: tuple[int, ...]) -> ParsedTarget:
    """A target whose own clause names no year, under a heading that gives its year ("3.1.1. Mục tiêu đến năm 2025"),
    yet read for another year, carried from the clause before ("…; đến năm 2030 có 200-250 học sinh / vạn dân; có ít
    nhất 25% dân tộc thiểu số …"): the heading and the sentence disagree on when it is due, and which one holds is a
    guess."""
    if not target.has_target or target.year is None or target.year in headed or _A_YEAR.search(target.phrase):
        return target
    reason = (
        f"Năm {target.year} lấy từ vế trước của câu, trong khi đề mục nêu năm {headed[-1]}: cần xác nhận năm của mục "
        "tiêu này."
    )
    return replace(target, needs_review=True, review_reason=" ".join(filter(None, (target.review_reason, reason))))


def _flag_plan_year(target: ParsedTarget, plan_year: int, text: str) -> ParsedTarget:
    """A target whose year neither its sentence nor a heading above it states took the plan's end year, as a
    person reading the plan would; the reviewer is told, since a plan's target may be of another year."""
    if not target.has_target or target.year != plan_year:
        return target
    # "Đến năm 2020, …" governs its own sentence only: the sentence that holds the target, else the item.
    sentence = next((each for each in _SENTENCE_END.split(text) if target.phrase[:30] in each), text)
    if str(plan_year) in sentence:
        return target
    reason = (
        f"Năm lấy theo thời kỳ của kế hoạch ({plan_year}): câu và đề mục không nêu năm của mục tiêu này; cần xác nhận."
    )
    return replace(target, needs_review=True, review_reason=" ".join(filter(None, (target.review_reason, reason))))


def _split_off(
    item: Item, indicator: PlanIndicator, year: int | None, period: tuple[int, int] | None
) -> list[PlanIndicator]:
    """The other indicators of a compound item, each with its own targets; the item's own indicator keeps
    the first. A clause with no words of its own (``…; 95% (năm 2030)``) is another year of the indicator
    before it; a clause naming an indicator already read is another year of that one."""
    real = [target for target in indicator.all_targets if target.has_target]
    if len(real) < 2:
        return []
    groups: list[tuple[str, list[ParsedTarget]]] = []
    for target in real:
        name = indicator_name(target.name or target.phrase, [target]) if target.name or target.phrase else ""
        if groups and _SUBGROUP.fullmatch(fold(name)):
            # "… khu vực đô thị đạt 95%, khu vực nông thôn đạt 82%": the same indicator for another area
            name = f"{_SUBGROUP_TAIL.sub('', groups[-1][0]).strip(' ,-')} - {fold(name)}"
        own_words = _has_own_words(target.phrase)
        if not groups or (own_words and fold(name) != fold(groups[-1][0])):
            same = next(
                (
                    group
                    for group in groups
                    if fold(group[0]) == fold(name) and all(t.year != target.year for t in group[1])
                ),
                None,
            )
            if same is not None:
                same[1].append(target)
            else:
                groups.append((name if own_words else indicator.name, [target]))
        elif (measure := _another_measure(groups[-1], target)) is not None:
            groups.append((measure, [target]))
        else:
            groups[-1][1].append(target)
    if len(groups) < 2:
        return []
    first_name, first_targets = groups[0]
    first_code = indicator.code
    indicator.name = first_name or indicator.name
    indicator.targets = _one_per_year(first_targets)
    _describe(indicator, first_targets[0])
    others: list[PlanIndicator] = []
    for number, (name, targets) in enumerate(groups[1:], start=1):
        direction, unsure = infer_direction(name)
        if targets[0].kind in CHANGE_KINDS and targets[0].direction:
            direction, unsure = targets[0].direction, False
        other = PlanIndicator(
            code=f"{item.code}#{number}",
            parent_code=None,
            name=name,
            text="\n".join(target.phrase for target in targets),
            line=item.line,
            code_generated=True,
            direction=direction,
            direction_unsure=unsure,
            targets=_one_per_year(targets),
            split_from=item.code,
        )
        if re.match(r"(?i)trong đó", targets[0].phrase):
            # "…, trong đó qua đào tạo nghề 41%": a part of the indicator just before it
            other.parent_code = others[-1].code if others else first_code
        _describe(other, targets[0])
        others.append(other)
    return others


# A report's sentence of what was done ("Đến ngày 1/10/2019, toàn tỉnh có 90.381 người tham gia", "ước
# đạt", "ước là", "đã bố trí", "đến nay", "vượt kế hoạch", "năm qua"), or of what the figures say ("Theo số liệu thống kê,
# năm 2025, tỷ lệ … đạt 98,66%", "theo báo cáo", "theo thống kê"), quoted beside the targets in an article: a
# result, not a target. Setting targets told in the past ("đã đề ra mục tiêu", "đã thông qua Nghị quyết với 20 chỉ
# tiêu") is no report of their figures.
_RESULT_WORDS = re.compile(
    r"(?i)(?:^|\s)(?:đến|tính đến|tính tới)\s+ngày\s+\d|(?<!\w)ước (?:đạt|thực hiện|tính|là|khoảng)|(?:^|\s)đã\s+(?!\d)(?!(?:đề ra|đặt ra|đặt|xác định|thông qua|quyết nghị)(?!\w))\w|"
    r"so với cùng kỳ|thực hiện được|theo kết quả|kết quả rà soát|(?:^|\s)(?:đến|tính đến|cho đến) nay(?!\w)|"
    r"(?:vượt|chưa hoàn thành|hoàn thành) kế hoạch|(?:năm|tháng) (?:qua|vừa qua)(?!\w)|(?:^|\s)kết quả(?!\w)|"
    r"vượt (?:so với|chỉ tiêu)|theo (?:số liệu|thống kê|báo cáo)(?!\w)|%\s*,\s*vượt\s+\d|(?:^|\s)tính (?:đến|tới)\s+(?:cuối\s+|hết\s+)?(?:năm|tháng)|"
    # "100% đại biểu HĐND biểu quyết thông qua Nghị quyết …": how a session voted is what it did, not a target
    r"(?:^|\s)(?:biểu quyết|nhất trí|tán thành)\s+(?:thông qua|tán thành)(?!\w)"
)
# A paragraph that opens by reporting ("Kết quả qua 3 năm thực hiện …", "Tính đến cuối năm 2013, …"): every
# figure in it is a result, whatever its own sentence says.
_RESULT_OPENING = re.compile(r"(?i)^\W*(?:kết quả|qua \d+ năm|sau \d+ năm|tính (?:đến|tới)|đến nay|năm qua)(?!\w)")
# "…, đạt 101,6% kế hoạch năm", "đạt 97,14% kế hoạch tỉnh giao": how much of a plan was done is a result (no one sets
# "97,14% of the plan" as a target; "đạt 100% kế hoạch" can be one); "…, đạt chỉ tiêu của Chương trình", "đạt mục
# tiêu kế hoạch 5 năm": a target met, unless something strives for it ("phấn đấu đạt các chỉ tiêu sau", "để đạt
# mục tiêu", "sẽ đạt chỉ tiêu").
_SHARE_OF_THE_PLAN = re.compile(
    r"(?i)(?<!\w)(?:đạt|bằng)\s+(?!100\s*%)\d[\d.,]*\s*%\s+(?:so với\s+)?(?:kế hoạch|chỉ tiêu|mục tiêu)(?!\w)"
)
_TARGET_MET = re.compile(r"(?i)(?<!\w)(?P<before>\w+\s+)?đạt\s+(?:các\s+|được\s+)?(?:chỉ tiêu|mục tiêu)(?!\w)")
_STRIVING = frozenset(fold("phấn đấu cố gắng để nhằm sẽ cần phải bảo đảm đảm bảo hướng tới có thể").split())


# "nhằm củng cố vững chắc kết quả biết chữ", "duy trì kết quả giảm nghèo bền vững", "giữ vững kết quả phổ cập giáo
# dục": results to keep are an aim's object, not a report of what was done.
_RESULTS_KEPT = re.compile(
    r"(?i)(?<!\w)(?:củng cố|duy trì|giữ vững|phát huy|nâng cao)(?:\s+(?:vững chắc|bền vững))?(?:\s+(?:các|những))?"
    r"\s+kết quả(?!\w)"
)


def _has_result_words(text: str) -> bool:
    return bool(_RESULT_WORDS.search(_RESULTS_KEPT.sub(" ", text)))


# "phấn đấu": the target's own clause strives, whatever else its sentence reports
_STRIVES = re.compile(r"(?i)(?<!\w)phấn đấu(?!\w)")


def _strives(phrase: str) -> bool:
    """The target's own words strive for it ("… đã thông qua …; phấn đấu đến năm 2020, 50% số xã đạt chuẩn …") and
    report nothing of their own (a share of a plan, a target met)."""
    return bool(_STRIVES.search(phrase)) and not _reports_a_result(phrase)


def _reports_a_result(sentence: str) -> bool:
    """A sentence that says what was done: its words of results, a share of a plan reached, a target met."""
    if _has_result_words(sentence) or _SHARE_OF_THE_PLAN.search(sentence):
        return True
    return any(fold((met.group("before") or "").strip()) not in _STRIVING for met in _TARGET_MET.finditer(sentence))


# Words that aim (a verb of striving or of change, a deadline or a period, "chỉ tiêu"): a prose sentence with none of them
# states how things are ("Toàn tỉnh có trên 66.744 người khuyết tật", "Năm 2020, mật độ bác sĩ … là hơn 9,8",
# "Việt Nam hiện có khoảng 125.000 bác sĩ", "vùng Tây Nguyên mới đạt 7,2 bác sĩ"), not where they should be.
# Both lists below: words that look ahead, and a name with its figure after a colon ("Tỷ lệ lao động qua đào tạo năm
# 2025: 65%"), which is how a list of targets is written.
_LOOKING_AHEAD = (
    r"phấn đấu|mục tiêu|chỉ tiêu|kế hoạch|đề ra|đặt ra|giao|sẽ|cần|phải|hướng tới|bảo đảm|đảm bảo|duy trì|nâng|"
    r"hằng năm|hàng năm|mỗi năm|bình quân|tối thiểu|ít nhất|trở lên|không quá|giai đoạn|thời kỳ"
)
_NAME_COLON_FIGURE = r"|:\s*(?:khoảng\s+|trên\s+|dưới\s+)?\d"
_AIM_WORDS = re.compile(
    rf"(?i)(?<!\w)(?:{_LOOKING_AHEAD}|yêu cầu|tăng|giảm|(?<!mới )(?<!đã )đạt|còn|xuống|lên|"
    r"(?:đến|tới|vào|trong|cuối|hết)\s+(?:năm\s+)?(?:19|20)\d\d)(?!\w)" + _NAME_COLON_FIGURE
)
# "Tỷ lệ bao phủ BHYT năm 2023 đạt 92%": a year's figure with no word looking ahead reads in prose as that year's
# result as often as its target ("Năm 2024, tỉnh phấn đấu …", "đến năm 2025 …" look ahead).
_YEAR_OF_A_FIGURE = re.compile(r"(?i)(?<!đến )(?<!tới )(?<!vào )(?<!cuối )(?<!hết )(?<!\w)năm\s+(?:19|20)\d\d(?!\d)")
# "Hiện nay, tỷ lệ bao phủ BHYT đạt 92%", "Cả tỉnh hiện có 45.000 người cao tuổi": how things are now (not "thực
# hiện" and its like: text.NOT_A_COMPOUND_OF_HIEN).
_NOW = re.compile(
    rf"(?i)(?<!\w){NOT_A_COMPOUND_OF_HIEN}hiện(?:\s+(?:nay|tại|có|đang|đạt|là|còn))?(?!\w)"
    r"(?!\s+(?:đại|thực|hành|trạng))"
)
_LOOKS_AHEAD = rf"(?i)(?<!\w)(?:{_LOOKING_AHEAD}|dự kiến|(?:đến|tới|vào|cuối|hết)\s+(?:năm\s+)?(?:19|20)\d\d)(?!\w)"
_AHEAD_WORDS = re.compile(_LOOKS_AHEAD + _NAME_COLON_FIGURE)
# the words alone, without a list's form: what makes a sentence of prose an aim ("Thời gian: 8 giờ." is none)
_WORDS_AHEAD = re.compile(_LOOKS_AHEAD)
# "Tổng kinh phí dự kiến thực hiện hơn 164 tỉ đồng", "… tỷ đồng dự kiến được dành để chi cho việc tổ chức các hoạt
# động …, có hơn 3,1 tỷ đồng từ nguồn ngân sách trung ương": what the plan will cost and who pays, not a level it aims
# at ("thu ngân sách" is a target's name: the source of funds is "nguồn ngân sách")
_COST = re.compile(r"(?i)(?<!\w)(?:kinh phí|nguồn (?:ngân sách|vốn)|chi cho)(?!\w)")
# "Tổng ngân sách nhà nước bố trí cho Chương trình … khoảng 423.000 tỷ đồng, trong đó: … ngân sách địa phương vào khoảng
# 300.000 tỷ đồng", "Tổng mức vốn huy động thực hiện Chương trình …", "Ngân hàng Chính sách xã hội cho vay …, tổng số
# tiền 517.000 tỷ đồng": a sum set aside, raised or lent names money that pays for the plan, not a level the plan aims
# at; the sentence says so even where the clause of the figure does not. A budget's revenue or spending ("Thu ngân
# sách …", "Chi cân đối ngân sách …") and the investment of a whole economy ("Tổng vốn đầu tư toàn xã hội") are
# targets of their own.
_FUNDS = re.compile(
    r"(?i)(?<!\w)(?:bố trí|huy động|lồng ghép|cho vay|tín dụng|(?:vốn\s+)?ngân sách\s+(?:nhà nước\s+)?"
    r"(?:trung ương|t\.ư|địa phương))(?!\w)"
)
_REVENUE_OR_SPENDING = re.compile(r"(?i)(?<!\w)(?:(?:thu|chi)\s+(?:cân đối\s+)?(?:tổng\s+)?ngân sách|vốn đầu tư)(?!\w)")
# "Ngân hàng Chính sách xã hội cho vay hơn 10,6 triệu lượt hộ nghèo": lending, counted in loans or in money, is how a
# policy is paid for ("hộ nghèo được vay vốn" may be a target; the lender's figure is not).
_LENDING = re.compile(r"(?i)(?<!\w)cho vay(?!\w)")
# "Như vậy, so với năm 2020, GRDP … tăng khoảng 47%", "Dự kiến đến năm 2025, con số này tăng lên 4.776 USD": a sum the
# writer works out from figures given before, or the next value of a statistic just quoted, is no target set.
_WORKED_OUT = re.compile(r"(?i)^\W*như vậy(?!\w)|(?<!\w)(?:con số|số liệu) (?:này|đó|trên)(?!\w)")
# "Nghệ An sẽ thực hiện 7 dự án, gồm: …": the count of a plan's parts, listed next, is how it is built, not a target
# ("Triển khai 33 Dự án mô hình nhân rộng giảm nghèo" is one).
_PARTS = frozenset(fold("dự án|tiểu dự án|hợp phần|nội dung|nhiệm vụ|giải pháp|nhóm giải pháp|chương trình").split("|"))
_HEADLINE_WORDS = 15
_STOPS = (".", ";", ":", "!", "?", "…")


# A figure as written ("2,3%", "3.700"), a year apart: a headline's figures are the article's.
_FIGURE = re.compile(r"(?<![\d.,])\d[\d.,]*\d%?|(?<![\d.,])\d%?")
_A_YEAR = re.compile(r"(?:19|20)\d\d")


def _summaries(items: list[Item]) -> set[str]:
    """Lines with no closing stop whose every figure the text gives again in another line: a headline that sums up
    the article ("Quảng Ninh phấn đấu giảm tỷ lệ 2,3%, hộ cận nghèo giảm 2,5%, …" over "… phấn đấu giảm 612 hộ nghèo,
    giảm 2,3% và 667 hộ cận nghèo, giảm 2,5% …"), which repeats its targets rather than adds one."""
    found = set()
    for item in items:
        if item.text.rstrip().endswith(_STOPS):
            continue
        figures = {f for f in _FIGURE.findall(item.text) if not _A_YEAR.fullmatch(f)}
        others = " ".join(other.text for other in items if other is not item and other.text != item.text)
        if figures and all(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", others) for f in figures):
            found.add(item.text)
    return found


# a stop, or an ellipsis before a word (a capital decides, below)
_PROSE_SENTENCES = re.compile(r"(?<=[.!?])\s+|(?<=…)\s+(?=[^\W\d_])")


def _prose_sentences(text: str) -> list[str]:
    """A paragraph's sentences: an ellipsis before a capital ends one too ("… có 75% số trường học đạt chuẩn quốc gia…
    Đại hội đã thông qua …": the list it cuts short ends there, and what the next sentence reports is not its
    figures)."""
    sentences: list[str] = []
    for part in _PROSE_SENTENCES.split(text):
        if sentences and sentences[-1].endswith("…") and not part[:1].isupper():
            sentences[-1] = f"{sentences[-1]} {part}"  # "… và nhiều hoạt động khác… của tỉnh": no sentence ends
        else:
            sentences.append(part)
    return sentences


def _flag_prose(target: ParsedTarget, item: Item, twice: set[str]) -> ParsedTarget:
    """A target read from prose outside a targets section, flagged when its sentence reports a result
    (``Đến ngày 1/10/2019, toàn tỉnh có …``, ``Theo kết quả rà soát …``), states no figure (a task
    such as ``triển khai hiệu quả …`` reads like a qualitative target), holds a figure with no unit (``15
    quyết định, kế hoạch …``: a count of the article's, not a target), or is a short line with no
    closing stop and no list marker, or a line with no closing stop given twice: a headline (of the page's related articles, ``Hơn 3,4 triệu học
    sinh, sinh viên nghèo được vay vốn``), which reports rather than sets a target; or a paragraph's sentence
    with no word of aiming (``Toàn tỉnh có trên 66.744 người khuyết tật``): the state of things."""
    if not target.has_target:
        return target
    text = item.text
    head = target.phrase[:30]
    sentences = _prose_sentences(text)
    index = next((i for i, part in enumerate(sentences) if head and head in part), None)
    sentence = target.phrase if index is None else sentences[index]
    # "Theo số liệu thống kê, năm 2025, … đạt 98,66%. Trong đó, … đạt gần 59%": a part reports what its whole reports
    whole = f"{sentences[index - 1]} {sentence}" if index and OPENS_WITH_A_PART.match(sentence) else sentence
    reason = ""
    if _has_result_words(target.phrase) or (
        (_reports_a_result(whole) or _RESULT_OPENING.match(text)) and not _strives(target.phrase)
    ):
        reason = "Câu này có vẻ nêu kết quả đã đạt, không phải mục tiêu; cần xác nhận trước khi nhập."
    elif target.comparator in (QUALITATIVE, YES_NO):
        reason = "Câu văn không nêu con số; có thể là nhiệm vụ chứ không phải chỉ tiêu, cần xác nhận."
    elif "đồng" in (target.unit or "") and (
        _COST.search(target.phrase)
        or (_FUNDS.search(sentence) and not _REVENUE_OR_SPENDING.search(f"{sentence} {target.phrase}"))
    ):
        reason = "Số tiền là kinh phí (dự kiến) để thực hiện kế hoạch, không phải mức chỉ tiêu; cần xác nhận."
    elif _LENDING.search(target.phrase):
        reason = (
            "Câu nêu việc cho vay (số lượt, số tiền) để thực hiện chính sách, không phải mức chỉ tiêu; cần xác nhận."
        )
    elif _WORKED_OUT.search(sentence):
        reason = (
            "Câu tính lại hoặc nối tiếp một số liệu đã nêu (“như vậy”, “con số này”), không đặt mục tiêu mới; "
            "cần xác nhận."
        )
    elif fold(target.unit or "") in _PARTS and re.search(
        rf"(?i)\d\s+{re.escape(target.unit)}\s*,?\s*(?:bao\s+)?gồm(?!\w)", sentence
    ):
        reason = (
            f"“{target.unit}” được liệt kê ngay sau (“gồm”): là số phần của kế hoạch, không phải mức chỉ tiêu; "
            "cần xác nhận."
        )
    elif target.kind == LEVEL and not target.unit and target.comparator not in (QUALITATIVE, YES_NO):
        reason = (
            f"Con số “{format_number(target.value or 0)}” không có đơn vị, trong văn xuôi; có thể là số đếm của bài "
            "(văn bản, đơn vị, đợt) chứ không phải mức chỉ tiêu, cần xác nhận."
        )
    elif (
        item.marker == "plain"
        and (len(text.split()) <= _HEADLINE_WORDS or text in twice)
        and not text.rstrip().endswith(_STOPS)
    ):
        reason = (
            "Dòng ngắn không có dấu kết câu, có thể là tiêu đề (bài viết, mục) chứ không phải mục tiêu; cần xác nhận."
        )
    elif item.marker == "plain" and not _AIM_WORDS.search(
        # "Giai đoạn 2026 - 2030, … phấn đấu 90% …. 80% người khuyết tật …": a sentence that opens with its figure lists on
        f"{sentences[index - 1]} {sentence}" if index and OPENS_WITH_A_FIGURE.match(sentence) else sentence
    ):
        reason = (
            "Câu không có từ nêu mục tiêu (phấn đấu, chỉ tiêu, đạt, đến năm …): có thể là số liệu hiện trạng, "
            "không phải mục tiêu; cần xác nhận."
        )
    elif item.marker == "plain" and _NOW.search(sentence) and not _AHEAD_WORDS.search(sentence):
        reason = (
            "Câu nêu mức hiện nay (“hiện nay”, “hiện có” …) mà không có từ hướng tới: có thể là số liệu hiện trạng, "
            "không phải mục tiêu; cần xác nhận."
        )
    elif item.marker == "plain" and _YEAR_OF_A_FIGURE.search(sentence) and not _AHEAD_WORDS.search(sentence):
        reason = (
            "Câu nêu mức của một năm mà không có từ hướng tới (phấn đấu, mục tiêu, đến năm, sẽ …): có thể là kết quả "
            "của năm đó, không phải mục tiêu; cần xác nhận."
        )
    if not reason:
        return target
    return replace(target, needs_review=True, review_reason=" ".join(filter(None, (target.review_reason, reason))))


_SUBGROUPS = r"(?:(?:khu vực|ở|tại)\s+)?(?:thành thị|nông thôn|đô thị|miền núi|vùng sâu|nam|nữ)"
_SUBGROUP = re.compile(_SUBGROUPS)
_SUBGROUP_TAIL = re.compile(rf"(?i)\s*(?:-\s*)?{_SUBGROUPS}$")


def _another_measure(group: tuple[str, list[ParsedTarget]], target: ParsedTarget) -> str | None:
    """The name of a second measure of the same indicator for the same year (``Tỷ lệ hộ nghèo giảm 3% trở
    lên (còn 7%)``: a change and the level it reaches; ``ít nhất 2.765 xã … (ít nhất 31%)``: a count and
    its share), or None when the clause is another year of the indicator, or the same measure twice."""
    name, targets = group
    same_year = next((other for other in targets if other.year == target.year), None)
    if same_year is None or not name:
        return None
    if target.kind in CHANGE_KINDS and same_year.kind not in CHANGE_KINDS:
        verb = "giảm" if target.direction == DOWN else "tăng"
        return f"{name} (mức {verb}{' bình quân mỗi năm' if target.kind == CHANGE_PER_YEAR else ''})"
    if target.kind not in CHANGE_KINDS and same_year.kind in CHANGE_KINDS:
        return f"{name} (mức đạt được)"
    if target.kind == same_year.kind == LEVEL and target.unit and target.unit != same_year.unit:
        return f"{name} ({target.unit})"
    return None


def _read_in_an_aim(target: ParsedTarget, text: str) -> bool:
    """A reading, however unsure, from a sentence that looks ahead ("… giao chỉ tiêu … với tổng số 1.800 chỉ tiêu"); a
    figure of a sentence that aims at nothing ("Thời gian: 8 giờ ngày 05/3/2024.") is no target of a text that has none
    plainly."""
    sentence = next((each for each in _prose_sentences(text) if target.phrase[:30] in each), text)
    return target.has_target and _WORDS_AHEAD.search(sentence) is not None


# "Từ nay đến năm 2020, ngành Giáo dục cần định hướng xây dựng các trường PTDTNT trở thành trường chuẩn quốc gia, phấn
# đấu đưa trường PTDTNT trở thành trường hàng đầu …": each verb of aiming after a comma, or a ";", opens an aim of its own
_AIM_CLAUSE = re.compile(
    r"\s*;\s*|,\s*(?=(?:phấn đấu|hướng tới|cần|phải|bảo đảm|đảm bảo|duy trì|giữ vững|tiếp tục)(?!\w))", re.IGNORECASE
)
_SENTENCE_DEADLINE = re.compile(r"(?i)(?<!\w)(?:đến|tới|vào|cuối|hết)\s+(?:năm\s+)?((?:19|20)\d\d)(?!\d)")
_AIM_WITHOUT_FIGURE_REASON = (
    "Câu nêu một mục tiêu không có con số (văn bản không có chỉ tiêu nào đọc được theo danh sách hay con số): đã đọc "
    "là mục tiêu định tính; cần xác nhận có phải chỉ tiêu không và mức cần đạt."
)


def _aims_without_figure(text: str, year: int | None, read: list[ParsedTarget]) -> list[ParsedTarget]:
    """The aims of a text in which nothing read as a target the first time: in a sentence with no figure read, each
    clause that looks ahead (a verb of aiming, a deadline, "giai đoạn" …) and that no reading already holds is a
    qualitative target, for the deadline its sentence names, else the plan's year, and flagged, since the reader
    could not tell an aim from a task or a wish. A heading ("1. Mục tiêu chung": short, no stop) aims at nothing. A
    document is never refused for lack of numbered lines: what it aims at is put before the person, who judges it."""
    phrases = [fold(target.phrase) for target in read if target.has_target]
    figures = [phrase for target, phrase in zip(read, phrases, strict=False) if target.value is not None]
    aims = []
    for sentence in _prose_sentences(text):
        if not sentence.rstrip().endswith(_STOPS) and len(sentence.split()) <= _HEADLINE_WORDS:
            continue
        if any(phrase[:30] in fold(sentence) for phrase in figures):
            continue
        deadlines = _SENTENCE_DEADLINE.findall(sentence)
        for clause in _AIM_CLAUSE.split(sentence):
            clause = clause.strip(" ,;.…")
            flat = fold(clause)
            if not _WORDS_AHEAD.search(clause) or not _has_own_words(clause):
                continue
            if any(flat in phrase or phrase in flat for phrase in phrases):
                continue
            direction, _unsure = infer_direction(clause)
            aims.append(
                ParsedTarget(
                    comparator=QUALITATIVE,
                    phrase=clause,
                    year=int(deadlines[-1]) if deadlines else year,
                    needs_review=True,
                    review_reason=_AIM_WITHOUT_FIGURE_REASON,
                    direction=direction,
                    direction_inferred=True,
                )
            )
    return aims


def _stated(target: ParsedTarget) -> bool:
    """A target the words state plainly: with a unit, or read without doubt (not a bare number whose
    meaning the reader had to guess, such as "Thời gian: 8 giờ")."""
    return target.has_target and (bool(target.unit) or not target.needs_review or target.kind != "level")


# Words of deadlines, comparators and units: a clause made only of them names no indicator of its own ("và duy
# trì mức này đến năm 2030" keeps the target before it).
_NOT_NAME_WORDS = frozenset(
    fold(
        "năm đến tới cuối hết vào trong phấn đấu đạt khoảng còn dưới trên từ tối thiểu ít nhất là và lên xuống "
        "giảm tăng mức bình quân mỗi hằng hàng so với duy trì giữ vững ổn định bền tiếp tục được kết quả tỷ tỉ lệ này đó "
        "các lần lượt tương ứng"
    ).split()
)


def _has_own_words(phrase: str) -> bool:
    """A clause that names something of its own, not only a deadline, a comparator or a figure ("; 95% (năm 2030)")."""
    words = fold(phrase).split()
    return bool(set(words) - _NOT_NAME_WORDS - {word for word in words if not word.isalpha()})


def _paired_with_years(
    targets: list[ParsedTarget], years: tuple[int, ...], default_year: int | None
) -> list[ParsedTarget]:
    """Under a heading that lists its years ("Chỉ tiêu đến năm 2025 và năm 2030:"), an item that states one figure a
    year and no year of its own ("Tỷ lệ hộ nghèo dưới 3% và dưới 1%") gives them to the years in order; a figure
    that cannot be paired so keeps the last year, flagged, as it may hold for every year listed or for one."""
    real = [target for target in targets if target.has_target]
    if len(years) < 2:
        return targets
    if (
        len(real) == len(years)
        and all(target.year == default_year for target in real)
        and not any(_has_own_words(target.phrase) for target in real[1:])
    ):
        paired = iter(years)
        return [replace(target, year=next(paired)) if target.has_target else target for target in targets]
    listed = ", ".join(str(year) for year in years)
    reason = f"Đề mục nêu các năm {listed} nhưng mục này không nêu mức cho từng năm; đã lấy năm {default_year}, cần xác nhận."
    return [
        replace(target, needs_review=True, review_reason=" ".join(filter(None, (target.review_reason, reason))))
        if target.has_target and target.year == default_year and str(default_year) not in target.phrase
        else target
        for target in targets
    ]


def _describe(indicator: PlanIndicator, target: ParsedTarget) -> None:
    indicator.unit, indicator.per_n = target.unit, target.per_n
    indicator.value_type = _value_type(target, indicator.name)
    if target.kind in CHANGE_KINDS and target.direction:
        indicator.direction, indicator.direction_unsure = target.direction, False


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


def read_item(
    item: Item,
    *,
    default_year: int | None,
    period: tuple[int, int] | None = None,
    headed_years: tuple[int, ...] = (),
) -> PlanIndicator:
    text = item.text.strip()
    first_pass = parse_targets(text, default_year=default_year, period=period)
    name = indicator_name(text, first_pass)
    direction, unsure = infer_direction(name)
    # A compound item ("tỷ lệ hộ nghèo dưới 1%, …, tuổi thọ đạt 76 tuổi") names an indicator in each clause:
    # each clause's own words give its direction, not the first clause's name.
    compound = sum(target.has_target for target in first_pass) > 1
    targets = parse_targets(text, indicator_name="" if compound else name, default_year=default_year, period=period)
    targets = _paired_with_years(targets, headed_years, default_year)
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
        all_targets=targets,
    )
    if len(real) == 1:
        # One target: the whole item as written is its phrase (nguyên văn), not only the clause read.
        indicator.targets = [replace(real[0], phrase=text)]
    if real:
        _describe(indicator, real[0])
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
        same_year = first is not None and {t.year for t in first.targets} & {t.year for t in indicator.targets}
        if first is None or not indicator.code_generated or indicator.is_group or not indicator.has_target or same_year:
            # the same name for the same year is another measure ("Trong đó … dịch vụ tăng 14,8%" and "Cơ cấu
            # … dịch vụ 38,3%"), not the next deadline: kept apart, flagged for a person to name
            # "Tỷ lệ hộ nghèo dưới 3%" and "Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm": the rate's level and its change
            # in points are two measures of one indicator; "dịch vụ tăng 12%" (its value's growth) and "dịch vụ
            # 70%" (a share) are two indicators under one short name, for a person to name
            changes = [t for t in (*(first.targets if first else []), *indicator.targets) if t.kind in CHANGE_KINDS]
            measure = (
                _another_measure((first.name, first.targets), indicator.targets[0])
                if same_year and first is not None and indicator.targets and all(t.unit == POINTS for t in changes)
                else None
            )
            if measure is not None:
                indicator.name = measure
            elif same_year and first is not None:
                reason = (
                    f"Cùng tên “{indicator.name}” và cùng năm với chỉ tiêu ở dòng {first.line}; có thể là một chỉ tiêu "
                    "khác (một phần, một cách đo khác), cần đặt lại tên."
                )
                indicator.targets = [
                    replace(t, needs_review=True, review_reason=" ".join(filter(None, (t.review_reason, reason))))
                    for t in indicator.targets
                ]
            by_key.setdefault(key, indicator)
            merged.append(indicator)
            continue
        first.targets = _one_per_year([*first.targets, *indicator.targets])
        first.text = f"{first.text}\n{indicator.text}"
    return merged


def _flag_repeated(indicators: list[PlanIndicator]) -> list[PlanIndicator]:
    """An article states a target in its lead and again in its body (``bảo đảm thu nhập … tăng lên 1,5 lần so
    với cuối năm 2015``, the second time after ``Cải thiện sinh kế …,``): the same target (kind, comparator,
    figure, unit, year, base year) under a name that the other's words hold is flagged, both times, so that a person
    keeps one: which of the two is the list's and which the lead's repeat ("Một trong những mục tiêu … là nâng tỷ lệ
    … đạt 30% vào năm 2025" before "Cụ thể như: Tỷ lệ … đạt 30% vào năm 2025") the words do not say. Different
    indicators with equal targets ("100%" of two things) are left alone."""
    seen: dict[tuple, list[PlanIndicator]] = {}
    for indicator in indicators:
        for index, target in enumerate(indicator.targets):
            if not target.has_target or target.value is None:
                continue
            key = (
                target.kind,
                target.comparator,
                target.value,
                target.value_max,
                target.unit,
                target.year,
                target.base_year,
            )
            earlier = seen.setdefault(key, [])
            first = next(
                (
                    other
                    for other in earlier
                    if fold(other.name) in fold(indicator.text) or fold(indicator.name) in fold(other.text)
                ),
                None,
            )
            earlier.append(indicator)
            if first is None:
                continue
            _flag_repeat(indicator, index, first)
            _flag_repeat(first, _target_index(first, key), indicator)
    return indicators


def _target_index(indicator: PlanIndicator, key: tuple) -> int:
    """The index of the indicator's target with this key (kind, comparator, figures, unit, year, base year)."""
    return next(
        index
        for index, target in enumerate(indicator.targets)
        if (target.kind, target.comparator, target.value, target.value_max, target.unit, target.year, target.base_year)
        == key
    )


def _flag_repeat(indicator: PlanIndicator, index: int, other: PlanIndicator) -> None:
    target = indicator.targets[index]
    reason = (
        f"Mục tiêu giống hệt mục tiêu của “{other.name}” (dòng {other.line}); có thể văn bản nhắc lại cùng "
        "một mục tiêu, cần giữ một."
    )
    if reason not in (target.review_reason or ""):
        indicator.targets[index] = replace(
            target, needs_review=True, review_reason=" ".join(filter(None, (target.review_reason, reason)))
        )


# "Tỉnh phấn đấu đến năm 2030 …": the subject and the aspiration are no part of the name.
_SUBJECT = r"(?:(?:toàn\s+)?(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường)\s+(?=phấn đấu|phần đầu|cố gắng))?"
_LEADING_WORDS = re.compile(
    rf"^{_SUBJECT}(?:(?:phấn đấu|phần đầu|tiếp tục|từng bước|cố gắng)\s+)*"
    r"(?:(?:đến|tới|vào|trong|hết)\s+)?(?:(?:cuối|hết|giữa|đầu)\s+)?năm\s+(?:19|20)\d\d\s*,?\s*",
    re.IGNORECASE,
)
_SPEAKER = re.compile(r"^[^;:]{0,160}?\s(?:cho biết|nhấn mạnh|khẳng định|thông tin)\s*[,:]\s*", re.IGNORECASE)
# "tỉnh sẽ giải quyết việc làm", "Tỷ lệ lao động qua đào tạo của tỉnh sẽ (đạt 70%)": "sẽ" and its subject are no name
_WILL = re.compile(
    r"^(?:(?:toàn\s+)?(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường)\s+)?sẽ\s+|(?:^|\s+)sẽ$", re.IGNORECASE
)
# "Giảm tỷ lệ hộ nghèo xuống", "Nâng tỷ lệ lao động qua đào tạo lên": the verb of a level reached is no part of its name
_MOVED_TO = re.compile(
    r"^(?:kéo\s+)?(?:giảm|nâng|tăng|hạ|đưa)\s+"
    r"(?P<name>(?:tỷ lệ|tỉ lệ|tỷ số|tỉ số|tỷ suất|tỉ suất|số|tổng|mức|tuổi thọ|thu nhập|diện tích)(?!\w).*?)(?:\s+(?:xuống|lên))?$",
    re.IGNORECASE,
)
# "Thực hiện Chiến lược quốc gia về người cao tuổi đến năm 2030, …": the document the target serves, no part of its name
_CITING = re.compile(
    r"^(?:để\s+)?(?:thực hiện|triển khai|theo|hướng tới)\s+(?:(?:các\s+)?mục tiêu\s+(?:của\s+)?)?", re.I
)
_ASPIRATION = re.compile(rf"^{_SUBJECT}(?:phấn đấu|phần đầu|cố gắng)\s+", re.IGNORECASE)
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
    "có thêm",
    "xây dựng thêm",
    "cho",
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
    r"^\s*(?:(?:%|‰)(?:\s*/\s*năm)?|phần trăm|(?:m²|m2|km²|km2|km|ha|tấn|kg|(?:(?:nghìn|ngàn|triệu)\s+)?(?:tỷ|triệu|nghìn)?\s*đồng|usd)(?:\s+sàn)?(?:\s*/\s*\w+)*)(?!\w)",
    re.IGNORECASE,
)
_TIME_UNIT = re.compile(r"^\s*(?:tuổi|năm|tháng|ngày|lần)(?!\w)", re.IGNORECASE)
_LEADS_ALTERNATION = "|".join(re.escape(word) for word in _TARGET_LEAD_WORDS)
_NEXT_TARGET_OR_DEADLINE = re.compile(
    r"\s*(?:(?:vào|đến|tới|trong)\s+)?(?:cuối\s+)?năm\s+(?:19|20)\d\d"
    rf"|\s*(?:,|;|\s+và)\s+(?=(?:(?:{_LEADS_ALTERNATION})\s+)*\d)"
    # "100% người cao tuổi có thẻ BHYT, duy trì đến năm 2030": the target kept, no part of the name
    r"|\s*(?:,|;|\(|\s+và)\s*(?:tiếp tục\s+)?(?:được\s+)?(?:duy trì|giữ vững)(?!\w)",
    re.IGNORECASE,
)
_TAIL_NOISE = re.compile(
    r"^(?:\s*(?:trở lên|trở xuống|(?:vào|đến|tới|trong)?\s*(?:cuối\s+)?năm\s+(?:19|20)\d\d|so với\s+(?:năm\s+)?\d{4}"
    r"|trong đó|[,.;:]))+\s*$",
    re.IGNORECASE,
)


# The verb where a change's words start; not one that is part of the name ("Tỷ lệ giảm nghèo đa chiều",
# "Tốc độ tăng trưởng kinh tế").
_CHANGE_VERB = re.compile(
    r"(?:^|\s)(?<!tỷ lệ )(?<!tỉ lệ )(?<!tốc độ )(?:duy trì mức\s+|kéo\s+)?(?:tăng|giảm|gấp)(?!\s+trưởng)(?=\s)",
    re.IGNORECASE,
)


# "…, bao gồm: Tỷ lệ …", "Các chỉ tiêu chủ yếu đề ra là: Tốc độ …", "… năm 2024, theo Nghị quyết: Tốc độ …"
_LIST_LEAD = re.compile(
    r"^.*?(?:bao gồm|gồm có|gồm|cụ thể là|cụ thể như|cụ thể|như sau|(?:mục tiêu|chỉ tiêu)[^:]{0,80}|nghị quyết)\s*:\s*(?=\S)",
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
    clause = _SPEAKER.sub("", DISCOURSE_LEAD.sub("", clause))
    citing = _CITING.match(clause)
    if citing and (cited := CITED_HORIZON.match(clause, citing.end())) and clause[cited.end() :].lstrip()[:1] == ",":
        clause = clause[cited.end() :].lstrip(" ,")  # "Thực hiện Chiến lược … đến năm 2030, phấn đấu …"
    clause = _LEADING_WORDS.sub("", clause)
    if opener := PERIOD_OPENER.match(clause):  # "Trong giai đoạn 2021-2025, …": the clause's deadline
        clause = clause[opener.end() :]
    clause = _ASPIRATION.sub("", clause)
    clause = re.sub(r"^trong đó,?\s+", "", clause, flags=re.IGNORECASE)
    clause = _LIST_LEAD.sub("", clause)  # "…, bao gồm: Tỷ lệ thất nghiệp dưới 4%"
    clause = re.sub(r"^(?:mỗi|hằng|hàng)\s+năm,?\s+", "", clause, flags=re.IGNORECASE)
    real = next((target for target in targets if target.has_target), None)
    if real is None:
        return capitalise(re.sub(r"^về\s+", "", clause, flags=re.IGNORECASE))
    if real.comparator == YES_NO:
        return capitalise(_YES_NO_VERBS.sub("", clause))
    if real.comparator == QUALITATIVE:
        return capitalise(clause)
    if real.kind in CHANGE_KINDS and (verb := _CHANGE_VERB.search(clause)) and verb.start() > 0:
        return capitalise(clause[: verb.start()])  # "Tỷ lệ hộ nghèo giảm bình quân 0,5%/năm"
    clause = _SECURING.sub("", clause)
    if (share := SHARE_OF_A_COUNT.search(clause)) and not _strip_lead_words(clause[: share.start()]):
        # "Một nửa số xã đạt chuẩn …" → "Tỷ lệ xã đạt chuẩn …"; "Giảm 2/3 số vị thành niên có thai …" → "Số vị thành
        # niên có thai …", the count that falls
        rest = _NEXT_TARGET_OR_DEADLINE.split(clause[share.end() :], maxsplit=1)[0]
        return capitalise(("Số " if real.kind in CHANGE_KINDS else "Tỷ lệ ") + rest)
    figure = _find_figure(clause, real)
    if figure is None:
        return capitalise(_cut_before_target_words(clause))
    start, end = figure
    # "Tỷ lệ …: 2023: 20%", "Tỷ lệ … lần lượt các năm 2024, 2025 là 70%": the years of a year-by-year list are
    # no part of the name
    before = _strip_lead_words(_YEARS_TAIL.sub("", _strip_lead_words(clause[:start])))
    before = _WILL.sub("", before)
    if moved := _MOVED_TO.match(before):
        before = moved.group("name")  # "Giảm tỷ lệ hộ nghèo xuống còn 4,7%": the level of "Tỷ lệ hộ nghèo"
    after = re.sub(r"^\s*/\s*\d+(?=\s)", "", clause[end:])  # "7/8 huyện": the total is no part of the name
    unit_match = _MEASURE_UNIT.match(after) or (
        _TIME_UNIT.match(after) if real.unit in ("tuổi", "năm", "tháng", "ngày", "lần") else None
    )
    rest = after[unit_match.end() :] if unit_match else after
    rest = YEAR_LIST.sub("", rest)  # "72% vào các năm 2024 và 2025"
    rest = _NEXT_TARGET_OR_DEADLINE.split(rest, maxsplit=1)[0]
    unit_words = real.unit.split("/")[0].strip()
    if unit_words and fold(rest) and (fold(rest) in fold(unit_words) or fold(rest) == fold(real.unit)):
        rest = ""  # "đạt 12 bác sĩ": the unit closes the sentence and is not part of the name
    rest = "" if _TAIL_NOISE.match(rest) or not rest.strip() else rest.strip(" ,;:.")
    rest = re.sub(r"^(?:các|những)\s+", "", rest, flags=re.IGNORECASE)
    if before:
        return capitalise(f"{before} {rest}".strip())
    head = "Tỷ lệ" if real.unit.startswith("%") else "Số" if rest and not unit_match else ""
    return capitalise(f"{head} {rest}".strip() or clause)


_YEARS_TAIL = re.compile(
    rf"\s*(?:[:(]\s*(?:năm\s+)?(?:19|20)\d\d\s*:?|(?:lần lượt|tương ứng)?\s*{YEAR_LIST.pattern}\s*(?:lần lượt|tương ứng)?)\s*$",
    re.IGNORECASE,
)


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
        if scale and not re.match(r"\s*(?:(?:tỷ|tỉ)\s*)?(?:đồng|usd)", clause[scale.end() :], re.IGNORECASE):
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
