"""The plan reader measured against hand-labelled documents: per document, how many labelled targets it
found, how many came out whole, which fields were wrong, and what it produced that no label holds.

A labelled document is a pair in one folder: ``NN-slug.txt`` (the targets part as published) and
``NN-slug.toml`` (``[document]`` with its source, ``[[target]]`` with the expected fields, see
each label's ``note``). Pure: no Django, reads only the files it is given.

**Matching.** A read target answers a label when its phrase and the label's quote hold the same words
(one inside the other, after folding case and spaces), or, failing that, when most of the quote's words
are in the phrase. Among those, the read target with most fields equal wins; each read target answers
at most one label. **Whole** means every compared field is equal: kind, comparator, value, value_max,
unit, year, and base_year where the label has one. A change written with ``%`` in a rate is a change in
percentage points (the labels' rule), so for change kinds the units ``%`` and ``điểm phần trăm`` are
the same unit, a change against a base year in ``điểm phần trăm`` is the kind ``points_change``, and a count written with its scale word (``8 triệu lượt``) is the scaled count
(8.000.000 lượt). **The end year typed**: when the reader finds no end year in the text, the
document is read again with the last year of its ``period``, as the person importing it types it on the
form. **Invented**: a read target that answers no label; those without a review flag are the ones a person
would take on trust, and are counted apart, as are the targets found with a wrong field and no flag. **False
alarms**: whole targets that carry a review flag, which a person is asked to confirm though the reader read them
right: the cost of each flag. **Pointed at**: a label no target answers whose clause the preview lists among the
figures not read (``unread``): the person is shown where to look. **Genre**: each document says which kind of text
it is (``genre`` in ``[document]``: the plan's own words, an account of a plan by someone else, or another text with
targets in passing), and the totals are also printed by kind, since a secretariat imports the first and the sets
hold all three."""

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ansinh.programs.plan_import.pipeline import PlanFormatError, parse_plan
from ansinh.programs.plan_import.text import closeness, squash
from ansinh.rules.targets import QUALITATIVE, YES_NO, ParsedTarget, squared_areas

FIELDS = ("kind", "comparator", "value", "value_max", "unit", "year", "base_year")
CHANGE_KINDS = frozenset({"change_per_year", "change_vs_base", "points_change"})
# Documents once kept out of development: every third one. Their figures are still reported apart, to show
# which documents came late, but from the reader13 round (07/12/2026) on they are developed against too and no
# longer blind; the blind measure is a new set (docs/plan-import.md, "The regression set").
HOLD_OUT_EVERY = 3
GENRES = {
    "text": "lời văn bản (kế hoạch, chương trình, nghị quyết… như ban hành)",
    "report": "tin bài thuật lại kế hoạch",
    "other": "văn bản khác (tổng kết, phát biểu, nghiên cứu…)",
    "": "chưa phân loại",
}


@dataclass(frozen=True)
class Expected:
    number: int
    quote: str
    fields: dict[str, object]
    note: str = ""


@dataclass
class DocumentScore:
    name: str
    held_out: bool
    genre: str = ""
    expected: int = 0
    found: int = 0
    whole: int = 0
    invented: int = 0
    invented_unflagged: int = 0
    whole_flagged: int = 0
    wrong_unflagged: int = 0
    missing_pointed: int = 0
    unread: int = 0
    wrong: Counter[str] = field(default_factory=Counter)
    error: str = ""
    details: list[str] = field(default_factory=list)


@dataclass
class Totals:
    documents: int = 0
    expected: int = 0
    found: int = 0
    whole: int = 0
    invented: int = 0
    invented_unflagged: int = 0
    whole_flagged: int = 0
    wrong_unflagged: int = 0
    missing_pointed: int = 0
    unread: int = 0
    wrong: Counter[str] = field(default_factory=Counter)

    def add(self, score: DocumentScore) -> None:
        self.documents += 1
        self.expected += score.expected
        self.found += score.found
        self.whole += score.whole
        self.invented += score.invented
        self.invented_unflagged += score.invented_unflagged
        self.whole_flagged += score.whole_flagged
        self.wrong_unflagged += score.wrong_unflagged
        self.missing_pointed += score.missing_pointed
        self.unread += score.unread
        self.wrong.update(score.wrong)

    @property
    def whole_share(self) -> Decimal:
        return Decimal(self.whole * 100) / self.expected if self.expected else Decimal(0)


