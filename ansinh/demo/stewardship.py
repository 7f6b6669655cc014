"""The demo's stewardship data (``data/08-ctr-tu-stewardship.toml``), loaded through the stewardship services:
the budget a public source published for Chương trình 08-CTr/TU — "hơn 20.990 tỷ đồng" of city budget in
2021–2023 (seed 004) — as one programme-level figure with its source, nothing invented below it. Idempotent."""

import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from ansinh.programs.models import Program
from ansinh.stewardship.models import BudgetLine
from ansinh.stewardship.services.budget import BudgetInput, save_budget_line

Progress = Callable[[str], None]
DATA_DIR = Path(__file__).resolve().parent / "data"
STEWARDSHIP_FILES = (DATA_DIR / "08-ctr-tu-stewardship.toml",)


def load_stewardship(progress: Progress) -> None:
    for path in STEWARDSHIP_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        program = Program.objects.select_related("owner_unit").get(slug=data["program"])
        for line in data.get("budget", []):
            _load_budget_line(program, line, progress)


def _load_budget_line(program: Program, line: dict, progress: Progress) -> None:
    data = BudgetInput(
        unit=None,
        year=line["year"],
        to_year=line.get("to_year"),
        source=line["source"],
        allocated=Decimal(line["allocated"]) if "allocated" in line else None,
        disbursed=Decimal(line["disbursed"]) if "disbursed" in line else None,
        phrase=line.get("phrase", ""),
        note=line.get("note", ""),
        citation=line["citation"],
    )
    existing = BudgetLine.objects.filter(
        program=program, unit=None, year=data.year, to_year=data.to_year, source=data.source, task=None
    ).first()
    if existing is not None and existing.allocated == data.allocated and existing.citation == data.citation:
        return
    saved = save_budget_line(program, data, actor=None)
    progress(f"{program}: kinh phí {saved.years_label} — {saved.phrase or saved.allocated} ({saved.citation}).")
