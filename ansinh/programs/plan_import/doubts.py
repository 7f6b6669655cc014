"""Signs that a reading is weak, over the whole document: a target read from words that are not a target
(a result, a caption, a figure given twice) must reach the preview with a review flag, never be taken on trust.

The rules of reading (``item``, ``ansinh.rules.targets``) flag what a sentence says of itself; these criteria
look across the document, where one sentence cannot see the sign. Each is general (no document's words):

1. **A year before the plan's**: the plan's period starts in a year (its stated start, or the earliest period the
   text names, "giai đoạn 2021 - 2025") and the target is for an earlier year its sentence writes bare, not as a
   deadline ("số gia đình luyện tập thể thao đạt 28% năm 2020" in a plan for 2021 - 2025): a result it reports,
   not a target it sets.
2. **A photo's caption**: the sentence is a caption ("… cho 150 lượt người cao tuổi … - Ảnh: …",
   "… - ảnh 1"): it tells what was done, not what is aimed at.
3. **A figure its own words call today's**: the target's phrase says "hiện nay", "hiện có", "hiện đạt" … ("(hiện
   nay là trên 30%)" beside a target): the state of things, not an aim ("thực hiện đạt" is no "hiện đạt").
4. **One figure read twice**: two targets with the same figure, unit and year whose phrases hold
   the same words (an article's lead repeating its body, a headline repeating a clause): one of them is a
   repeat; which one the words do not say, so both are flagged — but a headline's or a caption's reading is the
   repeat of a body that gives the target in words of its own, and only it is flagged.
5. **No figure where the copy stops**: the text ends inside a sentence ("… và giảm 50% số cặp tảo hôn; xóa bỏ
   tình tr", "…; đến năm 2020 tỷ lệ hút thuốc") and a target read from that sentence has no figure: the figure may
   be what the copy lost, and what is left reads like a task as often as a target.
6. **A figure restating the one before**: a clause with no words of its own but "bằng", "chiếm", "tương đương" and
   its figure ("… đạt 27.560 hộ, bằng 91%", "… là 2.408 cháu, chiếm tỷ lệ 18,45%") gives the figure before it as
   a share or in other terms: one figure written two ways, not a second target.
7. **A year on the way to the aim**: a sentence gives an indicator year by year and strives only for the last
   ("… năm 2023 là 65,5%, năm 2024 tăng lên 66,2%, năm 2025 phấn đấu mục tiêu đạt 67%"): the figures of the
   years before, written before any word of aiming, are the path so far, not targets.
8. **A bare number**: a figure with no unit whose clause has no word of what it measures, only of figures and time
   ("ít nhất 1 tháng 1 lần" after a share, "Tháng 9", "746"): a frequency, a date or a stray number, not a target.
9. **Two sentences glued**: the target's phrase holds a stop with no space between a word and a figure ("… cho trẻ
   5 tuổi.100% nhóm, lớp …"): the copy lost a line break or a space, and where one sentence ends and which words
   name the figure is a guess.
10. **A reporting paragraph**: in an article read whole, a paragraph with no word looking ahead (no aim, deadline
   or period) some of whose figures are flagged as results reports its other figures too ("… năm 2019 …, tỷ suất
   sinh là 14,56%o … Ngoài ra, … tốc độ tăng dân số tự nhiên đạt 0,61%").
11. **Per one**: a target of 1 read from "trên 1 ha", "mỗi 01 xã", "trên một vạn dân" is the one a rate is counted
   per ("Giá trị sản phẩm thu hoạch trên 1 ha đất trồng trọt … đạt trên 250 triệu đồng/ha"), not a level.
12. **A name cut where the copy stops**: the text ends three words or fewer into the name of a figure written first
   ("… 100% công chức, viên"), or inside a word of a sentence that gives that figure alone ("… . Phấn đấu 100% thôn
   có nhà văn hoá và khu thể thao thô", the text having written "khu thể thao thôn" before): what the figure counts
   is what the copy lost; or right after a figure read with no unit, inside the one word that follows it ("… nhóm nữ từ
   15 tu"): the unit is what the copy lost.

13. **A year's figure a source reports**: the sentence opens on whom its figures come from ("Theo Sở …,", "Theo
   UBND TP.HCM,") and gives a figure for a year written bare, with no word looking ahead before it ("Theo Sở …, năm
   2021 tỷ lệ lao động qua đào tạo là 57%"): data reported, not an aim.
14. **A share of a target reached**: "đạt trên 92% so với chỉ tiêu" measures how much of a target was done (a
   margin, "thấp hơn 5,25% so với chỉ tiêu", is not this).
15. **A number that numbers a part**: "giai đoạn 2 từ năm 2026 đến năm 2030": an ordinal, not a level.
16. **A share's name running on**: a share whose name follows it, and past the phrase the sentence goes on with a
   comma and a list that holds another comma before any figure ("60% NCT có khả năng tự chăm sóc, được cung cấp
   kiến thức, kỹ năng …, 75% NCT …"): which figure the list names is a guess.
17. **A figure given again**: a later target with the same figure, unit, year and name after the figure (four words
   or more) and mostly the same words before it, in other words than the earlier one's (else 4 flags both) ("Theo Kế hoạch, trong năm 2025, … ít nhất 6.200 lượt người tham gia
   đăng ký hiến máu tình nguyện" after the body said so): the later one repeats it.
18. **A count's bound given again**: a later figure of a paragraph that is one end of a count's band given before in
   it, for the same year and unit ("đạt từ 130 đến 150 học sinh … trên 1 vạn dân. Có ít nhất 130 học sinh / vạn dân
   …"): one target said again, or two that contradict.
19. **A figure being done now**: a clause, or its part after a comma, that opens on its figure and says those it counts "đang được …" ("22/74
   huyện nghèo đang được hỗ trợ đầu tư để bảo đảm mục tiêu …"): what is under way today, not an aim.
20. **A year its own words do not give**: the target's phrase names years or a period, outside brackets, and the
   year read is none of them nor inside the period ("TT cho mọi người, giai đoạn 2026 - 2030: Phấn đấu hàng năm …"
   read for 2025): the year came from a heading or a sentence before, against the words of its own.

docs/plan-import.md ("Signs of a weak reading" for 1-4, "The ninth and tenth sets without an invention unflagged"
for 5-11, "The twelfth set without an invention unflagged" for 12, "What the blind sets' unflagged inventions are"
for 13-17, "The sixteenth set" for 12's cut inside a word and 18, "No wrong target taken on trust" for 19 and 20) gives the counts each catches on the labelled sets."""

