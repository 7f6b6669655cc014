"""What an entrance says it imported is what the database holds (issue 21).

For every entrance that writes figures — the page (save and autosave), the API, a unit's spreadsheet, DHIS2,
Open SDG and the bulk import — hypothesis draws a mix of reports that do not exist yet, exist but are empty,
or hold some cells, and a file (or form, or request) that overlaps some of those cells and not others. The
summary's new / changed / unchanged counts must be the counts a read-back of the database gives, and the
database must hold the old cells overlaid with the new ones, nothing lost and nothing extra.
"""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.exchange.formats.bulk_csv import COLUMNS
from ansinh.exchange.formats.workbook import REPORT_SHEET
from ansinh.exchange.selectors import code_table
from ansinh.exchange.services.bulk import import_values
from ansinh.exchange.services.dhis2_import import import_dhis2
from ansinh.exchange.services.opensdg_import import import_opensdg
from ansinh.exchange.services.spreadsheets import export_report_workbook, import_report_workbook
from ansinh.reporting.models import AssignmentRole, DataValue, Report
from ansinh.reporting.selectors import cell_snapshot
from ansinh.reporting.services.assignments import add_assignment
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import ValueInput, autosave_cell, save_values

UNITS = 3
YEAR = 2025
Cell = tuple[int, str]  # (which new commune, indicator code)


@pytest.fixture
def scene(world, django_user_model):
    """Every commune reports 1.1 (a percentage) and 1.2 (a count of people) for the year 2025; each of the
    first three new communes has a reporter with an API key."""
    add_assignment(world.coverage, role=AssignmentRole.COMMUNES)
    add_assignment(world.supported, role=AssignmentRole.COMMUNES)
    period = get_or_open_year_period(world.program, YEAR)
    keys = []
    for index, unit in enumerate(world.new_communes[:UNITS]):
        user = django_user_model.objects.create_user(f"xa{index}")
        Membership.objects.create(user=user, unit=unit, role=Role.REPORTER)
        keys.append(create_token(user, name="kiểm thử", can_write=True)[1])
    return world, period, keys


def scenarios(codes: tuple[str, ...]):
    """(report state of each unit, the cells they hold, the cells the entrance brings)."""
    cells = [(unit, code) for unit in range(UNITS) for code in codes]
    figure = st.integers(min_value=0, max_value=6).map(lambda n: n * 10)
    state = st.sampled_from(["none", "empty", "cells"])
    return st.tuples(
        st.lists(state, min_size=UNITS, max_size=UNITS),
        st.dictionaries(st.sampled_from(cells), figure),
        st.dictionaries(st.sampled_from(cells), figure, min_size=1),
    )


def _prepare(world, period, states, held: dict[Cell, int]) -> dict[Cell, int]:
    """Make the reports as drawn; returns the cells actually held (only reports in state "cells" hold any)."""
    indicators = {"1.1": world.coverage, "1.2": world.supported}
    stored: dict[Cell, int] = {}
    for unit_index, state in enumerate(states):
        if state == "none":
            continue
        report = get_or_create_report(period, world.new_communes[unit_index])
        mine = {cell: value for cell, value in held.items() if cell[0] == unit_index}
        if state == "cells" and mine:
            save_values(report, [ValueInput(indicators[code], text=str(value)) for (_, code), value in mine.items()])
            stored.update(mine)
    return stored


def _read_back(world, period) -> dict[Cell, Decimal]:
    index = {unit.pk: n for n, unit in enumerate(world.new_communes)}
    return {
        (index[unit_id], code): value
        for unit_id, code, value in DataValue.objects.filter(report__period=period).values_list(
            "report__unit_id", "indicator__code", "value"
        )
    }


def _expected(stored: dict[Cell, int], brought: dict[Cell, int]) -> tuple[int, int, int]:
    new = sum(1 for cell in brought if cell not in stored)
    changed = sum(1 for cell, value in brought.items() if cell in stored and stored[cell] != value)
    return new, changed, len(brought) - new - changed


# --- the entrances: each writes ``brought`` and returns (new, changed, unchanged) as its summary says -----
# (the page, the API and a spreadsheet count new and changed figures together as "changed").


def _bulk(world, period, brought, keys, client):
    rows = [",".join(COLUMNS)] + [
        f"{YEAR},{world.new_communes[unit].code},{code},,{value},," for (unit, code), value in brought.items()
    ]
    summary = import_values(world.program, [row + "\n" for row in rows])
    return summary.imported, summary.updated, summary.unchanged


def _dhis2(world, period, brought, keys, client):
    values = [
        {"dataElement": code, "period": str(YEAR), "orgUnit": world.new_communes[unit].code, "value": str(value)}
        for (unit, code), value in brought.items()
    ]
    summary = import_dhis2(world.program, json.dumps({"dataValues": values}), code_table(world.program))
    assert not summary.conflicts, summary.conflicts
    return summary.imported, summary.updated, summary.ignored


