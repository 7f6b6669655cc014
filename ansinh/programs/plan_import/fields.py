"""Stage 5: each indicator's field (lĩnh vực), from its heading or from keywords."""

import re
from collections.abc import Iterable

from ansinh.programs.plan_import.item import capitalise
from ansinh.programs.plan_import.results import PlanIndicator
from ansinh.programs.plan_import.text import fold

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
    # A commune's Phòng Văn hóa - Xã hội (from 1/7/2025) advises on culture, education, health, labour,
    # people with merit and social affairs.
    "văn hóa xã hội": (
        "Lao động, việc làm",
        "Người có công",
        "Trợ giúp xã hội",
        "Giảm nghèo",
        "Trẻ em",
        "Bình đẳng giới",
        "Bảo hiểm xã hội, bảo hiểm y tế",
        "Giáo dục",
        "Văn hóa, thông tin",
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
SECTORS = _keyword_pattern(SECTOR_FIELDS)
SECTOR_OF = {fold(key): value for key, value in SECTOR_FIELDS.items()}
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
    return field_of(match.group("topic")) or capitalise(match.group("topic"))


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