import re
from dataclasses import replace
from decimal import Decimal

from ansinh.core.numbers import format_number
from ansinh.programs.plan_import.results import PlanIndicator, PlanMetadata
from ansinh.programs.plan_import.text import NOT_A_COMPOUND_OF_HIEN, Line, fold
from ansinh.rules.targets import OPENS_WITH_A_PART, QUALITATIVE, ParsedTarget, mask_cited_horizons

# "giai đoạn 2021- 2025", "thời kỳ 2021 – 2030", "nhiệm kỳ 2020 - 2025": a span of years a plan (or what it cites) covers,
# and "5 năm (2021-2025)", "trong 5 năm (2021 - 2025)": years counted and named in a bracket
_PERIOD = re.compile(
    r"(?i)(?:(?<!\w)(?:giai đoạn|thời kỳ|nhiệm kỳ)\s+|(?<!\w)\d{1,2}\s+năm\s*\(\s*)((?:19|20)\d\d)\s*[-–—]\s*"
    r"((?:19|20)\d\d)(?!\d)"
)
# "- Ảnh: Quang Quyết/TTXVN", "… đến năm 2030 - ảnh 1Tổ chức khám …", "(Ảnh minh họa)": a photo's caption
_CAPTION = re.compile(r"(?i)(?:[-–]\s*ảnh\s*\d|(?<!\w)ảnh\s*:|\(\s*ảnh(?!\w)|(?<!\w)ảnh minh h[oọ]a)")
# "(hiện nay là trên 30%)", "hiện có 45.000 người cao tuổi": the target's own words say the figure is today's
_NOW_IN_PHRASE = re.compile(
    rf"(?i)(?<!\w){NOT_A_COMPOUND_OF_HIEN}(?<!hơn )(?<!với )(?<!từ )hiện\s+(?:nay|tại|có|đạt|là|còn)(?!\w)"
)
# "22/74 huyện nghèo đang được hỗ trợ đầu tư …": a clause (or its part after a comma) that opens on its figure and says those it counts are being
# served now ("đang hoạt động", "đang làm việc" describe them, and are no sign)
_UNDER_WAY = re.compile(r"(?i)(?:^|[,:])\W*\d[\d.,/]*\s*%?\s+[^\d;,.]{1,40}?(?<!\w)đang\s+được(?!\w)")
# "vượt 15 trường so với kế hoạch giao năm 2018", "vượt 2% so với kế hoạch đề ra": the margin by which what was done
# beat what was set, a result measured against a target, not one
_BEYOND_THE_PLAN = re.compile(
    r"(?i)(?<!\w)vượt\s+(?:mức\s+)?\d[^;.]{0,40}?so với\s+(?:kế hoạch|chỉ tiêu|dự toán|mục tiêu)(?!\w)"
)
# "bằng 91%", "chiếm tỷ lệ 18,45%", "tương đương 75,41 triệu đồng/người/năm": the figure before, in other terms
_RESTATING = re.compile(
    r"(?i)^\W*(?:bằng|chiếm|tương đương)\s+(?:(?:tỷ|tỉ)\s+lệ\s+)?(?:(?:khoảng|gần|hơn|xấp xỉ)\s+)?\d[\d.,]*\s*(?P<rest>.*)$"
)
# words that set an aim, as opposed to the verbs a result shares with a target ("đạt", "tăng lên"); a deadline is no
# such word here, since a result names its year too
_AIMING = re.compile(r"(?i)(?<!\w)(?:phấn đấu|mục tiêu|chỉ tiêu|kế hoạch|sẽ|dự kiến|đề ra|hướng tới)(?!\w)")
# how ``item._flag_prose`` says a line is a headline
_HEADLINE_FLAG = "có thể là tiêu đề"
# "trên 1 ha", "mỗi 01 xã", "trên một vạn dân": the one a rate is counted per
_PER_ONE = re.compile(r"(?i)(?<!\w)(?:trên|mỗi|cho mỗi)\s+(?:1|01|một)\s+[^\W\d_]+")
_CLAUSES = re.compile(r"(?<=[.!?])\s+|;")
# "tuổi.100%": a word, a stop and the next sentence's figure with no space between (a lost line break)
_GLUED_SENTENCES = re.compile(r"[^\W\d_]{2}[.;]\d[\d.,]*\s*%?")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_NUMBERS = re.compile(r"^\d[\d.,]*$")


def first_year_of_the_plan(metadata: PlanMetadata, lines: list[Line]) -> int | None:
    """The first year the plan covers: its stated start, else the earliest start of a period the text names."""
    # a period that starts after the plan's last year is another plan's ("giai đoạn 2026 - 2030" in a plan to 2025)
    starts = [
        int(match.group(1))
        for line in lines
        for match in _PERIOD.finditer(line.text)
        if metadata.end_year is None or int(match.group(1)) <= metadata.end_year
    ]
    # a start equal to the end is no span (the reader takes "vào năm 2030" of an aim for both): only a period says
    stated = metadata.start_year if metadata.start_year != metadata.end_year else None
    candidates = [year for year in (stated, *starts) if year]
    return min(candidates) if candidates else None


