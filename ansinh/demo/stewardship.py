"""The demo's stewardship data (``data/08-ctr-tu-stewardship.toml``), loaded through the stewardship services:
the budget a public source published for Chương trình 08-CTr/TU — "hơn 20.990 tỷ đồng" of city budget in
2021–2023 (seed 004) — as one programme-level figure with its source, nothing invented below it; the mid-term
review (sơ kết, 2023: seeds 000, 004) taken by ansinh from the demo's own data up to 2023, said to be so; the 2022
emulation topic seed 000 names, with criteria and weights marked "ví dụ minh họa" (the source gives none) and
no reward proposal (the source names no one). Idempotent."""

import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from ansinh.programs.models import Program
from ansinh.stewardship.models import BudgetLine, EmulationTopic, Review
from ansinh.stewardship.services.budget import BudgetInput, save_budget_line
from ansinh.stewardship.services.emulation import set_topic
from ansinh.stewardship.services.reviews import take_review

Progress = Callable[[str], None]
DATA_DIR = Path(__file__).resolve().parent / "data"
STEWARDSHIP_FILES = (DATA_DIR / "08-ctr-tu-stewardship.toml",)


def load_stewardship(progress: Progress) -> None:
    for path in STEWARDSHIP_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        program = Program.objects.select_related("owner_unit").get(slug=data["program"])
        for line in data.get("budget", []):
            _load_budget_line(program, line, progress)
        for review in data.get("review", []):
            _load_review(program, review, progress)
        for topic in data.get("emulation", []):
            _load_topic(program, topic, progress)


def _load_topic(program: Program, topic: dict, progress: Progress) -> None:
    if EmulationTopic.objects.filter(program=program, year=topic["year"]).exists():
        return
    saved = set_topic(
        program,
        year=topic["year"],
        title=topic["title"],
        description=topic.get("description", ""),
        source=topic["source"],
        weights={name: Decimal(weight) for name, weight in topic["weights"].items()},
        is_illustrative=True,
        actor=None,
    )
    progress(f"{program}: {saved.title} (tiêu chí, trọng số là ví dụ minh họa).")


def _load_review(program: Program, review: dict, progress: Progress) -> None:
    if Review.objects.filter(program=program, kind=review["kind"], year=review["year"]).exists():
        return
    taken = take_review(
        program,
        kind=review["kind"],
        year=review["year"],
        as_of=date.fromisoformat(review["as_of"]),
        title=review["title"],
        note=review["note"],
        actor=None,
    )
    progress(
        f"{program}: {taken.title} — {len(taken.state['indicators'])} chỉ tiêu, {len(taken.state['tasks'])} nhiệm vụ."
    )


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
