"""The demo data set carries Hà Nội's real programmes end to end (issue: foundation)."""

import tomllib
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from ansinh.audit.models import AuditEvent
from ansinh.demo.loader import DATA_DIR, load_demo
from ansinh.evaluation.selectors import evaluate_program
from ansinh.org.models import OrgUnit, OrgUnitKind, OrgUnitSuccession
from ansinh.org.selectors import communes_of, subunits
from ansinh.programs.models import Indicator, Program, Target
from ansinh.reporting.models import DataValue, DataValueChange, Report, ReportingPeriod, ReportStatus
from ansinh.reporting.services.reminders import send_reminders
from ansinh.rules.verdicts import Observation, Status, choose_path_base, choose_target, is_path_year, judge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

SEED_003 = DATA_DIR / "plans" / "181-kh-ubnd.txt"  # the published text, checked in tests/programs


def hanoi() -> OrgUnit:
    return OrgUnit.objects.get(code="P-01")


def test_hanoi_has_30_districts_and_526_communes_before_the_reform_and_126_after():
    city = hanoi()
    before, after = date(2025, 6, 30), date(2025, 7, 1)
    assert subunits(city, on=before, kind=OrgUnitKind.DISTRICT).count() == 30
    assert communes_of(city, before).count() == 526
    assert subunits(city, on=after, kind=OrgUnitKind.DISTRICT).count() == 0
    new_communes = communes_of(city, after)
    assert new_communes.count() == 126
    assert new_communes.filter(type_name="Phường").count() == 51
    assert new_communes.filter(type_name="Xã").count() == 75


def test_every_old_hanoi_commune_passes_to_a_new_one():
    old = communes_of(hanoi(), date(2025, 6, 30))
    with_successor = OrgUnitSuccession.objects.filter(predecessor__in=old).values("predecessor").distinct()
    assert with_successor.count() == 526
    assert not OrgUnitSuccession.objects.filter(predecessor__in=old, effective_on__lt=date(2025, 7, 1)).exists()
    # Every new commune was formed from at least one old commune.
    new = communes_of(hanoi(), date(2025, 7, 1))
    assert OrgUnitSuccession.objects.filter(successor__in=new).values("successor").distinct().count() == 126


def test_city_departments_of_section_iv_are_loaded():
    departments = OrgUnit.objects.filter(parent=hanoi(), kind=OrgUnitKind.DEPARTMENT)
    names = set(departments.values_list("name", flat=True))
    assert {"Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Lao động - Thương binh và Xã hội"} <= names
    assert departments.count() >= 18


def _section_ii_codes() -> list[str]:
    """Every numbered line of section II of seed 003, read independently of the data file."""
    import re

    text = SEED_003.read_text(encoding="utf-8")
    section = text[text.index("II. CÁC CHỈ TIÊU CHỦ YẾU") : text.index("III. NỘI DUNG CỤ THỂ")]
    return re.findall(r"^[\s-]*(\d+(?:\.\d+)*)\.\s", section, flags=re.MULTILINE)


def test_181_lists_every_indicator_of_section_ii_with_a_structured_2030_target():
    program = Program.objects.get(slug="181-kh-ubnd")
    codes = _section_ii_codes()
    assert len(codes) == 51
    seed_text = SEED_003.read_text(encoding="utf-8")
    modelled = set(program.indicators.values_list("code", flat=True))
    assert set(codes) - modelled == set()
    for indicator in program.indicators.filter(is_group=False):
        target = indicator.targets.get(year=2030)
        assert target.is_end_target
        assert target.phrase in seed_text, indicator.code  # the original phrase, verbatim
        if target.comparator not in ("yes_no", "qualitative"):
            assert target.value is not None, indicator.code
    assert Target.objects.filter(indicator__program=program).count() == 41
    assert program.indicators.get(code="7.4").targets.get().value == Decimal(35)
    assert program.indicators.get(code="7.4").per_n == 10000
    hdi = program.indicators.get(code="7.3").targets.get()
    assert (hdi.comparator, hdi.value, hdi.value_max) == ("between", Decimal("0.88"), Decimal("0.9"))
    stunting = program.indicators.get(code="7.12").targets.get()
    assert (stunting.comparator, stunting.value) == ("lt", Decimal(15))