# a year that dates something rather than naming a target's horizon: a date ("24/10/2015", "2020-08-15", "ngày 5
# tháng 3 năm 2019", "tháng 6/2023"), a document's number ("Nghị định 20/2021/NĐ-CP", "số 1896/QĐ-TTg năm …" aside)
_DATING_YEAR = re.compile(
    r"(?i)\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)\d\d|(?<!\d)(?:19|20)\d\d-\d\d(?!\d)|"
    r"tháng\s+\d{1,2}\s*(?:[/.-]|năm)\s*(?:19|20)\d\d|/\s*(?:19|20)\d\d\s*/"
)
# a year a figure is measured against ("so với năm 2020", "so với cùng kỳ năm 2023", "giá so sánh năm 2010"): a base,
# whatever the plan's start, never the year a target is for
_BASE_YEAR = re.compile(r"(?i)(?:so với|giá so sánh)\s+(?:cùng kỳ\s+)?(?:năm\s+)?(?:19|20)\d\d(?!\d)")
_A_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def plan_year_alone(metadata: PlanMetadata, lines: list[Line], *, typed: bool) -> bool:
    """The plan's end year is the only year a target of the text could be for, so a target that states none takes
    it safely: the year is the person's own (``typed``) or the text names the plan's period ("nhiệm kỳ 2020 -
    2025" in a plan to 2025), and no other year is written, dates and documents' numbers aside, but years before
    the plan's start and years a figure is measured against ("so với năm 2020", "giá so sánh năm 2010"). A second
    year anywhere ("đến năm 2025" in a plan to 2030, "năm 2024" beside a typed 2025, a title's "2021 - 2025" against
    a typed 2030) keeps the flag, as does a year guessed from one target's own deadline with no period to back it."""
    end = metadata.end_year
    if end is None:
        return False
    # the periods that end on the plan's year name the plan's own span: their start is the plan's start
    starts = [
        int(match.group(1))
        for line in lines
        for match in _PERIOD.finditer(line.text)
        if int(match.group(2)) == end and int(match.group(1)) < end
    ]
    if not typed and not starts:
        return False
    if metadata.start_year and metadata.start_year < end:
        starts.append(metadata.start_year)
    start = min(starts) if starts else None
    for line in lines:
        text = _PERIOD.sub(lambda match: " " if int(match.group(2)) == end else match.group(0), line.text)
        text = _BASE_YEAR.sub(" ", _DATING_YEAR.sub(" ", text))
        for year in map(int, _A_YEAR.findall(text)):
            if year != end and (start is None or year >= start):
                return False
    return True


