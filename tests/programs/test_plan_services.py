"""Importing a plan's text into the database (ansinh.programs.plan_services)."""

import hashlib
import tomllib
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from ansinh.audit.models import AuditEvent
from ansinh.demo.loader import DATA_DIR
from ansinh.org.loaders import read_departments
from ansinh.org.models import OrgUnit
from ansinh.org.services import load_departments
from ansinh.programs.models import Indicator, Program, Target
from ansinh.programs.plan_import.pipeline import parse_plan
from ansinh.programs.plan_import.results import ParsedPlan, PlanMetadata
from ansinh.programs.plan_services import (
    PlanImportError,
    apply_import,
    issuing_commune,
    preview_import,
    suggested_lead_units,
)
from ansinh.programs.services import load_program_file

SEED_003 = (DATA_DIR / "plans" / "181-kh-ubnd.txt").read_text(encoding="utf-8")
pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> OrgUnit:
    """Hà Nội and the departments of seed 003's section IV; no programme."""
    city = OrgUnit.objects.create(code="P-01", name="Thành phố Hà Nội", kind="province")
    departments = read_departments()
    load_departments(departments.departments, departments.city_code)
    return city


def import_text(text: str, city: OrgUnit, **options):
    preview = preview_import(None, parse_plan(text), owner_unit=city)
    return preview, apply_import(preview, owner_unit=city, actor=None, **options)


def test_seed_003_into_an_empty_database(city: OrgUnit) -> None:
    preview = preview_import(None, parse_plan(SEED_003), owner_unit=city)
    assert preview.program is None and preview.problems == []
    assert preview.counts()["indicators_to_create"] == 51
    assert preview.counts()["targets_to_create"] == 41
    assert preview.unit_codes["Sở Y tế"] == "HN-SYT"
    assert preview.unit_codes["Bảo hiểm xã hội Thành phố"] == "HN-BHXH"

    summary = apply_import(preview, owner_unit=city, actor=None)
    program = Program.objects.get(code="181/KH-UBND")
    assert (summary.program_created, summary.indicators_created, summary.targets_created) == (True, 51, 41)
    assert program.slug == "181-kh-ubnd"
    assert (program.start_year, program.end_year, program.issued_on.isoformat()) == (2024, 2030, "2024-06-13")
    assert program.standing_agency is not None and program.standing_agency.code == "HN-SLDTBXH"
    assert program.indicators.count() == 51
    assert Target.objects.filter(indicator__program=program).count() == 41
    assert program.indicators.filter(is_group=True).count() == 10

    unemployment = program.indicators.get(code="2.1")
    assert unemployment.parent is not None and unemployment.parent.code == "2"
    assert (unemployment.name, unemployment.direction, unemployment.field) == (
        "Tỷ lệ thất nghiệp chung",
        "down",
        "Lao động, việc làm",
    )
    target = unemployment.targets.get()
    assert (target.year, target.is_end_target, target.comparator, target.value, target.unit) == (
        2030,
        True,
        "lt",
        Decimal(3),
        "%",
    )
    assert program.indicators.get(code="7.3").targets.get().value_max == Decimal("0.9")
    # 1 programme + 51 indicators + 41 targets + the summary, each audited
    assert AuditEvent.objects.filter(action__startswith="program.import").count() == 2
    assert AuditEvent.objects.filter(action="indicator.import.create").count() == 51
    assert AuditEvent.objects.filter(action="target.import.create").count() == 41


def test_importing_again_changes_nothing(city: OrgUnit) -> None:
    import_text(SEED_003, city)
    events = AuditEvent.objects.count()
    preview = preview_import(None, parse_plan(SEED_003))
    assert preview.program is not None and not preview.has_changes
    counts = preview.counts()
    assert (counts["indicators_unchanged"], counts["targets_unchanged"]) == (51, 41)
    summary = apply_import(preview, owner_unit=None, actor=None)
    assert (
        summary.indicators_created,
        summary.indicators_updated,
        summary.targets_created,
        summary.targets_updated,
    ) == (
        0,
        0,
        0,
        0,
    )
    assert Indicator.objects.count() == 51 and Target.objects.count() == 41
    assert AuditEvent.objects.count() == events