def test_08_ctr_tu_says_its_indicator_list_is_partial():
    program = Program.objects.get(slug="08-ctr-tu")
    evaluation = evaluate_program(program, 2022)
    assert evaluation.is_partial
    assert program.indicator_count_declared == 27
    assert "chưa có bản công khai" in program.completeness_note


def _status(evaluation, name_part: str):
    rows = [row for row in evaluation.rows if name_part in row.indicator.name]
    assert len(rows) == 1, name_part
    return rows[0]


def test_2022_verdicts_match_what_the_committee_published():
    evaluation = evaluate_program(Program.objects.get(slug="08-ctr-tu"), 2022)
    unemployment = _status(evaluation, "thất nghiệp khu vực thành thị")
    assert unemployment.status == Status.EXCEEDED and not unemployment.is_declared
    assert unemployment.actual == Decimal("2.23")
    assert unemployment.target.phrase == "dưới 4%"
    jobs = _status(evaluation, "Giải quyết việc làm")
    assert jobs.status == Status.EXCEEDED and not jobs.is_declared
    assert "203.027" in jobs.verdict.explanation
    beds = _status(evaluation, "giường bệnh")
    assert beds.status == Status.NOT_ACHIEVED and beds.is_declared
    life = _status(evaluation, "Tuổi thọ")
    # A figure (76,0) exists, but 2022 has no target of its own and no base value to draw the path to the 2025
    # target from: the committee's own verdict stands.
    assert life.status == Status.NOT_ACHIEVED and life.is_declared
    health = _status(evaluation, "quản lý sức khỏe")
    assert health.status == Status.NOT_ACHIEVED and health.is_declared
    school = _status(evaluation, "sức khỏe học đường")
    assert school.status == Status.NOT_IMPLEMENTED
    for name in (
        "bao phủ bảo hiểm y tế",
        "hộ nghèo",
        "sàng lọc trước sinh",
        "trẻ sơ sinh",
        "hỏa táng",
        "bảo hiểm thất nghiệp",
    ):
        assert _status(evaluation, name).status == Status.EXCEEDED, name
    counts = evaluation.summary.counts
    assert (counts[Status.EXCEEDED], counts[Status.NOT_ACHIEVED], counts[Status.NOT_IMPLEMENTED]) == (9, 3, 1)
    assert evaluation.declared_summaries[0].sentence.startswith("23/27 chỉ tiêu đạt và vượt kế hoạch")


def test_final_review_marks_the_replaced_indicator_not_assessed():
    evaluation = evaluate_program(Program.objects.get(slug="08-ctr-tu"), 2024)
    school = _status(evaluation, "sức khỏe học đường")
    assert school.status == Status.NOT_ASSESSED
    assert "1660/QĐ-TTg" in school.verdict.explanation
    assert "1 chỉ tiêu không đánh giá" in evaluation.summary.sentence


def test_published_results_went_through_the_data_entry_service():
    reports = Report.objects.filter(period__program__slug="08-ctr-tu", unit=hanoi())
    assert set(reports.values_list("period__year", flat=True)) == {2021, 2022, 2023, 2024}
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.APPROVED}
    values = DataValue.objects.filter(report__in=reports)
    assert DataValueChange.objects.filter(data_value__in=values).count() == values.count()
    assert AuditEvent.objects.filter(action="report.approve").count() >= 4
    assert all(value.source for value in values)


def test_loading_the_demo_again_changes_nothing():
    counts = (OrgUnit.objects.count(), Indicator.objects.count(), Target.objects.count(), DataValue.objects.count())
    load_demo()
    assert counts == (
        OrgUnit.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
        DataValue.objects.count(),
    )


