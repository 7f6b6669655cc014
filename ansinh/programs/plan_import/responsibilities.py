"""Stage 6: the responsibility table (who leads which fields) and the units suggested to lead each
indicator, each with the reason; the standing agency named by the plan."""

import re

from ansinh.programs.plan_import.fields import SECTOR_OF, SECTORS, keyword_hits
from ansinh.programs.plan_import.results import LeadSuggestion, PlanIndicator, Responsibility
from ansinh.programs.plan_import.sections import Section
from ansinh.programs.plan_import.text import Line, fold

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
# "Phòng Văn hóa - Xã hội", "Trạm Y tế": the commune's own bodies (section IV of a commune's plan).
_WEAK_UNIT_HEADS = (
    "Ban",
    "Hội",
    "Đoàn",
    "Đài",
    "Báo",
    "Trường",
    "Viện",
    "Trung tâm",
    "Quỹ",
    "Phòng",
    "Trạm",
    "Các",
    "các",
)
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
    for match in SECTORS.finditer(folded):
        found.extend(SECTOR_OF[match.group()])
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
