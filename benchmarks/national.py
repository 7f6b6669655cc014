"""A national programme over the real units of the country, and its figures, deterministic from a seed.

The programme follows every commune and province of Việt Nam after the 2025 reform (34 provinces,
3,321 communes, from the ``vietnamadminunits`` data the product loads anyway):

* 46 indicators collected by every commune — 34 counts, 2 counts with their cuts by sex (whole, nam,
  nu), 8 percentages and 2 rates per 1.000, the rates with numerator and denominator — 50 figures a
  month per commune;
* 50 indicators reported by every province — 40 counts (money, inspections, training, models) and 10
  percentages — 50 figures a month per province;
* monthly figures for the 60 months from July 2025 to June 2030 (the units of the reform exist from
  1/7/2025; earlier months would be reported by the 10,035 old communes) and the yearly figures of
  2025–2029 the months add up to: 3,355 units × 50 figures × (60 months + 5 years) ≈ 10,9 million
  values;
* a 2026 target for every whole-figure indicator, so the verdicts have something to judge.

Every figure is a function of (seed, unit, period, indicator): a unit has a size drawn once from its
code, counts grow slowly over the years and vary by month, rates wander around a level of their own.
The same seed gives the same file, byte for byte, on any machine.

Figures enter through the product's bulk import (``ansinh.exchange.services.bulk.import_values``), as
approved history, one file per period.
"""

import random
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from ansinh.exchange.formats.bulk_csv import COLUMNS
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.org.selectors import communes_of, provinces_of
from ansinh.programs.models import Aggregation, Comparator, Direction, Indicator, Program, Target, ValueType
from ansinh.reporting.models import AssignmentRole
from ansinh.reporting.services.assignments import add_assignment
from ansinh.rules.periods import PeriodKey, cutoff_window, dhis2_code