def _opensdg(world, period, brought, keys, client):
    rows = ["Year,GeoCode,Value"] + [
        f"{YEAR},{world.new_communes[unit].code},{value}" for (unit, _), value in brought.items()
    ]
    summary = import_opensdg(world.supported, "\n".join(rows) + "\n")
    assert not summary.conflicts, summary.conflicts
    return summary.imported, summary.updated, summary.ignored


def _by_unit(brought):
    units: dict[int, dict[str, int]] = {}
    for (unit, code), value in brought.items():
        units.setdefault(unit, {})[code] = value
    return units


def _page(world, period, brought, keys, client):
    indicators = {"1.1": world.coverage, "1.2": world.supported}
    changed = unchanged = 0
    for unit, cells in _by_unit(brought).items():
        report = get_or_create_report(period, world.new_communes[unit])
        result = save_values(report, [ValueInput(indicators[code], text=str(value)) for code, value in cells.items()])
        changed, unchanged = changed + result.changed, unchanged + result.unchanged
    return changed, unchanged


def _autosave(world, period, brought, keys, client):
    indicators = {"1.1": world.coverage, "1.2": world.supported}
    saved = 0
    for (unit, code), value in brought.items():
        report = get_or_create_report(period, world.new_communes[unit])
        indicator = indicators[code]
        result = autosave_cell(
            report, indicator, values={"text": str(value)}, based_on=cell_snapshot(report, indicator)
        )
        assert result.saved and result.cell is not None and Decimal(result.cell["value"]) == value
        saved += 1
    return (saved,)


def _api(world, period, brought, keys, client):
    changed = unchanged = 0
    for unit, cells in _by_unit(brought).items():
        report = get_or_create_report(period, world.new_communes[unit])
        body = {"version": report.version, "values": [{"indicator": c, "value": v} for c, v in cells.items()]}
        response = client.put(
            f"/api/v1/reports/{report.pk}/values",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {keys[unit]}",
        )
        assert response.status_code == 200, response.json()
        changed, unchanged = changed + response.json()["changed"], unchanged + response.json()["unchanged"]
    return changed, unchanged


def _spreadsheet(world, period, brought, keys, client):
    changed = unchanged = 0
    for unit, cells in _by_unit(brought).items():
        commune = world.new_communes[unit]
        book = openpyxl.load_workbook(io.BytesIO(export_report_workbook(period, commune)))
        sheet = book[REPORT_SHEET]
        header = next(row for row in sheet.iter_rows() if any(cell.value == "Mã chỉ tiêu" for cell in row))
        columns = {str(cell.value).split(" (")[0]: cell.column for cell in header if cell.value}
        for row in sheet.iter_rows(min_row=header[0].row + 1):
            code = row[columns["Mã chỉ tiêu"] - 1].value
            if code in cells:
                sheet.cell(row[0].row, columns["Giá trị"], cells[code])
            elif row[columns["Giá trị"] - 1].value is not None:
                # The template carries the figures the report holds: the file brings them back unchanged.
                unchanged -= 1
        buffer = io.BytesIO()
        book.save(buffer)
        result = import_report_workbook(period, commune, buffer.getvalue(), filename="mau.xlsx")
        assert result.ok, result.errors
        changed, unchanged = changed + result.changed, unchanged + result.unchanged
    return changed, unchanged


ENTRANCES = {
    "bulk": (_bulk, ("1.1", "1.2")),
    "dhis2": (_dhis2, ("1.1", "1.2")),
    "opensdg": (_opensdg, ("1.2",)),
    "page": (_page, ("1.1", "1.2")),
    "autosave": (_autosave, ("1.1", "1.2")),
    "api": (_api, ("1.1", "1.2")),
    "spreadsheet": (_spreadsheet, ("1.1", "1.2")),
}


@pytest.mark.parametrize("entrance", sorted(ENTRANCES))
def test_the_summary_is_what_the_database_holds(scene, client, entrance):
    world, period, keys = scene
    write, codes = ENTRANCES[entrance]

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(scenarios(codes))
    def check(drawn):
        states, held, brought = drawn
        with transaction.atomic():
            stored = _prepare(world, period, states, held)
            said = write(world, period, brought, keys, client)
            new, changed, same = _expected(stored, brought)
            if len(said) == 3:
                assert said == (new, changed, same)
            elif len(said) == 2:
                assert said == (new + changed, same)
            else:
                assert said == (len(brought),)
            assert _read_back(world, period) == {cell: Decimal(value) for cell, value in (stored | brought).items()}
            reports = Report.objects.filter(period=period).count()
            assert reports == len({unit for unit, _ in brought} | {n for n, s in enumerate(states) if s != "none"})
            transaction.set_rollback(True)

    check()
