"""Vietnamese target phrases → structured targets (DESIGN.md §3 Target, §4 Comparators).

Plans write targets as prose: ``dưới 3%``, ``tối thiểu đạt 95%``, ``khoảng 77 tuổi``, ``0,88-0,9``,
``Đạt 35 giường bệnh viện trên 10.000 dân``, ``cơ bản không còn hộ nghèo``, often inside the sentence
that names the indicator. This module reads them. Pure functions, no Django.

The reading is a small pipeline:

1. **normalise** — NFC, lower case (keeping every offset, so that a target can point back at the
   words it came from), one kind of dash, ``m2`` → ``m²``;
2. **mask what defines the indicator** — words that hold numbers but are not the target are blanked
   out: anything in brackets, item numbering, dates, document numbers, periods (``giai đoạn
   2021-2025``), age groups (``trẻ em dưới 5 tuổi``, ``từ 3 đến 5 tuổi``), income lines (``hộ có
   thu nhập dưới …``), levels (``cấp độ 2``), reference populations of a rate (``trên 10.000 dân``
   when it follows a noun and not a figure). Deadline years (``đến cuối năm 2027``) and base years
   (``so với năm 2020``) are recorded while they are masked;
3. **split** — sentences and ``;`` make segments (a deadline carries over ``;``), commas, colons and
   ``và`` make parts; a part that holds no figure belongs to its neighbour;
4. **read each figure** — number (Vietnamese format, via :mod:`ansinh.core.numbers`), scale word
   (``2,5 triệu m²`` = 2.500.000 m², but ``20.990 tỷ đồng`` keeps its unit as written), range, unit,
   per-N population, then the comparator words around it;
5. **decide and flag** — a bare figure (``đạt X``, ``Phấn đấu X``, ``X``) is *at least* when the
   indicator should rise, *at most* when it should fall, *about* when it is kept in a band; when the
   direction is unknown the figure is read as *at least* and flagged. Anything else the parser is not
   sure of is flagged with a Vietnamese reason, never presented as certain.

**No target.** A phrase that states no target (a heading, the name alone) gives comparator
``qualitative``, ``has_target=False``, ``needs_review=True`` and a reason; words of the name are
never turned into a target. A recognised qualitative or yes/no target (``cơ bản không còn hộ
nghèo``, ``Hoàn thành phổ cập …``) has ``has_target=True`` and is not flagged: it is judged by a
person with evidence, which is what it means.

**``trên`` as "per".** ``35 giường bệnh viện trên 10.000 dân``: ``trên`` followed by a round
population count (100, 1.000, 10.000, 100.000, ``vạn``) and a population noun is a rate's
denominator, not "above". Before the figure it is the name's (``Số bác sỹ trên 10.000 dân đạt 19``);
it then supplies the unit of a figure written without one.

**Units** are kept as written, normalised only in spelling (``m2`` → ``m²``, ``%o``/``phần nghìn`` →
``‰``, ``vạn`` → ``10.000``); a unit the phrase does not write is not invented (``Mức sinh thay thế
2,1`` has unit ``""``, not ``con``).

Public API: :func:`parse_target`, :func:`parse_targets`, :func:`render_target`,
:func:`infer_direction`, :class:`ParsedTarget`.
"""

import itertools
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal

from ansinh.core.numbers import NumberFormatError, format_number, parse_number

LT, LE, GT, GE, EQ, APPROX, BETWEEN = "lt", "le", "gt", "ge", "eq", "approx", "between"
YES_NO, QUALITATIVE, RELATIVE = "yes_no", "qualitative", "relative"
COMPARATORS = (LT, LE, GT, GE, EQ, APPROX, BETWEEN, YES_NO, QUALITATIVE, RELATIVE)
NUMERIC_COMPARATORS = frozenset({LT, LE, GT, GE, EQ, APPROX, BETWEEN})
UP, DOWN, BAND = "up", "down", "band"
# What a target states: the level to reach, or a change of the indicator (its own kind, judged against
# the value of a base year): per year on average, against a base year, in percentage points, a multiple.
LEVEL, CHANGE_PER_YEAR, CHANGE_VS_BASE, POINTS_CHANGE, MULTIPLE = (
    "level",
    "change_per_year",
    "change_vs_base",
    "points_change",
    "multiple",
)
KINDS = (LEVEL, CHANGE_PER_YEAR, CHANGE_VS_BASE, POINTS_CHANGE, MULTIPLE)
CHANGE_KINDS = frozenset({CHANGE_PER_YEAR, CHANGE_VS_BASE, POINTS_CHANGE, MULTIPLE})
POINTS = "điểm phần trăm"
DIRECTIONS = (UP, DOWN, BAND)


@dataclass(frozen=True)
class ParsedTarget:
    """One structured target read from a phrase.

    ``value``/``value_max`` are None for yes/no, qualitative and multiplier-only relative targets.
    ``year`` is the deadline the phrase carries, else the caller's ``default_year``.
    ``direction`` is the desired direction used to read a bare figure: the caller's, or inferred
    from the words (``direction_inferred``); None when it could not be inferred.
    """

    comparator: str
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: str = ""
    per_n: int | None = None
    year: int | None = None
    base_year: int | None = None
    multiplier: Decimal | None = None
    yearly_average: bool = False
    phrase: str = ""
    needs_review: bool = False
    review_reason: str = ""
    has_target: bool = True
    direction: str | None = None
    direction_inferred: bool = False
    kind: str = LEVEL
    # The indicator's own name when the text gives it apart from the phrase: in a "lần lượt" list each figure
    # goes to the name listed in its place ("BHXH, BHTN lần lượt đạt 45%, 35%"); "" when the phrase names it.
    name: str = ""

    def as_json(self) -> dict[str, object]:
        """A JSON-ready dict: Decimals as strings (``"99.5"``), so that no float ever rounds them."""
        return {key: (str(value) if isinstance(value, Decimal) else value) for key, value in asdict(self).items()}


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

_NUM = r"\d+(?:[.,]\d+)*"
_YEAR = r"(?:19|20|21)\d\d"
_LETTER = r"[^\W\d_]"


def _words(listing: str) -> tuple[str, ...]:
    """Word lists are written "a|b|c" to keep them short enough to read."""
    return tuple(listing.split("|"))


# Tried longest first (below), so that "không dưới" is not read as "dưới" nor "thấp hơn" as "hơn".
_COMPARATOR_WORDS: dict[str, str] = {
    "không vượt quá": LE,
    "không cao hơn": LE,
    "không lớn hơn": LE,
    "không nhiều hơn": LE,
    "không quá": LE,
    "không hơn": LE,
    "tối đa": LE,
    "nhiều nhất": LE,
    "cao nhất": LE,
    "không thấp hơn": GE,
    "không ít hơn": GE,
    "không dưới": GE,
    "tối thiểu": GE,
    "ít nhất": GE,
    "thấp nhất": GE,
    "từ": GE,
    "thấp hơn": LT,
    "nhỏ hơn": LT,
    "ít hơn": LT,
    "chưa tới": LT,
    "chưa đến": LT,
    "dưới": LT,
    "cao hơn": GT,
    "lớn hơn": GT,
    "nhiều hơn": GT,
    "vượt": GT,
    "trên": GT,
    "hơn": GT,
    "khoảng chừng": APPROX,
    "xấp xỉ": APPROX,
    "khoảng": APPROX,
    "chừng": APPROX,
    "gần": APPROX,
    "bằng": EQ,
}
# Words that may stand between a comparator and its figure, or before a bare figure.
_FILLERS = (
    "phấn đấu",
    "phần đầu",  # the misspelling of "phấn đấu" in seed 003 (items 6.1.2 and 8.2.3)
    "bảo đảm",
    "đảm bảo",
    "đạt được",
    "đạt",
    "ở mức",
    "mức",
    "là",
    "ở",
    "có",
    "cho",
    "với",
    "giảm xuống còn",
    "giảm xuống",
    "giảm còn",
    "xuống còn được",  # "giảm tỷ lệ phát triển dân số tự nhiên xuống còn được 1%"
    "xuống còn",
    "hạ xuống",
    "còn",
    "tăng lên",
    "ước",
)
_COMPARATOR_WORDS_LONGEST_FIRST = sorted(_COMPARATOR_WORDS, key=len, reverse=True)
_FILLERS_LONGEST_FIRST = sorted(_FILLERS, key=len, reverse=True)
_DOWNWARD_FILLERS = frozenset(
    {"giảm xuống còn", "giảm xuống", "giảm còn", "xuống còn được", "xuống còn", "hạ xuống", "còn"}
)
_UPWARD_FILLERS = frozenset({"tăng lên"})
# "Giảm tỷ lệ hộ nghèo xuống dưới 9,5%", "Nâng tỷ lệ lao động qua đào tạo lên 55%": the level reached.
_LEVEL_REACHED = re.compile(r"(?<!\w)(?<!trở )(?P<word>lên|xuống)$")

_SCALES = {"nghìn": Decimal(1000), "ngàn": Decimal(1000), "triệu": Decimal(10) ** 6, "tỷ": Decimal(10) ** 9}
_CURRENCIES = {"đồng": "đồng", "vnđ": "đồng", "vnd": "đồng", "usd": "USD"}

# Units as plans write them (tried longest first); other words after a figure belong to the name.
_UNIT_WORDS = _words(
    "giường bệnh viện|giường bệnh|giường|bác sỹ|bác sĩ|dược sỹ đại học|dược sĩ đại học|dược sỹ|"
    "dược sĩ|điều dưỡng viên|điều dưỡng|nhân viên y tế|cán bộ y tế|hộ sinh|bé trai|lượt người|lượt lao động|lượt|"
    # "dưới 70 trường hợp/năm": cases (of a disease, of an event) counted, not "trường" (schools)
    "trường hợp|"
    "người|đảng viên|hộ gia đình|hộ|lao động|việc làm|trẻ em|trẻ|học sinh|sinh viên|căn hộ|căn nhà|căn|ngôi nhà|"
    "nhà văn hóa|nhà|khu|dự án|công trình|trường|trạm y tế|trạm|bệnh viện|phòng khám|cơ sở|xã|phường|"
    "thôn|làng|bản|đơn vị cấp huyện|đơn vị cấp xã|huyện|tiêu chí|tuổi|năm|tháng|ngày|lần|đồng|usd|tấn|doanh nghiệp|hợp tác xã|mô hình|câu lạc bộ|thư viện|"
    "điểm|thẻ|suất|con|sản phẩm|m² sàn|m²|km²|km|ha|kg|cm|nkt|nct|hạng|cán bộ|công chức|viên chức|cộng tác viên|"
    # people counted by who they are: "500 thanh niên", "trên 2.000 vận động viên"
    "thanh niên|vận động viên|"
    # "1.500 CLB": clubs as articles shorten them
    "clb|"
    # Things counted that people label as the text writes them: "3.750 thành viên", "ít nhất 2 loại bệnh tật",
    # "tăng 05 bậc"
    "thành viên|loại bệnh tật|bậc"
)
_UNIT_ALTERNATIVES = "|".join(re.escape(word) for word in sorted(_UNIT_WORDS, key=len, reverse=True))
# "200.000 NKT", "5.000 NCT": người khuyết tật, người cao tuổi, as articles shorten them, counted as people
# Staff ("01-02 cán bộ, công chức, viên chức") are counted in people, as "NKT", "NCT" are.
_UNIT_CANONICAL = {
    "usd": "USD",
    "gdp": "GDP",
    "grdp": "GRDP",
    "nkt": "người",
    "nct": "người",
    "cán bộ": "người",
    "công chức": "người",
    "viên chức": "người",
    "cộng tác viên": "người",
    "clb": "câu lạc bộ",
    "căn nhà": "căn",  # "110.000 căn nhà ở xã hội": houses counted by their classifier, as "xây mới 7.475 căn"
}
_UNIT_SUFFIX_WORDS = "người|năm|tháng|ngày|tuần|hộ|lao động|học sinh|trẻ|xã|giờ|lượt|phụ nữ|ha"
_POPULATIONS = (
    "dân số|người dân|dân|người|trẻ đẻ sống|trẻ sinh sống|trẻ sinh ra sống|trẻ đẻ ra sống|ca đẻ sống|"
    "ca sinh sống|trẻ sơ sinh sống|sơ sinh sống|bé gái|trẻ sơ sinh gái|trẻ em gái|trẻ gái|trẻ nữ|phụ nữ|lao động|học sinh|trẻ em|trẻ"
)
# The sex ratio at birth written with other words for boys and girls is counted as most plans write it, and so are the
# inhabitants a rate is counted per ("20 người trên 100.000 người dân" is "người/100.000 dân", as "10.000 dân").
_POPULATION_CANONICAL = {
    "trẻ em gái": "bé gái",
    "trẻ gái": "bé gái",
    "trẻ nữ": "bé gái",
    "trẻ sơ sinh gái": "bé gái",
    "người dân": "dân",
}
# Counts that plans state per N inhabitants, as the reference is named ("31,5 giường" → giường bệnh).
_PER_N_COUNTS = {
    "giường": "giường bệnh",
    "giường bệnh": "giường bệnh",
    "giường bệnh viện": "giường bệnh viện",
    "bác sĩ": "bác sĩ",
    "bác sỹ": "bác sỹ",
    "dược sĩ": "dược sĩ",
    "dược sỹ": "dược sỹ",
    "dược sĩ đại học": "dược sĩ đại học",
    "dược sỹ đại học": "dược sỹ đại học",
    "điều dưỡng": "điều dưỡng",
    "nhân viên y tế": "nhân viên y tế",
    "trẻ em trai": "bé trai",
    "trẻ sơ sinh trai": "bé trai",
    "trẻ trai": "bé trai",
    "trẻ nam": "bé trai",
    "bé trai": "bé trai",
}
# A ratio of events to live births counts the events as cases: "Tỷ số tử vong mẹ … 58,3/100.000 trẻ đẻ sống" is
# ca tử vong mẹ per 100.000 live births, "Tỷ số phá thai … 25/100 sơ sinh sống" ca phá thai per 100.
_CASES_PER_BIRTHS = {"tử vong mẹ": "ca tử vong mẹ", "tử vong bà mẹ": "ca tử vong mẹ", "phá thai": "ca phá thai"}
_CASES_NAMED = re.compile(r"(?<!\w)(" + "|".join(_CASES_PER_BIRTHS) + r")(?!\w)")
_BIRTHS = re.compile(r"(?:trẻ |ca )?(?:đẻ|sinh|sơ sinh)(?: ra)? sống")
_NON_COUNT_UNITS = frozenset({"", "%", "‰", "tuổi", "năm"})
# Units that count people, households or places: a figure in one is a count, never a number of a name.
_COUNTED_UNITS = frozenset(
    _words(
        "người|lượt người|lượt lao động|lao động|việc làm|hộ|hộ gia đình|trẻ em|trẻ|học sinh|sinh viên|xã|phường|thôn|làng|bản|huyện|"
        "nkt|nct"
    )
)


def _is_share(unit: str) -> bool:
    """``%`` or a share of a named whole (``% GDP``, ``% chỉ tiêu``): a figure in it is plainly a target's."""
    return unit in ("%", "‰") or unit.startswith("% ")


_YES_NO_OPENINGS = (
    "hoàn thành",
    "đạt chuẩn",
    "được công nhận",
    "xây dựng xong",
    "đưa vào sử dụng",
    "đưa vào hoạt động",
)
_QUALITATIVE_ANYWHERE = re.compile(
    r"(?<!\w)(?:cơ bản (?:chấm dứt|không còn|xóa|xoá|hoàn thành|đáp ứng|bảo đảm|đảm bảo|kiểm soát|giải quyết)|"
    r"loại trừ|chấm dứt|không để|không phát sinh|không xảy ra|xóa bỏ|xoá bỏ|thanh toán bệnh)(?!\w)"
    # "Thu nhập … cao hơn mức bình quân chung cả nước": a target stated against an average, with no figure of its
    # own; its name comes first (after a comma it is a remark on the figure before: "đạt 8%, cao hơn …")
    r"|(?<=[^\W\d_])\s+(?:cao hơn|thấp hơn|nhanh hơn|chậm hơn)\s+(?:mức\s+)?(?:bình quân|trung bình)(?!\w)"
    # "chỉ số phát triển con người (HDI) ở mức trung bình cao của thế giới": a level named in words, judged
    r"|(?<=[^\W\d_])\s+ở mức\s+(?:trung bình(?:\s+(?:cao|khá))?|cao|khá|thấp)(?!\w)(?!\s*\d)"
    # "các chỉ tiêu … thu ngân sách đạt và vượt so với dự toán": meeting and beating what was set, with no figure
    r"|(?<!\w)đạt và vượt(?:\s+(?:so với\s+)?(?:dự toán|kế hoạch|chỉ tiêu))(?!\w)"
)
# "Không còn hộ nghèo" is done or not (but "cơ bản không còn", basically none, is judged); "Duy trì xã đạt
# chuẩn quốc gia về y tế" keeps a standard that is met or not.
# "(duy trì) phường không có hộ nghèo, hộ cận nghèo" says "none" as "không còn" does
_YES_NO_ANYWHERE = re.compile(
    r"(?<!\w)(?:không còn(?!\w)|không có\s+(?:hộ\s+(?:cận\s+)?nghèo|nhà\s+(?:tạm|dột nát))(?!\w))"
)
# "Toàn tỉnh phấn đấu đến hết ngày 20/8/2025 sẽ hoàn thành việc xây mới, sửa chữa nhà ở …": completing a work is done or
# not, wherever the verb stands in a sentence with no figure; after a share ("70% số tỉnh … sẽ hoàn thành việc xây
# dựng website") it says what the places counted do
_DONE_WORK = re.compile(r"(?<!\w)hoàn thành\s+việc(?!\w)")
# "duy trì và giữ vững bộ tiêu chí quốc gia về y tế": a set of national criteria kept is a standard kept
_KEPT_STANDARD = re.compile(r"(?<!\w)(?:đạt chuẩn|đạt tiêu chí|được công nhận|bộ tiêu chí quốc gia)(?!\w)")
# "Huyện đạt chuẩn nông thôn mới", "huyện Thanh Ba đạt chuẩn nông thôn mới": a place that meets a standard is done or not
_PLACE_MEETS_STANDARD = re.compile(
    r"^(?:huyện|xã|tỉnh|thành phố|thị xã|thị trấn|quận|phường)(?:\s+[^\W\d_]+){0,3}?\s+"
    r"(?:đạt chuẩn|đạt tiêu chí|được công nhận)(?!\w)"
)
_LEAD_IN_COLON = re.compile(r"(?i)^[^:]*(?:phấn đấu|mục tiêu|chỉ tiêu|(?:đến|tới)\s+năm\s+\d{4})[^:\d]*:\s*")
_QUALITATIVE_OPENINGS = ("bảo đảm", "đảm bảo", "duy trì", "giữ vững", "kiểm soát")
# "Giảm chênh lệch mức sinh giữa các vùng", "Cùng với đó, giảm tỷ lệ trẻ em bị xâm hại so với năm 2021": a measure to
# move one way, with no figure, is a target a person judges ("tăng cường", "nâng cao" name a task, not a measure).
_CHANGE_WITHOUT_FIGURE = re.compile(
    r"^(?:[^\W\d_][^,;:\d]{0,20},\s*)?(?:(?:phấn đấu|tiếp tục|từng bước)\s+)*(?:kéo\s+)?(?:giảm|tăng)\s+"
    r"(?:tỷ lệ|tỉ lệ|tỷ suất|tỉ suất|tỷ số|tỉ số|số|chênh lệch|khoảng cách|gánh nặng)(?!\w)"
)

# ---------------------------------------------------------------------------------------------
# Direction
# ---------------------------------------------------------------------------------------------