def flag_weak_readings(indicators: list[PlanIndicator], metadata: PlanMetadata, lines: list[Line]) -> None:
    """Give a review flag to each target read on a weak sign (above); a target already flagged for the same
    reason is left as it is."""
    first_year = first_year_of_the_plan(metadata, lines)
    # a clause split off an item ("tăng bình quân 8%/năm") is read in its item's sentence ("Số CLB năm 2020 đạt …")
    texts = {indicator.code: indicator.text for indicator in indicators}
    # "Hiện tại, tỷ lệ … hơn 80%, trong đó, sử dụng nước máy dưới 40%": a part of a figure said to be the present one
    # is the present's too
    phrases = {indicator.code: " ".join(target.phrase for target in indicator.targets) for indicator in indicators}
    cut = _cut_sentence(lines)
    for indicator in indicators:
        text = texts.get(indicator.split_from or "", indicator.text)
        for index, target in enumerate(indicator.targets):
            if not target.has_target:
                continue
            if first_year and target.year and target.year < first_year and _bare_year(target, text):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Năm của mục tiêu ({target.year}) trước thời kỳ của kế hoạch (từ {first_year}): có thể là kết "
                    "quả đã đạt, không phải mục tiêu; cần xác nhận.",
                )
            if _NOW_IN_PHRASE.search(target.phrase) or (
                OPENS_WITH_A_PART.match(target.phrase)
                and _NOW_IN_PHRASE.search(phrases.get(indicator.parent_code or "", ""))
            ):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Con số được nói là mức hiện nay (“hiện nay”, “hiện có”, “hiện đạt” …): có thể là số liệu hiện "
                    "trạng, không phải mục tiêu; cần xác nhận.",
                )
            if _UNDER_WAY.search(target.phrase):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Câu nói những gì con số đếm “đang được” làm: có thể là việc đang diễn ra, không phải mục tiêu; "
                    "cần xác nhận.",
                )
            if target.year and (own := _years_of_its_own(target.phrase)) and target.year not in own:
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Năm của mục tiêu ({target.year}) lấy từ đề mục hoặc câu trước, trong khi câu của nó nêu "
                    f"{_listed_years(own)}: cần xác nhận năm của mục tiêu này.",
                )
            if _BEYOND_THE_PLAN.search(target.phrase):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Con số là phần vượt so với kế hoạch, chỉ tiêu đã giao (“vượt … so với kế hoạch”): là kết quả đã "
                    "đạt, không phải mục tiêu; cần xác nhận.",
                )
            if target.comparator == QUALITATIVE and _runs_to(target.phrase, cut):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Văn bản dừng giữa câu của mục tiêu này, mục tiêu không có con số: con số có thể đã bị cắt mất; "
                    "cần xác nhận với văn bản đầy đủ.",
                )
            if target.value is not None and _runs_to(target.phrase, cut) and _name_cut_short(target.phrase, lines):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Văn bản dừng ngay sau con số của mục tiêu này, khi tên của nó chưa hết (“"
                    f"{target.phrase.strip()[-40:]}”): con số đo cái gì đã bị cắt mất; cần xác nhận với văn bản đầy đủ.",
                )
            if (
                target.value is not None
                and not target.unit
                and _runs_to(target.phrase, cut)
                and _UNIT_CUT.search(target.phrase)
            ):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Văn bản dừng ngay sau con số của mục tiêu này, ở từ đứng sau nó (“"
                    f"{target.phrase.strip()[-20:]}”): đơn vị của con số đã bị cắt mất; cần xác nhận với văn bản đầy đủ.",
                )
            if target.year and _on_the_way(target, target.year, lines):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Câu nêu con số của năm {target.year} trước khi nêu mục tiêu cho một năm sau: có thể là kết quả "
                    "đã đạt trên đường tới mục tiêu, không phải mục tiêu; cần xác nhận.",
                )
            if _bare_number(target):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Con số “{target.phrase.strip()}” không có đơn vị, và vế của nó không nói đo cái gì: có thể là "
                    "tần suất, ngày tháng hay số thứ tự, không phải mục tiêu; cần xác nhận.",
                )
            if glued := _GLUED_SENTENCES.search(target.phrase):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Câu dính liền câu trước, không có dấu cách sau dấu chấm (“{glued.group()}”): chỗ hết câu và tên "
                    "của con số là đoán; cần xác nhận.",
                )
            if target.value == 1 and (per_one := _PER_ONE.search(target.phrase)):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"“{per_one.group().strip()}” là đơn vị tính của một tỷ lệ (tính trên một "
                    "đơn vị), không phải mức chỉ tiêu; cần xác nhận.",
                )
            if _restates(target):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"“{target.phrase.strip()}” nói lại con số ngay trước nó (một tỷ lệ, một cách viết khác), không "
                    "phải một mục tiêu riêng; cần giữ một.",
                )
            if target.value is not None and _name_cut_by_a_list(target.phrase, text):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Tên của con số chỉ còn “{target.phrase.strip()[-30:]}”: dấu phẩy sau nó mở một danh sách còn "
                    "tiếp, có thể là phần còn lại của tên; cần xác nhận.",
                )
            if _just_done(target.phrase):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Câu kể một việc vừa làm (“vừa có Quyết định”, “vừa ban hành” …) và con số là nội dung của việc đó, "
                    "không có từ nêu mục tiêu trước nó; cần xác nhận.",
                )
            if target.year and _reported_by_a_source(target, target.year, lines):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Câu dẫn lời một nguồn (“Theo …,”) về số liệu của năm {target.year}, không có từ nêu mục tiêu "
                    "trước con số: có thể là số liệu đã đạt được báo cáo lại, không phải mục tiêu; cần xác nhận.",
                )
            if _SHARE_OF_THE_PLAN.search(target.phrase):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Con số là tỷ lệ đạt được so với kế hoạch, chỉ tiêu (“đạt … % so với chỉ tiêu”): là mức hoàn thành "
                    "một chỉ tiêu, không phải mục tiêu; cần xác nhận.",
                )
            if (ordinal := _ordinal(target)) is not None:
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Số “{ordinal}” đánh số một phần (giai đoạn, đợt, bước …), không phải mức chỉ tiêu; cần xác nhận.",
                )
            if target.value is not None and (rest := _name_runs_on(target.phrase, text)):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    f"Sau con số, câu còn một danh sách chưa có con số (“{rest[:40]}”): chỗ tách tên của con số này "
                    "với con số sau là đoán; cần xác nhận.",
                )
            if _CAPTION.search(_sentence_of(target, text)):
                indicator.targets[index] = _flagged(
                    indicator.targets[index],
                    "Câu là chú thích ảnh (“Ảnh: …”): kể việc đã làm, không phải mục tiêu; cần xác nhận.",
                )
    _flag_read_twice(indicators, lines)
    _flag_bound_given_again(indicators)
    if not metadata.targets_section:
        _flag_reported_paragraphs(indicators, lines)


# the marks a copy that stops where its author meant it to ends on (a bracket or a quote may close the last sentence)
_CLOSING = (".", ";", "!", "?", "…", ":", ")", "”", '"')
# what the flags of results say (``item._flag_prose``): a sentence's words of results, a year's figure with no aim
_REPORTED = ("kết quả đã đạt", "kết quả của năm đó")
# words that look ahead: an aim, a deadline, a period
_AHEAD = re.compile(
    r"(?i)(?<!\w)(?:phấn đấu|mục tiêu|chỉ tiêu|kế hoạch|sẽ|dự kiến|đề ra|hướng tới|cần|phải|giai đoạn|"
    r"(?:đến|tới|vào|cuối|hết)\s+(?:năm\s+)?(?:19|20)\d\d)(?!\w)"
)


def _flag_reported_paragraphs(indicators: list[PlanIndicator], lines: list[Line]) -> None:
    """In an article, a paragraph with no word looking ahead that reports some of its figures as results (their
    sentences' words of results, a year's figure with no aim) reports the others too ("Ngoài ra, … tốc độ tăng dân
    số tự nhiên đạt 0,61%" after "… năm 2019 …, tỷ suất sinh là 14,56%o")."""
    by_line: dict[int, list[tuple[PlanIndicator, int]]] = {}
    for indicator in indicators:
        for index, target in enumerate(indicator.targets):
            head = target.phrase[:30]
            line = next((line for line in lines if head and head in line.text), None)
            if target.has_target and line is not None and not _AHEAD.search(line.text):
                by_line.setdefault(line.number, []).append((indicator, index))
    for readings in by_line.values():
        reported = [
            any(word in (indicator.targets[index].review_reason or "") for word in _REPORTED)
            for indicator, index in readings
        ]
        if not any(reported):
            continue
        for (indicator, index), said in zip(readings, reported, strict=True):
            if said:
                continue
            indicator.targets[index] = _flagged(
                indicator.targets[index],
                "Đoạn văn không có từ hướng tới (phấn đấu, mục tiêu, đến năm …) và nêu các số liệu khác của nó như "
                "kết quả: con số này có thể cũng là kết quả; cần xác nhận.",
            )


