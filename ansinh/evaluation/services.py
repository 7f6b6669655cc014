"""Writes for the committee's declared verdicts and for loading published results."""

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ansinh.audit.services import record
from ansinh.evaluation.models import DeclaredSummary, DeclaredVerdict
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.reporting.models import ReportStatus
from ansinh.reporting.services.lifecycle import approve_report, submit_report
from ansinh.reporting.services.periods import get_or_create_report, get_or_open_year_period
from ansinh.reporting.services.values import CellInput, write_values


@dataclass(frozen=True)
class ResultsLoadSummary:
    reports: int
    values: int
    declared: int
    summaries: int


def declare_verdict(
    indicator, year: int, *, status: str, source: str, reason: str = "", actor=None
) -> tuple[DeclaredVerdict, bool]:
    """Record the committee's verdict; returns it and whether anything changed (a repeat changes nothing)."""
    wanted = {"status": status, "source": source, "reason": reason}
    declared = DeclaredVerdict.objects.filter(indicator=indicator, year=year).first()
    before = {name: getattr(declared, name) for name in wanted} if declared else None
    if declared is not None and before == wanted:
        return declared, False
    declared, _ = DeclaredVerdict.objects.update_or_create(indicator=indicator, year=year, defaults=wanted)
    record(actor=actor, action="verdict.declare", obj=declared, summary=str(declared), before=before, after=wanted)
    return declared, True


@transaction.atomic
def load_published_results(program: Program, path: Path, *, actor=None) -> ResultsLoadSummary:
    """Published results become the city's yearly reports, written through the one write path of a
    person's data entry, then submitted and approved. Loading again changes nothing."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unit = OrgUnit.objects.get(code=data["unit"])
    indicators = {i.code: i for i in program.indicators.all()}
    by_year: dict[int, list[CellInput]] = {}
    for entry in data.get("value", []):
        by_year.setdefault(entry["year"], []).append(
            CellInput(
                indicator=indicators[entry["indicator"]],
                # The published figure, written the machine way in the data file ("203027", "2.23").
                value=Decimal(entry["value"]) if entry.get("value") else None,
                not_implemented=entry.get("not_implemented", False),
                note=entry.get("note", ""),
                source=entry["source"],
            )
        )
    values = 0
    for year, cells in sorted(by_year.items()):
        report = get_or_create_report(get_or_open_year_period(program, year, actor=actor), unit, actor=actor)
        if report.status == ReportStatus.APPROVED:
            continue
        report.source = "; ".join(sorted({cell.source for cell in cells}))
        report.save(update_fields=["source"])
        values += write_values(report, cells, actor=actor).changed
        # The committee's published figures, loaded as published: the checks are for people's submissions.
        submit_report(report, actor=actor, checks=False)
        approve_report(report, actor=actor)
    declared = 0
    for entry in data.get("declared", []):
        _, changed = declare_verdict(
            indicators[entry["indicator"]],
            entry["year"],
            status=entry["status"],
            source=entry["source"],
            reason=entry.get("reason", ""),
            actor=actor,
        )
        declared += changed
    for entry in data.get("summary", []):
        DeclaredSummary.objects.update_or_create(
            program=program, year=entry["year"], sentence=entry["sentence"], defaults={"source": entry["source"]}
        )
    return ResultsLoadSummary(len(by_year), values, declared, len(data.get("summary", [])))
