"""Shared set-up of the DHIS2 tests (no tests here): DHIS2's own sample, the Sierra Leone units it
names, the test programme and the hand-written mapping (tests/exchange/fixtures/dhis2_*).

A test module imports the ``*_fixture`` functions; each is registered under its ``name``."""

import json
from pathlib import Path

import pytest

from ansinh.exchange.services.mappings import load_dhis2_mapping
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.programs.services import load_program_file
from ansinh.reporting.models import AssignmentRole
from ansinh.reporting.services.assignments import add_assignment

FIXTURES = Path(__file__).parent / "exchange" / "fixtures"
# DHIS2's own sample, copied into the repository with its licence note (fixtures/dhis2-sample/README.md).
SAMPLE_JSON = FIXTURES / "dhis2-sample" / "aggregate_dataValues_bulk.json"
MAPPING_TOML = FIXTURES / "dhis2_malaria_mapping.toml"
PROGRAM_TOML = FIXTURES / "dhis2_malaria_program.toml"


def sample_path() -> Path:
    return SAMPLE_JSON


@pytest.fixture(name="sample_text")
def sample_text_fixture() -> str:
    return sample_path().read_text(encoding="utf-8")


@pytest.fixture(name="sample_values")
def sample_values_fixture(sample_text: str) -> list[dict]:
    """The sample's values as plain JSON, for counting independently of the code under test."""
    return json.loads(sample_text)["dataValues"]


@pytest.fixture(name="sierra_leone")
def sierra_leone_fixture(db) -> dict[str, OrgUnit]:
    """The org units of DHIS2's setup metadata, as our units (codes ours, official codes DHIS2's codes)."""
    country = OrgUnit.objects.create(code="SL", official_code="OU_525", name="Sierra Leone", kind="country")
    bo = OrgUnit.objects.create(code="SL-BO", official_code="OU_264", name="Bo", kind="province", parent=country)
    badjia = OrgUnit.objects.create(
        code="SL-BO-BADJIA", official_code="OU_539", name="Badjia", kind="district", parent=bo
    )
    ngelehun = OrgUnit.objects.create(
        code="SL-NGELEHUN", official_code="OU_559", name="Ngelehun CHC", kind="other", parent=badjia
    )
    return {"SL": country, "SL-BO": bo, "SL-BO-BADJIA": badjia, "SL-NGELEHUN": ngelehun}


def assign_everywhere(program: Program, units: dict[str, OrgUnit]) -> Program:
    """Every unit below the country reports every indicator of ``program`` (a figure needs an assignment)."""
    for indicator in program.indicators.filter(is_group=False):
        for unit in units.values():
            if unit.pk != program.owner_unit_id:
                add_assignment(indicator, role=AssignmentRole.COORDINATING, unit=unit)
    return program


@pytest.fixture(name="malaria")
def malaria_fixture(sierra_leone: dict[str, OrgUnit]) -> Program:
    """The test programme with its DHIS2 mapping saved; every unit of the sample reports every indicator."""
    program = assign_everywhere(load_program_file(PROGRAM_TOML, owner_unit=sierra_leone["SL"]).program, sierra_leone)
    load_dhis2_mapping(MAPPING_TOML.read_text(encoding="utf-8"))
    return program


# The sample's values that the mapping file maps, counted from the file and the mapping's own
# operands, independently of the importer: (dataElement, categoryOptionCombo or "" for the default).
AGE_SEX = ("b449dBrOSFK", "t5FrQ0GTvGf", "j21YQgQ9GzP", "bWFxj7MF1qR", "AroSt3y4ir0", "kQBGXKMwoqR")
AGE = ("oPcWGgS2Liz", "rtfSaMjPyq6", "hF0pQZIn6Ch")
FOCI = ("Ngi3BgUod0E", "WPJQS4ogrRm", "gjWSzL7cfIe")
MAPPED_OPERANDS = (
    {(element, combo) for element in ("vTRrNdOOT9g", "pmRn0GsUfr6") for combo in AGE_SEX}
    | {(element, combo) for element in ("GxlrIgMyEf4", "dFaBg0HpoIL") for combo in AGE}
    | {("EHbjdbiKtd8", combo) for combo in FOCI}
    | {(element, "") for element in ("cOVhTyW8zN6", "tpz77FcntKx", "Md3xk3vlABx")}
)


def operand(value: dict) -> tuple[str, str]:
    combo = value.get("categoryOptionCombo", "")
    return value["dataElement"], "" if combo in ("", "HllvX50cXC0") else combo


def mapped_in(values: list[dict]) -> list[dict]:
    return [value for value in values if operand(value) in MAPPED_OPERANDS and value["orgUnit"] == "O6uvpzGd5pu"]