def _on_the_way(target: ParsedTarget, year: int, lines: list[Line]) -> bool:
    """The target's phrase names its year bare ("năm 2024 tăng lên 66,2%"), no word of aiming comes before its end in
    its sentence of the text (up to a ";"), and one comes after it with a later year ("năm 2025 phấn đấu …"); or its
    clause is followed by one that opens on a later deadline (``_a_deadline_clause_follows``)."""
    head = target.phrase[:30]
    # a ";" opens the next item of a list run into one sentence ("… năm 2025 và 50% vào năm 2030; phấn đấu 60% …")
    sentences = (each for line in lines if head in line.text for each in _CLAUSES.split(line.text))
    sentence = next((each for each in sentences if head and head in each), "")
    end = sentence.find(head) + len(target.phrase) if sentence else 0
    if _a_deadline_clause_follows(head, year, lines):
        return True
    if not sentence or not re.search(rf"(?i)(?<!đến )(?<!tới )(?<!vào )(?<!hết )năm\s+{year}(?!\d)", target.phrase):
        return False
    aim = _AIMING.search(sentence)
    return (
        aim is not None and aim.start() >= end and any(int(later) > year for later in _A_YEAR.findall(sentence[end:]))
    )


# "; đến năm 2025 khoảng 65%": a clause of a sentence that opens on a later year as a deadline
_DEADLINE_CLAUSE = re.compile(r"(?i)^\s*(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+((?:19|20)\d\d)(?!\d)")


def _a_deadline_clause_follows(head: str, year: int, lines: list[Line]) -> bool:
    """The target's clause names its year bare, no word of aiming comes before it in its sentence, and a later clause
    of the sentence opens on a later year as a deadline: "năm 2021 tỷ lệ … là 57%, trong đó … 22%; năm 2022 …; đến
    năm 2025 khoảng 65%" gives the years so far clause by clause (a figure with no year of its own, "trong đó … 22%",
    is its clause's year's), then the aim."""
    sentence = _sentence_holding(head, lines)
    clauses = sentence.split(";") if sentence else []
    index = next((i for i, clause in enumerate(clauses) if head in clause), None)
    if index is None:
        return False
    clause = clauses[index]
    bare = re.search(rf"(?i)(?<!đến )(?<!tới )(?<!vào )(?<!hết )(?<!cuối )năm\s+{year}(?!\d)", clause)
    if not bare or _AIMING.search(";".join(clauses[: index + 1])):
        return False
    return any(
        (deadline := _DEADLINE_CLAUSE.match(later)) is not None and int(deadline.group(1)) > year
        for later in clauses[index + 1 :]
    )


# words of time and frequency, which name no measure ("1 tháng 1 lần", "mỗi quý")
_TIME_WORDS = frozenset(["tháng", "năm", "tuần", "quý", "ngày", "lần", "mỗi", "một"])


def _bare_number(target: ParsedTarget) -> bool:
    """No unit, and no word of the phrase names a measure: only figures, comparators and time."""
    if target.unit or target.value is None:
        return False
    return not any(re.search(r"[^\W\d_]", word) for word in _words(target.phrase) - _TIME_WORDS)


def _restates(target: ParsedTarget) -> bool:
    """The phrase is the restating word, its figure and its unit, nothing that names what it measures."""
    restating = _RESTATING.match(target.phrase)
    return restating is not None and fold(restating.group("rest")).strip(" .,;") in ("", fold(target.unit or ""))


def _cut_sentence(lines: list[Line]) -> str:
    """The text's last words when it stops inside a sentence ("… giảm 50% số cặp tảo hôn; xóa bỏ tình tr"): a copy
    cut short, as stored excerpts and pasted pages often are; empty when the text ends at a stop."""
    last = next((" ".join(line.text.split()) for line in reversed(lines) if line.text.strip()), "")
    return "" if last.endswith(_CLOSING) else last[-30:]


def _runs_to(phrase: str, cut: str) -> bool:
    """The phrase ends where the copy is cut."""
    return bool(cut) and " ".join(phrase.split()).endswith(cut[-min(len(cut), len(phrase)) :])


def _sentence_holding(head: str, lines: list[Line]) -> str:
    """The first sentence of the text's lines that holds ``head`` (a target's phrase's opening), else empty."""
    return next(
        (each for line in lines if head and head in line.text for each in _SENTENCES.split(line.text) if head in each),
        "",
    )


def _text_after(phrase: str, text: str) -> str | None:
    """What the text says right after the phrase (spaces folded in both), or None where the text does not hold it."""
    flat_text, flat_phrase = " ".join(text.split()), " ".join(phrase.split())
    at = flat_text.find(flat_phrase)
    return None if at < 0 else flat_text[at + len(flat_phrase) :]


# "… nhóm nữ từ 15 tu": one word after the last figure, where the copy stops; with no unit read, the word was the unit
_UNIT_CUT = re.compile(r"\d[\d.,]*\s+[^\W\d_]+\s*$")


# a figure and its unit, as a target's phrase writes them ("100%", "1.500 lượt", "2,5 ‰")
_FIGURE = re.compile(r"\d[\d.,]*\s*(?:%|‰)?")


