"""The rules of a review (sơ kết, tổng kết), without Django: a programme's state is plain data — sections (chỉ
tiêu, tổng hợp, tình hình báo cáo, nhiệm vụ, kiểm tra, kinh phí), each a mapping of rows by key, each row a
mapping of fields to text, numbers, booleans or None — so two states compare field by field and every difference
is named; the committee's declared verdicts are compared with the computed ones the same way."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Scalar = str | int | float | bool | None
Row = Mapping[str, Scalar]
State = Mapping[str, Mapping[str, Row]]

SECTION_LABELS = {
    "indicators": "Chỉ tiêu",
    "summary": "Tổng hợp kết quả",
    "completeness": "Tình hình gửi báo cáo",
    "tasks": "Nhiệm vụ",
    "inspections": "Kiểm tra, giám sát",
    "budget": "Kinh phí",
}
FIELD_LABELS = {
    "name": "tên",
    "unit": "đơn vị tính",
    "target": "mục tiêu",
    "outlook": "triển vọng đạt mục tiêu cuối kỳ",
    "sentence": "kết quả tính từ số liệu",
    "declared_sentence": "kết luận Ban Chỉ đạo công bố",
    "expected": "số đơn vị phải báo cáo",
    "sent": "số đơn vị đã gửi",
    "on_time": "số đơn vị gửi đúng hạn",
    "late": "số đơn vị gửi trễ hạn",
    "title": "tên",
    "lead": "đơn vị chủ trì",
    "deadline": "thời hạn",
    "status": "trạng thái",
    "target_units": "số đơn vị cần kiểm tra",
    "visited": "số đơn vị đã kiểm tra",
    "pace": "tiến độ",
    "estimate": "dự toán",
    "allocated": "giao",
    "disbursed": "giải ngân",
    "settled": "quyết toán",
    "note": "ghi chú",
}
_BY_YEAR = re.compile(r"^(figure|verdict|declared|declared_source|target)_(\d{4})$")
_BY_YEAR_LABELS = {
    "figure": "số liệu năm",
    "verdict": "kết quả tính năm",
    "declared": "kết quả Ban Chỉ đạo công bố năm",
    "declared_source": "nguồn kết quả công bố năm",
    "target": "mục tiêu năm",
}


def field_label(name: str) -> str:
    matched = _BY_YEAR.match(name)
    if matched:
        return f"{_BY_YEAR_LABELS[matched.group(1)]} {matched.group(2)}"
    return FIELD_LABELS.get(name, name)


@dataclass(frozen=True)
class Difference:
    section: str
    key: str
    field: str | None  # None: the whole row was added or removed
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        if self.field is not None:
            return "changed"
        return "added" if self.before is None else "removed"

    @property
    def sentence(self) -> str:
        where = f"{SECTION_LABELS.get(self.section, self.section)} {self.key}"
        if self.kind == "added":
            return f"{where}: mới có"
        if self.kind == "removed":
            return f"{where}: không còn"
        assert self.field is not None
        return f"{where}, {field_label(self.field)}: {_shown(self.before)} → {_shown(self.after)}"


def _shown(value: Scalar) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def compare(before: State, after: State) -> list[Difference]:
    """Every difference between two states, section by section (in the order of SECTION_LABELS, then any
    other), row by row in key order, field by field: a row only on one side is one difference, a field absent
    on one side counts as None."""
    known = [name for name in SECTION_LABELS if name in before or name in after]
    sections = known + sorted((set(before) | set(after)) - set(known))
    differences: list[Difference] = []
    for section in sections:
        old, new = before.get(section, {}), after.get(section, {})
        for key in sorted(set(old) | set(new)):
            if key not in new:
                differences.append(Difference(section, key, None, dict(old[key]), None))
            elif key not in old:
                differences.append(Difference(section, key, None, None, dict(new[key])))
            else:
                for name in sorted(set(old[key]) | set(new[key])):
                    was, now = old[key].get(name), new[key].get(name)
                    if was != now:
                        differences.append(Difference(section, key, name, was, now))
    return differences


def apply(state: State, differences: list[Difference]) -> dict[str, dict[str, dict[str, Scalar]]]:
    """The state the differences lead to (what ``compare`` promises: apply(a, compare(a, b)) is b, up to fields
    that are None on both sides)."""
    result = {section: {key: dict(row) for key, row in rows.items()} for section, rows in state.items()}
    for difference in differences:
        rows = result.setdefault(difference.section, {})
        if difference.kind == "removed":
            rows.pop(difference.key, None)
        elif difference.kind == "added":
            rows[difference.key] = dict(difference.after)
        else:
            assert difference.field is not None
            rows[difference.key][difference.field] = difference.after
    return result


@dataclass(frozen=True)
class Disagreement:
    key: str
    year: str
    computed: Scalar
    declared: Scalar
    source: Scalar

    @property
    def sentence(self) -> str:
        return (
            f"Chỉ tiêu {self.key}, năm {self.year}: tính từ số liệu “{_shown(self.computed)}”, Ban Chỉ đạo công bố "
            f"“{_shown(self.declared)}”"
        )


def disagreements(state: State) -> list[Disagreement]:
    """Where the committee's declared verdict and the computed one differ, for every year a row carries both
    (a verdict that could not be computed — no figure — is not a disagreement)."""
    found = []
    for key, row in sorted(state.get("indicators", {}).items()):
        for name in sorted(row):
            matched = _BY_YEAR.match(name)
            if not matched or matched.group(1) != "declared":
                continue
            year = matched.group(2)
            declared, computed = row[name], row.get(f"verdict_{year}")
            if declared and computed and computed not in UNJUDGED and declared != computed:
                found.append(Disagreement(key, year, computed, declared, row.get(f"declared_source_{year}")))
    return found


# Verdicts that say nothing was judged: they never disagree with a declaration.
UNJUDGED = ("Chưa có số liệu", "Không đánh giá")