SEED = 2025
SLUG = "quoc-gia-an-sinh"
MONTHS = tuple(PeriodKey(2025 + (month - 1) // 12, "month", (month - 1) % 12 + 1) for month in range(7, 7 + 60))
YEARS = tuple(PeriodKey(year, "year") for year in range(2025, 2030))
TARGET_YEAR = 2026
# After the data set: the months the bulk import benchmark loads, and the month of the deadline rush.
IMPORT_MONTHS = tuple(PeriodKey(2030, "month", month) for month in range(7, 13))
RUSH_MONTH = PeriodKey(2031, "month", 1)
COUNTRY = "VN"
MINISTRY = "BO-NOI-VU"
# A cut indicator carries its whole figure ("") beside the cuts, as the entry page requires it.
CUTS = ("", "nam", "nu")

_GROUPS = (
    "hộ nghèo",
    "hộ cận nghèo",
    "người cao tuổi",
    "người khuyết tật",
    "trẻ em có hoàn cảnh đặc biệt",
    "người có công với cách mạng",
    "lao động nông thôn",
    "người lao động mất việc làm",
    "đối tượng bảo trợ xã hội",
    "hộ gia đình chính sách",
    "người dân tộc thiểu số",
    "phụ nữ đơn thân nuôi con nhỏ",
)
_SUPPORT = ("được trợ cấp hằng tháng", "được hỗ trợ đột xuất", "được thăm hỏi, tặng quà")
_COMMUNE_RATES = (
    ("Tỷ lệ hộ nghèo", Direction.DOWN),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế", Direction.UP),
    ("Tỷ lệ trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế", Direction.UP),
    ("Tỷ lệ người cao tuổi được khám sức khỏe định kỳ", Direction.UP),
    ("Tỷ lệ hồ sơ trợ cấp xã hội được giải quyết đúng hạn", Direction.UP),
    ("Tỷ lệ lao động qua đào tạo", Direction.UP),
    ("Tỷ lệ hộ gia đình được dùng nước sạch", Direction.UP),
    ("Tỷ lệ trẻ em đi học đúng độ tuổi", Direction.UP),
)
_COMMUNE_PER_THOUSAND = (
    "Số người khuyết tật nặng được chăm sóc trên 1.000 dân",
    "Số trẻ em được trợ giúp pháp lý trên 1.000 trẻ em",
)
_TOPICS = (
    "trợ giúp xã hội",
    "giảm nghèo",
    "ưu đãi người có công",
    "bảo vệ trẻ em",
    "bình đẳng giới",
    "phòng, chống tệ nạn xã hội",
    "giáo dục nghề nghiệp",
    "việc làm",
    "bảo hiểm xã hội",
    "chăm sóc người cao tuổi",
)
_PROVINCE_MEASURES = (
    ("Kinh phí thực hiện chính sách {}", "triệu đồng", 4000),
    ("Số cuộc thanh tra, kiểm tra về {}", "cuộc", 6),
    ("Số lượt cán bộ được tập huấn về {}", "lượt", 120),
    ("Số mô hình về {} được duy trì", "mô hình", 15),
)


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    unit: str
    value_type: str
    aggregation: str
    direction: str = Direction.UP
    per_n: int | None = None
    cuts: tuple[str, ...] = ("",)
    # A count: a commune's typical monthly figure per 1.000 of its size. A rate: its typical level in %.
    level: float = 1.0
    by_province: bool = False


def _specs() -> tuple[list[Spec], list[Spec]]:
    communes: list[Spec] = []
    # 34 of the 36 pairs: with the two counts cut by sex (whole figure and two cuts each) and the ten rates,
    # a commune's month is exactly 50 figures.
    pairs = [(group, support) for group in enumerate(_GROUPS, start=1) for support in enumerate(_SUPPORT, start=1)]
    for (group_number, group), (support_number, support) in pairs[:34]:
        communes.append(
            Spec(
                f"X{group_number:02d}.{support_number}",
                f"Số {group} {support}",
                "người" if "hộ" not in group else "hộ",
                ValueType.NUMBER,
                Aggregation.SUM,
                level=4.0 / support_number,
            )
        )
    communes.append(
        Spec("X13.1", "Số người được giải quyết việc làm mới", "người", ValueType.NUMBER, Aggregation.SUM, cuts=CUTS)
    )
    communes.append(
        Spec("X13.2", "Số người được đào tạo nghề", "người", ValueType.NUMBER, Aggregation.SUM, cuts=CUTS, level=2.0)
    )
    for number, (name, direction) in enumerate(_COMMUNE_RATES, start=1):
        level = 4.0 if direction == Direction.DOWN else 70.0 + 3 * number
        communes.append(
            Spec(f"X14.{number}", name, "%", ValueType.PERCENT, Aggregation.RATIO, direction=direction, level=level)
        )
    for number, name in enumerate(_COMMUNE_PER_THOUSAND, start=1):
        communes.append(
            Spec(f"X15.{number}", name, "‰", ValueType.PER_N, Aggregation.RATIO, per_n=1000, level=0.6 * number)
        )
    provinces: list[Spec] = []
    for topic_number, topic in enumerate(_TOPICS, start=1):
        for measure_number, (pattern, unit, level) in enumerate(_PROVINCE_MEASURES, start=1):
            provinces.append(
                Spec(
                    f"T{topic_number:02d}.{measure_number}",
                    pattern.format(topic),
                    unit,
                    ValueType.NUMBER,
                    Aggregation.SUM,
                    level=level,
                    by_province=True,
                )
            )
        provinces.append(
            Spec(
                f"T{topic_number:02d}.5",
                f"Tỷ lệ giải ngân kinh phí {topic}",
                "%",
                ValueType.PERCENT,
                Aggregation.RATIO,
                level=80.0,
                by_province=True,
            )
        )
    return communes, provinces


COMMUNE_SPECS, PROVINCE_SPECS = _specs()
SPECS = {spec.code: spec for spec in (*COMMUNE_SPECS, *PROVINCE_SPECS)}


def values_per_report(specs: Iterable[Spec]) -> int:
    return sum(len(spec.cuts) for spec in specs)


def _ministry(country: OrgUnit) -> OrgUnit:
    ministry, _ = OrgUnit.objects.get_or_create(
        code=MINISTRY,
        defaults={
            "name": "Bộ Nội vụ",
            "short_name": "Bộ Nội vụ",
            "kind": OrgUnitKind.DEPARTMENT,
            "parent": country,
            "source": "Cơ quan thường trực của chương trình thử tải toàn quốc",
        },
    )
    return ministry


def create_program(*, seed: int = SEED, slug: str = SLUG, target_year: int = TARGET_YEAR) -> Program:
    """The national programme with its indicators, assignments (every commune, every province) and rate
    targets; the country's units must be loaded (``load_org_units --all``)."""
    country = OrgUnit.objects.get(code=COUNTRY)
    with transaction.atomic():
        program = Program.objects.create(
            slug=slug,
            code=f"{slug.upper()}/CT-TTg",
            kind="Chương trình",
            title="Chương trình an sinh xã hội toàn quốc (bộ số liệu thử tải, sinh tự động)",
            issuer="Thủ tướng Chính phủ",
            issued_on=date(2020, 12, 31),
            start_year=2025,
            end_year=2031,
            owner_unit=country,
            standing_agency=_ministry(country),
            report_deadline="Hằng tháng, trước ngày 20 của tháng sau",
            source=f"Sinh bởi benchmarks/national.py, hạt giống {seed}",
        )
        rng = random.Random(seed)
        for spec in (*COMMUNE_SPECS, *PROVINCE_SPECS):
            indicator = Indicator.objects.create(
                program=program,
                code=spec.code,
                name=spec.name,
                unit=spec.unit,
                value_type=spec.value_type,
                per_n=spec.per_n,
                direction=spec.direction,
                aggregation=spec.aggregation,
            )
            role = AssignmentRole.PROVINCES if spec.by_province else AssignmentRole.COMMUNES
            add_assignment(indicator, role=role)
            _add_target(indicator, spec, rng, target_year)
    return program


def _add_target(indicator: Indicator, spec: Spec, rng: random.Random, year: int) -> None:
    """A target near what the generated figures reach, so that the verdicts come out mixed."""
    if spec.value_type == ValueType.NUMBER:
        return  # A national count target needs the national total; `add_count_targets` sets it after loading.
    level = Decimal(str(round(spec.level * rng.uniform(0.97, 1.03), 1)))
    comparator = Comparator.LE if spec.direction == Direction.DOWN else Comparator.GE
    Target.objects.create(
        indicator=indicator,
        year=year,
        comparator=comparator,
        value=level,
        unit=spec.unit,
        phrase=f"{'không quá' if comparator == Comparator.LE else 'đạt ít nhất'} {level}{spec.unit}",
        source="Sinh tự động cho bộ số liệu thử tải",
    )


def reporting_units(program: Program, day: date) -> tuple[list[OrgUnit], list[OrgUnit]]:
    """(communes, provinces) expected on ``day``, in code order."""
    communes = list(communes_of(program.owner_unit, day).order_by("code"))
    provinces = list(provinces_of(program.owner_unit, day).order_by("code"))
    return communes, provinces


def _stable(*parts: object) -> int:
    return zlib.crc32("|".join(str(part) for part in parts).encode())


def _size(seed: int, unit_code: str) -> float:
    """A unit's size (thousands of people for a commune): log-normal, as commune populations are."""
    return random.Random(_stable(seed, "size", unit_code)).lognormvariate(2.3, 0.5)


@dataclass(frozen=True)
class Cell:
    code: str
    cut: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None

    def csv_row(self, period: str, unit_code: str) -> str:
        def text(number: Decimal | None) -> str:
            return "" if number is None else str(number)

        return (
            f"{period},{unit_code},{self.code},{self.cut},{text(self.value)},"
            f"{text(self.numerator)},{text(self.denominator)}\n"
        )


def month_cells(seed: int, unit_code: str, year: int, month: int, specs: Iterable[Spec]) -> list[Cell]:
    """The figures of one unit for one month."""
    size = _size(seed, unit_code)
    rng = random.Random(_stable(seed, unit_code, year, month))
    growth = 1 + 0.04 * (year - 2025)
    cells = []
    for spec in specs:
        for cut in spec.cuts:
            if spec.value_type == ValueType.NUMBER:
                if cut == "" and len(spec.cuts) > 1:
                    continue  # the whole figure is the sum of its cuts, added below
                scale = spec.level if spec.by_province else spec.level * size
                count = max(0, round(scale * growth * rng.uniform(0.6, 1.4) / len(spec.cuts)))
                cells.append(Cell(spec.code, cut, Decimal(count), None, None))
            else:
                denominator = max(1, round((size * 90 if not spec.by_province else 1000) * rng.uniform(0.9, 1.1)))
                if spec.per_n:
                    share = spec.level / spec.per_n
                else:
                    drift = 0.4 * (year - 2025) * (-1 if spec.direction == Direction.DOWN else 1)
                    share = min(max((spec.level + drift + rng.gauss(0, 3)) / 100, 0.0), 1.0)
                numerator = min(denominator, round(denominator * share * rng.uniform(0.9, 1.1)))
                cells.append(Cell(spec.code, cut, None, Decimal(numerator), Decimal(denominator)))
        if len(spec.cuts) > 1:
            parts = [cell.value or 0 for cell in cells if cell.code == spec.code]
            cells.append(Cell(spec.code, "", Decimal(sum(parts)), None, None))
    return cells


def year_cells(seed: int, unit_code: str, year: int, specs: list[Spec]) -> list[Cell]:
    """The yearly figures of a unit: the sum of its twelve months, a rate from the summed parts."""
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for month in range(1, 13):
        for cell in month_cells(seed, unit_code, year, month, specs):
            parts = (cell.value, cell.numerator, cell.denominator)
            held = sums.setdefault((cell.code, cell.cut), [Decimal(0)] * 3)
            for index, part in enumerate(parts):
                if part is not None:
                    held[index] += part
    cells = []
    for (code, cut), (value, numerator, denominator) in sums.items():
        if SPECS[code].value_type == ValueType.NUMBER:
            cells.append(Cell(code, cut, value, None, None))
        else:
            cells.append(Cell(code, cut, None, numerator, denominator))
    return cells


def period_lines(seed: int, key: PeriodKey, communes: Iterable[OrgUnit], provinces: Iterable[OrgUnit]) -> Iterator[str]:
    """The bulk import file of one period (a month or a year) for the units given, header first."""
    yield ",".join(COLUMNS) + "\n"
    period = dhis2_code(key)
    for units, specs in ((communes, COMMUNE_SPECS), (provinces, PROVINCE_SPECS)):
        for unit in units:
            if key.kind == "year":
                cells = year_cells(seed, unit.code, key.year, specs)
            else:
                cells = month_cells(seed, unit.code, key.year, key.number, specs)
            for cell in cells:
                yield cell.csv_row(period, unit.code)


def period_end(key: PeriodKey) -> date:
    return cutoff_window(key)[1]


def add_count_targets(program: Program, *, year: int = TARGET_YEAR, seed: int = SEED) -> int:
    """Targets for the counts, set near the national totals just loaded (±8%), so some are met and some
    not. Returns how many were set."""
    from ansinh.reporting.selectors import area_totals

    rng = random.Random(_stable(seed, "targets", year))
    national = {
        total.indicator_id: total.figure
        for total in area_totals(program, year=year, kind="year", area_ids=[program.owner_unit_id])
        if total.disaggregation == ""
    }
    created = 0
    for indicator in program.indicators.filter(value_type=ValueType.NUMBER).order_by("sort_key"):
        figure = national.get(indicator.pk)
        if figure is None:
            continue
        level = (figure * Decimal(str(rng.uniform(0.92, 1.08)))).quantize(Decimal(1))
        Target.objects.update_or_create(
            indicator=indicator,
            year=year,
            scope=None,
            defaults={
                "comparator": Comparator.GE,
                "value": level,
                "unit": indicator.unit,
                "phrase": f"đạt ít nhất {level} {indicator.unit}",
                "source": "Sinh tự động cho bộ số liệu thử tải",
            },
        )
        created += 1
    return created