def _name_cut_short(phrase: str, lines: list[Line]) -> bool:
    """The phrase opens on its figure, whose name follows it ("100% công chức, viên chức được …"), and at most three
    words of that name are left where the copy stops: what the figure counts is what the copy lost. A name written
    before the figure ("Tỷ lệ nhà ở kiên cố đạt 98,5%, trong đó: đô") is whole whatever follows. So is a longer name,
    most often, unless the copy stops inside a word of a sentence that gives that figure alone ("… . Phấn đấu 100%
    thôn có nhà văn hoá và khu thể thao thô"): no list around it shows what the lost words were (the last of a ";"
    list, "…; 80% người khuyết tật tiếp cận các dịch v", is read from the items before it)."""
    figure = _FIGURE.match(phrase.strip())
    if figure is not None and len(re.findall(r"[^\W\d_]+", phrase.strip()[figure.end() :])) <= 3:
        return True
    return _FIGURE.match(_LEAD_TO_A_FIGURE.sub("", phrase.strip())) is not None and _cut_alone_inside_a_word(lines)


_LEAD_TO_A_FIGURE = re.compile(r"(?i)^(?:(?:phấn đấu|đạt|có)\s+)*")


def _cut_alone_inside_a_word(lines: list[Line]) -> bool:
    """The text's last sentence holds one figure, and its last word is the start of a longer one the text writes after
    the same two words elsewhere ("khu thể thao thô" where "khu thể thao thôn" was written): the copy was cut in the
    middle of a word."""
    text = " ".join(" ".join(line.text for line in lines).split())
    last = re.split(r"[.!?]\s+", text)[-1]
    words = text.split()
    if len(_FIGURE.findall(last)) != 1 or len(words) < 3 or not words[-1].isalpha():
        return False
    before = r"\s+".join(re.escape(word) for word in words[-3:-1])
    return re.search(rf"(?i)(?<!\w){before}\s+{re.escape(words[-1])}\w", " ".join(words[:-1])) is not None


# "Theo Sở Lao động - Thương binh và Xã hội, năm 2021 …", "Theo UBND TP.HCM, năm 2019, …": a sentence that opens on
# whom its figures come from
_ATTRIBUTION = re.compile(r"(?i)^\W*theo\s+(?!đó\W)[^,;]{2,80},")


def _reported_by_a_source(target: ParsedTarget, year: int, lines: list[Line]) -> bool:
    """The target's sentence opens on a source ("Theo Sở …,", "Theo UBND TP.HCM,"), its clause (up to a ";") names
    the target's year bare, not as a deadline, and no word looking ahead comes before the figure: a year's figure a
    source reports ("năm 2021 tỷ lệ lao động qua đào tạo là 57%"); "Theo Kế hoạch, … phấn đấu …" aims, "Theo đó,"
    names no source."""
    head = target.phrase[:30]
    sentence = _sentence_holding(head, lines)
    if not sentence or not _ATTRIBUTION.match(sentence):
        return False
    figure = re.search(r"\d", target.phrase)
    end = sentence.find(head) + (figure.start() if figure else len(target.phrase))
    clause = sentence[: sentence.find(head) + len(target.phrase)].split(";")[-1]
    bare = re.search(rf"(?i)(?<!đến )(?<!tới )(?<!vào )(?<!hết )(?<!cuối )(?<!trong )năm\s+{year}(?!\d)", clause)
    return bare is not None and not _AHEAD.search(sentence[:end])


# "đạt trên 92% so với chỉ tiêu TP giao": how much of a target was reached (a margin, "thấp hơn 5,25% so với chỉ
# tiêu", is labelled a target of its own in the sets and left alone)
_SHARE_OF_THE_PLAN = re.compile(
    r"(?i)(?<!\w)đạt\s+(?:(?:trên|dưới|khoảng|gần|hơn|xấp xỉ)\s+)?\d[\d.,]*\s*%\s*so với\s+"
    r"(?:kế hoạch|chỉ tiêu|dự toán|mục tiêu)(?!\w)"
)
# "giai đoạn 2", "đợt 1", "bước 3": a number that numbers a part
_NUMBERING = re.compile(r"(?i)(?<!\w)(?:giai đoạn|đợt|bước|chương|phụ lục)\s+0*(\d{1,2})(?![\d.,%])")


def _ordinal(target: ParsedTarget) -> int | None:
    """A target with no unit whose figure is the number of a part its phrase names ("giai đoạn 2 từ năm 2026 đến năm
    2030"): an ordinal, not a level."""
    if target.unit or target.value is None:
        return None
    numbering = _NUMBERING.search(target.phrase)
    return int(numbering.group(1)) if numbering and Decimal(numbering.group(1)) == target.value else None


_SHARE = re.compile(r"\d[\d.,]*\s*%")


def _name_runs_on(phrase: str, text: str) -> str:
    """The phrase closes on words after its figure (the figure's name) and the sentence goes on past it with a
    comma and a list of words that hold another comma before any figure ("60% NCT có khả năng tự chăm sóc, được
    cung cấp kiến thức, kỹ năng …, 75% NCT …", "90% số cơ quan, tổ chức, cơ sở trợ giúp xã hội, …"): whether the
    list is the rest of this figure's name or the opening of the next one's is a guess. The words, else empty."""
    shares = list(_SHARE.finditer(phrase))
    if not shares or not re.search(r"[^\W\d_]", phrase[shares[-1].end() :]):
        return ""
    after = _text_after(phrase, text)
    if after is None:
        return ""
    run_on = re.match(r",(?!\s*(?:trong đó|riêng)(?!\w))\s*([^\d.;:!?]*?,[^\d.;:!?]*?)(?=\d|[.;:!?]|$)", after)
    return run_on.group(1).strip() if run_on else ""


