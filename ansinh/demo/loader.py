"""The demo data set: Hà Nội's units and its two social-policy programmes with published results, and
Thành phố Hồ Chí Minh's units (with the 24 districts of 2012–2020) and its Chương trình hành động
28-CTrHĐ/TU (2012–2020). Every step is idempotent, so ``make run`` may load it on every start.

Kế hoạch 181/KH-UBND and 28-CTrHĐ/TU are built the way a standing agency would build them: the plan
importer reads the plan's own text (``data/plans/181-kh-ubnd.txt``, seed 003; ``data/plans/28-ctrhd-tu.txt``,
seed 002), then the reviewed file ``data/<slug>.toml`` applies a person's corrections (lead units,
aggregation rules, names reworded for the indicator list, targets the text states without a figure) and
the count of targets it had to correct is reported."""

from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from ansinh.core.dates import format_date
from ansinh.demo.steering import load_steering
from ansinh.demo.stewardship import load_stewardship
from ansinh.evaluation.services import load_published_results
from ansinh.org import loaders
from ansinh.org.models import OrgUnit
from ansinh.org.services import load_admin_changes, load_admin_units, load_department_changes, load_departments
from ansinh.programs.models import Program, Target
from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.programs.plan_services import apply_import, preview_import, suggested_lead_units
from ansinh.programs.services import load_program_file
from ansinh.reporting.models import AssignmentRole
from ansinh.reporting.services.assignments import add_assignment, create_default_assignments
from ansinh.reporting.services.periods import close_period

Progress = Callable[[str], None]
DATA_DIR = Path(__file__).resolve().parent / "data"
PLAN_FILES = {
    "181-kh-ubnd": DATA_DIR / "plans" / "181-kh-ubnd.txt",
    "28-ctrhd-tu": DATA_DIR / "plans" / "28-ctrhd-tu.txt",
}
# Each programme with the code of the city that owns it: Hà Nội (P-01); TP.HCM as it was until 30/6/2025 (P-79).
DEMO_PROGRAMS = (("181-kh-ubnd", "P-01"), ("08-ctr-tu", "P-01"), ("28-ctrhd-tu", "P-79"))


def _structured(target: Target) -> tuple:
    return (target.kind, target.comparator, target.value, target.value_max, target.unit, target.year)


def import_plan_text(slug: str, city: OrgUnit, progress: Progress) -> dict[int, tuple] | None:
    """Run the importer on the plan's own text the first time; return the imported targets."""
    if slug not in PLAN_FILES or Program.objects.filter(slug=slug).exists():
        return None
    parsed = parse_plan(PLAN_FILES[slug].read_text(encoding="utf-8"))
    preview = preview_import(None, parsed, owner_unit=city)
    summary = apply_import(preview, owner_unit=city, lead_units=suggested_lead_units(preview))
    progress(summary.message())
    return {target.pk: _structured(target) for target in Target.objects.filter(indicator__program=summary.program)}


# Figures the communes collect themselves in the demo: jobs created (2), the household poverty review (8)
# and cremations (16) are counted commune by commune, then summed or divided up to the city.
COMMUNE_COLLECTED = {"08-ctr-tu": ("2", "8", "16")}
# Before 1/7/2025 the communes' figures went to their district, which consolidated and reported to the city: the
# districts report the same indicators for the periods of that time (none after: the district level ended).
DISTRICT_COLLECTED = {"08-ctr-tu": ("2", "8", "16")}
# Coordinating units the sources name: the 9/1/2023 conference gave the school-health indicator (13) to Sở GD&ĐT
# with Sở Y tế coordinating (data/08-ctr-tu-steering.toml).
COORDINATING = {"08-ctr-tu": {"13": ("HN-SYT",)}}


def close_past_periods(program: Program, progress: Progress) -> None:
    """The years whose results are published are over: their periods are closed as the secretariat would have
    closed them, so no reminder says "Đã quá hạn 1.813 ngày". Done when the results are first loaded only; a
    period someone reopened stays open."""
    today = timezone.localdate()
    for period in program.periods.filter(is_open=True, deadline__lt=today).order_by("year"):
        missing = close_period(period)
        progress(f"{program}: đóng kỳ {period} (hạn {format_date(period.deadline)}), {missing} đơn vị không gửi.")


def load_demo(*, progress: Progress = lambda _message: None) -> None:
    if not OrgUnit.objects.filter(code="P-01").exists():
        progress("Nạp đơn vị hành chính Hà Nội (trước và sau 1/7/2025)…")
        load_admin_units("hanoi", progress=progress)
    if not OrgUnit.objects.filter(code="P-79").exists():
        progress("Nạp đơn vị hành chính Thành phố Hồ Chí Minh (trước và sau 1/7/2025)…")
        load_admin_units("hochiminh", progress=progress)
    changes = load_admin_changes(loaders.TPHCM_2012_2020_FILE)
    if changes.created:
        progress(
            "Thành phố Hồ Chí Minh: thêm Quận 2, Quận 9, quận Thủ Đức (đến 31/12/2020) và Thành phố Thủ Đức kế thừa."
        )
    departments = loaders.read_departments()
    progress("Nạp các sở, ban, ngành Thành phố…")
    load_departments(departments.departments, departments.city_code)
    progress("Sắp xếp các sở, ngành từ 01/03/2025 (Sở LĐTB&XH kết thúc ngày 28/02/2025)…")
    load_department_changes()
    for slug, city_code in DEMO_PROGRAMS:
        city = OrgUnit.objects.get(code=city_code)
        imported = import_plan_text(slug, city, progress)
        summary = load_program_file(DATA_DIR / f"{slug}.toml", owner_unit=city)
        if imported is not None:
            corrected = sum(
                1 for target in Target.objects.filter(pk__in=imported) if _structured(target) != imported[target.pk]
            )
            progress(
                f"{summary.program}: rà soát sau khi nhập — {len(imported) - corrected}/{len(imported)} mục tiêu "
                f"không cần sửa, {corrected} mục tiêu đã sửa."
            )
        else:
            progress(f"{summary.program}: {summary.indicators_updated + summary.indicators_created} chỉ tiêu.")
        assigned = create_default_assignments(summary.program)
        for indicator in summary.program.indicators.filter(code__in=COMMUNE_COLLECTED.get(slug, ())):
            if not indicator.assignments.filter(role=AssignmentRole.COMMUNES).exists():
                add_assignment(indicator, role=AssignmentRole.COMMUNES)
                assigned += 1
        for indicator in summary.program.indicators.filter(code__in=DISTRICT_COLLECTED.get(slug, ())):
            if not indicator.assignments.filter(role=AssignmentRole.DISTRICTS).exists():
                add_assignment(indicator, role=AssignmentRole.DISTRICTS)
                assigned += 1
        for code, unit_codes in COORDINATING.get(slug, {}).items():
            indicator = summary.program.indicators.get(code=code)
            for unit in OrgUnit.objects.filter(code__in=unit_codes).exclude(assignments__indicator=indicator):
                add_assignment(indicator, role=AssignmentRole.COORDINATING, unit=unit)
                assigned += 1
        if assigned:
            progress(f"{summary.program}: {assigned} phân công báo cáo (đơn vị chủ trì, phối hợp, cấp xã).")
        results = DATA_DIR / f"{slug}-results.toml"
        if results.exists():
            loaded = load_published_results(summary.program, results)
            progress(
                f"{summary.program}: {loaded.values} số liệu đã công bố, {loaded.declared} kết quả do Ban Chỉ đạo công bố."
            )
            if loaded.values:
                close_past_periods(summary.program, progress)
    load_steering(progress)
    load_stewardship(progress)