def test_data_files_name_a_source_for_every_fact():
    data_dir = DATA_DIR
    for path in data_dir.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in data.get("value", []) + data.get("declared", []) + data.get("summary", []):
            assert entry["source"], (path.name, entry)
        for indicator in data.get("indicator", []):
            for target in indicator.get("targets", []):
                assert target["source"], (path.name, indicator["code"])


# ---------------------------------------------------------------------------------------------
# TP.HCM and its Chương trình hành động 28-CTrHĐ/TU (2012–2020), imported from its own text (seed 002)
# ---------------------------------------------------------------------------------------------


def tphcm() -> OrgUnit:
    return OrgUnit.objects.get(code="P-79")


def test_tphcm_ran_the_programme_with_24_districts_then_22_then_168_communes_after_the_reform():
    city = tphcm()
    assert subunits(city, on=date(2020, 6, 30), kind=OrgUnitKind.DISTRICT).count() == 24
    assert subunits(city, on=date(2021, 6, 30), kind=OrgUnitKind.DISTRICT).count() == 22
    thu_duc = OrgUnit.objects.get(code="D-769")
    assert thu_duc.name == "Thành phố Thủ Đức" and thu_duc.valid_from == date(2021, 1, 1)
    merged = OrgUnitSuccession.objects.filter(successor=thu_duc).values_list("predecessor__name", flat=True)
    assert set(merged) == {"Quận 2", "Quận 9", "Quận Thủ Đức"}
    new_city = OrgUnit.objects.get(code="P25-79")
    assert communes_of(new_city, date(2025, 7, 1)).count() == 168


def test_28_ctrhd_tu_has_its_2015_and_2020_targets_as_the_text_states_them():
    program = Program.objects.get(slug="28-ctrhd-tu")
    assert (program.code, program.owner_unit.code, program.start_year, program.end_year) == (
        "28-CTrHĐ/TU",
        "P-79",
        2012,
        2020,
    )
    assert "01/6/2012" in program.implements and "10/6/2012" in program.implements  # the sources disagree
    targets = Target.objects.filter(indicator__program=program)
    assert targets.filter(year=2015).count() == 9 and targets.filter(year=2020).count() == 7
    multiple = targets.get(indicator__code="7")
    assert (multiple.kind, multiple.value, multiple.base_year, multiple.unit) == (
        "multiple",
        Decimal("3.5"),
        2011,
        "lần",
    )
    unemployment = {target.year: (target.comparator, target.value) for target in targets.filter(indicator__code="2")}
    assert unemployment == {2015: ("le", Decimal("4.5")), 2020: ("lt", Decimal(4))}
    assert targets.get(indicator__code="13").unit == "‰"


TPHCM_RESULTS = DATA_DIR / "28-ctrhd-tu-results.toml"


def tphcm_published_figures() -> dict[tuple[str, int], dict]:
    """The city-wide figures the press and the city's organs published for 28-CTrHĐ/TU, as the data file keeps
    them: (indicator code, year) → the entry with its value, note and source."""
    data = tomllib.loads(TPHCM_RESULTS.read_text(encoding="utf-8"))
    assert data["unit"] == "P-79"
    return {(entry["indicator"], entry["year"]): entry for entry in data["value"]}


def test_28_ctrhd_tu_carries_its_published_results_each_with_its_source():
    published = tphcm_published_figures()
    values = DataValue.objects.filter(report__period__program__slug="28-ctrhd-tu")
    loaded = {(v.indicator.code, v.report.period.year): v for v in values.select_related("indicator", "report__period")}
    assert loaded.keys() == published.keys()
    for key, entry in published.items():
        value = loaded[key]
        assert value.report.unit == tphcm() and value.report.status == ReportStatus.APPROVED, key
        assert (value.value, value.source, value.note) == (Decimal(entry["value"]), entry["source"], entry["note"]), key
        # Every source names its publisher and the page's address.
        assert "(" in entry["source"] and "/" in entry["source"], key