# a share and one word of its name closing the phrase ("… phấn đấu 50% quận"; not "… 71% trở lên", "… 7,3% năm")
_FIGURE_AND_A_WORD = re.compile(r"\d[\d.,]*\s*%\s+(?!(?:trở|năm|so)(?!\w))[^\W\d_]+\s*$")


def _name_cut_by_a_list(phrase: str, text: str) -> bool:
    """The phrase closes on a share and one word of the name after it, and the text goes on with a comma
    and a word ("Hà Nội phấn đấu 50% quận, huyện, thị xã có câu lạc bộ …"): a list of what the figure counts was cut at
    its first comma, and what the figure counts is in the words given to the next figure."""
    if _FIGURE_AND_A_WORD.search(phrase) is None:
        return False
    after = _text_after(phrase, text)
    return after is not None and bool(re.match(r",\s*[^\W\d_]", after))


# "Thủ tướng Chính phủ vừa có Quyết định bổ sung thêm nội dung 3 dự án …": news of an act just done
_JUST_DONE = re.compile(
    r"(?i)(?<!\w)vừa\s+(?:được\s+)?(?:[^\W\d_]+\s+){0,5}?(?:có|ký|ban hành|phê duyệt|thông qua|bổ sung)(?!\w)"
)


def _just_done(phrase: str) -> bool:
    """The phrase tells of an act just done and its figure is what the act holds, with no word of aiming between them
    ("… vừa có Quyết định bổ sung thêm nội dung 3 dự án …"); "… vừa được phê duyệt đặt mục tiêu giảm … 1%" aims."""
    act = _JUST_DONE.search(phrase)
    if act is None:
        return False
    figure = re.compile(r"\d").search(phrase, act.end())
    return figure is not None and not _AHEAD.search(phrase, act.end(), figure.start())


def _bare_year(target: ParsedTarget, text: str) -> bool:
    """The target's sentence writes its year bare ("đạt 28% năm 2020"), not as a deadline ("đến năm 2025", "vào năm
    2025") nor leaves it to a heading ("Mục tiêu đến năm 2025" over a list): a year's figure, as a result is written."""
    sentence = _sentence_of(target, text)
    year = str(target.year)
    return bool(re.search(rf"(?<!\d){year}(?!\d)", sentence)) and not re.search(
        rf"(?i)(?<!\w)(?:đến|tới|vào|trong|cuối|hết)\s+(?:năm\s+)?{year}(?!\d)", sentence
    )


def _sentence_of(target: ParsedTarget, text: str) -> str:
    """The target's sentence and the opening of the next ("… tỉnh Sơn La. - Ảnh: …": a caption's credit follows its
    stop)."""
    head = target.phrase[:30]
    sentences = _SENTENCES.split(text)
    index = next((i for i, each in enumerate(sentences) if head and head in each), None)
    if index is None:
        return target.phrase
    return " ".join(sentences[index : index + 2])[: len(sentences[index]) + 12]


# words that say how a figure is reached or when, not what it measures
_FIGURE_WORDS = frozenset(
    [
        "năm",
        "vào",
        "đến",
        "tới",
        "đạt",
        "và",
        "trên",
        "dưới",
        "khoảng",
        "từ",
        "có",
        "là",
        "ít",
        "nhất",
        "tối",
        "thiểu",
        "đa",
        "không",
        "quá",
        "trở",
        "lên",
        "duy",
        "trì",
        "mức",
        "xuống",
        "còn",
    ]
)


def _words(phrase: str) -> set[str]:
    return {word for word in fold(phrase).split() if not _NUMBERS.match(word.rstrip("%")) and word not in _FIGURE_WORDS}


def _unit_key(target: ParsedTarget) -> str:
    unit = fold(target.unit or "")
    return "%" if unit in ("%", "điểm phần trăm", "%/năm", "điểm phần trăm/năm") else unit


def _same_words(one: str, other: str) -> bool:
    """One phrase is the other's words (``giảm 2,5%`` in a headline ``hộ cận nghèo giảm 2,5%``), or the two share
    nearly all their words (a lead and its body): the same sentence read twice. Phrases with no word but the figure
    and its year ("95% vào năm 2030") say nothing of what they measure and are not compared."""
    words, other_words = _words(one), _words(other)
    shorter = min(len(words), len(other_words))
    if not shorter:
        return False
    if fold(one) in fold(other) or fold(other) in fold(one):
        return True
    return shorter >= 4 and len(words & other_words) / shorter >= 0.85


def _in_headline(target: ParsedTarget, lines: list[Line]) -> bool:
    """The target is read from a line the prose flag took for a headline (short, with no closing stop, or given
    twice), or from a photo's caption."""
    head = target.phrase[:30]
    line = next((line.text for line in lines if head and head in line.text), "")
    return _HEADLINE_FLAG in (target.review_reason or "") or bool(_CAPTION.search(line))


def _headline_repeat(one: ParsedTarget, other: ParsedTarget, lines: list[Line]) -> ParsedTarget | None:
    """Of a figure read twice, the reading that is a headline's or a caption's when the other, in the body, says it
    in words of its own ("Hải Phòng: Mục tiêu 100% trẻ em dưới 6 tuổi được cấp thẻ …" over "Hải Phòng đặt mục tiêu,
    100% trẻ em dưới 6 tuổi được cấp thẻ …"); None when neither or both are, or the body's words are a piece of the
    headline's ("giảm 2,5%" under a headline "hộ cận nghèo giảm 2,5%": which one is the target the words do not say)."""
    headline, other_headline = _in_headline(one, lines), _in_headline(other, lines)
    if headline == other_headline:
        return None
    repeat, body = (one, other) if headline else (other, one)
    return None if fold(body.phrase) in fold(repeat.phrase) else repeat


