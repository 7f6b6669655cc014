"""The demo's steering work, loaded through the followups services like a secretariat would enter it:

- Kế hoạch 181/KH-UBND: the tasks of section III and their lead units from section IV, read from the plan's
  own text (``data/plans/181-kh-ubnd.txt``) by the task importer;
- Chương trình 08-CTr/TU (``data/08-ctr-tu-steering.toml``): the 9/1/2023 conference with its conclusions as
  tasks and the difficulties it lists (seed 001), the 2022 inspection plan ("ít nhất 9" units, seed 000) with
  the 8 districts two teams inspected (seed 001), and the 2022 document plan as counts (seed 000).

Only what a public source says is loaded; where ansinh had to infer (who carries out a conclusion given to
"the committee's members", a deadline "before Tết") the task says how. Every step is idempotent."""

import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ansinh.followups.models import DocumentQuota, InspectionPlan, Meeting
from ansinh.followups.services.difficulties import DifficultyInput, raise_difficulty
from ansinh.followups.services.inspections import add_team, add_visit, create_inspection_plan
from ansinh.followups.services.meetings import MeetingInput, add_conclusion, create_meeting
from ansinh.followups.services.plan_tasks import apply_task_import, preview_task_import
from ansinh.followups.services.tasks import TaskInput
from ansinh.org.models import OrgUnit, OrgUnitKind
from ansinh.programs.models import Indicator, Program
from ansinh.programs.plan_import.tasks import read_plan_tasks
from ansinh.programs.plan_import.text import fold
from ansinh.rules.followups import parse_deadline

Progress = Callable[[str], None]
DATA_DIR = Path(__file__).resolve().parent / "data"
PLAN_TASKS = {"181-kh-ubnd": DATA_DIR / "plans" / "181-kh-ubnd.txt"}
STEERING_FILES = (DATA_DIR / "08-ctr-tu-steering.toml",)
RESOLVER_NOTE = "đơn vị giải quyết do ansinh gợi ý theo lĩnh vực (nguồn không nêu)"


def load_steering(progress: Progress) -> None:
    for slug, path in PLAN_TASKS.items():
        program = Program.objects.select_related("owner_unit").get(slug=slug)
        preview = preview_task_import(program, read_plan_tasks(path.read_text(encoding="utf-8")))
        if preview.has_changes:
            progress(f"{program}: {preview.message()}")
            progress(f"{program}: {apply_task_import(preview).message()}")
    for path in STEERING_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        program = Program.objects.select_related("owner_unit").get(slug=data["program"])
        for meeting in data.get("meeting", []):
            _load_meeting(program, meeting, progress)
        for plan in data.get("inspection_plan", []):
            _load_inspection_plan(program, plan, progress)
        for quota in data.get("document_quota", []):
            DocumentQuota.objects.get_or_create(
                program=program,
                year=quota["year"],
                phrase=quota["phrase"],
                defaults={"types": quota["types"], "planned": quota["planned"], "source": quota["source"]},
            )


def _units(codes: list[str]) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(code__in=codes))


def _districts(names: list[str], on_day: date) -> list[OrgUnit]:
    """Districts by their bare name ("Long Biên"), as the sources write them, valid on the day."""
    wanted = {fold(name) for name in names}
    found = [
        unit
        for unit in OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT)
        if unit.is_valid_on(on_day) and fold(unit.name).split(" ", 1)[-1].removeprefix("xã ") in wanted
    ]
    missing = wanted - {fold(unit.name).split(" ", 1)[-1].removeprefix("xã ") for unit in found}
    if missing:
        raise ValueError(f"Không tìm thấy quận, huyện: {', '.join(sorted(missing))}")
    return found


def _indicators(program: Program, codes: list[str]) -> list[Indicator]:
    return list(Indicator.objects.filter(program=program, code__in=codes))


def _load_meeting(program: Program, data: dict, progress: Progress) -> None:
    held_on = date.fromisoformat(data["held_on"])
    if Meeting.objects.filter(program=program, held_on=held_on, title=data["title"]).exists():
        return
    meeting = create_meeting(
        program,
        MeetingInput(
            held_on=held_on,
            kind=data["kind"],
            title=data["title"],
            chair=data["chair"],
            attending_units=_units(data.get("attending", []))
            + _districts(data.get("attending_districts", []), held_on),
            attendance_note=data.get("attendance_note", ""),
            summary=data.get("summary", ""),
            conclusions=data.get("conclusions", ""),
            source=data["source"],
        ),
        actor=None,
    )
    for conclusion in data.get("conclusion", []):
        add_conclusion(
            meeting,
            TaskInput(
                title=conclusion["title"],
                lead_unit=OrgUnit.objects.get(code=conclusion["lead"]),
                lead_reason=conclusion.get("inferred", ""),
                coordinating_units=_units(conclusion.get("coordinating", [])),
                deadline=parse_deadline(conclusion["deadline"]),
                indicators=_indicators(program, conclusion.get("indicators", [])),
                source=data["source"],
            ),
            actor=None,
            today=held_on,
        )
    for difficulty in data.get("difficulty", []):
        resolving = difficulty.get("resolving")
        raise_difficulty(
            program,
            DifficultyInput(
                title=difficulty["title"],
                raised_on=held_on,
                field=difficulty.get("field", ""),
                indicators=_indicators(program, difficulty.get("indicators", [])),
                meeting=meeting,
                resolving_unit=OrgUnit.objects.get(code=resolving) if resolving else None,
                source=f"{data['source']}; {RESOLVER_NOTE}" if resolving else data["source"],
            ),
            actor=None,
        )
    progress(
        f"{program}: {meeting} — {len(data.get('conclusion', []))} kết luận thành nhiệm vụ, "
        f"{len(data.get('difficulty', []))} khó khăn, vướng mắc."
    )


def _load_inspection_plan(program: Program, data: dict, progress: Progress) -> None:
    if InspectionPlan.objects.filter(program=program, year=data["year"], title=data["title"]).exists():
        return
    plan = create_inspection_plan(
        program,
        year=data["year"],
        title=data["title"],
        target_units=data["target_units"],
        target_phrase=data.get("target_phrase", ""),
        source=data["source"],
        actor=None,
    )
    for name in data.get("teams", []):
        add_team(plan, name=name, source=data.get("teams_source", ""), actor=None)
    districts = _districts(data.get("visited_districts", []), plan.starts_on)
    for unit in sorted(districts, key=lambda unit: unit.name):
        add_visit(plan, unit, done=True, source=data.get("visits_source", ""), actor=None)
    progress(f"{program}: {plan} — đã kiểm tra {len(districts)}/{plan.target_units} đơn vị.")