@pytest.mark.parametrize("year", [2015, 2020])
def test_28_ctrhd_tu_verdicts_of_its_target_years_are_what_the_rules_give_for_the_published_figures(year):
    """Judged again here from the data file's figures and the programme's targets, with the rules alone: the
    pages must show the same verdict, figure and explanation."""
    program = Program.objects.get(slug="28-ctrhd-tu")
    published = {key: Decimal(entry["value"]) for key, entry in tphcm_published_figures().items()}
    evaluation = evaluate_program(program, year)
    assert len(evaluation.rows) == 15
    for row in evaluation.rows:
        code = row.indicator.code
        target = choose_target([t.as_rule() for t in row.indicator.targets.filter(scope__isnull=True)], year)
        figure = published.get((code, year))
        path_base = None
        if is_path_year(target, year):
            series = {earlier: published.get((code, earlier)) for earlier in range(program.start_year - 1, year)}
            path_base = choose_path_base(row.indicator.recorded_path_base, series, year, program.start_year - 1)
        base_value = published.get((code, target.base_year)) if target and target.base_year else None
        expected = judge(
            target,
            row.indicator.direction,
            Observation(value=figure) if figure is not None else None,
            tolerance=program.approx_tolerance,
            base_value=base_value,
            year=year,
            path_base=path_base,
        )
        assert row.actual == figure, code
        assert (row.status, row.verdict.explanation) == (expected.status, expected.explanation), code


def test_28_ctrhd_tu_opens_on_its_last_year_with_published_figures(client):
    last = max(year for _code, year in tphcm_published_figures())
    page = client.get("/chuong-trinh/28-ctrhd-tu/")
    assert page.status_code == 200
    assert page.context["year"] == last
    assert f"Kết quả năm {last}" in page.content.decode()


def test_28_ctrhd_tu_counts_its_figures_without_a_target_apart_from_the_missing_ones(client):
    """A published figure in a year the programme sets no target for is not "chưa có số liệu"."""
    last = max(year for _code, year in tphcm_published_figures())
    with_figures = sum(1 for _code, year in tphcm_published_figures() if year == last)
    summary = evaluate_program(Program.objects.get(slug="28-ctrhd-tu"), last).summary
    assert summary.unjudged_figures == with_figures > 0
    api = client.get(f"/api/v1/programs/28-ctrhd-tu/evaluation?year={last}").json()
    labels = {row["code"]: (row["status"], row["status_label"]) for row in api["indicators"]}
    for code, year in tphcm_published_figures():
        if year == last:
            assert labels[code] == ("no_data", "Chưa đánh giá"), code
    assert sum(label == ("no_data", "Chưa có số liệu") for label in labels.values()) == 15 - with_figures
    page = client.get("/chuong-trinh/28-ctrhd-tu/").content.decode()
    assert (
        f"{15 - with_figures} chỉ tiêu chưa có số liệu; {with_figures} chỉ tiêu đã có số liệu nhưng chưa đánh giá"
        in page
    )


@pytest.mark.parametrize(
    ("today", "opens_on"), [(date(2026, 12, 7), 2026), (date(2014, 3, 1), 2024), (date(2040, 5, 1), 2030)]
)
def test_a_programme_with_no_approved_report_opens_on_this_year_within_its_period(client, monkeypatch, today, opens_on):
    """Hà Nội's 181/KH-UBND (2024–2030) has no reported figure: its pages open on the year of today within its
    period — its last year once it has ended, the year of its final targets; its first year before it starts."""
    assert not Report.objects.filter(period__program__slug="181-kh-ubnd", status=ReportStatus.APPROVED).exists()
    monkeypatch.setattr(timezone, "localdate", lambda: today)
    page = client.get("/chuong-trinh/181-kh-ubnd/")
    assert page.status_code == 200
    assert page.context["year"] == opens_on
    assert f"Kết quả năm {opens_on}" in page.content.decode()


def test_the_demo_closes_the_past_years_so_no_reminder_counts_years_overdue():
    periods = ReportingPeriod.objects.filter(program__slug="08-ctr-tu")
    assert sorted(periods.values_list("year", flat=True)) == [2021, 2022, 2023, 2024]
    assert not periods.filter(is_open=True).exists()
    assert send_reminders(timezone.localdate()).notifications == 0