# Phrases that hold a "falling" word but name something that should rise (or the reverse);
# they are consumed before the single words are looked at.
_DIRECTION_OVERRIDES = (
    ("bảo hiểm thất nghiệp", UP),
    ("bhtn", UP),
    ("thoát nghèo", UP),
    ("giảm nghèo", UP),
    ("xóa mù chữ", UP),
    ("xoá mù chữ", UP),
    ("chống mù chữ", UP),
    ("xóa nhà tạm", UP),
    # "tổ chức cai nghiện cho 1.000 người": those treated for addiction, a service to reach more of
    ("cai nghiện", UP),
    ("xoá nhà tạm", UP),
    ("thiếu việc làm", DOWN),
    ("tự chi trả", DOWN),
    ("tiền túi", DOWN),
)
_BAND_WORDS = ("mức sinh thay thế", "tổng tỷ suất sinh", "mức sinh", "tỷ suất sinh")
_DOWN_WORDS = _words(
    "thất nghiệp|hộ nghèo|cận nghèo|tỷ lệ nghèo|nghèo đa chiều|tái nghèo|phát sinh nghèo|"
    "suy dinh dưỡng|thấp còi|nhẹ cân|thừa cân|béo phì|thiếu máu|tử vong|chết|bỏ học|lưu ban|mù chữ|"
    "tai nạn|ngộ độc|ô nhiễm|tảo hôn|cận huyết|giới tính khi sinh|nhiễm hiv|nhiễm mới|mắc mới|"
    "tỷ lệ mắc|nghiện|ma túy|ma tuý|tội phạm|bạo lực|xâm hại|buôn bán người|lang thang|"
    "lao động trẻ em|nhà tạm|dột nát|nợ đóng|chậm đóng|trốn đóng|khiếu nại|quá tải|hút thuốc|"
    "sinh con thứ ba|sinh con thứ 3|dịch bệnh|aids|sốt rét|lao động nông nghiệp|tăng dân số tự nhiên|tốc độ tăng dân số"
)
_UP_WORDS = _words(
    "được|tham gia|bao phủ|bảo hiểm|bhxh|bhyt|tiếp cận|đào tạo|việc làm|tuổi thọ|sống khỏe|sống khoẻ|"
    "giường|bác sỹ|bác sĩ|dược sỹ|dược sĩ|điều dưỡng|nhân viên y tế|hộ sinh|đạt chuẩn|chuẩn quốc gia|"
    "đi học|nhập học|huy động|tốt nghiệp|phổ cập|tiêm chủng|sàng lọc|khám|nước sạch|hợp vệ sinh|"
    "thu gom|xử lý|tái chế|diện tích|nhà ở xã hội|thu nhập|phát triển con người|hdi|hỏa táng|"
    "hoả táng|quản lý sức khỏe|hồ sơ sức khỏe|trợ cấp|trợ giúp|hỗ trợ|chăm sóc|hưởng|lương hưu|"
    "hưu trí|thư viện|văn hóa|văn hoá|thể dục|thể thao|phủ sóng|phát thanh|truyền hình|hài lòng|"
    "cây xanh|số hóa|định danh|"
    # "Tỷ lệ thanh niên có hiểu biết đầy đủ về HIV/AIDS", "người dân không bị kỳ thị …", "người nhiễm HIV biết tình trạng
    # HIV của mình": what people know, or a harm they are spared, is to reach more of (against the harm that names them)
    "hiểu biết|biết|không bị|"
    # the economy's figures that every socio-economic plan states beside the social ones
    "grdp|gdp|tổng sản phẩm|thu ngân sách|vốn đầu tư|xuất khẩu|kim ngạch|doanh thu|giá trị sản xuất|giá trị sản phẩm|"
    "khách du lịch|đô thị hóa|đô thị hoá|che phủ rừng|nông thôn mới|năng suất"
)


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# "… đạt tiêu chuẩn cộng đồng an toàn phòng, chống tai nạn, thương tích trẻ em": the harm prevented names what is
# done against it, no harm to fall.
_PREVENTED = re.compile(
    rf"(?<!\w)phòng\s*,?\s*(?:chống|ngừa)\s+(?:{'|'.join(re.escape(word) for word in _DOWN_WORDS)})(?!\w)"
)
_OVERRIDE_PATTERNS = [
    (_PREVENTED, UP),
    *((_word_pattern((phrase,)), direction) for phrase, direction in _DIRECTION_OVERRIDES),
]
_BAND_PATTERN = _word_pattern(_BAND_WORDS)
# "Mức sinh thay thế 2,1": the name says the figure is a level to stay near
_REPLACEMENT_LEVEL = _word_pattern(("mức sinh thay thế",))
_DOWN_PATTERN = _word_pattern(_DOWN_WORDS)
# a harm among the few words right after a figure, those it counts ("800 người nghiện sau cai", "2/7 huyện nghèo")
_HARM_AFTER = re.compile(
    rf"(?i)\s*%?(?:\s+(?!\d)[^\s;.:()]+){{0,6}}?\s+(?P<harm>{'|'.join(re.escape(word) for word in _DOWN_WORDS)})(?!\w)"
)
_UP_PATTERN = _word_pattern(_UP_WORDS)


def infer_direction(indicator_name: str) -> tuple[str, bool]:
    """Which way the indicator should move, read from its name: ``(direction, unsure)``.

    Falling: unemployment, poverty, malnutrition, mortality, dropout …; rising: coverage, access,
    life expectancy, beds, doctors, jobs …; a band: replacement fertility. Words that pull both ways
    (``hộ nghèo`` … ``được hỗ trợ``) or no known word at all give ``("up", True)``.
    """
    text = _lower(unicodedata.normalize("NFC", indicator_name or ""))
    found: set[str] = set()
    for pattern, direction in _OVERRIDE_PATTERNS:
        if pattern.search(text):
            found.add(direction)
            text = pattern.sub(" | ", text)
    if _BAND_PATTERN.search(text):
        return BAND, False
    if _DOWN_PATTERN.search(text):
        found.add(DOWN)
    if _UP_PATTERN.search(text):
        found.add(UP)
    if len(found) == 1:
        return found.pop(), False
    return UP, True


# ---------------------------------------------------------------------------------------------
# Step 1 and 2: normalise, then mask what defines the indicator
# ---------------------------------------------------------------------------------------------

_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "\u00a0": " ", "\u202f": " ", "\t": " "})


def _lower(text: str) -> str:
    # str.lower() may lengthen a few characters; offsets must survive, so those stay as they are.
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


@dataclass(frozen=True)
class _PerN:
    start: int
    end: int
    per_n: int
    population: str
    head: str  # the counted thing before the reference, when it is in the name ("bác sỹ")

    @property
    def unit(self) -> str:
        """``giường bệnh viện/10.000 dân``; ``/100.000 trẻ đẻ sống`` when nothing counted is named."""
        return f"{self.head}/{format_number(self.per_n)} {self.population}"