def _same_name_after_the_figure(one: str, other: str) -> bool:
    """Both phrases close on the same name of four words or more after their last figure ("… ít nhất 6.200 lượt người
    tham gia đăng ký hiến máu tình nguyện" in a lead and again in the body)."""
    names = [list(_FIGURE.finditer(phrase)) for phrase in (one, other)]
    if not all(names):
        return False
    one_name, other_name = (
        fold(phrase[found[-1].end() :]).strip(" .,;") for phrase, found in zip((one, other), names, strict=True)
    )
    if one_name != other_name or len(one_name.split()) < 4:
        return False
    # what is said before the figure (who aims, where): the same name for another region is another target
    one_before, other_before = (
        _words(phrase[: found[-1].start()]) for phrase, found in zip((one, other), names, strict=True)
    )
    shorter = min(len(one_before), len(other_before))
    return not shorter or len(one_before & other_before) / shorter >= 0.6


def _flag_read_twice(indicators: list[PlanIndicator], lines: list[Line]) -> None:
    seen: dict[tuple[Decimal | None, Decimal | None, int | None, str], list[tuple[PlanIndicator, int]]] = {}
    for indicator in indicators:
        for index, target in enumerate(indicator.targets):
            if not target.has_target or target.value is None:
                continue
            key = (target.value, target.value_max, target.year, _unit_key(target))
            for other_indicator, other_index in seen.get(key, []):
                other = other_indicator.targets[other_index]
                if (
                    other is not target
                    and _same_name_after_the_figure(target.phrase, other.phrase)
                    and not _same_words(target.phrase, other.phrase)
                    and not _in_headline(other, lines)
                ):
                    indicator.targets[index] = _flagged(
                        indicator.targets[index],
                        f"Văn bản đã nêu con số này, cùng đơn vị, năm và tên (“{other.phrase[:60]}”): lần này nhắc lại "
                        "cùng con số, không phải mục tiêu riêng; cần giữ một.",
                    )
                if other is target or not _same_words(target.phrase, other.phrase):
                    continue
                reason = (
                    "Cùng con số, đơn vị và năm với một mục tiêu khác có cùng lời (“{}”): có thể văn bản nhắc lại "
                    "một câu (ở đầu bài, ở dòng tóm tắt), cần giữ một."
                )
                # a headline's figure that the body gives in full words is the headline's repeat, not the body's
                repeat = _headline_repeat(target, other, lines)
                if repeat is not other:
                    indicator.targets[index] = _flagged(indicator.targets[index], reason.format(other.phrase[:60]))
                if repeat is not target:
                    other_indicator.targets[other_index] = _flagged(other, reason.format(target.phrase[:60]))
            seen.setdefault(key, []).append((indicator, index))


def _flag_bound_given_again(indicators: list[PlanIndicator]) -> None:
    """A later figure of a paragraph that is one end of a count's band the paragraph gave before, for the same year and
    in the same unit ("đạt từ 130 đến 150 học sinh … trên 1 vạn dân. Có ít nhất 130 học sinh / vạn dân …"): the same
    measure set twice, once as a band and once as its bound, is one target said again or two that contradict each
    other, and the text does not say which. (Shares are left alone: "60 - 65%" of one name and "65%" of another are
    two targets a list sets side by side.)"""
    bands: list[tuple[int, ParsedTarget]] = []
    for indicator in indicators:
        paragraph = indicator.line  # the clauses split off an item keep its line
        for index, target in enumerate(indicator.targets):
            if not target.has_target or target.value is None or target.unit.startswith(("%", "‰", "điểm")):
                continue
            band = next(
                (
                    band
                    for line, band in bands
                    if line == paragraph
                    and band.year == target.year
                    and target.value in (band.value, band.value_max)
                    and _unit_head(band) == _unit_head(target) != ""
                ),
                None,
            )
            if band is not None:
                indicator.targets[index] = _flagged(
                    target,
                    f"Con số {format_number(target.value)} là một đầu của khoảng đã nêu trước trong đoạn, cùng năm và "
                    f"đơn vị (“{band.phrase[:60]}”): có thể là cùng mục tiêu nói lại, hoặc hai mức trái nhau; cần giữ "
                    "một.",
                )
            if target.value_max is not None:
                bands.append((paragraph, target))


# "(90% vào năm 2030)": a year in brackets is the bracket's figure's
_BRACKETED = re.compile(r"\([^()]*\)")


def _years_of_its_own(phrase: str) -> set[int]:
    """The years a phrase names outside brackets, dates, documents' numbers, base years and a cited document's horizon
    ("Thực hiện Chiến lược … đến năm 2030, phấn đấu …") aside, each period's years all in ("giai đoạn 2026 - 2030" is
    2026 to 2030)."""
    text = _BASE_YEAR.sub(" ", _DATING_YEAR.sub(" ", _BRACKETED.sub(" ", mask_cited_horizons(phrase))))
    years = {year for match in _PERIOD.finditer(text) for year in range(int(match.group(1)), int(match.group(2)) + 1)}
    return years | {int(year) for year in _A_YEAR.findall(_PERIOD.sub(" ", text))}


def _listed_years(years: set[int]) -> str:
    first, last = min(years), max(years)
    if len(years) > 2 and set(range(first, last + 1)) == years:
        return f"giai đoạn {first} - {last}"
    return "năm " + ", ".join(str(year) for year in sorted(years))


def _unit_head(target: ParsedTarget) -> str:
    """What a figure counts, without what it is counted per ("học sinh" of "học sinh/10.000 dân")."""
    return fold(target.unit.split("/")[0])


def _flagged(target: ParsedTarget, reason: str) -> ParsedTarget:
    if reason in (target.review_reason or ""):
        return target
    return replace(target, needs_review=True, review_reason=" ".join(filter(None, (target.review_reason, reason))))