def is_held_out(name: str) -> bool:
    number = re.match(r"\d+", name)
    return number is not None and int(number.group()) % HOLD_OUT_EVERY == 0


def read_labels(path: Path) -> tuple[dict[str, object], list[Expected]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    expected = []
    for number, target in enumerate(data.get("target", []), start=1):
        fields: dict[str, object] = {
            "kind": target["kind"],
            "comparator": target.get("comparator"),
            "value": _decimal(target.get("value")),
            "value_max": _decimal(target.get("value_max")),
            "unit": target.get("unit", ""),
            "year": target.get("year"),
            "base_year": target.get("base_year"),
        }
        expected.append(Expected(number, target["quote"], fields, target.get("note", "")))
    document = data.get("document", {})
    if document.get("genre", "") not in GENRES:
        raise ValueError(f"{path.name}: genre {document['genre']!r} is not one of {sorted(GENRES)}")
    return document, expected


def typed_end_year(document: dict[str, object]) -> int | None:
    """The end year the person importing the document types when the preview says the text states none
    (the import form's "Năm kết thúc (khi văn bản không nêu)", ``import_plan --end-year``): the last year
    of the programme's period, which whoever imports a programme knows (``period = "2015-2020"``)."""
    years = re.findall(r"(?:19|20)\d\d", str(document.get("period") or ""))
    return int(years[-1]) if years else None


def kind_of(target: ParsedTarget) -> str:
    if target.comparator == YES_NO:
        return "yes_no"
    if target.comparator == QUALITATIVE:
        return "qualitative"
    return target.kind


def read_fields(target: ParsedTarget) -> dict[str, object]:
    kind = kind_of(target)
    return {
        "kind": kind,
        "comparator": target.comparator,
        "value": target.value,
        "value_max": target.value_max,
        "unit": target.unit,
        "year": target.year,
        "base_year": target.base_year,
    }


def _one_year_change(fields: dict[str, object]) -> bool:
    year = fields["year"]
    return fields["kind"] == "change_vs_base" and isinstance(year, int) and fields["base_year"] == year - 1


def wrong_fields(expected: dict[str, object], read: dict[str, object]) -> list[str]:
    """The names of the fields that differ. The change during year Y is one target whether it is written
    as a change per year in a plan for Y or as a change against Y-1: the two kinds are equal then."""
    wrong = []
    kind = expected["kind"]
    year = expected["year"]
    one_year = {"change_per_year", "change_vs_base"} == {kind, read["kind"]}
    if (
        one_year
        and isinstance(year, int)
        and (_one_year_change(expected) or _one_year_change(read))
        and read["base_year"] in (None, year - 1)
    ):
        read = {**read, "kind": kind, "base_year": expected["base_year"]}
    if (kind, read["kind"]) == ("change_vs_base", "points_change") and expected["unit"] == "điểm phần trăm":
        # the labels write a change in points against a base year as a change against it in "điểm phần trăm"; the
        # reader stores it as its own kind, a change in points against the base year: one target (a label's change
        # in "%" stays apart, it may be a share of the base value)
        read = {**read, "kind": kind}
    expected, read = _scaled(expected), _scaled(read)
    for name in FIELDS:
        want, got = expected[name], read[name]
        if name == "base_year" and want is None:
            continue  # a base year the label does not state is not judged
        if kind in ("yes_no", "qualitative") and name in ("value", "value_max", "unit"):
            continue
        if name == "unit":
            want, got = _unit(str(want or ""), str(kind)), _unit(str(got or ""), str(kind))
        if want != got:
            wrong.append(name)
    return wrong


_SCALE_WORDS = {"nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}


def _scaled(fields: dict[str, object]) -> dict[str, object]:
    """``8 triệu lượt`` is 8.000.000 lượt: a count written with its scale word is the same target either way
    (money keeps its scale, ``20.990 tỷ đồng``, as plans write it)."""
    scale, _space, rest = str(fields["unit"] or "").partition(" ")
    if scale not in _SCALE_WORDS or not rest or rest.split("/")[0] in ("đồng", "USD", "tỷ đồng"):
        return fields
    factor = _SCALE_WORDS[scale]
    return {
        **fields,
        "unit": rest,
        "value": None if fields["value"] is None else Decimal(str(fields["value"])) * factor,
        "value_max": None if fields["value_max"] is None else Decimal(str(fields["value_max"])) * factor,
    }


def _unit(unit: str, kind: str) -> str:
    unit = unicodedata.normalize("NFC", unit).lower()
    unit = re.sub(r"\s*/\s*", "/", " ".join(unit.split()))
    unit = squared_areas(unit)  # "m2 sàn/người" as a label types it is the reader's "m² sàn/người"
    if kind in CHANGE_KINDS and unit in ("%", "điểm phần trăm", "%/năm", "điểm phần trăm/năm"):
        return "điểm phần trăm"
    return unit


def _decimal(text: object) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


@dataclass(frozen=True)
class Candidate:
    """What answers a label: a target the reader read, or another person's label of the same text."""

    phrase: str
    fields: dict[str, object]
    flagged: bool = False
    review_reason: str = ""


def match_candidates(score: DocumentScore, expected: list[Expected], candidates: list[Candidate]) -> list[Expected]:
    """Each label answered by the closest candidate not taken yet, the one with most fields equal first; returns
    the labels no candidate answers."""
    phrases = [squash(candidate.phrase) for candidate in candidates]
    taken: set[int] = set()
    missing = []
    for label in expected:
        quote = squash(label.quote)
        choices = []
        for index, candidate in enumerate(candidates):
            if index in taken:
                continue
            near = closeness(quote, phrases[index])
            if near:
                wrong = wrong_fields(label.fields, candidate.fields)
                choices.append((near, -len(wrong), -index, index, wrong))
        if not choices:
            score.details.append(f"  thiếu #{label.number}: {label.quote[:90]}")
            missing.append(label)
            continue
        *_rest, index, wrong = max(choices)
        taken.add(index)
        score.found += 1
        if wrong:
            score.wrong.update(wrong)
            got = candidates[index].fields
            differences = ", ".join(f"{name}: {label.fields[name]!s} ≠ {got[name]!s}" for name in wrong)
            if not candidates[index].flagged:
                # taken on trust: the person is not told to look at it
                score.wrong_unflagged += 1
            mark = "" if candidates[index].flagged else ", KHÔNG có cờ"
            score.details.append(f"  sai{mark} #{label.number} ({differences}): {label.quote[:70]}")
        else:
            score.whole += 1
            if candidates[index].flagged:
                # a false alarm: a person is asked to confirm a target the reader read right
                score.whole_flagged += 1
                score.details.append(f"  đúng đủ, có cờ #{label.number}: {candidates[index].review_reason[:90]}")
    for index, candidate in enumerate(candidates):
        if index in taken:
            continue
        score.invented += 1
        if not candidate.flagged:
            score.invented_unflagged += 1
        fields = candidate.fields
        score.details.append(
            f"  thừa ({'có cờ rà soát' if candidate.flagged else 'KHÔNG có cờ'}): {fields['kind']} "
            f"{fields['comparator']} {fields['value']} {fields['unit']} {fields['year']} ← {candidate.phrase[:70]}"
        )
    return missing


def score_document(text_path: Path, labels_path: Path) -> DocumentScore:
    document, expected = read_labels(labels_path)
    score = DocumentScore(
        text_path.stem, is_held_out(text_path.stem), str(document.get("genre", "")), expected=len(expected)
    )
    text = text_path.read_text(encoding="utf-8")
    try:
        plan = parse_plan(text)
        if plan.metadata.end_year is None and (typed := typed_end_year(document)):
            plan = parse_plan(text, end_year=typed)
    except PlanFormatError as error:
        score.error = str(error)
        return score
    read = [target for target in plan.targets if target.has_target or target.comparator != QUALITATIVE]
    read = [target for target in read if target.has_target]
    candidates = [
        Candidate(target.phrase, read_fields(target), target.needs_review, target.review_reason) for target in read
    ]
    missing = match_candidates(score, expected, candidates)
    clauses = [squash(figure.clause) for figure in plan.unread]
    score.unread = len(clauses)
    for label in missing:
        quote = squash(label.quote)
        if any(closeness(quote, clause) or closeness(clause, quote) for clause in clauses):
            # the preview lists the clause among the figures not read: the person is shown where to look
            score.missing_pointed += 1
            score.details.append(
                f"  thiếu #{label.number} nằm trong “Con số chưa đọc thành mục tiêu” của bản xem trước"
            )
    return score


def agreement_document(first: Path, second: Path) -> DocumentScore:
    """Two people's labels of one text, the second's matched to the first's as the reader's targets are: "whole"
    is a target both labelled alike, "invented" one only the second labelled. How far people agree is the ceiling
    of any reader's score against one person's labels."""
    document, expected = read_labels(first)
    _document, others = read_labels(second)
    score = DocumentScore(first.stem, is_held_out(first.stem), str(document.get("genre", "")), expected=len(expected))
    match_candidates(score, expected, [Candidate(label.quote, label.fields) for label in others])
    return score


def agreement_folder(first: Path, second: Path) -> list[DocumentScore]:
    """Every text labelled in both folders (the same file names)."""
    return [
        agreement_document(labels, second / labels.name)
        for labels in sorted(first.glob("*.toml"))
        if (second / labels.name).exists()
    ]


def score_folder(folder: Path) -> list[DocumentScore]:
    return [
        score_document(text_path, text_path.with_suffix(".toml"))
        for text_path in sorted(folder.glob("*.txt"))
        if text_path.with_suffix(".toml").exists()
    ]


def totals(scores: list[DocumentScore]) -> tuple[Totals, Totals]:
    """(developed on, held out)."""
    developed, held_out = Totals(), Totals()
    for score in scores:
        (held_out if score.held_out else developed).add(score)
    return developed, held_out


def totals_by_genre(scores: list[DocumentScore]) -> dict[str, Totals]:
    """Every document, developed on or held out, totalled by its kind of text, in the order of ``GENRES``."""
    by_genre = {genre: Totals() for genre in GENRES}
    for score in scores:
        by_genre[score.genre].add(score)
    return {genre: total for genre, total in by_genre.items() if total.documents}


def _total_line(title: str, total: Totals) -> str:
    wrong = ", ".join(f"{name} {count}" for name, count in total.wrong.most_common())
    return (
        f"{title}: {total.documents} tài liệu, {total.whole}/{total.expected} mục tiêu đúng đủ "
        f"({total.whole_share:.1f}%), tìm thấy {total.found}, thừa {total.invented} "
        f"(không cờ rà soát: {total.invented_unflagged}); đúng đủ mà có cờ rà soát (báo nhầm): {total.whole_flagged}; "
        f"sai mà không cờ rà soát: {total.wrong_unflagged}; thiếu mà bản xem trước chỉ ra: {total.missing_pointed}/"
        f"{total.expected - total.found} (câu có số chưa đọc: {total.unread}); trường sai: {wrong or 'không'}"
    )


def report(scores: list[DocumentScore], *, details: bool = False) -> list[str]:
    lines = [
        f"{'tài liệu':44} {'mong đợi':>8} {'tìm thấy':>8} {'đúng đủ':>7} {'thừa':>5} {'thừa, không cờ':>14} {'đúng, có cờ':>11} {'sai, không cờ':>13}  trường sai"
    ]
    for score in scores:
        mark = " (giữ lại)" if score.held_out else ""
        wrong = ", ".join(f"{name} {count}" for name, count in score.wrong.most_common())
        lines.append(
            f"{(score.name + mark)[:44]:44} {score.expected:>8} {score.found:>8} {score.whole:>7} "
            f"{score.invented:>5} {score.invented_unflagged:>14} {score.whole_flagged:>11} {score.wrong_unflagged:>13}  {wrong}"
        )
        if score.error:
            lines.append(f"  lỗi: {score.error}")
        if details:
            lines.extend(score.details)
    for title, total in zip(("Tập phát triển", "Tập giữ lại"), totals(scores), strict=True):
        lines.append(_total_line(title, total))
    if any(score.genre for score in scores):
        for genre, total in totals_by_genre(scores).items():
            lines.append(_total_line(f"Loại văn bản — {GENRES[genre]}", total))
    return lines