@dataclass
class _Document:
    original: str
    work: str
    deadlines: list[tuple[int, int]] = field(default_factory=list)
    base_years: list[tuple[int, int]] = field(default_factory=list)
    comparisons_without_year: list[int] = field(default_factory=list)
    per_n_of_figure: dict[int, _PerN] = field(default_factory=dict)
    per_n_in_name: list[_PerN] = field(default_factory=list)
    unit_lists: dict[int, tuple[int, str]] = field(default_factory=dict)  # first word's start → (end, unit)
    year_lists: list[tuple[int, int]] = field(default_factory=list)  # "các năm 2024, 2025 là 70%, 72%"
    # "lên 80% và 85% vào các năm 2015, 2020": where each figure's year is written, after the figures
    years_after_figures: dict[int, int] = field(default_factory=dict)  # figure's start → the year list's end
    shared_years: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)  # "các năm 2024, 2025 đều dưới 3%"
    from_years: set[int] = field(default_factory=set)
    during_years: list[tuple[int, int]] = field(
        default_factory=list
    )  # "trong năm 2020": the year a change happens in  # "Từ năm 2025, …": a level's year, a change's start
    kept_deadlines: set[int] = field(default_factory=set)  # "… và duy trì đến năm 2030": a kept target's year

    def mask(self, start: int, end: int) -> None:
        self.work = self.work[:start] + " " * (end - start) + self.work[end:]

    def mask_all(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        matches = list(pattern.finditer(self.work))
        for match in matches:
            self.mask(match.start(), match.end())
        return matches


_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# "90% (năm 2025); 95% (năm 2030)": a bracket that holds only a year is the deadline, not a remark.
_BRACKETED_YEAR = re.compile(rf"\(\s*(?:(?:đến|tới|vào)\s+)?(?:(?:cuối|hết)\s+)?(?:năm\s+)?(?P<year>{_YEAR})\s*\)")
# A bracket that states a target of its own: it opens with a target's word and holds a figure in % or ‰
# ("(còn 7%)", "(để đạt 84% trở lên)", "(ít nhất 31%)", "(Bình quân mỗi năm giảm 2% …)"), maybe after a remark and a
# comma ("(theo giá hiện hành, tăng từ 12,5 đến 13,5%/năm)"), or a part's own ("(trong đó, nước sạch đạt trên
# 90%)", "(riêng các huyện nghèo, xã nghèo giảm 4%/năm)"); other brackets are
# remarks ("(không tính trạm y tế)", "(dưới 2.500 gram)" that defines the population) and are masked.
_TARGET_BRACKET = re.compile(
    r"\((?P<remark>[^()]*?,\s*)?(?P<inside>\s*(?:(?:để\s+)?(?:còn|đạt|ít nhất|tối thiểu|bình quân|giảm|tăng|xuống|lên)"
    r"|trong đó|riêng)[\s,:][^()]*?\d\s*(?:%|‰|lần)[^()]*)\)"
    # "13.000 người (trong đó hỗ trợ đào tạo nghề cho lao động nông thôn là 4.000 người)", "6.100 người (gồm cao đẳng
    # 900 người, trung cấp 2.500 người)": the parts of a count, in what the count counts
    r"|\((?P<parts>\s*(?:trong đó|bao gồm|gồm)[\s,:][^()]*?\d[\d.,]*\s+(?:người|lao động|hộ|học sinh|trẻ|lượt)"
    r"(?!\w)[^()]*)\)"
    # "nước sạch trên 90% (hợp vệ sinh đạt 100%)", "… 107 bé trai/100 bé gái (tốc độ tăng tỷ số giới tính khi sinh
    # không quá 0,4%)": a bracket that names its own share and its level is another target
    r"|\((?P<named>\s*[^\W\d_][^()\d]{2,80}?\s(?:đạt|là|không quá|không vượt quá|dưới|trên|tối thiểu|ít nhất)\s+"
    r"\d[\d.,]*\s*%)\s*\)"
    # "đưa ít nhất 1.500 lao động … (bình quân mỗi năm đưa ít nhất 300 lao động)": the period's count and, in the
    # bracket, its yearly average, a target of its own
    r"|\((?P<yearly>\s*bình quân\s+(?:mỗi|hằng|hàng)\s+năm[^()]*?\d[\d.,]*\s*/?\s*(?:người|lao động|hộ|học sinh|trẻ|lượt)"
    r"(?!\w)[^()]*)\)"
)
# "đạt mục tiêu 90 - 90 - 90 (90% người nhiễm HIV biết …; 90% người chẩn đoán … được điều trị ARV; 90% …)", "(trong
# đó: Khu vực đô thị đạt 27,20 m² sàn/người; Khu vực nông thôn đạt 22,09 m² sàn/người)": a bracket that lists two
# targets or more, split by ";", each a share or a figure after a target word, whatever its unit, states them, as an
# official text spells a named aim or an average's parts out; a bracket of remarks or cited documents has no such list,
# and one that names years ("(năm 2020 đạt 5,2%; năm 2022 đạt 4,1%)") gives the figures of those years, results as
# often as targets: it stays masked
_LISTED_TARGET = (
    rf"(?:\s*(?:trong đó\s*:?\s*)?{_NUM}\s*(?:%|‰)|[^;()]*?(?<!\w)(?:đạt|dưới|trên|tối thiểu|ít nhất)\s+{_NUM})[^;()]*"
)
_TARGETS_BRACKET = re.compile(rf"\((?![^()]*(?<!\d){_YEAR}(?!\d))(?P<inside>{_LISTED_TARGET}(?:;{_LISTED_TARGET})+)\)")
_KEPT_BRACKET = re.compile(
    rf"\((?P<inside>\s*(?:và\s+)?(?:tiếp tục\s+)?(?:duy trì|giữ vững)[^()\d]*?(?:đến|tới)\s+(?:năm\s+)?{_YEAR}\s*)\)"
)
_BRACKETED_BASE = re.compile(
    rf"\((?P<inside>\s*so với\s+(?:cùng kỳ\s+)?(?:(?:cuối|đầu|hết)\s+)?(?:năm\s+)?{_YEAR}\s*)\)"
)
_NUMBERING = re.compile(
    rf"(?m)^[ ]*(?:[-•+*·][ ]*)*(?:(?:\d+(?:\.\d+)*|[ivxlc]+|{_LETTER})[.)](?=\s)|\d{{1,2}}-(?={_LETTER}))?(?:[ ]*[-•+*·](?=\s))*"
)
_DATES = re.compile(
    r"(?<!\w)(?:sáng|trưa|chiều|tối|đêm|hôm|rạng sáng)\s+(?:nay\s+)?\(?\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])|"
    r"\d{1,2}/\d{1,2}/\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|tháng\s+\d{1,2}(?:\s*/\s*|\s+năm\s+)\d{4}"
    r"|(?<![\d.,])\d{1,2}/(?:19|20)\d\d(?![\d/])|(?<!\w)ngày\s+\d{1,2}/\d{1,2}(?![\d/])"
)
# A deadline given as a date: "Đến ngày 31/12/2025", "đến hết tháng 12/2025", "trước ngày 30/6/2025", "đến tháng 6 năm
# 2025" (the date itself is masked below).
_DATED_DEADLINE = re.compile(
    r"(?<!\w)(?:đến|tới|trước|vào|hết|trong)\s+(?:hết\s+)?(?:ngày\s+\d{1,2}(?:/\d{1,2}/|\s+tháng\s+\d{1,2}\s+năm\s+)"
    rf"|tháng\s+\d{{1,2}}(?:\s*/\s*|\s+năm\s+))(?P<year>{_YEAR})(?!\d)"
)
# "GRDP theo giá so sánh năm 2010 tăng bình quân 7%/năm": the year prices are counted in, no deadline nor base year
_BRACKETED_SHARE = re.compile(r"\((?P<share>\s*\d[\d.,]*\s*(?:%|‰)\s*)\)")
_DIFFERENCE_FROM_TARGET = re.compile(
    rf"(?<!\w)(?:vượt|thấp hơn|cao hơn|hụt|kém|chưa đạt)\s+{_NUM}\s*(?:%|‰|điểm phần trăm)?\s+so với"
    r"(?=\s+(?:chỉ tiêu|kế hoạch|mục tiêu)(?!\w))"
)
# "giảm trong năm là 0,5%", "tăng trong năm 2%": a change during the year (not "trong năm 2025", a year named).
_DURING_THE_YEAR = re.compile(rf"(?<!\w)(?P<verb>tăng|giảm)\s+trong\s+năm(?!\s*{_YEAR}(?!\d))(?:\s+(?:là|đạt))?(?!\w)")
_PRICE_BASE = re.compile(rf"(?<!\w)giá\s+(?:so sánh|cố định)\s+(?:năm\s+)?{_YEAR}(?!\d)")
# ("3-Số bác sĩ/vạn dân": a list's number glued by a dash to its name, see _NUMBERING, is no document's symbol)
_DOCUMENT_NUMBERS = re.compile(rf"(?<!\w)\d+(?:/\d+)*[-/](?!số\s){_LETTER}\w*(?:[-/]\w+)*")
# "giai đoạn 5 năm 2021-2025", "kế hoạch 5 năm 2021-2025": the span's length, no figure
_SPAN_WORDS = r"(?:\d{1,2}\s+năm\s+)"
_PERIODS = re.compile(
    rf"(?:(?:giai đoạn|thời kỳ|nhiệm kỳ|năm học|niên khóa|niên khoá|kế hoạch)\s+{_SPAN_WORDS}?)?(?:từ\s+)?(?:năm\s+)?{_YEAR}"
    rf"\s*(?:-|đến|tới)\s*(?:năm\s+)?{_YEAR}(?!\d)"
    rf"|tầm nhìn\s+(?:đến\s+)?(?:năm\s+)?{_YEAR}|(?:từ|kể từ|bắt đầu từ)\s+(?:năm\s+)?{_YEAR}(?!\d)"
)
# "6 tháng đầu năm", "9 tháng năm 2024": a part of a year, when the figures were counted, no target.
_PART_OF_A_YEAR = re.compile(
    rf"(?<!\w)\d{{1,2}}\s+tháng\s+(?:(?:đầu|cuối)\s+năm(?:\s+{_YEAR})?(?!\d)|(?:năm\s+)?{_YEAR}(?!\d))"
)
# A period that opens a clause ("Giai đoạn 2021 - 2025, …", "Trong giai đoạn 2021-2025, …", "Đến hết giai đoạn
# 2021-2025, …", "Từ năm 2021 đến năm 2025, …", with or without the comma): the clause's target is for its last year. A period elsewhere names something ("chuẩn nghèo
# giai đoạn 2016-2020", "Chương trình … giai đoạn 2021-2025") and stays masked.
PERIOD_OPENER = re.compile(
    rf"(?:^|(?<=[.;:]))[ \t,]*(?:(?:phấn đấu|trong|cả|bình quân|đến hết|đến cuối|hết|cuối)\s+)*"
    rf"(?P<period>(?:(?:giai đoạn|thời kỳ|kế hoạch)\s+{_SPAN_WORDS}?(?:từ\s+)?|từ\s+)(?:năm\s+)?{_YEAR}\s*(?:[-–]|đến|tới)\s*"
    rf"(?:năm\s+)?(?P<end>{_YEAR}))(?!\d)\s*,?\s*",
    re.MULTILINE | re.IGNORECASE,
)
_FROM_YEAR = re.compile(
    rf"(?:^|(?<=[.;:]))[ \t,]*(?:kể\s+|bắt đầu\s+)?từ\s+(?:năm\s+)?(?P<year>{_YEAR})(?!\d)(?!\s*(?:[-–]|đến|tới))\s*,",
    re.MULTILINE,
)
# Inside a clause, a period that the words make the target's span ("Tốc độ tăng trưởng bình quân giai đoạn 2021-2025
# đạt 7%/năm", "giảm 1,5%/năm trong giai đoạn 2021-2025", "cả giai đoạn 2021-2025"): its last year is the target's.
_PERIOD_OF_TARGET = re.compile(
    rf"(?<!\w)(?:bình quân|trung bình|trong cả|cả|trong|đến hết|hết|mục tiêu|chỉ tiêu)\s+(?P<period>(?:giai đoạn|thời kỳ)\s+"
    rf"{_SPAN_WORDS}?(?:từ\s+)?(?:năm\s+)?{_YEAR}\s*(?:[-–]|đến|tới)\s*(?:năm\s+)?(?P<end>{_YEAR}))(?!\d)"
)
# "xuống còn 10% giai đoạn 2015 - 2016 và 6,5% giai đoạn 2017 - 2020", "… phấn đấu đạt kế hoạch đưa 8.500-9.000 lao động đi
# làm việc ở nước ngoài theo hợp đồng giai đoạn 2021-2025.": a period that closes the clause of a figure dates it, over
# a year that opens the sentence; a document of the period names it ("… của Chương trình … giai đoạn …").
_PERIOD_CLOSING_A_FIGURE = re.compile(
    rf"(?<=\d)(?:\s*(?:%|‰))?(?:[^\d.;:,\n]*?\s)?(?<!chương trình )(?<!kế hoạch )"
    rf"(?P<period>(?:giai đoạn|thời kỳ)\s+(?:năm\s+)?{_YEAR}\s*[-–]\s*(?:năm\s+)?(?P<end>{_YEAR}))(?!\d)"
    r"(?=\s*(?:[,.;]|và\s|$))",
    re.IGNORECASE,
)
# the period of a standard after the figure ("đạt chuẩn chống mù chữ giai đoạn 2013 - 2020", "đạt bộ tiêu chí quốc gia
# về y tế giai đoạn 2011-2020") names it, as the period of a base does in a clause of "so với" ("so với … trung bình
# trong 5 năm giai đoạn 2003-2007"): no deadline
_PERIOD_OF_A_STANDARD = re.compile(r"(?i)(?<!\w)(?:chuẩn|tiêu chí)(?!\w)")
# "giảm từ năm 2021 đến năm 2025 bình quân 1,5%/năm": the span of the target, wherever it stands in the clause
_FROM_TO = re.compile(
    rf"(?<!\w)(?P<period>từ\s+(?:năm\s+)?{_YEAR}\s*(?:-|đến|tới)\s*(?:năm\s+)?(?P<end>{_YEAR}))(?!\d)"
)
_BASE_YEARS = re.compile(
    rf"(?<!\w)so\s+(?:với\s+)?(?:cùng kỳ\s+)?(?:(?:cuối|đầu|hết)\s+)?(?:năm\s+)?(?P<year>{_YEAR})(?!\d)"
    rf"|(?<=lần)\s+(?:so với\s+)?(?:(?:cuối|đầu|hết)\s+)?(?:năm\s+)?(?P<year2>{_YEAR})(?!\d)"
)
_COMPARISON = re.compile(r"(?<!\w)so với(?!\w)")
# "Năm 2013, Chi cục đề ra mục tiêu giảm 0,25 phần nghìn mức sinh": a sentence that opens with the year it is about
# (no "đến", "vào"), as a yearly plan's does, states the change during that year, as "trong năm 2013" does
# ("… phấn đấu năm 2021 giảm 0,35% hộ nghèo": the year striven in, right before its change, is that year too)
_YEAR_OF_THE_SENTENCE = re.compile(
    rf"(?:(?<=^)|(?<=\n)|(?<=\.\s)|(?<=:\s))\s*năm\s+{_YEAR}\s*,|(?<=phấn đấu )năm\s+{_YEAR}(?=\s+(?:giảm|tăng)\s)",
    re.MULTILINE,
)
_DEADLINES = re.compile(
    rf"(?:(?:đến|tới|vào|trong|hết|tính đến|tính tới)\s+)?(?:(?:cuối|hết|giữa|đầu)\s+)?năm\s+(?P<year>{_YEAR})(?!\d)"
    # "đến 2025", "đến hết 2025", "cuối 2025", "trước 2025", "Mục tiêu 2025:", "Kế hoạch 2025:": the year without "năm"
    rf"|(?:(?<!\w)(?:đến|tới|vào|trước|trong|mục tiêu|chỉ tiêu|kế hoạch|kh)\s+(?:(?:cuối|hết)\s+)?|(?<!\w)(?:cuối|hết)\s+)"
    rf"(?P<year2>{_YEAR})(?!\d|[.,]\d)"
    rf"(?!\s*(?:%|‰|{_UNIT_ALTERNATIVES})(?!\w))"
)
# A year-by-year list without "năm" before each year: "2023: 60%; 2024: 65%", "…; 2025 là 70%" (a year opening its
# clause, then its figure), and "lần lượt các năm 2024, 2025 là 70%, 72%" (the years, then their figures in order).
_YEAR_OPENING = re.compile(
    rf"(?:^|(?<=[,;:(\n])|(?<=\svà))[ \t]*(?P<year>{_YEAR})(?![\d.,]\d)(?=\s*(?::|là\s|đạt\s)\s*(?:{_LETTER}+\s+){{0,2}}\d)",
    re.MULTILINE,
)
YEAR_LIST = re.compile(
    rf"(?<!\w)(?:(?:vào|trong|của)\s+)?(?:các\s+)?năm\s+(?P<years>{_YEAR}(?:\s*(?:,|và|,\s*và)\s*(?:năm\s+)?{_YEAR})+)(?![\d.,]\d)"
)
# between the years and their figures: "là", "lần lượt là", "đạt tương ứng", a colon
_YEAR_LIST_LEAD = re.compile(rf"[\s,:]*(?:(?:{_LETTER}+)\s*){{0,4}}[\s:]*$")
_FIGURES_THEN_YEARS = re.compile(r"\s*(?:%|‰)?[\s,]*(?:(?:lần lượt|tương ứng)\s*)?")
# "Tỷ lệ tiêm chủng đầy đủ (2023: 95%, 2024: 96%)": a bracket that is a year-by-year list is read, not masked
_YEARS_BRACKET = re.compile(
    rf"\((?=\s*(?:năm\s+)?{_YEAR}\s*:\s*{_NUM}\s*(?:%|‰)?(?:\s*[,;]\s*(?:năm\s+)?{_YEAR}\s*:\s*{_NUM}\s*(?:%|‰)?)+\s*\))"
    r"(?P<inside>[^()]*)\)"
)
_FIGURE_LIST_JOIN = re.compile(rf"[^\d;.]{{0,40}}?(?:,|và|;)\s*(?:(?:{_LETTER}+)\s+){{0,2}}$")


def _read_year_lists(document: _Document) -> None:
    """Deadlines a year-by-year list gives its figures. Each year is masked; its deadline is set where its own
    figure is, so that each figure's clause carries its year."""
    for match in YEAR_LIST.finditer(document.work):
        if re.search(r"so với\s*$", document.work[: match.start()]):
            # "so với các năm 2020, 2021": several base years, no deadline; the change is flagged for its base
            document.mask(match.start(), match.end())
            continue
        years = [int(year) for year in re.findall(_YEAR, match.group("years"))]
        sentence_end = re.search(r"\.\s|\n|$", document.work[match.end() :])
        end = match.end() + (sentence_end.start() if sentence_end else 0)
        figures = [
            number
            for number in _NUMBER.finditer(document.work, match.end(), end)
            if not re.fullmatch(_YEAR, number.group())
        ][: len(years)]
        if len(figures) < len(years) or not _YEAR_LIST_LEAD.match(document.work, match.end(), figures[0].start()):
            # "đạt 70% và 72% vào các năm 2024 và 2025": the figures, then their years
            start = max(document.work.rfind(". ", 0, match.start()), document.work.rfind("\n", 0, match.start())) + 1
            figures = list(_NUMBER.finditer(document.work, start, match.start()))[-len(years) :]
            if len(figures) < len(years) or not _FIGURES_THEN_YEARS.fullmatch(
                document.work, figures[-1].end(), match.start()
            ):
                # "các năm 2024, 2025 đều dưới 3%": one figure for every year listed (see _read_segment)
                document.mask(match.start(), match.end())
                document.deadlines.append((match.start(), years[-1]))
                document.shared_years.append((match.start(), tuple(years)))
                continue
        if any(
            not _FIGURE_LIST_JOIN.match(document.work, first.end(), second.start())
            for first, second in itertools.pairwise(figures)
        ):
            continue
        document.mask(match.start(), match.end())
        document.deadlines.extend((figure.start(), year) for figure, year in zip(figures, years, strict=True))
        document.year_lists.append((min(match.start(), figures[0].start()), max(match.end(), figures[-1].end())))
        if match.start() > figures[-1].end():
            document.years_after_figures.update((figure.start(), match.end()) for figure in figures)
    for match in _YEAR_OPENING.finditer(document.work):
        document.deadlines.append((match.start("year"), int(match.group("year"))))
        document.mask(match.start("year"), match.end("year"))


# A document cited by its name, with its own horizon: "Chiến lược quốc gia về người cao tuổi đến năm 2030", "Chương
# trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025, tầm nhìn đến năm 2030". That year is the cited
# document's, not a deadline of the plan that cites it. The name runs on words only (no figure, no target word, no
# verb setting an aim: in "Chương trình đặt mục tiêu cụ thể đến năm 2025, tỷ lệ …" the year is the targets').
_CITED_KINDS = r"chiến lược|chương trình|đề án|nghị quyết|kết luận|chỉ thị|quy hoạch|kế hoạch hành động"
# ("Nghị quyết đề ra mục tiêu đến năm 2030, tăng …": setting out an aim, as "đặt", ends the name)
_NAME_WORD = (
    r"(?!(?:đến|tới|phấn|đạt|đặt|đề ra|đưa ra|là|dưới|trên|còn|xuống|lên|giai|thời|nhiệm|tầm)(?!\w))[^\W\d_][\w/-]*"
)
_CITED_NAME_OPENS = rf"(?<!\w)(?:{_CITED_KINDS})(?:\s+số\s+[\w/.-]+)?(?:\s+ngày\s+\d{{1,2}}(?:/\d{{1,2}}/\d{{4}}|\s+tháng\s+\d{{1,2}}\s+năm\s+\d{{4}}))?"
# A source named after "Theo" ends at its comma: "Theo Đề án, mục tiêu đến năm 2015: …", "Theo quy hoạch ngành, đến năm
# 2025 …" give the targets' year, which the source reports; "Theo Chiến lược … đến năm 2030, …" names its horizon.
CITED_HORIZON = re.compile(
    rf"(?:(?<!theo ){_CITED_NAME_OPENS}(?:(?:\s+|\s*[,–-]\s*){_NAME_WORD}){{1,20}}?\s*,?\s+"
    rf"|(?<=theo ){_CITED_NAME_OPENS}(?:(?:\s+|\s*[–-]\s*){_NAME_WORD}){{1,20}}?\s+)"
    rf"(?P<horizon>(?:đến|tới)\s+năm\s+{_YEAR}|(?:giai đoạn|thời kỳ|nhiệm kỳ)\s+(?:từ\s+)?(?:năm\s+)?{_YEAR}\s*[-–]\s*(?:năm\s+)?{_YEAR})"
    rf"(?!\d)(?:\s*,?\s*(?:và\s+)?tầm nhìn\s+(?:đến\s+)?(?:năm\s+)?{_YEAR}(?!\d))?",
    re.IGNORECASE,
)


# The year written right after a document's number is its date ("Quyết định 1980/QĐ-TTg năm 2016 thì tiêu chí … giai
# đoạn 2016 - 2020 như sau:", "Kế hoạch 58/KH-UBND năm 2021 triển khai …"), no deadline of the targets after it.
_DOCUMENT_YEAR = re.compile(rf"{_DOCUMENT_NUMBERS.pattern}\s+(?P<horizon>năm\s+{_YEAR})(?!\d)")


def mask_cited_horizons(text: str) -> str:
    """The text with the years of the documents it cites blanked out (same length, so offsets hold): what is left
    are the years of the text's own targets or plan."""
    for pattern in (CITED_HORIZON, _DOCUMENT_YEAR):
        for match in pattern.finditer(text):
            text = text[: match.start("horizon")] + " " * (match.end() - match.start("horizon")) + text[match.end() :]
    return text


# A span of time ("Trong 5 năm (2021-2025)", "trong 5 năm tới", "sau 3 năm", "…, 5 năm là 150.000 lao động"): how
# long the plan runs, no figure of a target ("tuổi thọ tăng thêm 2 năm" is one, and keeps its words).
_SPAN_OPENER = re.compile(
    rf"(?:^|(?<=[.;:]))[ \t,]*(?:(?:trong|cả|phấn đấu|giai đoạn|kế hoạch)\s+)*\d{{1,2}}\s+năm\s*"
    rf"\(\s*(?:năm\s+)?{_YEAR}\s*[-–]\s*(?:năm\s+)?(?P<end>{_YEAR})\s*\)",
    re.MULTILINE,
)
_AVERAGE_OVER_SPAN = re.compile(
    rf"(?<!\w)(?P<average>bình quân|trung bình)\s+\d{{1,2}}\s+năm\s*\(\s*(?:năm\s+)?{_YEAR}\s*[-–]\s*(?:năm\s+)?"
    rf"(?P<end>{_YEAR})\s*\)"
    # "tốc độ tăng trưởng giá trị tăng thêm bình quân giai đoạn 2021 - 2025 đạt 14 - 14,5%": the same average, over
    # the period named (not "so với bình quân giai đoạn 2016-2020", a base)
    rf"|(?<!so với )(?<!\w)(?P<period_average>bình quân|trung bình)\s+(?:cả\s+)?(?:giai đoạn|thời kỳ|nhiệm kỳ)\s+"
    rf"(?:từ\s+)?(?:năm\s+)?{_YEAR}\s*[-–]\s*(?:năm\s+)?(?P<period_end>{_YEAR})(?!\d)"
    # "… bình quân 5 năm đạt 7,5%": over a span with no years named, the same average; its year stays the plan's
    rf"|(?<!so với )(?<!\w)(?P<span_average>bình quân|trung bình)\s+\d{{1,2}}\s+năm(?!\w)(?!\s*\()"
)
_TIME_SPAN = re.compile(
    r"(?<!\w)(?:(?P<lead>trong vòng|trong|sau|qua|giai đoạn|thời kỳ|kế hoạch|cả)\s+)?\d{1,2}\s+năm"
    r"(?:\s+(?P<when>tới|qua|tiếp theo|đầu|cuối))?(?!\w)"
)
_SPAN_FOLLOWS = re.compile(rf"\s*\(?\s*{_YEAR}\s*[-–]|\s+(?:là|đạt)\s+\d")


def _mask_time_spans(document: _Document) -> None:
    for match in _TIME_SPAN.finditer(document.work):
        if match.group("lead") or match.group("when") or _SPAN_FOLLOWS.match(document.work, match.end()):
            document.mask(match.start(), match.end())


# "thuộc nhóm 60 nước đứng đầu", "vào top 10 tỉnh dẫn đầu": a rank among places, at most N (a rank falls as it
# improves); read as "không quá 60 hạng", not as the group's number that _LEVELS masks.
_RANK = re.compile(
    rf"(?<!\w)(?:thuộc|trong|vào|nằm trong|đứng trong|lọt vào)\s+(?:nhóm|top)\s+(?P<num>{_NUM})\s+"
    r"(?:nước|quốc gia|nền kinh tế|tỉnh,?\s*thành phố|tỉnh,?\s*thành|tỉnh|thành phố|địa phương|huyện|quận|xã)"
    r"(?:\s+(?:trên thế giới|cả nước|của cả nước|trong cả nước|toàn quốc|trong tỉnh|của tỉnh))?"
    r"\s+(?:đứng đầu|dẫn đầu|hàng đầu|tốt nhất|cao nhất)(?!\w)"
)


def _read_ranks(document: _Document) -> None:
    for match in _RANK.finditer(document.work):
        words = f"không quá {match.group('num')} hạng"
        document.work = (
            document.work[: match.start()] + words.ljust(match.end() - match.start()) + document.work[match.end() :]
        )


# "CPI bình quân tăng khoảng 4,5%", "lạm phát tăng dưới 4%": how much prices rise is the inflation rate, a level
# in %, as "Tốc độ tăng chỉ số giá tiêu dùng (CPI) bình quân: khoảng 4%" is; its "tăng" is no change verb.
_PRICE_RISE = re.compile(
    r"(?<!\w)(?:cpi|chỉ số giá tiêu dùng|lạm phát)(?:\s+bình quân)?\s+(?P<verb>tăng)(?!\s+trưởng)(?!\w)"
)


# "Quy mô dân số 104 triệu người": "dân số" is a population, not "số 104" (a number in a list).
_LEVELS = re.compile(
    r"(?<!\w)(?<!dân )(?:mức độ|cấp độ|bậc|hạng|loại|nhóm|tiêu chí(?:\s+số)?|điều|khoản|chương|phụ lục|khóa|khoá|lần thứ|"
    r"cơ sở|số|tổ|đợt|thứ)"
    r"\s+(?:từ\s+)?(?:\d+|[ivx]+(?!\w))(?:\s*(?:-|đến)\s*\d+)?(?:\s+trở lên)?(?!\d|[.,]\d)(?!\s*(?:%|‰))"
)
_RANK_IN_NAME = re.compile(r"(?<!\w)(?:lần thứ|thứ)\s+\d+")
_AGE_SPAN = re.compile(
    rf"(?<!\w)(?:(?P<cmp>dưới|trên|từ|đủ)\s+)?(?P<low>{_NUM})(?:\s*(?:tháng\s+)?tuổi)?(?:\s*(?P<to>-|đến|tới)\s*{_NUM})?\s*(?:tháng\s+)?tuổi"
    r"(?!\s*thọ)(?:\s+(?P<tail>trở lên|trở xuống|trở lại))?"
)
# "trong độ tuổi 41,5%": a figure in % after "độ tuổi" is the target (of "lực lượng lao động trong độ tuổi"), no age.
_AGE_GROUP = re.compile(
    rf"(?<!\w)(?:độ tuổi|nhóm tuổi|lứa tuổi)\s+(?:từ\s+)?{_NUM}(?:\s*(?:-|đến|tới)\s*{_NUM})?(?:\s*tuổi)?"
    r"(?![\d.,]*\s*(?:%|‰|phần trăm))"
)
# An indicator that measures an age ("Tuổi thọ", "Tuổi kết hôn bình quân"), not one that names an age
# group ("người sau độ tuổi nghỉ hưu").
_AGE_QUANTITY = re.compile(
    r"(?<!độ )(?<!nhóm )(?<!lứa )(?:tuổi thọ|tuổi nghỉ hưu|tuổi kết hôn|tuổi bình quân|tuổi trung bình)|số tuổi"
)
_INCOME_LINES = re.compile(
    rf"có\s+(?:mức\s+)?thu nhập(?:\s+bình quân)?(?:\s+(?:đầu người|hằng tháng|hàng tháng))?\s+"
    rf"(?:(?:dưới|trên|từ|thấp hơn|cao hơn|không quá|tối đa|bằng|dưới mức)\s+)?{_NUM}"
    rf"(?:\s*(?:triệu|nghìn|ngàn|tỷ))?(?:\s*(?:đồng|vnđ))?(?:\s*/\s*(?:người|hộ|tháng|năm))*"
    rf"|(?:chuẩn nghèo|chuẩn cận nghèo|mức chuẩn)[^,;.]*?{_NUM}\s*(?:triệu|nghìn|ngàn)?\s*đồng(?:\s*/\s*(?:người|hộ|tháng|năm))*"
)
# "/vạn dân", "/1 vạn dân", "trên 1 vạn dân": one vạn is 10.000, written with or without its "1".
# "(số trẻ trai/100 trẻ gái)": the bracket may name what is counted before the population.
_PER_N_HEADS = "|".join(re.escape(word) for word in sorted(_PER_N_COUNTS, key=len, reverse=True))
_BRACKETED_PER_N = re.compile(
    rf"\(\s*(?:(?:số\s+)?(?P<head>{_PER_N_HEADS})\s*)?(?P<per>(?:/|trên|cho mỗi|mỗi)\s*(?:vạn|{_NUM})\s+(?:{_POPULATIONS}))\s*\)"
)
# "Tuổi thọ trung bình (tuổi): Xấp xỉ 75,5", "Thời gian sống khỏe (năm): 68": a list's "name (unit): figure" gives
# the figure its unit in the bracket, as a table's unit column does; a figure with a unit of its own keeps it, and a
# name with a rate's population ("Số bác sĩ/vạn dân (người): 19") is counted by the rate (see _read_per_n_references)
_UNIT_BRACKET = re.compile(
    rf"(?<![/\d]\s)(?<!dân\s)(?<!dân)\((?P<unit>%|‰|{_UNIT_ALTERNATIVES})\)(?P<figure>\s*:\s*(?:[^\W\d_]+\s+){{0,3}}?{_NUM})"
    rf"(?!\s*(?:%|‰|{_UNIT_ALTERNATIVES})(?!\w))(?![.,]?\d)"
)
# "/10 nghìn dân", "trên 100 ngàn trẻ đẻ sống": the round count written with its scale word; "Cứ 10.000 dân có 12
# bác sĩ" as "Mỗi vạn dân có 10 bác sĩ".
# "109 bé trai sinh ra sống so với 100 bé gái sinh ra sống": the sex ratio in words, boys per 100 girls
_PER_N = re.compile(
    rf"(?P<sep>/|trên|cho mỗi|cứ mỗi|mỗi|(?<!\w)cứ|(?<!\w)so với(?=\s+100\s+bé gái))\s*(?P<n>(?:(?:1|01|một)\s+)?vạn|(?:(?:{_NUM}|một)\s+)?(?:nghìn|ngàn)"
    rf"|{_NUM})\s+(?P<pop>{_POPULATIONS})(?!\w)"
)
_FIGURE_BEFORE_PER_N = re.compile(rf"(?P<num>{_NUM})\s*(?P<words>(?:{_LETTER}+\s*){{0,4}})$")
_TARGET_LEADS = frozenset(_FILLERS) | frozenset(_COMPARATOR_WORDS) | {"khoảng"}


def squared_areas(text: str) -> str:
    """``27m2``, ``km2`` as ``27m²``, ``km²``: one unit however it is typed."""
    return re.sub(rf"(?<!{_LETTER})(k?m)2(?!\d)", r"\g<1>²", text)


def _prepare(text: str) -> _Document:
    original = unicodedata.normalize("NFC", text or "")
    work = _lower(original).translate(_DASHES)
    work = squared_areas(work)
    document = _Document(original=original, work=work)
    for match in _SPAN_OPENER.finditer(document.work):
        # "Trong 5 năm (2021-2025), …": the bracket is the period, which governs its clause as an opener does
        document.deadlines.append((match.start(), int(match.group("end"))))
    for match in _AVERAGE_OVER_SPAN.finditer(document.work):
        # "GRDP … bình quân 5 năm (2021-2025) đạt 8,0%": a yearly average over the span, whose last year is its year
        if end := match.group("end") or match.group("period_end"):
            document.deadlines.append((match.start(), int(end)))
        words = (match.group("average") or match.group("period_average") or match.group("span_average")) + " mỗi năm"
        document.work = (
            document.work[: match.start()] + words.ljust(match.end() - match.start()) + document.work[match.end() :]
        )
    for match in list(_DIFFERENCE_FROM_TARGET.finditer(document.work)):
        # "vượt 0,05% so với chỉ tiêu đề ra tại Nghị quyết … (38%)": the difference is a result's; the target is the
        # share in brackets closing the clause, read as if unbracketed. With no such share ("phấn đấu vượt 5% so với
        # kế hoạch") the figure may be the aim itself, and stays.
        share = _BRACKETED_SHARE.search(document.work, match.end())
        if share and not re.search(r"[;]|\.\s", document.work[match.end() : share.start()]):
            document.mask(match.start(), match.end())
            document.work = (
                document.work[: share.start()] + " " + share.group("share") + " " + document.work[share.end() :]
            )
    for match in _DURING_THE_YEAR.finditer(document.work):
        # "Tỷ lệ hộ nghèo giảm trong năm là 0,5%": the change during the year, as "giảm mỗi năm 0,5%" reads
        words = match.group("verb") + " mỗi năm"
        document.work = (
            document.work[: match.start()] + words.ljust(match.end() - match.start()) + document.work[match.end() :]
        )
    for match in document.mask_all(_BRACKETED_YEAR):
        document.deadlines.append((match.start(), int(match.group("year"))))
    for match in _BRACKETED_BASE.finditer(document.work):
        # "giảm 15% (so với năm 2022)": the bracket is the change's base year, read as if unbracketed
        document.work = (
            document.work[: match.start()] + " " + match.group("inside") + " " + document.work[match.end() :]
        )
    for match in _TARGET_BRACKET.finditer(document.work):
        # "(còn 7%)", "(ít nhất 31%)", "(Bình quân mỗi năm giảm 2% …)": a target of its own, read as a clause;
        # a remark before it ("(theo giá hiện hành, tăng …)") stays masked.
        remark = " " * len(match.group("remark") or "")
        inside = match.group("inside") or match.group("parts") or match.group("named") or match.group("yearly")
        document.work = document.work[: match.start()] + ";" + remark + inside + ";" + document.work[match.end() :]
    for match in _TARGETS_BRACKET.finditer(document.work):
        document.work = (
            document.work[: match.start()] + ";" + match.group("inside") + ";" + document.work[match.end() :]
        )
    for match in _YEARS_BRACKET.finditer(document.work):
        document.work = (
            document.work[: match.start()] + ":" + match.group("inside") + ";" + document.work[match.end() :]
        )
    for match in _KEPT_BRACKET.finditer(document.work):
        # "100% (duy trì đến năm 2030)": the target kept until then, read as a clause of its own
        document.work = (
            document.work[: match.start()] + ";" + match.group("inside") + ";" + document.work[match.end() :]
        )
    for match in _BRACKETED_PER_N.finditer(document.work):
        # "Tỷ số tử vong mẹ (trên 100.000 trẻ đẻ sống)": the bracket names the rate's population, its unit;
        # "(số trẻ trai/100 trẻ gái)" names what is counted too, read as "Số X trên N dân" names it
        head = f"số {match.group('head')}" if match.group("head") else ""
        inside = f"{head}{match.group('per')}"
        document.work = document.work[: match.start()] + " " + inside + " " + document.work[match.end() :]
    for match in _UNIT_BRACKET.finditer(document.work):
        # "(tuổi): xấp xỉ 75,5" read as ": xấp xỉ 75,5 tuổi" (the same length, so offsets hold)
        moved = f"{match.group('figure')} {match.group('unit')} "
        document.work = document.work[: match.start()] + moved + document.work[match.end() :]
    while document.mask_all(_BRACKETS):  # inner brackets first, then the ones around them
        pass
    document.mask_all(_NUMBERING)
    for match in _DATED_DEADLINE.finditer(document.work):
        # "Đến ngày 31/12/2025, …", "đến hết tháng 6/2025": the date's year is the deadline
        document.deadlines.append((match.start(), int(match.group("year"))))
    document.mask_all(_DATES)
    document.mask_all(_PRICE_BASE)
    document.work = mask_cited_horizons(document.work)
    document.mask_all(_DOCUMENT_NUMBERS)
    openers = [match.start("period") for match in PERIOD_OPENER.finditer(document.work)]
    for match in _FROM_YEAR.finditer(document.work):
        # "Từ năm 2025, 100% trẻ em …": the level holds from that year, its target's year (a change's first year: see
        # _read_segment)
        document.deadlines.append((match.start("year"), int(match.group("year"))))
        document.from_years.add(match.start("year"))
    for match in PERIOD_OPENER.finditer(document.work):
        # "Giai đoạn 2021 - 2025, tỷ lệ … đạt 100%": the period governs its clause as "Đến năm 2025," does
        document.deadlines.append((match.start("period"), int(match.group("end"))))
    for match in _PERIOD_CLOSING_A_FIGURE.finditer(document.work):
        clause_start = max(document.work.rfind(stop, 0, match.start("period")) for stop in ",;.\n") + 1
        if (
            match.start("period") not in openers
            and not _PERIOD_OF_A_STANDARD.search(document.work, match.start(), match.start("period"))
            and not _COMPARISON.search(document.work, clause_start, match.start("period"))
        ):
            openers.append(match.start("period"))
            document.deadlines.append((match.start("period"), int(match.group("end"))))
    for pattern in (_PERIOD_OF_TARGET, _FROM_TO):
        for match in pattern.finditer(document.work):
            if match.start("period") not in openers:
                openers.append(match.start("period"))
                document.deadlines.append((match.start("period"), int(match.group("end"))))
    document.mask_all(_PERIODS)
    document.mask_all(_PART_OF_A_YEAR)
    _mask_time_spans(document)
    _read_year_lists(document)
    for match in document.mask_all(_BASE_YEARS):
        document.base_years.append((match.start(), int(match.group("year") or match.group("year2"))))
    document.comparisons_without_year = [match.start() for match in _COMPARISON.finditer(document.work)]
    for match in document.mask_all(_DEADLINES):
        document.deadlines.append((match.start(), int(match.group("year") or match.group("year2"))))
        if re.match(r"trong\s+năm\s", match.group()) or _YEAR_OF_THE_SENTENCE.match(match.string, match.start()):
            document.during_years.append((match.start(), int(match.group("year"))))
    _read_ranks(document)
    for match in _PRICE_RISE.finditer(document.work):
        document.mask(match.start("verb"), match.end("verb"))
    document.mask_all(_LEVELS)
    document.mask_all(_AGE_GROUP)
    _mask_age_definitions(document)
    document.mask_all(_TRAINING_LENGTH)
    document.mask_all(_SIZE_DEFINITION)
    document.mask_all(_INCOME_LINES)
    _read_per_n_references(document)
    _read_bare_per_n(document)
    _read_unit_lists(document)
    _join_places_by_level(document)
    return document


# "04/09 thôn, làng", "15 làng, đơn vị", "30 xã, phường, thị trấn": places or bodies of more than one kind
# counted together after one figure are one unit, not a figure and the start of the next clause (up to four kinds,
# so that the unit fits an indicator's 64 characters).
_LISTED_UNIT_WORDS = (
    "tổ dân phố|khu dân cư|thị trấn|thị xã|thành phố|trường học|doanh nghiệp|hợp tác xã|cơ quan|đơn vị|"
    "phường|xã|thôn|làng|bản|buôn|ấp|khóm|tổ|trường|huyện|quận"
)
_UNIT_LIST = re.compile(
    rf"(?<=\d)(?:\s*/\s*\d+)?\s+(?P<list>(?:{_LISTED_UNIT_WORDS})(?:\s*[,/]\s*(?:{_LISTED_UNIT_WORDS})){{1,3}})(?!\w)(?!\s*\d)"
)


# "100% các huyện, thị xã, thành phố; các xã, phường, thị trấn tổ chức …": a share's places listed by level, one level
# after ";", are one population; the ";" ends no clause (it left the first level a target with no predicate).
_PLACES_BY_LEVEL = re.compile(
    rf"(?<=%)\s+(?:các\s+|số\s+)?(?:{_LISTED_UNIT_WORDS})(?:\s*[,/]\s*(?:{_LISTED_UNIT_WORDS}))*\s*(?P<stop>;)"
    rf"\s*(?:các\s+|số\s+)?(?:{_LISTED_UNIT_WORDS})\s*[,/]"
)


def _join_places_by_level(document: _Document) -> None:
    for match in _PLACES_BY_LEVEL.finditer(document.work):
        stop = match.start("stop")
        document.work = document.work[:stop] + "," + document.work[stop + 1 :]


def _read_unit_lists(document: _Document) -> None:
    """Keep a listed unit whole: its commas are masked so that no part ends inside it."""
    for match in _UNIT_LIST.finditer(document.work):
        # "30 xã, phường, thị trấn", "6 huyện/thị xã": each kind as written, with its own separator
        unit = re.sub(r"\s*/\s*", "/", ", ".join(word.strip() for word in match.group("list").split(",")))
        document.unit_lists[match.start("list")] = (match.end("list"), unit)
        for comma in re.finditer(",", match.group("list")):
            document.mask(match.start("list") + comma.start(), match.start("list") + comma.end())


def _previous_word(text: str) -> str:
    match = re.search(rf"({_LETTER}+)\s*$", text)
    return match.group(1) if match else ""


def _ends_with_lead(text: str) -> bool:
    stripped = text.rstrip()
    return any(re.search(rf"(?<!\w){re.escape(lead)}$", stripped) for lead in _TARGET_LEADS)


# "các dân tộc thiểu số dưới 10 nghìn người cao hơn mức bình quân chung": a size right after a noun, followed by the
# comparison that is the target, says which groups are meant (like "trẻ em dưới 5 tuổi"); it is no target.
_SIZE_DEFINITION = re.compile(
    rf"(?<=[^\W\d_])\s+(?:dưới|trên|từ|có)\s+{_NUM}(?:\s*(?:nghìn|ngàn|triệu))?\s+(?:người|dân|hộ|nhân khẩu)"
    r"(?=\s+(?:cao hơn|thấp hơn|nhanh hơn|chậm hơn)\s+(?:mức\s+)?(?:bình quân|trung bình)(?!\w))"
)


# "lao động qua đào tạo từ 03 tháng trở lên có văn bằng", "đào tạo dưới 3 tháng 13.000 người": a training's length
# says which trainees are meant, as an age says which people; it is no target.
_TRAINING_LENGTH = re.compile(rf"(?<=đào tạo)\s+(?:(?:dưới|từ|trên)\s+)?{_NUM}\s*tháng(?:\s+trở lên)?(?!\w)")


# "phổ cập giáo dục mầm non cho trẻ em 5 tuổi", "chiều cao của trẻ 5 tuổi": a bare age right after those it counts
# names them, as "trẻ em dưới 5 tuổi" does ("tuổi thọ … đạt 76 tuổi" follows no such word)
_PEOPLE_OF_AN_AGE = re.compile(
    r"(?<!\w)(?:trẻ(?:\s+em)?|trẻ\s+(?:trai|gái)|bé\s+(?:trai|gái)|học sinh|thanh niên|phụ nữ|người)\s*$", re.IGNORECASE
)


def _mask_age_definitions(document: _Document) -> None:
    """``trẻ em dưới 5 tuổi``, ``trẻ mẫu giáo từ 3 đến 5 tuổi``, ``người từ 60 tuổi trở lên``, ``trẻ em 5 tuổi``
    define the population; ``khoảng 77 tuổi`` and a lone ``76,5 tuổi`` are targets. For an indicator about an
    age itself (tuổi thọ …) the last age is the target whatever its form."""
    spans = list(_AGE_SPAN.finditer(document.work))
    about_an_age = bool(_AGE_QUANTITY.search(document.work))
    for index, match in enumerate(spans):
        if about_an_age and index == len(spans) - 1:
            continue
        before = document.work[: match.start()]
        defining_form = bool(match.group("cmp") or match.group("to") or match.group("tail")) or bool(
            _PEOPLE_OF_AN_AGE.search(before)
        )
        after_a_noun = bool(re.search(rf"{_LETTER}\s*$", before)) and not _ends_with_lead(before)
        if defining_form and after_a_noun:
            document.mask(match.start(), match.end())


def _read_per_n_references(document: _Document) -> None:
    """Sort every ``trên 10.000 dân`` / ``/vạn dân``: the denominator of the figure just before it, a
    reference population in the name, or (after ``cho``, ``đạt`` …) a plain ``trên`` = above."""
    for match in list(_PER_N.finditer(document.work)):
        per_n = _population_count(match.group("n"))
        if per_n is None:
            continue
        pop = match.group("pop")
        before = document.work[: match.start()]
        figure = _FIGURE_BEFORE_PER_N.search(before)
        if figure and _NUMBER.match(before, figure.start("num")) and _is_number(figure.group("num")):
            # "39,3 giường/01 vạn dân": the count named as a rate's is named ("giường bệnh"), as without the "/";
            # "111,4 số bé trai/100 bé gái": "số" (the number of) is no part of what is counted
            head = re.sub(r"^số\s+", "", " ".join(figure.group("words").split()))
            # "109 bé trai sinh ra sống so với 100 bé gái": the boys counted are those born alive, as the girls are
            head = re.sub(r"\s+(?:sinh ra sống|sinh sống|đẻ ra sống)$", "", head)
            head = _PER_N_COUNTS.get(head, head)
            sentence = re.split(r"[.;]\s", before)[-1]
            if not head and _BIRTHS.fullmatch(pop):
                head = _cases_per_births(sentence)
            elif not head and (
                pop in _GROUPS_OF_PEOPLE or re.search(rf"(?<!\w){re.escape(match.group('pop'))}(?!\w)", sentence)
            ):
                # "tỷ lệ trẻ em bị tai nạn … xuống còn 500/100.000 trẻ": the name counts the population itself
                # (trẻ per 100.000 trẻ), as does a rate per a group of people whatever its name says ("tỷ suất tử vong
                # do tai nạn dưới 16/100.000 trẻ": children who die); "tử vong mẹ 46/100.000 trẻ đẻ sống" counts
                # deaths (_cases_per_births)
                head = match.group("pop")
            elif (
                not head
                and pop in ("dân", "dân số", "người dân")
                and re.search(r"(?<!\w)(?:tỷ lệ|tỉ lệ|số)\s+người(?!\s+dân)", sentence)
            ):
                # "Tỷ lệ người nhiễm HIV tử vong … dưới 1/100.000 dân": the name counts people, per 100.000 inhabitants
                head = "người"
            document.per_n_of_figure[figure.start("num")] = _PerN(
                figure.start("num"), match.end(), per_n, _POPULATION_CANONICAL.get(pop, pop), head
            )
            continue
        # "/", "mỗi", "cứ" always say "per"; "trên" only before a vạn or after a name ("trên 150 người" is above)
        is_rate_words = match.group("sep") != "trên" or match.group("n").endswith("vạn")
        after_a_name_word = bool(re.search(r"[^\s,;:.]\s*$", before)) and not _ends_with_lead(before)
        if is_rate_words or after_a_name_word:
            # Only "Số X trên N dân" names the counted thing; "Tỷ suất tử vong mẹ trên 100.000 …" does not.
            # ("3-Số bác sĩ/vạn dân": a list's number may be glued to the name by a dash)
            counted = re.search(r"(?:^|\s|(?<=\d)-)(?<!tỷ )(?<!tỉ )(?:số lượng|số)\s+((?:\S+\s*){1,4})$", before)
            head = " ".join(counted.group(1).split()) if counted else ""
            head = _PER_N_COUNTS.get(head, head)
            if not head and _BIRTHS.fullmatch(pop):
                head = _cases_per_births(re.split(r"[.;]\s", before)[-1])
            document.per_n_in_name.append(
                _PerN(match.start(), match.end(), per_n, _POPULATION_CANONICAL.get(pop, pop), head)
            )
            document.mask(match.start(), match.end())


# "… xuống 550/100.000 trẻ em vào năm 2025 và 500/100.000 vào năm 2030": a later figure of the same rate written
# without its population (see _read_bare_per_n)
_BARE_PER_N = re.compile(rf"(?P<num>{_NUM})\s*/\s*(?P<n>{_NUM})(?![\d.,]*\s*(?:%|‰|{_LETTER}))")


def _read_bare_per_n(document: _Document) -> None:
    """A figure written ``N/100.000`` with no population after it, in the clause of a figure per the same count with
    its population ("550/100.000 trẻ em vào năm 2025 và 500/100.000 vào năm 2030"): the same rate, for another year
    or place, counted as the first is."""
    work = document.work
    for match in _BARE_PER_N.finditer(work):
        per_n = _population_count(match.group("n"))
        if per_n is None or match.start("num") in document.per_n_of_figure:
            continue
        clause_start = max(work.rfind(stop, 0, match.start()) for stop in (";", "\n", ". ")) + 1
        earlier = [
            per
            for position, per in sorted(document.per_n_of_figure.items())
            if clause_start <= position < match.start() and per.per_n == per_n
        ]
        if earlier:
            document.per_n_of_figure[match.start("num")] = _PerN(
                match.start("num"), match.end(), per_n, earlier[-1].population, earlier[-1].head
            )


def _cases_per_births(sentence: str) -> str:
    """``ca tử vong mẹ`` when the rate named last before a figure per live births is the maternal mortality ratio
    ("Giảm tỷ số tử vong mẹ xuống còn 58,3/100.000 sơ sinh sống"), ``ca phá thai`` for the abortion ratio; "" for
    a rate of births whose name counts no event ("tỷ suất tử vong trẻ em dưới 5 tuổi … /1.000 trẻ đẻ sống")."""
    name = re.split(r"(?<!\w)(?:tỷ|tỉ)\s+(?:số|suất|lệ)(?!\w)", sentence)[-1]
    named = _CASES_NAMED.search(name)
    return _CASES_PER_BIRTHS[named.group(1)] if named else ""


def _population_count(text: str) -> int | None:
    if text.split()[-1] == "vạn":
        return 10_000
    words = text.split()
    scale = 1000 if words[-1] in ("nghìn", "ngàn") else 1  # "10 nghìn", "100 ngàn", "một nghìn"
    number = "1" if scale > 1 and words[0] in ("một", "nghìn", "ngàn") else words[0]
    try:
        count = parse_number(number, allow_percent=False) * scale
    except NumberFormatError:
        return None
    # Only round counts are denominators: "trên 150 người" is a count of people, not a rate.
    if count >= 100 and count == int(count) and str(int(count)).rstrip("0") == "1":
        return int(count)
    return None


def _tidy(value: Decimal) -> Decimal:
    """2,5 × 1.000.000 is 2500000, not 2500000.0."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _is_number(text: str) -> bool:
    try:
        parse_number(text, allow_percent=False)
    except NumberFormatError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Step 3: segments and parts
# ---------------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset({"tp", "tt", "q", "p", "ths", "ts", "gs", "pgs", "bs", "tx"})
_ITEM_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*[.)](?:\s|$)")


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    ends_sentence: bool


def _segments(document: _Document) -> list[_Segment]:
    work, original = document.work, document.original
    cuts: list[tuple[int, bool]] = []
    for index, char in enumerate(work):
        if char in ";\n":
            cuts.append((index, char == "\n"))
        elif char == ".":
            following = original[index + 1 :]
            # "… so với năm 2020. - Trên 80% lao động …": a list pasted into one paragraph, its dash after the stop
            # (not a photo's credit, "… tỉnh Sơn La. - Ảnh: …", which stays with its caption)
            next_text = re.sub(r"^\s*(?:[-–+•]\s+(?!ảnh(?!\w)))?", "", following, flags=re.IGNORECASE)
            # "… 90% năm 2030. 100% NCT không có khả năng tự chăm sóc …": a sentence may open with its figure (but
            # "2. Tỷ lệ …" is an item's number)
            opens = next_text[:1].isupper() or (next_text[:1].isdigit() and not _ITEM_NUMBER.match(next_text))
            starts_a_sentence = following[:1].isspace() and opens and _previous_word(work[:index]) not in _ABBREVIATIONS
            if not next_text or starts_a_sentence:
                cuts.append((index, True))
    segments, start = [], 0
    for index, ends_sentence in cuts:
        segments.append(_Segment(start, index, ends_sentence))
        start = index + 1
    segments.append(_Segment(start, len(work), True))
    return [segment for segment in segments if work[segment.start : segment.end].strip()]


# "… tăng thêm 01 tiêu chí so với năm 2016 và giảm …": the part ends at "và", with the (masked) base year in it.
# "… xuống dưới 12,5‰ giảm tỷ suất tử vong trẻ dưới 5 tuổi …": a change verb opening a rate's or a count's name right
# after a figure's unit opens the next part, its comma lost.
_PART_BOUNDARY = re.compile(
    r"(?<!\d),|,(?!\d)|:|(?<=\s)và(?=\s)|(?<=\s)đồng thời(?=\s)"
    r"|(?<=[%‰])\s+(?=(?:giảm|tăng|nâng)\s+(?:tỷ|tỉ|số|tổng)(?!\w))"
)


def _parts(document: _Document, segment: _Segment) -> list[tuple[int, int]]:
    bounds, start = [], segment.start
    for match in _PART_BOUNDARY.finditer(document.work, segment.start, segment.end):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, segment.end))
    return bounds


# ---------------------------------------------------------------------------------------------
# Step 4: read a figure
# ---------------------------------------------------------------------------------------------

_NUMBER = re.compile(rf"(?<!\w)(?<!{_LETTER}-)(?<!/){_NUM}")
# "3,1 triệu tỷ đồng": a second scale word before the money is part of the unit as the plan wrote it.
_SCALE = re.compile(
    r"\s*(?P<scale>(?:(?:nghìn|ngàn|triệu)\s+(?=(?:tỷ|tỉ)\s*(?:đồng|vnđ|vnd|usd)(?!\w)))?(?:triệu|tỷ|tỉ|nghìn|ngàn))(?!\w)"
    r"(?:\s*(?P<currency>đồng|vnđ|vnd|usd)(?!\w))?"
)
_RANGE = re.compile(rf"\s*(?P<unit>%|‰|%o)?\s*(?:-|đến|tới)\s*(?P<num>{_NUM})")
_UNIT = re.compile(
    r"\s*(?:(?P<permille>‰|%o|%0(?![\d.,])|phần nghìn|phần ngàn)|(?P<percent>%|phần trăm)(?:\s+(?P<whole>gdp|grdp|chỉ tiêu)(?!\w))?"
    r"|(?P<word>điểm phần trăm|"
    + _UNIT_ALTERNATIVES
    + rf")(?!\w)(?!\s*\d))(?P<suffix>(?:\s*/\s*(?:{_UNIT_SUFFIX_WORDS})(?!\w))*)"
)
_OF_TOTAL = re.compile(rf"\s*/\s*(?P<total>\d+)(?=\s+{_LETTER})")
_TRAILING = re.compile(r"\s*(?P<tail>trở lên|trở xuống|trở lại)(?!\w)")
# "có thêm 10 xã đạt chuẩn NTM", "xây dựng thêm 5 trường": more of a count, a change (upward).
_RELATIVE_OPENING = re.compile(
    r"(?<!\w)(?:kéo\s+)?(?:(?P<verb>tăng|giảm|gấp)|(?:có|xây dựng|phát triển|công nhận)\s+(?P<more>thêm))(?:\s+(?:thêm|bình quân|trung bình|mỗi năm|hằng năm|hàng năm|"
    r"được|là|mức))*\s*$"
)
# A change verb that opens the clause, before the indicator's name: "Giảm tỷ lệ hộ nghèo … 2%", "phấn
# đấu giảm tỷ lệ hộ nghèo là 4%/năm", "đặt mục tiêu giảm tỷ lệ hộ nghèo 1-1,5%/năm", "sẽ giảm tỷ lệ …" (words of aiming
# open the clause as "phấn đấu" does; but "Giảm tỷ lệ … xuống còn 4,7%" states the level: see the fillers).
_VERB_FIRST = re.compile(
    r"(?:^\s*|[,;:]\s*|\s(?:phấn đấu|phần đầu|mục tiêu|nhằm|sẽ|tiếp tục)\s+)(?:kéo\s+)?(?P<verb>giảm|tăng)\s+"
    r"(?=(?:tỷ lệ|tỉ lệ|tỷ suất|tỉ suất|tỷ số|tỉ số|số|tổng)\s)"
)
# "giảm tai nạn giao thông từ 5 - 10% … so với năm 2019", "Giảm tai nạn lao động 10% so với năm 2018": a change verb
# opening the clause before a name of any words is a change when the figure is measured against a base after it
# (_base_follows); without one, "Tăng thu nhập … 50 triệu đồng" may name the level, and only a rate's or a count's name
# says so (_VERB_FIRST). "tăng trưởng", "tăng cường", "giảm nghèo" are names, not the verb.
_VERB_FIRST_ANY_NAME = re.compile(
    r"(?:^\s*|[,;:]\s*|\s(?:phấn đấu|phần đầu|mục tiêu|nhằm|sẽ|tiếp tục)\s+)(?:kéo\s+)?(?P<verb>giảm|tăng)\s+"
    r"(?!(?:trưởng|cường|nghèo)(?!\w))(?:[^\W\d_]+\s+){0,7}[^\W\d_]+\s*$"
)

# "tỷ lệ hộ nghèo giảm bình quân hàng năm của tỉnh giai đoạn 2021-2025 từ 1-1,5%", "đặt mục tiêu giảm tỷ lệ hộ nghèo cả
# nước bình quân 1% - 1,5%/năm": a change verb and its average, with words of the name between them or after them
# ("tăng trưởng", "tăng cường", "giảm nghèo", "giá trị gia tăng" are names, not the verb)
_VERB_THEN_AVERAGE = re.compile(
    r"(?<!\w)(?<!giá trị gia )(?P<verb>tăng|giảm)(?!\s+(?:trưởng|cường|nghèo)(?!\w))(?:\s+[^\W\d_]+){0,10}?\s+(?:bình quân|trung bình)"
    r"(?:\s*(?:mỗi|hằng|hàng|/)\s*năm)?(?:\s+[^\W\d_]+){0,6}\s*$"
)
# "Giảm bình quân 2% - 3%/năm số cặp tảo hôn và 3% - 5%/năm số cặp …", "giảm tỷ lệ hộ nghèo 6,0%/năm trở lên; hộ cận
# nghèo 1,3%/năm trở lên": a yearly share listed right after a yearly change, with no verb of its own, is the same change
_YEARLY_CHANGE_LISTED_BEFORE = re.compile(
    r"(?<!\w)(?P<verb>tăng|giảm)\s(?!(?:trưởng|cường)(?!\w))[^.;\n\d]{0,80}?[\d.,]+\s*%(?:\s*-\s*[\d.,]+\s*%)?\s*/\s*năm"
    r"(?:\s+trở lên)?[^.;\n\d%]{0,60}?(?:;|,|\svà)\s*(?:[^\W\d_]+\s+){0,6}$"
)
_DOUBLING = re.compile(r"(?<!\w)(?:tăng\s+)?gấp\s+(?P<word>đôi|hai|ba|bốn|năm|rưỡi)(?!\w)(?:\s+lần)?")
_DOUBLING_WORDS = {
    "đôi": Decimal(2),
    "hai": Decimal(2),
    "ba": Decimal(3),
    "bốn": Decimal(4),
    "năm": Decimal(5),
    "rưỡi": Decimal("1.5"),
}
_WORD_FRACTIONS = {
    "một nửa": Decimal(50),
    "một phần hai": Decimal(50),
    "một phần ba": Decimal("33.33"),
    "hai phần ba": Decimal("66.67"),
    "một phần tư": Decimal(25),
    "ba phần tư": Decimal(75),
}
_WORD_FRACTION = re.compile(rf"(?<!\w)(?P<words>{'|'.join(_WORD_FRACTIONS)})(?=\s+số(?!\w))")
# "Đến năm 2025, tất cả người cao tuổi … được chăm sóc …": every one of them, 100 %; only with what they get or know
# ("được", "có", "biết") in the clause: "tất cả các cơ quan phải …" is a task. Flagged: the share is the reader's.
_ALL_OF = re.compile(r"(?i)(?<!\w)(?:tất cả|toàn bộ)\s+(?!số(?!\w))")
_ALL_OF_GETS = re.compile(r"[^.;]*?\s(?:được|có|biết)\s")
# "1/2 số xã …", "một nửa số xã …", "2/3 số vị thành niên …": a share of a count, whose name is what follows "số".
SHARE_OF_A_COUNT = re.compile(rf"(?:\d+\s*/\s*\d+|{'|'.join(_WORD_FRACTIONS)})\s+số\s+", re.IGNORECASE)
_YEARLY_AVERAGE = re.compile(
    r"(?:bình quân|trung bình)\s*(?:mỗi|hằng|hàng|một|/)\s*năm|(?:mỗi|hằng|hàng)\s+năm\s+(?:bình quân|trung bình)"
    r"|(?<!giá trị gia )(?:tăng|giảm)\s+(?:bình quân|trung bình)"
)
_EACH_YEAR = re.compile(r"(?:mỗi|hằng|hàng)\s+năm|bình quân\s*/\s*năm")
# "Tỷ lệ tăng thu … so năm trước: 10%", "giảm 2% một năm": a change over one year, every year.
_OVER_A_YEAR = re.compile(r"(?<!\w)so\s+(?:với\s+)?(?:cùng kỳ\s+)?năm trước(?!\w)|%\s*một\s+năm(?!\w)")


@dataclass
class _Figure:
    start: int
    end: int
    value: Decimal | None
    value_max: Decimal | None = None
    unit: str = ""
    per_n: int | None = None
    comparator: str | None = None  # as written; None for a bare figure
    marked: bool = False  # a comparator or "đạt", "là", "ở mức" … stands before it
    leading: bool = False  # the part opens with it: "70% lực lượng lao động …"
    downward_words: bool = False  # "giảm còn", "xuống còn": a bare figure is then "at most"
    upward_words: bool = False
    reached: bool = False  # "đạt" stands before it: "đạt 65% vào năm 2025", a level to reach
    relative_verb: str | None = None  # tăng / giảm / gấp
    multiplier: Decimal | None = None
    reasons: list[str] = field(default_factory=list)


def _figures(document: _Document, start: int, end: int) -> list[_Figure]:
    work = document.work
    figures: list[_Figure] = []
    position = start
    for doubling in _DOUBLING.finditer(work, start, end):
        figures.append(
            _Figure(
                doubling.start(),
                doubling.end(),
                None,
                comparator=RELATIVE,
                marked=True,
                relative_verb="gấp",
                multiplier=_DOUBLING_WORDS[doubling.group("word")],
            )
        )
    for fraction in _WORD_FRACTION.finditer(work, start, end):
        # "Một nửa số xã đạt chuẩn": a share written in words, as "1/2 số xã" is
        share = _Figure(fraction.start(), fraction.end(), _WORD_FRACTIONS[fraction.group("words")], unit="%")
        _read_words_before(document, share, start)
        figures.append(share)
    for every in _ALL_OF.finditer(work, start, end):
        if _NUMBER.search(work, every.end(), end) is None and _ALL_OF_GETS.match(work, every.end()):
            whole = _Figure(every.start(), every.end(), Decimal(100), unit="%")
            whole.reasons.append("“Tất cả” được đọc là 100%; cần xác nhận.")
            _read_words_before(document, whole, start)
            figures.append(whole)
    while True:
        match = _NUMBER.search(work, position, end)
        if match is None:
            break
        figure = _read_figure(document, match, start, end)
        position = max(figure.end, match.end())
        if figure.value is not None:
            figures.append(figure)
    return sorted(figures, key=lambda figure: figure.start)


def _read_figure(document: _Document, match: re.Match[str], part_start: int, part_end: int) -> _Figure:
    work = document.work
    try:
        value = parse_number(match.group(), allow_percent=False)
    except NumberFormatError:
        return _Figure(match.start(), match.end(), None)
    figure = _Figure(match.start(), match.end(), value)
    position = match.end()
    last_number_start = match.start()

    currency_unit = ""
    scale = _SCALE.match(work, position, part_end)
    scaled = scale is not None
    if scale:
        currency_unit, factor = _scale(scale)
        figure.value = _tidy(value * factor)
        position = scale.end()

    span = _RANGE.match(work, position, part_end)
    if span is None and not scaled:
        span = _range_with_its_unit_twice(work, position, part_end)
    if span and not currency_unit and _is_number(span.group("num")):
        figure.value_max = parse_number(span.group("num"), allow_percent=False)
        position = span.end()
        last_number_start = span.start("num")
        # "2-3 triệu người", "1,5-2 tỷ đồng": the scale written once applies to both ends.
        scale = None if scaled else _SCALE.match(work, position, part_end)
        if scale:
            currency_unit, factor = _scale(scale)
            figure.value, figure.value_max = _tidy(value * factor), _tidy(figure.value_max * factor)
            position = scale.end()
        if figure.value is not None and figure.value_max < figure.value:
            figure.reasons.append("Khoảng mục tiêu có cận dưới lớn hơn cận trên; cần kiểm tra.")

    per = document.per_n_of_figure.get(last_number_start)
    of_total = _OF_TOTAL.match(work, position, part_end)
    if of_total and not currency_unit and figure.value_max is None and figure.value is not None:
        position = of_total.end()  # "7/8 huyện có Trung tâm dạy nghề": 7 of the 8 districts
        if re.match(r"\s+số(?!\w)", work[position:part_end]) and int(of_total.group("total")):
            # "Giảm 2/3 số vị thành niên có thai": two thirds of the number, a share
            figure.value = _tidy((figure.value * 100 / int(of_total.group("total"))).quantize(Decimal("0.01")))
            figure.unit = "%"
            figure.end = position
            _read_words_before(document, figure, part_start)
            return figure
    if currency_unit:
        suffix = re.match(rf"(?:\s*/\s*(?:{_UNIT_SUFFIX_WORDS})(?!\w))*", work[position:part_end])
        figure.unit = currency_unit + (_tidy_suffix(suffix.group()) if suffix else "")
        position += suffix.end() if suffix else 0
    elif per is not None:
        figure.unit = per.unit
        figure.per_n = per.per_n
        position = per.end
    elif listed := document.unit_lists.get(part_end - len(work[position:part_end].lstrip())):
        position, figure.unit = listed
    else:
        unit = _UNIT.match(work, position, part_end)
        if unit:
            figure.unit = _unit_from(unit)
            position = unit.end()
            # the part may end at the "và" of "1.000 trẻ em và người khuyết tật": look past it
            if figure.unit in _GROUPS_OF_PEOPLE and _AND_OTHER_PEOPLE.match(work, position):
                figure.unit = "người"

    trailing = _TRAILING.match(work, position, part_end)
    if trailing:
        figure.comparator = GE if trailing.group("tail") == "trở lên" else LE
        figure.marked = True
        position = trailing.end()
    figure.end = position
    _read_words_before(document, figure, part_start)
    sign = work[match.start() - 1 : match.start()] if match.start() > part_start else ""
    if sign in ("+", "-") and not work[part_start : match.start() - 1].strip(" ("):
        # "Tỷ lệ hộ nghèo: -0,2 điểm phần trăm", "+0,1 ‰": a signed figure opening its part is a change
        figure.relative_verb, figure.marked = ("giảm" if sign == "-" else "tăng"), True
    return figure


def _range_with_its_unit_twice(work: str, position: int, part_end: int) -> re.Match[str] | None:
    """ "1,5 cm - 2 cm", "3 tháng đến 6 tháng": a range whose unit is written at both ends (the second is read as
    the figure's unit); "5 cm - 2 kg" is no range."""
    first = _UNIT.match(work, position, part_end)
    span = _RANGE.match(work, first.end(), part_end) if first and first.group("word") else None
    second = _UNIT.match(work, span.end(), part_end) if span else None
    return span if first and second and _unit_from(first) == _unit_from(second) else None


def _scale(match: re.Match[str]) -> tuple[str, Decimal]:
    """``triệu m²`` multiplies; money keeps the unit as the plan wrote it: ``20.990 tỷ đồng`` is
    20.990 (tỷ đồng). Returns (currency unit or "", factor)."""
    scale_word = " ".join(match.group("scale").replace("tỉ", "tỷ").split())
    if match.group("currency"):
        return f"{scale_word} {_CURRENCIES[match.group('currency')]}", Decimal(1)
    return "", _SCALES[scale_word]


# "1.000 trẻ em và người khuyết tật", "50.000 trẻ em và NKT": a count of two groups of people is counted in people;
# "… dưới 16/100.000 trẻ": a rate per N of a group counts people of the group (see _read_per_n_references)
_GROUPS_OF_PEOPLE = frozenset({"trẻ em", "trẻ", "học sinh", "sinh viên", "lao động"})
_AND_OTHER_PEOPLE = re.compile(r"\s+và\s+(?:người|nkt|nct)(?!\w)")


def _tidy_suffix(suffix: str) -> str:
    """`` / người / năm`` → ``/người/năm``; a word of two keeps its space (``/phụ nữ``)."""
    return re.sub(r"\s*/\s*", "/", " ".join(suffix.split()))


def _unit_from(match: re.Match[str]) -> str:
    suffix = _tidy_suffix(match.group("suffix") or "")
    if match.group("permille"):
        return "‰" + suffix
    if match.group("percent"):
        # "20% GDP", "100% chỉ tiêu": a share of the whole named right after it, which is part of the unit.
        whole = match.group("whole")
        return "%" + (f" {_UNIT_CANONICAL.get(whole, whole)}" if whole else "") + suffix
    word = " ".join(match.group("word").split())
    return _UNIT_CANONICAL.get(word, word) + suffix


# Nouns that end in "bằng" (the plains, balance, fairness, a diploma): the word is no "equal to" before a figure.
_NOUN_ENDING_IN_BANG = re.compile(r"(?<!\w)(?:đồng|cân|công|văn)\s+bằng$")
_CLAUSE_VERB = re.compile(r"(?:^|[,:]\s*|\s)(?P<verb>tăng|giảm)(?!\s+(?:trưởng|cường)(?!\w))\s")


def _base_follows(document: _Document, figure: _Figure) -> bool:
    """A base year ("so với năm 2019") closes the figure's clause, a few words after it."""
    return any(
        0 <= position - figure.end <= 80 and not re.search(r"[;.\n]", document.work[figure.end : position])
        for position, _base in document.base_years
    )


def _read_words_before(document: _Document, figure: _Figure, part_start: int) -> None:
    """The comparator, fillers and change verbs written before the figure, within its part.

    ``giảm 2%``, ``giảm từ 0,5% trở lên``, ``tăng thêm tối thiểu 01 tiêu chí``, ``duy trì mức giảm 1 - 1,5%``,
    ``tăng bình quân trên 9%/năm`` state a change; ``giảm xuống còn 4,7%``, ``giảm dưới 8 - 10%``, ``tăng
    tỷ lệ … lên 55%`` state the level to reach."""
    before = document.work[part_start : figure.start].rstrip()
    written: str | None = None
    level_words = False  # "còn", "xuống", "lên": the figure is the level reached, not the change
    while before:
        relative = None if level_words else _RELATIVE_OPENING.search(before)
        if relative and not before.endswith(("tăng lên", "giảm xuống", "giảm còn")):
            if not (
                relative.group("verb") == "giảm" and written is not None and _COMPARATOR_WORDS[written] in (LT, LE)
            ):
                figure.relative_verb = relative.group("verb") or "tăng"
            figure.marked = True
            before = before[: relative.start()].rstrip()
            break
        comparator = next(
            (word for word in _COMPARATOR_WORDS_LONGEST_FIRST if re.search(rf"(?<!\w){re.escape(word)}$", before)),
            None,
        )
        if comparator == "bằng" and _NOUN_ENDING_IN_BANG.search(before):
            comparator = None  # "khu vực đồng bằng đạt 99%": the plains, not "equal to"
        if comparator is not None and (
            written is None or (_COMPARATOR_WORDS[written] == APPROX and _COMPARATOR_WORDS[comparator] != APPROX)
        ):
            # "ít nhất khoảng 2.765 xã", "trên khoảng 90%": the bound holds; "khoảng" only says it is rounded.
            written = comparator
            before = before[: -len(comparator)].rstrip()
            figure.marked = True
            continue
        filler = next(
            (word for word in _FILLERS_LONGEST_FIRST if re.search(rf"(?<!\w){re.escape(word)}$", before)), None
        )
        if filler is None and (reached := _LEVEL_REACHED.search(before)):
            figure.marked, level_words = True, True
            figure.upward_words |= reached.group("word") == "lên"
            figure.downward_words |= reached.group("word") == "xuống"
            before = before[: reached.start()].rstrip()
            continue
        if filler is None:
            break
        figure.marked = True
        figure.downward_words |= filler in _DOWNWARD_FILLERS
        figure.upward_words |= filler in _UPWARD_FILLERS
        figure.reached |= filler in ("đạt", "đạt được")
        level_words |= filler in _DOWNWARD_FILLERS or filler in _UPWARD_FILLERS
        before = before[: -len(filler)].rstrip()
    figure.leading = not before.strip(" ,:;-")
    if figure.relative_verb is None and not level_words and re.search(r"(?<!\w)thêm$", before):
        # "tăng chiều cao trung bình của trẻ em và thanh thiếu niên thêm 1,5 cm": "thêm" takes the verb that opens the
        # clause, before the name's "và"
        clause_start = max(document.work.rfind(stop, 0, part_start) for stop in (";", "\n", ". ")) + 1
        verb = _CLAUSE_VERB.search(document.work, clause_start, part_start)
        if verb:
            figure.relative_verb, figure.marked = verb.group("verb"), True
    opening = (
        _VERB_FIRST.search(before)
        or _VERB_THEN_AVERAGE.search(before)
        or (_VERB_FIRST_ANY_NAME.search(before) if _base_follows(document, figure) else None)
    )
    if (
        figure.relative_verb is None
        and opening
        and not level_words
        and not (written and _COMPARATOR_WORDS[written] in (LT, LE))
    ):
        figure.relative_verb = opening.group("verb")  # "giảm tỷ lệ hộ nghèo … bình quân từ 1,3% đến 1,5%/năm"
    if figure.relative_verb is None and not level_words and written is None and figure.unit == "%/năm":
        sentence_start = max(document.work.rfind(". ", 0, part_start), document.work.rfind("\n", 0, part_start)) + 1
        listed = _YEARLY_CHANGE_LISTED_BEFORE.search(document.work, sentence_start, figure.start)
        if listed:
            figure.relative_verb, figure.marked = listed.group("verb"), True
    if written is not None and figure.comparator is None:
        figure.comparator = _COMPARATOR_WORDS[written]
    if figure.value_max is not None and figure.comparator in (GE, APPROX):
        # "từ X đến Y", "khoảng X-Y": the range is the target.
        figure.comparator = None


# ---------------------------------------------------------------------------------------------
# Step 5: decide, flag, and build the targets
# ---------------------------------------------------------------------------------------------


@dataclass
class _Context:
    indicator_name: str
    direction: str | None
    default_year: int | None
    name_document: _Document | None
    period: tuple[int, int] | None = None  # the plan's first and last year, when known


def _resolve_direction(context: _Context, *texts: str) -> tuple[str | None, bool]:
    if context.direction:
        return context.direction, False
    for text in (context.indicator_name, *texts):
        if text and text.strip():
            direction, unsure = infer_direction(text)
            if not unsure:
                return direction, True
    return None, False


def _deadline_for(
    document: _Document, part: tuple[int, int], segment: _Segment, carried: int | None
) -> tuple[int | None, str]:
    own = [year for position, year in document.deadlines if part[0] <= position < part[1]]
    if own:
        reason = ""
        if len(set(own)) > 1:
            reason = f"Có nhiều mốc năm ({', '.join(str(y) for y in own)}); đã lấy năm {own[-1]}."
        return own[-1], reason
    earlier = [year for position, year in document.deadlines if segment.start <= position < part[0]]
    if earlier:
        return earlier[-1], ""
    # "… đưa 5.000 lao động đi làm việc ở nước ngoài, trong đó, riêng năm 2026 sẽ có khoảng 700 …": the year of a part
    # of the target is that part's, not the whole's
    own_part = _PART_OF_THE_WHOLE.search(document.work, part[1], segment.end)
    until = own_part.start() if own_part else segment.end
    later = [year for position, year in document.deadlines if part[1] <= position < until]
    if later:
        return later[0], ""
    return carried, ""


_PART_OF_THE_WHOLE = re.compile(r"(?<!\w)(?:trong đó|riêng)(?!\w)")
# A yearly average, then "trong đó" and the parts listed so far (see _change).
_YEARLY_PARTS = re.compile(
    rf"(?:{_YEARLY_AVERAGE.pattern}|{_EACH_YEAR.pattern})[^.]*?\d[^.]*?(?<!\w)trong đó\s*:?(?P<parts>[^.]*)$"
)


def _is_label(figure: _Figure) -> bool:
    return not (figure.unit or figure.comparator or figure.marked or figure.leading or figure.relative_verb)


# A figure followed by those it counts, not by its deadline, a word of its comparison or of a list (see _build).
_COUNTED_AFTER = re.compile(
    r"\s*(?!(?:vào|năm|đến|tới|trở|và|so|điểm|trên|dưới|hoặc|lần lượt|tương ứng)(?!\w))[^\W\d_]"
)
# "80% người cao tuổi được khám …": a share followed by those it counts
_SHARE_OF_PEOPLE = re.compile(r"\s*(?!(?:điểm|so|trở|trên|dưới|và|hoặc|đến|tới|năm)(?!\w))[^\W\d_]")


def _choose_figure(work: str, figures: list[_Figure]) -> tuple[_Figure, str]:
    """In one part the target is the leading figure ("70% lực lượng lao động …") or else the last one;
    the others are words of the name ("sàng lọc 4 bệnh … đạt 90%"). A share followed by those it counts is the
    target whatever comes after it, which says what they get ("phấn đấu có 80% người cao tuổi được khám sức khỏe
    định kỳ ít nhất 1 lần/năm", "tối thiểu 60% phụ nữ … được cung cấp … đến 1 tháng sau sinh")."""
    chosen = figures[0] if figures[0].leading else figures[-1]
    if (
        chosen is figures[-1]
        and not _is_share(chosen.unit)
        and (share := next((figure for figure in figures if _is_share(figure.unit)), None)) is not None
        and _SHARE_OF_PEOPLE.match(work, share.end)
    ):
        chosen = share
    if len(figures) > 1 and not (chosen.marked or chosen.leading or _is_share(chosen.unit)):
        numbers = ", ".join(format_number(figure.value) for figure in figures if figure.value is not None)
        return (
            chosen,
            f"Nội dung có nhiều số ({numbers}); đã chọn {format_number(chosen.value)} làm mức chỉ tiêu, cần kiểm tra.",
        )
    return chosen, ""


def _build(
    document: _Document,
    figure: _Figure,
    part: tuple[int, int],
    segment: _Segment,
    context: _Context,
    year: int | None,
    phrase: str,
    extra_reasons: list[str],
) -> ParsedTarget:
    work = document.work
    part_text = work[part[0] : part[1]]
    name_words = work[part[0] : figure.start] + " " + work[figure.end : part[1]]
    # the last resort is the figure's sentence, not the whole text: "Hằng năm, giảm 5 - 10% số trẻ em … . 80% ngôi
    # nhà … đạt tiêu chí “Ngôi nhà an toàn”" is no fall
    sentence_start = max(work.rfind("\n", 0, segment.start), work.rfind(". ", 0, segment.start + 1)) + 1
    sentence_ends = [end for end in (work.find("\n", segment.end), work.find(". ", segment.end)) if end >= 0]
    sentence = work[sentence_start : min(sentence_ends, default=len(work))]
    own_words = work[segment.start : segment.end]
    if figure.leading and _COUNTED_AFTER.match(work, figure.end):
        # "100% các tỉnh đưa mục tiêu giảm tử vong … vào kế hoạch, 80% tỉnh, thành phố có bố trí ngân sách": a share
        # that opens its clause counts those who have or do what follows it, so its way is in those words, not in
        # the clauses before it (whose "giảm" is another target's)
        own_words, sentence = work[figure.start : segment.end], ""
    # last, a name with a rank in it as written: "Tỷ lệ sinh con thứ 3 trở lên là 2,83%" has its way in the words
    # masked as a rank
    written_name = document.original[part[0] : figure.start]
    ranked = [written_name] if _RANK_IN_NAME.search(_lower(written_name)) else []
    direction, inferred = _resolve_direction(context, name_words, own_words, sentence, *ranked)
    reasons = [*extra_reasons, *figure.reasons]
    unit, per_n = figure.unit, figure.per_n
    references = [*(context.name_document.per_n_in_name if context.name_document else []), *document.per_n_in_name]
    later = [per for position, per in sorted(document.per_n_of_figure.items()) if position > figure.start]
    if not unit and references:
        # "Số giường bệnh/vạn dân" … "35": a bare figure is counted per the name's reference population.
        unit, per_n = references[0].unit, references[0].per_n
    elif per_n is None and unit in _PER_N_COUNTS and (references or later):
        # "Số bác sĩ/vạn dân: 15 bác sĩ", "có 10 bác sĩ và 30 giường bệnh/1 vạn dân": the count is per the
        # population the sentence names, once for both.
        reference = references[0] if references else later[0]
        unit, per_n = f"{_PER_N_COUNTS[unit]}/{format_number(reference.per_n)} {reference.population}", reference.per_n

    if not unit and figure.value is not None and _names_the_sex_ratio(work[sentence_start : figure.start]):
        # "giảm tốc độ tăng tỷ số giới tính khi sinh …, để tỷ số này dưới mức 115 vào năm 2020": the ratio is counted
        # in boys per 100 girls, as "111,4 số bé trai/100 bé gái" writes it
        unit, per_n = "bé trai/100 bé gái", 100
    if unit == "%" and _POPULATION_GROWTH.search(
        _lower(context.indicator_name) + " " + work[segment.start : figure.start]
    ):
        unit = "%/năm"  # "Tốc độ tăng dân số bình quân hằng năm dưới 1%": a yearly rate, a level in %/năm
    if re.fullmatch(r"[^/]*(?:đồng|USD)", unit) and _PER_HEAD_A_YEAR.search(
        _lower(context.indicator_name) + " " + work[segment.start : figure.start]
    ):
        unit = f"{unit}/năm"  # "Thu nhập bình quân đầu người/năm đến năm 2025: 60 triệu đồng", made per head below
    per_head = re.fullmatch(r"(?P<amount>[^/]+)(?P<per>/(?:năm|tháng))", unit)
    if per_head and _PER_HEAD.search(_lower(context.indicator_name) + " " + work[segment.start : figure.start]):
        unit = f"{per_head.group('amount')}/người{per_head.group('per')}"  # "thu nhập bình quân đầu người: 45 triệu đồng/năm"
    money = re.fullmatch(r"(?P<amount>[^/]*(?:đồng|USD))(?P<per>(?:/(?:năm|tháng))?)", unit)
    if money and _PER_AREA.search(_lower(context.indicator_name) + " " + work[segment.start : figure.start]):
        unit = f"{money.group('amount')}/ha{money.group('per')}"  # "Giá trị sản phẩm/1 ha đất canh tác: 98 triệu đồng"
    each = list(_EACH_ONE.finditer(work, segment.start, figure.start))
    if each and unit not in _NON_COUNT_UNITS and "/" not in unit and unit != each[-1].group("who"):
        unit = f"{unit}/{each[-1].group('who')}"  # "mỗi phụ nữ trong độ tuổi sinh đẻ có 2,1 con": con/phụ nữ

    yearly_average = bool(_YEARLY_AVERAGE.search(part_text))
    # "Bình quân mỗi năm tạo việc làm mới 23.500 lao động, trong đó có 300 - 500 lao động đi làm việc ở nước
    # ngoài": a part of a yearly count is yearly too
    part_of = part_text.lstrip(" ,;:-").startswith("trong đó") and figure.relative_verb is None
    whole_start = segment.start
    if part_of and OPENS_WITH_A_PART.match(work, sentence_start):
        # "… bình quân hàng năm cho 28.000 người. Trong đó, đào tạo nghề … cho 12.000 người": the part opens the next
        # sentence, its whole is the sentence before
        whole_start = max(work.rfind("\n", 0, sentence_start - 2), work.rfind(". ", 0, sentence_start - 2) + 1) + 1
    # "Phấn đấu hằng năm, 70% người khuyết tật …; 500 người khuyết tật … được học nghề": the opener governs the
    # sentence's counts, through its ";"
    yearly = (
        _EACH_YEAR.search(part_text)
        or (part_of and _EACH_YEAR.search(work, min(whole_start, segment.start), figure.start))
        or _YEARLY_OPENER.match(work, sentence_start)
        or (
            figure.leading
            and _YEARLY_VERB_OPENER.match(work, sentence_start)
            and not _OWN_SPAN.search(document.original, part[0], figure.start)
        )
    )
    if yearly and unit not in _NON_COUNT_UNITS and not _is_share(unit) and "/" not in unit:
        unit += "/năm"

    comparator = figure.comparator
    multiplier: Decimal | None = None
    base_year: int | None = None
    kind = LEVEL
    value, value_max = figure.value, figure.value_max

    if figure.relative_verb is None:
        figure.relative_verb = _change_named(_lower(context.indicator_name), work[segment.start : figure.start], unit)
    if figure.relative_verb is None and unit == "lần" and (figure.upward_words or _in_part(document.base_years, part)):
        figure.relative_verb = "gấp"  # "tăng lên 3,5 lần so với năm 2011": a multiple of the base year
    elif (
        figure.relative_verb is None
        and (figure.downward_words or figure.upward_words)
        and _in_part(document.base_years, part)
    ):
        # "giảm tỷ lệ suy dinh dưỡng … xuống 2% so với năm 2024": "xuống" names the level reached, but a level has no
        # base year; what is measured against 2024 is the change. Read so, and flagged: the words say both.
        figure.relative_verb = "giảm" if figure.downward_words else "tăng"
        reasons.append(
            f"“{'xuống' if figure.downward_words else 'lên'} {format_number(value or 0)}{unit if _is_share(unit) else ''}” "
            "thường là mức cần đạt, nhưng câu nêu năm gốc (“so với năm …”); đã hiểu là mức thay đổi so với năm gốc, "
            "cần kiểm tra."
        )
    if figure.relative_verb is not None:
        change = _change(document, figure, part, unit, context, year, reasons, work[segment.start : figure.start])
        kind, comparator, value, value_max = change.kind, change.comparator, change.value, change.value_max
        unit, base_year = change.unit, change.base_year
        direction, inferred, yearly_average = change.direction, False, False
    elif value_max is not None:
        if comparator not in (None, GE, APPROX):
            reasons.append(
                f"Khoảng “{format_number(value)}-{format_number(value_max)}” đi kèm từ so sánh khác; đã hiểu là trong khoảng."
            )
        comparator = BETWEEN
    elif comparator is None:
        # a count of people or places ("đưa 1.500 lao động đi làm việc ở nước ngoài") is no number of a name; a span
        # of time may be ("1.000 ngày đầu đời")
        counted = unit.split("/")[0] in _COUNTED_UNITS
        if (
            not (figure.marked or figure.leading or counted)
            and not _is_share(unit)
            and _NAME_WORDS_AFTER.match(work, figure.end)
        ):
            reasons.append(
                f"Số “{format_number(value or 0)}” nằm giữa các từ của tên (như “1.000 ngày đầu đời”); có thể là "
                "một phần của tên chỉ tiêu chứ không phải mức chỉ tiêu, cần kiểm tra."
            )
        structure = _is_structure(document, segment, context.indicator_name)
        # "Chi cân đối ngân sách địa phương là 1.246 tỷ đồng": what a budget spends is set, neither floor nor ceiling
        spending = unit.endswith("đồng") and bool(
            _SPENDING.search(_lower(context.indicator_name) + " " + work[segment.start : figure.start])
        )
        # "60% trường đạt tiêu chuẩn kiểm định", "95% hộ nghèo được cung cấp thông tin": a share of those who reach a
        # standard or are given something is to be at least that share, whichever way the name pulls
        # ("Tỷ lệ cán bộ đạt tiêu chuẩn rèn luyện thể lực 99%": the clause's words before the figure say it as well; a
        # name given apart, as a table's, may pull both ways, "Tỷ lệ người nghiện … được điều trị", and keeps asking)
        gained = _is_share(unit) and (
            bool(figure.leading and _THOSE_WHO_GAIN.match(work, figure.end, part[1]))
            or bool(_SHARE_OF_THOSE_WHO_GAIN.search(work, part[0], figure.start))
        )
        comparator = _bare_comparator(
            figure, unit, direction, reasons, (structure and unit == "%") or spending, gained=gained
        )
        if (
            comparator == LE
            and direction == DOWN
            and not figure.downward_words
            and value != 0
            and (harm := _HARM_AFTER.match(work, figure.end, part[1]))
            and not _DOWN_PATTERN.search(
                _lower(context.indicator_name) + " " + _lower(work[segment.start : figure.start])
            )
        ):
            # "tổ chức dạy nghề cho 800 người nghiện", "phấn đấu 2/7 huyện nghèo … thoát khỏi tình trạng nghèo": the harm
            # names those the figure counts, not a rate to fall; whom the plan acts on is at least as often to grow
            reasons.append(
                f"“{format_number(value or 0)}” đếm những người, nơi mang tên một điều cần giảm (“"
                f"{harm.group('harm')}”), câu không nói tối đa hay tối thiểu; đã tạm hiểu là mức tối đa, cần xác "
                "định chiều mong muốn."
            )
        named = _lower(context.indicator_name) + " " + work[segment.start : figure.start]
        if comparator == APPROX and _BAND_PATTERN.search(named) and not _REPLACEMENT_LEVEL.search(named):
            # a fertility rate to hold, not named the replacement level: "khoảng" is the reader's word, and the plans
            # as labelled mean the figure itself (or a floor, where a city raises its rate); the words do not say.
            # Only a rate the words name: a band direction the caller gives (an indicator set so) says nothing of it
            reasons.append(
                f"Chỉ tiêu mức sinh là mức cần giữ, câu không nói “{format_number(value or 0)}” là mức tối thiểu, "
                "tối đa hay khoảng; đã tạm hiểu là khoảng, cần xác nhận."
            )

    if _CAMPAIGN.search(work, part[0], figure.start):
        # "thực hiện cuộc vận động Mỗi cặp vợ chồng nên có 2 con": the figure is the campaign's name, its slogan
        reasons.append(
            f"Số “{format_number(value or 0)}” nằm trong tên một cuộc vận động, phong trào; có thể không phải mức "
            "chỉ tiêu, cần kiểm tra."
        )
    elif _ENCOURAGED.search(work[segment.start : figure.start]):
        reasons.append(
            f"Số “{format_number(value or 0)}” là điều được khuyến khích (“khuyến khích … sinh đủ 2 con”), có thể "
            "không phải mức chỉ tiêu; cần kiểm tra."
        )
    if (
        kind == LEVEL
        and unit.split("/")[0] in _TIMES_AND_SPANS
        and _A_SHARE_NAMED.search(work, segment.start, figure.start)
    ):
        # "tỷ lệ người cao tuổi được khám sức khoẻ định kỳ ít nhất 1 lần" (the share cut off): a share is measured
        # in %, so times or a span read under its name are what its people get, not its level
        reasons.append(
            f"Tên chỉ tiêu là một tỷ lệ nhưng số đọc được là “{format_number(value or 0)} {unit}” (số lần, thời gian "
            "trong tên); có thể thiếu mức tỷ lệ, cần kiểm tra."
        )

    return ParsedTarget(
        comparator=comparator,
        value=value,
        value_max=value_max if comparator in (BETWEEN, RELATIVE) else None,
        unit=unit,
        per_n=per_n,
        year=year,
        base_year=base_year,
        multiplier=multiplier,
        yearly_average=yearly_average,
        phrase=phrase,
        needs_review=bool(reasons),
        review_reason=" ".join(reasons),
        direction=direction,
        direction_inferred=inferred,
        kind=kind,
    )


_CAMPAIGN = re.compile(r"(?<!\w)(?:cuộc vận động|phong trào)(?!\w)")
# "khuyến khích các cặp vợ chồng … sinh con, sinh đủ 2 con": what people are encouraged to do, no figure of the
# plan's to reach; its sentence reaches no other figure before this one
_ENCOURAGED = re.compile(r"(?<!\w)khuyến khích(?!\w)[^\d]*$")
_TIMES_AND_SPANS = frozenset({"lần", "ngày", "tuần", "tháng", "năm", "giờ"})
_A_SHARE_NAMED = re.compile(r"(?<!\w)t[ỷỉ] lệ(?!\w)")
_YEARLY_OPENER = re.compile(
    r"[\s.]*(?:phấn đấu\s+)?(?:hằng|hàng|mỗi)\s+năm\s*(?:,|(?=(?:(?:khoảng|có|trên|ít nhất|tối thiểu|đạt)\s+)?\d))"
)
# "Hằng năm tổ chức đào tạo trên 2.000 vận động viên …, 500-2.000 vận động viên …": the opener with no comma, its verb
# right after it, governs the clauses that go on with the same verb (they open with their figure); a clause with a verb
# of its own ("…, xây dựng 5 trường học", "…, 5 năm là 150.000 lao động") keeps its own reading
_YEARLY_VERB_OPENER = re.compile(r"[\s.]*(?:phấn đấu\s+)?(?:hằng|hàng|mỗi)\s+năm\s+(?=[^\W\d_])")
_OWN_SPAN = re.compile(r"(?<!\w)\d{1,2}\s+năm(?!\w)")
# "GDP bình quân đầu người 18,9 triệu đồng/năm": an amount per head, whose "/người" the name says once.
# "Tỷ lệ tăng dân số tự nhiên hàng năm", "Tốc độ tăng dân số bình quân hằng năm": the population's yearly growth rate
_POPULATION_GROWTH = re.compile(
    r"(?<!\w)(?:tỷ lệ|tỉ lệ|tốc độ)\s+(?:gia\s+)?tăng\s+dân số(?:\s+tự nhiên)?\s+(?:bình quân\s+)?(?:mỗi|hằng|hàng)\s+năm(?!\w)"
)
# "bình quân đầu người/năm", "bình quân đầu người một năm": a yearly amount a head, though the figure says neither
_PER_HEAD_A_YEAR = re.compile(r"(?<!\w)(?:đầu người|một người|mỗi người)\s*(?:/\s*|(?:mỗi|một|trong)\s+)năm(?!\w)")
# The nearest rate named before a figure, to tell whether a bare figure is the sex ratio at birth.
_NAMED_RATE = re.compile(
    r"(?<!\w)(?:(?P<ratio>tỷ số giới tính khi sinh|tỉ số giới tính khi sinh)|(?P<this>tỷ số này|tỉ số này)"
    r"|tỷ lệ|tỉ lệ|tỷ suất|tỉ suất|tỷ trọng|tỉ trọng|tuổi thọ|chỉ số)(?!\w)"
)


def _names_the_sex_ratio(before: str) -> bool:
    """The last rate named before a figure is the sex ratio at birth, or "tỷ số này" after it."""
    names = list(_NAMED_RATE.finditer(before))
    if not names:
        return False
    last = names[-1]
    return bool(last.group("ratio") or (last.group("this") and any(name.group("ratio") for name in names)))


_PER_HEAD = re.compile(r"(?<!\w)(?:bình quân|trung bình)\s+(?:đầu người|một người|mỗi người)(?!\w)")
# "mỗi phụ nữ … có 2,1 con", "mỗi xã có ít nhất 1 bác sĩ": a count for each one of them, per that one.
_EACH_ONE = re.compile(
    r"(?<!\w)mỗi\s+(?P<who>phụ nữ|cặp vợ chồng|hộ gia đình|gia đình|hộ|người dân|người|xã|phường|thôn|làng|bản|"
    r"trường|huyện|trạm y tế|cơ sở)(?!\w)"
)
# "Giá trị sản phẩm/1 ha đất canh tác", "thu nhập trên một ha": an amount per hectare, which the name says.
_PER_AREA = re.compile(r"(?:/|(?<!\w)(?:trên|mỗi|cho mỗi))\s*(?:(?:1|01|một)\s+)?(?:ha|héc-?ta|hecta)(?!\w)")


# "60% trường đạt tiêu chuẩn …", "95% hộ nghèo, hộ cận nghèo được cung cấp …": those counted, then "đạt" or "được"
# (not "không được", "chưa đạt") in the same clause; those counted may be a list with its commas ("60% cán bộ, công
# chức, viên chức, người lao động trong đơn vị học tập cấp xã, cấp huyện, đạt danh hiệu …").
_THOSE_WHO_GAIN = re.compile(r"[^\d;:()]{1,120}?(?<!không )(?<!chưa )(?<!\w)(?:được|đạt)(?!\w)")
_SHARE_OF_THOSE_WHO_GAIN = re.compile(
    r"(?<!\w)(?:tỷ lệ|tỉ lệ)\s+[^\d;:()]{1,80}?(?<!không )(?<!chưa )(?<!\w)(?:được|đạt)(?!\w)", re.IGNORECASE
)


def _bare_comparator(
    figure: _Figure,
    unit: str,
    direction: str | None,
    reasons: list[str],
    structure: bool = False,
    *,
    gained: bool = False,
) -> str:
    value = figure.value
    if structure and not (figure.downward_words or figure.upward_words):
        return EQ  # "Cơ cấu kinh tế: dịch vụ 55%; công nghiệp - xây dựng 37%": shares that add up, not floors
    if figure.downward_words:
        return LE
    if figure.upward_words:
        return GE
    if (unit == "%" or unit.startswith("% ")) and value == 100:
        return GE  # nothing can beat 100%: "at least" whatever the direction
    if value == 0 and direction != UP:
        return LE  # "0 hộ nghèo": nothing can beat zero, whatever the words say
    if direction == UP:
        return GE
    if direction == DOWN:
        return LE
    if direction == BAND:
        return APPROX
    if (figure.reached or gained) and _is_share(unit):
        # "Tỷ lệ người nghiện … được điều trị … đạt 50% vào năm 2025": a share the words say to reach is at least that
        # share whichever way its name pulls (a share to fall is written "giảm xuống", "còn", "dưới")
        return GE
    reasons.append(
        f"Chưa rõ chỉ tiêu cần tăng hay giảm nên tạm hiểu “{format_number(value)}” là mức tối thiểu; "
        "cần xác định chiều mong muốn của chỉ tiêu."
    )
    return GE


# Words of a name going on after a figure that nothing marks as a target ("dinh dưỡng 1.000 ngày đầu đời
# cho người chăm sóc trẻ"): the number may be part of the name.
_NAME_WORDS_AFTER = re.compile(rf"[ \t]*(?!(?:trở lên|trở xuống)(?!\w)){_LETTER}+[ \t]+{_LETTER}+")
_SPENDING = re.compile(r"(?<!\w)(?<!thu )(?<!thu, )(?:tổng\s+)?chi\s+(?:cân đối\s+|thường xuyên\s+)?ngân sách(?!\w)")
_STRUCTURE = re.compile(r"(?<!\w)(?<!chuyển dịch )(?<!chuyển đổi )cơ cấu(?!\w)(?! lại)")
_SHARE = re.compile(r"(?<!\w)chiếm(?!\w)")


def _is_structure(document: _Document, segment: _Segment, indicator_name: str) -> bool:
    """Shares of a whole: "Cơ cấu kinh tế: dịch vụ 55%; …" (the clauses after ";" share what the sentence
    opens with), or "Nông, lâm, ngư nghiệp chiếm 12,1%; Công nghiệp - xây dựng 42,3%; …", several shares
    in one sentence ("chiếm" before the figure). "Trong đó … chiếm 20%" is a part, and a bare figure before it
    a floor."""
    work = document.work
    # the sentence's start: the stop right before the segment counts (". " ends at the segment's first character)
    start = max(work.rfind("\n", 0, segment.start), work.rfind(". ", 0, segment.start + 1)) + 1
    if _STRUCTURE.search(work[start : segment.end] + " " + _lower(indicator_name)):
        return True
    so_far = work[start : segment.end]
    if not _SHARE.search(so_far) or re.search(r"(?<!\w)trong đó(?!\w)", so_far):
        return False  # "… đạt 45%, trong đó nông dân … chiếm khoảng 2,5%": a part, not shares of a whole
    ends = [end for end in (work.find("\n", segment.end), work.find(". ", segment.end)) if end >= 0]
    return work[start : min(ends, default=len(work))].count("%") > 1


@dataclass(frozen=True)
class _Change:
    kind: str
    comparator: str
    value: Decimal | None
    value_max: Decimal | None
    unit: str
    base_year: int | None
    direction: str


_RATE_NAME = re.compile(r"(?<!\w)(?:tỷ lệ|tỉ lệ|tỷ suất|tỉ suất|tỷ trọng|tỉ trọng)(?!\w)")


def _change(
    document: _Document,
    figure: _Figure,
    part: tuple[int, int],
    unit: str,
    context: _Context,
    year: int | None,
    reasons: list[str],
    lead: str = "",
) -> _Change:
    """A change of the indicator rather than a level: its kind, its size (a positive number), which way.

    ``gấp 2 lần``, ``tăng lên 3,5 lần so với năm 2011``: a **multiple** of the base year's value;
    ``bình quân … /năm``, ``hằng năm``, ``so năm trước``, ``2% một năm``: a **change per year**; ``so với năm 2022``: a change
    **against that base year**, in **points** when the indicator is a rate written in ``%`` or the text
    says ``điểm``; with neither, in a one-year plan, the change during that year. A change in a rate
    written ``%`` is in percentage points (how plans write it); against a base year that reading is
    flagged, since ``giảm 15% so với năm 2022`` may also mean 15 % of the base value."""
    work = document.work
    part_text = work[part[0] : part[1]]
    bases = [base for position, base in document.base_years if part[0] <= position < part[1]]
    base_year = bases[0] if bases else None
    # "tăng lên 1,5 lần so với cuối năm 2015 (riêng hộ nghèo … tăng gấp 2 lần)": the base year governs the
    # changes after it in its sentence, as a deadline does.
    # (a part may open right after the stop: "… so với năm 2011. Năm 2013, … giảm 0,25 …" is the next sentence's)
    sentence_start = max(work.rfind("\n", 0, part[0]), work.rfind(". ", 0, part[0] + 1)) + 1
    earlier = [base for position, base in document.base_years if sentence_start <= position < part[0]]
    governing_base = base_year if base_year is not None else (earlier[-1] if earlier else None)
    if governing_base is None and figure.relative_verb in ("giảm", "tăng"):
        # "giảm 10% … vào năm 2025 và giảm 20% vào năm 2030 so với năm 2020": the base closing the next change, joined
        # by "và", is this one's too
        # ("tử vong do đuối nước giảm ít nhất 10% và tai nạn giao thông giảm từ 5–10% so với năm 2020": the next change
        # may name its own indicator before its verb)
        following = re.match(rf"[\s,]*và\s+(?:[^\W\d_]+\s+){{0,8}}?{figure.relative_verb}\s[^;.]*", work[part[1] :])
        later = [
            base
            for position, base in document.base_years
            if following and part[1] <= position < part[1] + following.end()
        ]
        governing_base = later[0] if later else None
    direction = DOWN if figure.relative_verb == "giảm" else UP
    yearly = bool(
        _YEARLY_AVERAGE.search(part_text)
        or _EACH_YEAR.search(part_text)
        or _OVER_A_YEAR.search(lead + part_text)
        or _RATIO_GROWTH.search(part_text)  # how fast a ratio rises is a yearly change (see _change_named)
    ) or unit.endswith("/năm")
    if not yearly and base_year is None and _YEARLY_OPENER.match(work, sentence_start):
        # "Hằng năm, số vụ … tăng trên 3%; số vụ … tăng trên 5%": a sentence that opens with "hằng năm" makes each
        # change after its ";" yearly, as "Đến năm 2020, …" gives each its year
        yearly = True
    if not yearly and base_year is None:
        # "Tốc độ tăng giá trị sản xuất bình quân hàng năm đạt 16%, trong đó: Nông, lâm, thủy sản tăng 6%; dịch vụ tăng
        # 18,2%": the parts of a yearly average, listed after "trong đó" in its sentence, are yearly too
        whole = _YEARLY_PARTS.search(work[sentence_start : figure.start])
        yearly = whole is not None and "so với" not in whole.group("parts")
    unit = unit.removesuffix("/năm")
    value, value_max = figure.value, figure.value_max
    comparator = figure.comparator if figure.comparator not in (None, RELATIVE) else GE
    if value_max is not None:
        comparator = BETWEEN
    # the rate may be named earlier in the sentence: "Tỷ lệ hộ nghèo giảm 1,5%/năm, riêng các xã … giảm 3%/năm"
    rate = unit == "%" and bool(_RATE_NAME.search(_lower(context.indicator_name) + " " + lead + part_text))
    if figure.multiplier is not None or figure.relative_verb == "gấp" or unit == "lần":
        if figure.multiplier is not None:
            value = figure.multiplier
        elif figure.relative_verb == "tăng" and value is not None:
            reasons.append(
                f"“tăng {format_number(value)} lần” có thể hiểu là gấp {format_number(value)} hoặc gấp "
                f"{format_number(value + 1)} lần; đã hiểu là gấp {format_number(value)} lần."
            )
        if governing_base is None:
            reasons.append(_no_base_reason(document, part))
        return _Change(MULTIPLE, comparator, value, value_max, "lần", governing_base, UP)
    if rate or unit == POINTS:
        unit = POINTS
    if yearly:
        return _Change(CHANGE_PER_YEAR, comparator, value, value_max, unit, base_year, direction)
    if governing_base is not None:
        base_year = governing_base
        if rate:
            reasons.append(
                f"Chỉ tiêu là một tỷ lệ: “{figure.relative_verb} {format_number(value or 0)}%” so với năm {base_year} "
                "đã hiểu là điểm phần trăm; có thể là phần trăm của giá trị năm gốc, cần kiểm tra."
            )
        kind = POINTS_CHANGE if unit == POINTS else CHANGE_VS_BASE
        return _Change(kind, comparator, value, value_max, unit, base_year, direction)
    compared = any(part[0] <= position < part[1] for position in document.comparisons_without_year)
    # "mục tiêu giảm nghèo bền vững trong năm 2020 …: Giảm trên 8.710 hộ nghèo", "Các chỉ tiêu … triển khai trong năm
    # 2020. Về tỷ lệ hộ nghèo giảm 1-1,5%.": a change during the year its paragraph names, as in a one-year plan
    paragraph_start = work.rfind("\n", 0, part[0]) + 1
    during = any(paragraph_start <= position < part[1] and named == year for position, named in document.during_years)
    one_year_plan = context.period is not None and context.period[0] == context.period[1] == year
    if year is not None and (one_year_plan or during) and not compared:
        # A one-year plan: "tỷ lệ hộ nghèo giảm 0,41%" is the change during that year (but not one "so với đầu kỳ",
        # against the start of a longer span).
        return _Change(CHANGE_PER_YEAR, comparator, value, value_max, unit, year - 1, direction)
    if year is None and not compared:
        # "Tỷ lệ hộ nghèo giảm 3% trở lên", "công nghiệp – xây dựng tăng 13,7%" in a text that names no year at all (an
        # article on a yearly plan whose headline held its year): with neither year nor base, the change the plan aims
        # at within its year, as the labels of regression 11 and unseen5 08 read it
        return _Change(CHANGE_PER_YEAR, comparator, value, value_max, unit, None, direction)
    reasons.append(_no_base_reason(document, part))
    return _Change(CHANGE_VS_BASE, comparator, value, value_max, unit, None, direction)


# A change that the name states rather than a verb before the figure (see _change_named).
_VERB_BEFORE_COLON = re.compile(
    r"(?<!\w)(?P<verb>tăng|giảm)(?:\s*(?:bình quân|trung bình|mỗi năm|hằng năm|hàng năm|/\s*năm))*\s*:\s*"
    rf"(?:{_LETTER}+\s+){{0,2}}$"
)
# "Giảm số vị thành niên, thanh niên có thai ngoài ý muốn: 15% so năm 2020": the verb opens the name, and the figure
# follows the name's colon
_VERB_OPENS_THE_NAME = re.compile(
    r"^[\s-]*(?:kéo\s+)?(?P<verb>tăng|giảm)\s+(?:tỷ lệ|tỉ lệ|tỷ số|tỉ số|số|tổng)\s[^:;]*:\s*$"
)
_CHANGE_NAME = re.compile(r"(?<!\w)(?:tỷ lệ|tỉ lệ)\s+(?P<verb>tăng|giảm)(?!\w)(?!\s+dân số)")
_RATIO_GROWTH = re.compile(r"(?<!\w)tốc độ tăng\s+(?:tỷ|tỉ)\s+(?:số|lệ|suất)(?!\w)")
_GROWTH_NAME = re.compile(r"(?<!\w)(?:tốc độ tăng|tăng trưởng)(?!\w)(?!\s+dân số)")
_AMOUNT_NAME = re.compile(
    r"(?<!\w)(?:giá trị sản xuất|giá trị tăng thêm|tổng sản phẩm|grdp|thu ngân sách|kim ngạch|doanh thu|sản lượng"
    r"|vốn đầu tư)(?!\w)"
)


def _change_named(name: str, before: str, unit: str) -> str | None:
    """``Tỷ lệ hộ nghèo … giảm bình quân/năm: trên 10%``, ``Tỷ lệ giảm nghèo đa chiều trên 4%``, ``Tỷ lệ tăng
    thu … so năm trước: 10%``: the name says the figure is a change, and which way. ``Tốc độ tăng trưởng …
    bình quân …: 7,5%/năm`` is a yearly growth over the period, and so is one averaged over years without ``/năm``
    (``bình quân 5 năm đạt 7,5%``); a growth rate with neither stays a level (a year's figure, as the statistical
    tables give it), and so does ``tỷ lệ tăng dân số``, a level itself."""
    if _RATIO_GROWTH.search(name + " " + before) and unit in ("%", "%/năm", POINTS, f"{POINTS}/năm"):
        # "tốc độ tăng tỷ số giới tính khi sinh không quá 0,4%", "… xuống dưới mức 0,46 điểm phần trăm/năm": how fast
        # a ratio rises is its yearly change
        return "tăng"
    if unit not in ("%", "%/năm"):
        return None
    if verb := _VERB_BEFORE_COLON.search(before) or _VERB_OPENS_THE_NAME.match(before):
        return verb.group("verb")
    if verb := _CHANGE_NAME.search(name + " " + before):
        return verb.group("verb")
    if unit == "%/năm" and _GROWTH_NAME.search(name + " " + before):
        return "tăng"
    # "Tốc độ tăng trưởng kinh tế (GRDP) bình quân 5 năm đạt 7,5%": a growth averaged over years is a yearly growth
    if unit == "%" and _GROWTH_NAME.search(name + " " + before) and _YEARLY_AVERAGE.search(before):
        return "tăng"
    # "giá trị sản xuất công nghiệp, xây dựng 11%/năm" (its verb in the clause before): an amount has no level in
    # "%/năm", only a yearly growth; a rate ("tỷ lệ tăng dân số 1%/năm") keeps its level
    if unit == "%/năm" and _AMOUNT_NAME.search(name + " " + before) and not _RATE_NAME.search(name + " " + before):
        return "tăng"
    return None


def _in_part(positions: list[tuple[int, int]], part: tuple[int, int]) -> bool:
    return any(part[0] <= position < part[1] for position, _year in positions)


def _no_base_reason(document: _Document, part: tuple[int, int]) -> str:
    compared = any(part[0] <= position < part[1] for position in document.comparisons_without_year)
    if compared:
        return "Mục tiêu so sánh “so với” nhưng không nêu năm gốc; cần xác định năm gốc."
    return "Mục tiêu là mức tăng/giảm nhưng không nêu năm gốc; cần xác định năm gốc."


def _qualitative(text: str, *, closing: bool = False) -> str | None:
    """yes_no for a thing done or not (hoàn thành, đạt chuẩn), qualitative for one a person judges
    (cơ bản chấm dứt, cơ bản không còn, loại trừ, bảo đảm …), None when the words state no target. A closing
    clause after a figure's does not open with a place that meets a standard: "100% số xã, thị trấn đạt chuẩn …"
    lists the places the share counts."""
    opening = text.strip(" ,:;.-")
    # "Chương trình phấn đấu đến năm 2030: hằng năm, giảm số người nghiện …": the clause opens after its lead-in's colon
    opening = _LEAD_IN_COLON.sub("", opening)
    opening = re.sub(r"^(?:(?:phấn đấu|phần đầu|tiếp tục|từng bước)\s+)+", "", opening).strip(" ,:;.-")
    if _QUALITATIVE_ANYWHERE.search(text):
        return QUALITATIVE
    if opening.startswith(_YES_NO_OPENINGS) or _YES_NO_ANYWHERE.search(text):
        return YES_NO
    if not closing and _DONE_WORK.search(text):
        return YES_NO
    if opening.startswith(("duy trì", "giữ vững")) and _KEPT_STANDARD.search(opening):
        return YES_NO
    if not closing and _PLACE_MEETS_STANDARD.match(opening.lower()):
        return YES_NO
    if opening.startswith(_QUALITATIVE_OPENINGS) or _CHANGE_WITHOUT_FIGURE.match(opening):
        return QUALITATIVE
    return None


def _opening_target(document: _Document, start: int, end: int, next_figure: _Figure) -> str | None:
    """The kind of an opening clause with no figure that is a target of its own: done or not ("không còn hộ nghèo,
    97% …"), or a measure to move joined to a target that opens with its figure ("giảm tỷ lệ trẻ em bị xâm hại so
    với năm 2024 và 100% trẻ em …"); a verb that opens a name ("Tăng tỷ lệ dân số tham gia BHYT: 90%") is not."""
    text = document.work[start:end]
    kind = _qualitative(text)
    if kind == YES_NO:
        return kind
    joined = re.search(r"(?<!\w)và\s*$", text) is not None
    if kind == QUALITATIVE and joined and next_figure.leading and _CHANGE_WITHOUT_FIGURE.match(text.strip(" ,:;.-")):
        return kind
    return None


_NO_TARGET_REASON = (
    "Không tìm thấy mức chỉ tiêu (con số hoặc cụm từ định tính) trong nội dung; cần người xác định mục tiêu."
)


def _no_target(phrase: str, context: _Context) -> ParsedTarget:
    direction, inferred = _resolve_direction(context, phrase)
    return ParsedTarget(
        comparator=QUALITATIVE,
        phrase=phrase,
        year=context.default_year,
        needs_review=True,
        review_reason=_NO_TARGET_REASON,
        has_target=False,
        direction=direction,
        direction_inferred=inferred,
    )


def _phrase_of(document: _Document, start: int, end: int) -> str:
    text = document.original[start:end]
    text = _NUMBERING.sub("", text.lstrip(), count=1) if _NUMBERING.match(text.lstrip()) else text
    return text.strip().strip(",;:…").strip()


def _read(document: _Document, context: _Context) -> list[ParsedTarget]:
    """A deadline in a heading ("II. CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030", "Đến năm 2030:") holds for what
    follows until the next such heading; so does a phase that opens a clause before a colon ("Mục tiêu cụ thể trong
    giai đoạn 2026 - 2030: …"), for the paragraph's later sentences; one inside a target's sentence holds for that
    sentence and what continues it after ";" or ":"."""
    targets: list[ParsedTarget] = []
    heading_year = carried = previous = context.default_year
    for segment in _segments(document):
        if targets and _maintained(document, segment.start, segment.end):
            # "Đến năm 2025, 100% trạm y tế xã đạt chuẩn quốc gia; duy trì đến năm 2030."
            targets.extend(_kept_until(document, (segment.start, segment.end), targets[-1]))
            continue
        if OPENS_WITH_A_PART.match(document.work, segment.start, segment.end) or OPENS_WITH_A_FIGURE.match(
            document.work, segment.start, segment.end
        ):
            # "Đến năm 2025, … dưới 16/100.000 trẻ. Trong đó, tử vong do đuối nước giảm ít nhất 10%": the sentence
            # names parts of the one before and keeps its deadline
            carried = previous
        if phase := _opening_phase(document, segment):
            # "Mục tiêu cụ thể trong giai đoạn 2026 - 2030: Giảm …; … . Giảm tỷ lệ tiếp xúc …: Tại nơi làm việc …": a
            # phase written before a colon heads the paragraph's sentences after it, as a heading line would
            heading_year = carried = phase
        segment_targets = _read_segment(document, segment, context, carried)
        targets.extend(segment_targets)
        own_years = [
            year
            for position, year in document.deadlines
            if segment.start <= position < segment.end and position not in document.kept_deadlines
        ]
        if own_years and not segment_targets:
            heading_year = carried = own_years[-1]
            continue
        continues = not segment.ends_sentence or document.work[segment.start : segment.end].rstrip().endswith(":")
        previous = own_years[-1] if own_years else carried
        carried = previous if continues else heading_year
    return targets


# The words that open a clause on its phase, up to a colon ("Mục tiêu cụ thể trong giai đoạn 2026 - 2030:"): no
# figure but the (masked) year, few words. A phase before a comma governs its sentence and those that go on from it
# only ("Giai đoạn 2026 - 2030, … . Tỷ lệ người cao tuổi … đạt 85%": the plan's year, as reader24 read it).
_PHASE_HEAD = re.compile(r"[^\d:;.()]{0,80}:")


def _opening_phase(document: _Document, segment: _Segment) -> int | None:
    """The year of the phase the segment opens with before a colon and any figure; None when it opens otherwise."""
    head = _PHASE_HEAD.match(document.work, segment.start, segment.end)
    if head is None:
        return None
    years = [
        year
        for position, year in document.deadlines
        if segment.start <= position < head.end() and position not in document.from_years
    ]
    if not years and (period := _PHASE_NAMED.search(document.original, segment.start, head.end())):
        # "TT cho mọi người, giai đoạn 2026 - 2030: …": the phase of a part of the plan, after the part's name
        years = [int(period.group("end"))]
    return years[-1] if years else None


_PHASE_NAMED = re.compile(rf"(?i)giai đoạn\s+(?:từ\s+)?(?:năm\s+)?{_YEAR}\s*[-–]\s*(?:năm\s+)?(?P<end>{_YEAR})\s*:$")


# "Giai đoạn 2026 - 2030, Thành phố đặt mục tiêu phấn đấu 90% …. 80% người khuyết tật …; 100% …": a sentence that opens
# with its figure names nothing of its own before it, and goes on listing the targets of the sentence before.
OPENS_WITH_A_FIGURE = re.compile(r"\s*\d[\d.,]*\s*%")

# A sentence that opens with a part ("Trong đó, …", "Riêng …") goes on with the sentence before it.
OPENS_WITH_A_PART = re.compile(r"[\W_]*(?:trong đó|riêng)(?!\w)", re.IGNORECASE)


# "số người tham gia BHXH, BHTN lần lượt đạt khoảng 45%, 35%": several names, then their figures in order.
_RESPECTIVELY = re.compile(r"(?<!\w)lần lượt(?!\w)")


# "lần lượt đạt khoảng 45%, 35%": the next figure follows with only a comma or "và" between.
_FIGURE_JOIN = re.compile(r"\s*(?:,|và|,\s*và)\s*")


# A part that names only its place or group before its figure: "trong đó vùng miền núi", "Tuyên Hóa"
_PART_NAMED_ONLY = re.compile(
    r"[\s,;]*(?:trong đó\s*,?\s*|riêng\s+)?(?:(?!tăng|giảm|đạt|còn|xuống|lên|dưới|trên|khoảng|tối thiểu|ít nhất)"
    r"[^\W\d_]+\.?\s+){1,6}"
)


def _carry_comparator(
    document: _Document, chosen: list[tuple[tuple[int, int], _Figure, str]], *, respectively: bool
) -> None:
    """A comparator written once governs the bare figure listed right after it, with only "," or "và" between:
    in a "lần lượt" (respectively) list ("lần lượt đạt khoảng 45%, 35%" is about 35%, "lần lượt dưới 2% và 3%"
    below 3%), and where the next figure is another year of the same target, with no words of its own but its
    deadline ("dưới 3% vào năm 2025 và 1% vào năm 2030": below 1% too). Otherwise the next figure may open a
    clause of its own ("dưới 1%, 100% người dân có thẻ bảo hiểm y tế") and keeps its own reading."""
    for (_, previous, _), (part, figure, _) in itertools.pairwise(chosen):
        if (
            figure.comparator is None
            and not figure.marked
            and previous.comparator is not None
            and previous.relative_verb is None
            and _FIGURE_JOIN.fullmatch(document.work, previous.end, figure.start)
            and (respectively or (figure.unit == previous.unit and not document.work[figure.end : part[1]].strip()))
        ):
            figure.comparator, figure.marked = previous.comparator, True
        elif (
            figure.comparator is None
            and figure.relative_verb is None
            and not figure.marked
            and previous.relative_verb is not None
            and figure.unit == previous.unit
            and not document.work[part[0] : figure.start].strip(" ,")
            and not document.work[figure.end : part[1]].strip()
            and _in_part(document.deadlines, part)
            and re.search(r"(?:,|(?<!\w)và)\s*$", document.work[previous.end : part[0]])
        ):
            # "giảm 10% trẻ em tử vong do đuối nước năm 2025 và 20% vào năm 2030": a figure with nothing of its own but
            # its deadline is the same change for that year
            figure.relative_verb, figure.comparator = previous.relative_verb, previous.comparator
        elif (
            figure.comparator is None
            and figure.relative_verb is None
            and not figure.marked
            and previous.relative_verb in ("tăng", "giảm")
            and figure.unit == previous.unit
            and _PART_NAMED_ONLY.fullmatch(document.work, part[0], figure.start)
            and not document.work[figure.end : part[1]].strip(" .")
            and re.fullmatch(r"[\s,;]*", document.work[previous.end : part[0]])
        ):
            # "giảm tỷ lệ hộ nghèo từ 1-1,5%, trong đó vùng miền núi 2 - 3%", "huyện Minh Hóa giảm từ 6,5-7,2% (…);
            # Tuyên Hóa 4,5-5,0% (…)": the verb written once goes on to the parts that name only where
            figure.relative_verb = previous.relative_verb


# "… đạt 95% vào năm 2025 và duy trì đến năm 2030", "…, giữ vững mức này đến năm 2030": the target before is kept
# until that year (its deadline is masked, so the clause's words are all that is left of it).
# ("… khoảng 1% vào năm 2015 và ổn định ở mức này vào năm 2020": kept at that level, as "duy trì" keeps it)
_MAINTAINED = re.compile(
    r"[\s,]*(?:và\s+)?(?:tiếp tục\s+)?(?:được\s+)?(?:duy trì|giữ vững|giữ|ổn định)(?:\s+(?:ổn định|bền vững))?"
    r"(?:\s+(?:ở\s+)?(?:mức|tỷ lệ|tỉ lệ|kết quả)(?:\s+(?:này|đó|trên))?)?(?:\s+(?:cho|ít nhất|liên tục))?[\s,.…]*"
)


# "93% hộ gia đình được công nhận và giữ vững danh hiệu …", "100% trẻ em được khám và duy trì theo dõi …": after a
# share of those counted and what they get ("được …"), a clause joined by a bare "và" goes on saying what the same
# people get or do (the share counts those recognised and keeping the title): words of the name, not a target of its
# own. A comma before "và", a share that does not say "được", or a done-or-not clause ("… và không còn nhà tạm")
# leaves the closing clause its own.
_WHAT_THEY_GET_THEN_AND = re.compile(r"(?<!\w)được\s+[^,;:()\d]*?\s+và\s*$")


def _goes_on_saying_what_they_get(document: _Document, figure: _Figure, clause_start: int) -> bool:
    return figure.leading and bool(_WHAT_THEY_GET_THEN_AND.search(document.work, figure.end, clause_start))


def _maintained(document: _Document, start: int, end: int) -> bool:
    """A clause that keeps the target before it until a later deadline, and says nothing else."""
    return bool(_MAINTAINED.fullmatch(document.work, start, end)) and _in_part(document.deadlines, (start, end))


def _kept_until(document: _Document, clause: tuple[int, int], target: ParsedTarget) -> list[ParsedTarget]:
    """The target kept until the clause's deadline: the same target for that year. The deadline is the kept
    target's only, not one that governs the clauses after it (see :func:`_read`)."""
    deadlines = [(position, year) for position, year in document.deadlines if clause[0] <= position < clause[1]]
    document.kept_deadlines.update(position for position, _ in deadlines)
    year = deadlines[-1][1]
    if not target.has_target or target.comparator == QUALITATIVE or year == target.year:
        return []
    return [replace(target, year=year, phrase=_phrase_of(document, *clause))]


def _near_year_list(document: _Document, position: int) -> bool:
    """ "lần lượt" that orders the figures of a year-by-year list ("lần lượt các năm 2024, 2025 là 70%, 72%")."""
    return any(start - 12 <= position <= end for start, end in document.year_lists)


_LIST_SEPARATOR = re.compile(r",|(?<=\s)và(?=\s)")


def _pair_respectively(
    document: _Document, segment: _Segment, chosen: list[tuple[tuple[int, int], _Figure, str]]
) -> dict[int, tuple[str, str]]:
    """In "số người tham gia BHXH, BHTN lần lượt đạt khoảng 45%, 35% lực lượng lao động" the figures listed right
    after each other after "lần lượt" go, in order, to as many names listed before it; a later name takes the
    first one's head ("số người tham gia bảo hiểm thất nghiệp"). Returns, by index in ``chosen``, the phrase (the
    names and their figures, as written) and the name. Nothing when the names and the figures do not pair up."""
    mark = _RESPECTIVELY.search(document.work, segment.start, segment.end)
    if mark is None:
        return {}
    run: list[int] = []
    for index, (_part, figure, _reason) in enumerate(chosen):
        if figure.start < mark.end():
            continue
        if run and not _FIGURE_JOIN.fullmatch(document.work, chosen[run[-1]][1].end, figure.start):
            break
        run.append(index)
    pieces, start = [], segment.start
    for separator in [*_LIST_SEPARATOR.finditer(document.work, segment.start, mark.start()), None]:
        end = separator.start() if separator else mark.start()
        text = document.original[start:end]
        if text.strip(" ,;:-"):
            offset = start + len(text) - len(text.lstrip(" ,;:-"))
            pieces.append((offset, text.strip(" ,;:-")))
        start = separator.end() if separator else end
    if len(run) < 2 or len(pieces) < len(run):
        return {}
    names = [text for _offset, text in pieces[-len(run) :]]
    phrase = document.original[pieces[-len(run)][0] : chosen[run[-1]][0][1]].strip(" ,;:.")
    return {
        index: (phrase, name if number == 0 else _with_head(names[0], name))
        for number, (index, name) in enumerate(zip(run, names, strict=True))
    }


def _with_head(first: str, later: str) -> str:
    """``số người tham gia bảo hiểm xã hội`` and ``bảo hiểm thất nghiệp`` → ``số người tham gia bảo hiểm thất
    nghiệp`` (the later name takes the words before its own first word); ``Tỷ lệ tham gia BHXH`` and ``BHTN`` →
    ``Tỷ lệ tham gia BHTN`` (it takes the place of as many last words)."""
    first_words, later_words = first.split(), later.split()
    folded = [word.lower() for word in first_words]
    if later_words[0].lower() in folded[1:]:
        return " ".join([*first_words[: folded.index(later_words[0].lower(), 1)], *later_words])
    if len(later_words) < len(first_words):
        return " ".join([*first_words[: len(first_words) - len(later_words)], *later_words])
    return later


def _read_segment(document: _Document, segment: _Segment, context: _Context, carried: int | None) -> list[ParsedTarget]:
    parts = _parts(document, segment)
    with_figures = [(part, _figures(document, *part)) for part in parts]
    kind = _qualitative(document.work[segment.start : segment.end])
    if kind is not None and all(_is_label(figure) for _, figures in with_figures for figure in figures):
        # "Hoàn thành … Bệnh viện Ung bướu cơ sở 2": a bare number in a yes/no or qualitative target
        # is part of a name.
        with_figures = [(part, []) for part in parts]
    chosen: list[tuple[tuple[int, int], _Figure, str]] = []
    pending_start: int | None = None
    head: tuple[int, int] | None = None
    head_kind: str | None = None
    for index, (part, figures) in enumerate(with_figures):
        if not figures:
            if pending_start is None:
                pending_start = part[0]
            continue
        if (
            not chosen
            and pending_start is not None
            and (head_kind := _opening_target(document, pending_start, part[0], figures[0]))
        ):
            # "Phấn đấu đến năm 2025 không còn hộ nghèo (…), 97% người dân tham gia BHYT": an opening clause with no
            # figure that states a done-or-not target of its own is that target, not words of the next one's name
            head, pending_start = (pending_start, parts[index - 1][1]), None
        start = pending_start if pending_start is not None else part[0]
        # Words between two targets belong to the earlier one when it opened its part ("100% hộ gia
        # đình, trường học, …") and to the later one otherwise ("…, tỷ lệ B đạt 80%"); a figure after its
        # name's colon opens no part ("nâng cao: 40%, nông thôn mới kiểu mẫu: 20%").
        if (
            pending_start is not None
            and chosen
            and chosen[-1][1].leading
            and not document.work[: chosen[-1][1].start].rstrip().endswith(":")
        ):
            previous_part, previous_figure, previous_reason = chosen[-1]
            chosen[-1] = ((previous_part[0], parts[index - 1][1]), previous_figure, previous_reason)
            start = part[0]
        pending_start = None
        figure, reason = _choose_figure(document.work, figures)
        chosen.append(((start, part[1]), figure, reason))
    tail: tuple[int, int] | None = None
    tail_kind = None
    maintained: tuple[int, int] | None = None
    if chosen and pending_start is not None:
        # "… tuổi thọ trung bình đạt 76 tuổi và không còn nhà tạm": a closing clause with no figure that
        # states a yes/no or qualitative target of its own is that target, not words of the one before.
        tail_kind = _qualitative(document.work[pending_start : segment.end], closing=True)
        if tail_kind == QUALITATIVE and _goes_on_saying_what_they_get(document, chosen[-1][1], pending_start):
            tail_kind = None
        # "100% NCT khi bị bệnh được khám và điều trị vào năm 2025 và duy trì đến năm 2030": the words of the name
        # after the leading figure come first, then the clause that keeps the target
        kept = next(
            (
                index
                for index, (start, _end) in enumerate(parts)
                if start >= pending_start and _maintained(document, start, segment.end)
            ),
            None,
        )
        if kept is not None:
            if parts[kept][0] > pending_start:
                last_part, last_figure, last_reason = chosen[-1]
                chosen[-1] = ((last_part[0], parts[kept - 1][1]), last_figure, last_reason)
            maintained, tail_kind = (parts[kept][0], segment.end), None
        elif tail_kind is not None:
            tail = (pending_start, segment.end)
        else:
            last_part, last_figure, last_reason = chosen[-1]
            chosen[-1] = ((last_part[0], segment.end), last_figure, last_reason)
    if chosen and head is None:
        chosen[0] = ((segment.start, chosen[0][0][1]), chosen[0][1], chosen[0][2])

    results = []
    respectively = ""
    paired: dict[int, tuple[str, str]] = {}
    in_order = _RESPECTIVELY.search(document.work, segment.start, segment.end)
    if len(chosen) > 1 and in_order:
        _carry_comparator(document, chosen, respectively=True)
    if len(chosen) > 1 and in_order and not _near_year_list(document, in_order.start()):
        # the figures go to names in order (a year-by-year list gave each figure its year: nothing to check)
        paired = _pair_respectively(document, segment, chosen)
        respectively = (
            "Câu dùng “lần lượt”: các mức ứng với các chỉ tiêu nêu trước theo thứ tự; cần kiểm tra mỗi mức đã "
            "gắn đúng chỉ tiêu."
        )
    elif not in_order:
        _carry_comparator(document, chosen, respectively=False)
    # the deadline of "… và duy trì đến năm 2030" is the maintained target's, not the figure's before it
    reached = _Segment(segment.start, maintained[0], False) if maintained else segment
    for index, (part, figure, reason) in enumerate(chosen):
        year, year_reason = _deadline_for(document, part, reached, carried)
        # once paired, a figure outside the "lần lượt" list ("…, trên 95% dân số tham gia BHYT") is its own clause
        listed = respectively if not paired or index in paired else ""
        reasons = [text for text in (reason, year_reason, listed) if text]
        # "lên 80% và 85% vào các năm 2015, 2020": a figure's phrase runs to the years that give it its own
        end = max(part[1], document.years_after_figures.get(figure.start, part[1]))
        phrase, name = paired.get(index, (_phrase_of(document, part[0], end), ""))
        results.append(replace(_build(document, figure, part, segment, context, year, phrase, reasons), name=name))
    starts = {year for position, year in document.deadlines if position in document.from_years}
    # "Từ năm 2021, tỷ lệ hộ nghèo giảm bình quân 1,5%/năm": 2021 is when the change starts, not its deadline
    results = [
        replace(result, year=carried) if result.kind in CHANGE_KINDS and result.year in starts else result
        for result in results
    ]
    shared = [years for position, years in document.shared_years if segment.start <= position < segment.end]
    if len(results) == 1 and len(shared) == 1:
        # "Tỷ lệ hộ nghèo các năm 2024, 2025 đều dưới 3%": the one figure is each listed year's target
        results = [replace(results[0], year=year) for year in shared[0]]
    if maintained is not None:
        # "… ở mức dưới 5% ở nông thôn và dưới 10% ở thành phố lớn vào năm 2015 và tiếp tục duy trì đến năm 2020":
        # the figures that close the sentence with the same deadline and kind are kept together, each kept target
        # right after its own (a clause with no words of its own is another year of the one before it)
        last = results[-1]
        count = sum(
            1 for _ in itertools.takewhile(lambda one: (one.year, one.kind) == (last.year, last.kind), results[::-1])
        )
        closing = results[len(results) - count :]
        results = results[: len(results) - count] + [
            target for result in closing for target in (result, *_kept_until(document, maintained, result))
        ]
    for clause, clause_kind, at in ((head, head_kind, 0), (tail, tail_kind, len(results))):
        if clause is not None and clause_kind is not None:
            results.insert(at, _figureless(document, clause, clause_kind, segment, context, carried))
    if results:
        return results

    if kind is None:
        return []
    return [
        _figureless(document, clause, kind, segment, context, carried)
        for clause in _clauses_by_deadline(document, segment)
    ]


def _figureless(
    document: _Document,
    clause: tuple[int, int],
    comparator: str,
    segment: _Segment,
    context: _Context,
    carried: int | None,
) -> ParsedTarget:
    """A target with no figure (yes/no or qualitative) read from one clause: its deadline, direction and phrase."""
    year, _ = _deadline_for(document, clause, segment, carried)
    direction, inferred = _resolve_direction(context, document.work[clause[0] : clause[1]])
    return ParsedTarget(
        comparator=comparator,
        year=year,
        phrase=_phrase_of(document, *clause),
        direction=direction,
        direction_inferred=inferred,
    )


def _clauses_by_deadline(document: _Document, segment: _Segment) -> list[tuple[int, int]]:
    """A figure-less target's clauses, one a deadline: "Hoàn thành việc xây dựng cơ sở dữ liệu … vào năm 2025 và kết
    nối với hệ thống dữ liệu quốc gia vào năm 2030" is two aims, each done by its year; the segment is cut at the "và"
    right after each deadline but the last. One deadline, or a "và" that does not follow one, keeps it whole."""
    deadlines = sorted(
        position
        for position, _year in document.deadlines
        if segment.start <= position < segment.end and position not in document.kept_deadlines
    )
    clauses, start = [], segment.start
    for position, following in itertools.pairwise(deadlines):
        joined = _AND_AFTER_A_DEADLINE.match(document.work, position, following)
        if joined:
            clauses.append((start, joined.start("and")))
            start = joined.end()
    return [*clauses, (start, segment.end)]


# what closes a masked deadline and opens the next aim: " và ", with nothing but spaces and a comma before it
_AND_AFTER_A_DEADLINE = re.compile(r"[\s,]*(?<!\w)(?P<and>và)\s+(?=[^\W\d_])")


def _context(
    indicator_name: str, direction: str | None, default_year: int | None, period: tuple[int, int] | None = None
) -> _Context:
    if direction is not None and direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    name_document = _prepare(indicator_name) if indicator_name else None
    return _Context(indicator_name, direction, default_year, name_document, period)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def parse_targets(
    text: str,
    *,
    indicator_name: str = "",
    direction: str | None = None,
    default_year: int | None = None,
    period: tuple[int, int] | None = None,
) -> list[ParsedTarget]:
    """Every target a bullet states, in order, each with its own deadline year.

    "Phấn đấu đến cuối năm 2027, tỷ lệ … đạt 90%; Đến năm 2030, … đạt 95%" gives two targets (2027,
    2030). Each target's ``phrase`` is its own clause of the text. A text that states no target gives
    one no-target result (see the module docstring), so the list is never empty.
    """
    context = _context(indicator_name, direction, default_year, period)
    targets = _read(_prepare(text), context)
    return targets or [_no_target(text, context)]


def parse_target(
    phrase: str,
    *,
    indicator_name: str = "",
    direction: str | None = None,
    default_year: int | None = None,
    period: tuple[int, int] | None = None,
) -> ParsedTarget:
    """The one target of a phrase (``phrase`` kept unchanged in the result).

    A phrase that states several targets is flagged for review and its first target returned; use
    :func:`parse_targets` to get them all.
    """
    targets = parse_targets(
        phrase, indicator_name=indicator_name, direction=direction, default_year=default_year, period=period
    )
    first = targets[0]
    reasons = [first.review_reason] if first.review_reason else []
    if len(targets) > 1:
        reasons.append(
            f"Nội dung có {len(targets)} mức chỉ tiêu; đã lấy mức thứ nhất “{render_target(first)}”, "
            "cần tách thành nhiều mục tiêu."
        )
    return ParsedTarget(
        **{**asdict(first), "phrase": phrase, "needs_review": bool(reasons), "review_reason": " ".join(reasons)}
    )


_COMPARATOR_LEADS = {LT: "dưới", LE: "không quá", GT: "trên", GE: "tối thiểu", EQ: "bằng", APPROX: "khoảng"}


def _amount(value: Decimal, unit: str) -> str:
    number = format_number(value)
    if not unit:
        return number
    if unit.startswith(("%", "‰", "/")):
        return number + unit
    return f"{number} {unit}"


def render_target(target: ParsedTarget, *, with_year: bool = False) -> str:
    """The canonical Vietnamese phrase of a target: ``dưới 3%``, ``tối thiểu 95%``, ``khoảng 77 tuổi``,
    ``từ 0,88 đến 0,9``, ``tối thiểu 35 giường bệnh viện/10.000 dân``, ``gấp 2 lần năm 2020``.

    Reading it back with :func:`parse_target` gives the same comparator, value(s) and unit. Yes/no and
    qualitative targets have no canonical form: their phrase is returned as written.
    """
    comparator, value, unit = target.comparator, target.value, target.unit
    if comparator in (YES_NO, QUALITATIVE) or (value is None and target.multiplier is None):
        return target.phrase.strip()
    if target.kind in CHANGE_KINDS and value is not None:
        text = render_change(target.kind, comparator, value, target.value_max, unit, target.base_year, target.direction)
        return f"đến năm {target.year}, {text}" if with_year and target.year is not None else text
    if comparator == RELATIVE:
        text = _render_relative(target)
    elif comparator == BETWEEN and value is not None and target.value_max is not None:
        # "từ 3% đến 4% GDP": the whole a share is of is named once, after the second figure.
        low = _amount(value, unit.split()[0]) if unit.startswith(("%", "‰")) else format_number(value)
        text = f"từ {low} đến {_amount(target.value_max, unit)}"
    elif value is not None:
        text = f"{_COMPARATOR_LEADS[comparator]} {_amount(value, unit)}"
    else:  # pragma: no cover - guarded above
        return target.phrase.strip()
    if target.yearly_average:
        text = f"bình quân mỗi năm {text}"
    if with_year and target.year is not None:
        text = f"đến năm {target.year}, {text}"
    return text


def render_change(
    kind: str,
    comparator: str,
    value: Decimal,
    value_max: Decimal | None,
    unit: str,
    base_year: int | None,
    direction: str | None,
) -> str:
    """``giảm bình quân mỗi năm từ 1 đến 1,5 điểm phần trăm``, ``tăng tối thiểu 10% so với năm 2020``,
    ``gấp 3,5 lần so với năm 2011``: a change target in words that read back to the same target."""
    if comparator == BETWEEN and value_max is not None:
        size = f"từ {format_number(value)} đến {format_number(value_max)}"
    else:
        lead = {GE: "", GT: "trên ", LE: "không quá ", LT: "dưới ", APPROX: "khoảng ", EQ: ""}.get(comparator, "")
        if kind != MULTIPLE and comparator == GE:
            lead = "tối thiểu "
        size = f"{lead}{format_number(value)}"
    since = f" so với năm {base_year}" if base_year is not None else ""
    if kind == MULTIPLE:
        return f"gấp {size} lần{since}"
    amount = f"{size}%" if unit == "%" else f"{size} {unit}".rstrip()
    verb = "giảm" if direction == DOWN else "tăng"
    if kind == CHANGE_PER_YEAR:
        return f"{verb} bình quân mỗi năm {amount}"
    return f"{verb} {amount}{since}"


def _render_relative(target: ParsedTarget) -> str:
    base = f" năm {target.base_year}" if target.base_year is not None else ""
    comparison = f" so với{base}" if base else ""
    multiplier = target.multiplier
    if multiplier is None:
        low = target.value if target.value is not None else Decimal(0)
        high = target.value_max
        verb = "giảm" if low < 0 or (high is not None and high < 0) else "tăng"
        if high is None:
            amount = _amount(abs(low), target.unit)
        else:
            near, far = sorted((abs(low), abs(high)))
            amount = f"{format_number(near)}-{_amount(far, target.unit)}"
        return f"{verb} {amount}{comparison}"
    if multiplier >= 2 and multiplier == multiplier.to_integral_value():
        return f"gấp {format_number(multiplier)} lần{base}"
    change = (multiplier - 1) * 100
    verb = "giảm" if change < 0 else "tăng"
    return f"{verb} {format_number(abs(change))}%{comparison}"