def test_a_changed_target_phrase_updates_that_target_only(city: OrgUnit) -> None:
    import_text(SEED_003, city)
    before = {(t.indicator.code, t.year): (t.value, t.phrase) for t in Target.objects.select_related("indicator")}
    changed = SEED_003.replace("2.1. Tỷ lệ thất nghiệp chung dưới 3%.", "2.1. Tỷ lệ thất nghiệp chung dưới 2,5%.")
    assert changed != SEED_003

    preview = preview_import(None, parse_plan(changed))
    changed_indicators = [item for item in preview.indicators if item.action != "unchanged"]
    changed_targets = [(item.code, t) for item in preview.indicators for t in item.targets if t.action != "unchanged"]
    assert [item.code for item in changed_indicators] == ["2.1"]
    assert [change.field for change in changed_indicators[0].changes] == ["target_text"]
    assert len(changed_targets) == 1
    code, target = changed_targets[0]
    assert (code, target.year) == ("2.1", 2030)
    assert {change.field: (change.before_text, change.after_text) for change in target.changes} == {
        "value": ("3", "2,5"),
        "phrase": ("Tỷ lệ thất nghiệp chung dưới 3%.", "Tỷ lệ thất nghiệp chung dưới 2,5%."),
    }

    summary = apply_import(preview, owner_unit=None, actor=None)
    assert (summary.targets_updated, summary.targets_unchanged, summary.indicators_updated) == (1, 40, 1)
    after = {(t.indicator.code, t.year): (t.value, t.phrase) for t in Target.objects.select_related("indicator")}
    assert after.pop(("2.1", 2030)) == (Decimal("2.5"), "Tỷ lệ thất nghiệp chung dưới 2,5%.")
    before.pop(("2.1", 2030))
    assert after == before
    event = AuditEvent.objects.get(action="target.import.update")
    assert event.before == {"value": "3", "phrase": "Tỷ lệ thất nghiệp chung dưới 3%."}
    assert event.after == {"value": "2.5", "phrase": "Tỷ lệ thất nghiệp chung dưới 2,5%."}


def test_lead_units_only_as_chosen(city: OrgUnit) -> None:
    preview = preview_import(None, parse_plan(SEED_003), owner_unit=city)
    leads = suggested_lead_units(preview)
    assert leads["2.1"] == "HN-SLDTBXH" and leads["7.11"] == "HN-SYT" and leads["6.3"] == "HN-SGDDT"
    assert "2" not in leads  # groups have none
    summary = apply_import(preview, owner_unit=city, actor=None, lead_units={"7.11": "HN-SYT"})
    assert summary.lead_units_set == 1
    assert Indicator.objects.get(code="7.11").lead_unit.code == "HN-SYT"
    assert Indicator.objects.filter(lead_unit__isnull=False).count() == 1

    again = preview_import(None, parse_plan(SEED_003))
    summary = apply_import(again, owner_unit=None, actor=None, lead_units=suggested_lead_units(again))
    assert summary.lead_units_set == 40  # every other leaf indicator; 7.11 keeps its lead
    assert Indicator.objects.get(code="4.1").lead_unit.code == "HN-BHXH"


def test_unknown_codes_write_nothing(city: OrgUnit) -> None:
    preview = preview_import(None, parse_plan(SEED_003), owner_unit=city)
    with pytest.raises(PlanImportError, match="Không có đơn vị mã HN-KHONG"):
        apply_import(preview, owner_unit=city, actor=None, lead_units={"2.1": "HN-KHONG"})
    with pytest.raises(PlanImportError, match="không có chỉ tiêu mã 99"):
        apply_import(preview, owner_unit=city, actor=None, lead_units={"99": "HN-SYT"})
    assert not Program.objects.exists()
    assert not AuditEvent.objects.filter(action__contains=".import").exists()


def test_what_the_plan_no_longer_lists_is_kept(city: OrgUnit) -> None:
    import_text(SEED_003, city)
    program = Program.objects.get()
    extra = Indicator.objects.create(program=program, code="13", name="Chỉ tiêu bổ sung")
    Target.objects.create(
        indicator=program.indicators.get(code="2.1"), year=2025, comparator="lt", value=4, phrase="dưới 4%"
    )
    preview = preview_import(program, parse_plan(SEED_003))
    assert preview.absent_indicators == [extra]
    assert [(t.indicator.code, t.year) for t in preview.absent_targets] == [("2.1", 2025)]
    apply_import(preview, owner_unit=None, actor=None)
    assert Indicator.objects.filter(pk=extra.pk).exists()
    assert Target.objects.filter(indicator__code="2.1", year=2025).exists()


def test_against_the_hand_checked_demo_programme(city: OrgUnit) -> None:
    """The demo programme loaded from the hand-checked file: the plan's own text agrees with it for
    40 of 41 targets; the preview lists the rest and overwrites no curated programme metadata."""
    load_program_file(DATA_DIR / "181-kh-ubnd.toml", owner_unit=city)
    preview = preview_import(None, parse_plan(SEED_003))
    counts = preview.counts()
    assert preview.program is not None and preview.program.slug == "181-kh-ubnd"
    assert (counts["targets_to_create"], counts["targets_to_update"], counts["targets_unchanged"]) == (0, 1, 40)
    updated = [(item.code, t.changes) for item in preview.indicators for t in item.targets if t.action == "update"]
    assert [(code, [c.field for c in changes]) for code, changes in updated] == [("7.1", ["unit"])]
    assert counts["indicators_to_create"] == 0 and counts["indicators_absent"] == 0
    assert preview.program_changes == []  # curated metadata is never overwritten …
    assert {c.field for c in preview.program_differences} == {"implements"}  # … differences are only shown


def test_a_new_programme_needs_its_number_date_and_area(city: OrgUnit) -> None:
    text = "KẾ HOẠCH\nThực hiện chính sách xã hội\n\nII. CÁC CHỈ TIÊU ĐẾN NĂM 2030\n1. Tỷ lệ hộ nghèo dưới 1%.\n"
    preview = preview_import(None, parse_plan(text), owner_unit=city)
    assert any("số hiệu" in problem for problem in preview.problems)
    assert any("ngày ban hành" in problem for problem in preview.problems)
    with pytest.raises(PlanImportError):
        apply_import(preview, owner_unit=city, actor=None)
    complete = preview_import(None, parse_plan(SEED_003))
    with pytest.raises(PlanImportError, match="địa bàn"):
        apply_import(complete, owner_unit=None, actor=None)
    assert not Program.objects.exists()


def test_the_same_number_on_a_plan_of_another_date(city: OrgUnit) -> None:
    import_text(SEED_003, city)
    other = SEED_003.replace("Hà Nội, ngày 13 tháng 6 năm 2024", "Hà Nội, ngày 02 tháng 1 năm 2025")
    preview = preview_import(None, parse_plan(other))
    assert any("khác ngày 02/01/2025" in problem for problem in preview.problems)
    with pytest.raises(PlanImportError):
        apply_import(preview, owner_unit=None, actor=None)


def test_the_plan_copies_are_the_public_documents() -> None:
    """Each plan text the demo imports is the published text, byte for byte (its digest as recorded with
    its source), so the demo never needs shared/ beside the clone."""
    recorded = tomllib.loads((DATA_DIR / "plans" / "sources.toml").read_text(encoding="utf-8"))["plan"]
    assert {entry["file"] for entry in recorded} == {path.name for path in (DATA_DIR / "plans").glob("*.txt")}
    for entry in recorded:
        text = (DATA_DIR / "plans" / entry["file"]).read_bytes()
        assert hashlib.sha256(text).hexdigest() == entry["sha256"], entry["file"]
        assert entry["source"]


def test_a_text_of_another_number_into_a_chosen_programme(city: OrgUnit) -> None:
    import_text(SEED_003, city)
    program = Program.objects.get()
    other = SEED_003.replace("Số: 181 /KH-UBND", "Số: 95/KH-UBND")
    preview = preview_import(program, parse_plan(other))
    assert any("95/KH-UBND, không phải Kế hoạch 181/KH-UBND" in problem for problem in preview.problems)


def test_targets_without_a_year_are_one_problem_not_one_per_target(city: OrgUnit) -> None:
    text = (
        "KẾ HOẠCH\nThực hiện chính sách xã hội\n\nII. CÁC CHỈ TIÊU\n"
        "1. Tỷ lệ hộ nghèo dưới 1%.\n2. Tỷ lệ thất nghiệp dưới 3%.\n3. Tỷ lệ bao phủ bảo hiểm y tế đạt 95%.\n"
    )
    problems = preview_import(None, parse_plan(text), owner_unit=city).problems
    about_years = [problem for problem in problems if "chưa có năm" in problem]
    assert len(about_years) == 1, problems
    assert about_years[0].startswith("3 mục tiêu chưa có năm (chỉ tiêu 1, 2, 3)")
    assert not any("None" in problem for problem in problems)


def test_an_undated_communes_plan_is_read_on_vietnams_date_not_the_servers(city, monkeypatch):
    """A plan with no issue date is matched to the communes of today as the site's time zone has it
    (timezone.localdate), never the server clock's date.today(): around midnight the two are different days."""
    OrgUnit.objects.create(code="W-TL", name="Xã Tân Lập", kind="commune", parent=city, valid_to=date(2025, 6, 30))
    plan = ParsedPlan(PlanMetadata(issuer="Ủy ban nhân dân xã Tân Lập"), [], [])
    assert issuing_commune(plan, city) is None  # today the old commune is gone
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2025, 3, 10))
    found = issuing_commune(plan, city)
    assert found is not None and found.code == "W-TL"
