"""Tasks read from a plan's own text (:mod:`ansinh.programs.plan_import.tasks`) into the database, the way
targets are: :func:`preview_task_import` says what an import would create, change or leave alone — with the
review flags of the reader — without writing; :func:`apply_task_import` writes it in one audited
transaction. Tasks are matched by (programme, code), so importing the same text again changes nothing.

An import writes what the plan says (title, text, section, field). It sets the lead and coordinating units
only on a task that has none: a unit a person assigned is never overwritten. Status, progress, deadlines and
evidence are the units' own work and are never touched."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ansinh.audit.services import record
from ansinh.followups.models import Task, TaskKind, TaskOrigin
from ansinh.org.models import OrgUnit
from ansinh.programs.models import Program
from ansinh.programs.plan_import.tasks import PlanTask, PlanTasks
from ansinh.programs.plan_services import resolve_unit_names

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTION_LABELS = {CREATE: "Tạo mới", UPDATE: "Cập nhật", UNCHANGED: "Không đổi"}
TEXT_FIELDS = {"title": "Tên nhiệm vụ", "text": "Nội dung", "plan_section": "Mục của kế hoạch", "field": "Lĩnh vực"}


@dataclass
class TaskPreview:
    parsed: PlanTask
    action: str
    changes: list[tuple[str, str, str]]  # label, before, after
    lead: OrgUnit | None  # the unit the task will have
    coordinating: list[OrgUnit]
    keeps_lead: bool  # a lead a person set is kept
    review_reasons: list[str]

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class TaskImportPreview:
    program: Program
    parsed: PlanTasks
    tasks: list[TaskPreview]
    absent: list[Task]  # tasks read from the plan before, no longer in its text: never deleted
    unresolved: list[str] = field(default_factory=list)  # unit names with no unit in the database

    def counts(self) -> dict[str, int]:
        return {
            "tasks": len(self.tasks),
            "to_create": sum(item.action == CREATE for item in self.tasks),
            "to_update": sum(item.action == UPDATE for item in self.tasks),
            "unchanged": sum(item.action == UNCHANGED for item in self.tasks),
            "with_lead": sum(item.lead is not None for item in self.tasks),
            "needing_review": sum(item.needs_review for item in self.tasks),
        }

    @property
    def has_changes(self) -> bool:
        return any(item.action != UNCHANGED for item in self.tasks)

    def message(self) -> str:
        counts = self.counts()
        return (
            f"{counts['tasks']} nhiệm vụ đọc từ “{self.parsed.section}”: {counts['to_create']} mới, "
            f"{counts['to_update']} cập nhật, {counts['unchanged']} không đổi; {counts['with_lead']} có đơn vị "
            f"chủ trì; {counts['needing_review']} cần rà soát."
        )


def _values(task: PlanTask) -> dict[str, Any]:
    return {
        "title": task.title,
        "text": task.text,
        "plan_section": f"{task.section} — {task.headings[-1]}" if task.headings else task.section,
        "field": task.field,
    }


def preview_task_import(program: Program, parsed: PlanTasks) -> TaskImportPreview:
    names = {task.lead for task in parsed.tasks if task.lead} | {n for task in parsed.tasks for n in task.coordinating}
    codes = resolve_unit_names(names, within=program.owner_unit)
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes.values())}
    existing = {task.code: task for task in Task.objects.filter(program=program, origin=TaskOrigin.PLAN)}
    unresolved = sorted(name for name in names if name not in codes)
    previews = []
    for parsed_task in parsed.tasks:
        lead = units.get(codes.get(parsed_task.lead, ""))
        coordinating = [units[codes[name]] for name in parsed_task.coordinating if name in codes]
        reasons = list(parsed_task.review_reasons)
        if parsed_task.lead and lead is None:
            reasons.append(f"Không tìm thấy đơn vị “{parsed_task.lead}” trong danh mục đơn vị.")
        current = existing.get(parsed_task.code)
        values = _values(parsed_task)
        if current is None:
            action, changes, keeps = CREATE, [], False
        else:
            changes = [
                (label, str(getattr(current, name)), str(values[name]))
                for name, label in TEXT_FIELDS.items()
                if getattr(current, name) != values[name]
            ]
            keeps = current.lead_unit_id is not None
            if not keeps and lead is not None:
                changes.append(("Đơn vị chủ trì", "—", lead.name))
            action = UPDATE if changes else UNCHANGED
        if keeps:
            lead = current.lead_unit if current is not None else lead
        previews.append(TaskPreview(parsed_task, action, changes, lead, coordinating, keeps, reasons))
    read_codes = {task.code for task in parsed.tasks}
    absent = [task for code, task in existing.items() if code not in read_codes]
    return TaskImportPreview(program, parsed, previews, absent, unresolved)


@dataclass
class TaskImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def message(self) -> str:
        return (
            f"Đã nhập nhiệm vụ: {self.created} mới, {self.updated} cập nhật, {self.unchanged} không đổi "
            "(không xoá nhiệm vụ nào)."
        )


def apply_task_import(preview: TaskImportPreview, *, actor=None) -> TaskImportSummary:
    """Write the preview: create and update tasks in one transaction, each write audited. Parents ("-"
    tasks) are written before their "+" tasks, as the text lists them."""
    summary = TaskImportSummary()
    program = preview.program
    with transaction.atomic():
        by_code: dict[str, Task] = {}
        existing = {task.code: task for task in Task.objects.select_for_update().filter(program=program)}
        for item in preview.tasks:
            parsed, values = item.parsed, _values(item.parsed)
            created = parsed.code not in existing
            if item.action == UNCHANGED and not created:
                summary.unchanged += 1
                by_code[parsed.code] = existing[parsed.code]
                continue
            task = existing.get(parsed.code) or Task(
                program=program, code=parsed.code, origin=TaskOrigin.PLAN, kind=TaskKind.TASK
            )
            before = None if created else {name: getattr(task, name) for name in TEXT_FIELDS}
            for name, value in values.items():
                setattr(task, name, value)
            task.parent = by_code.get(parsed.parent_code or "")
            task.needs_review = item.needs_review
            task.review_reason = " ".join(item.review_reasons)
            task.source = f"{program}, {preview.parsed.section}"
            set_units = created or task.lead_unit_id is None
            if set_units:
                task.lead_unit = item.lead
                task.lead_reason = parsed.lead_reason
            task.save()
            if set_units:
                task.coordinating_units.set(item.coordinating)
            by_code[parsed.code] = task
            record(
                actor=actor,
                action="task.import",
                obj=task,
                summary=f"{'Tạo' if created else 'Cập nhật'} nhiệm vụ {task.code} từ văn bản kế hoạch",
                before=before,
                after={**values, "lead_unit": task.lead_unit.code if task.lead_unit else None},
            )
            if created:
                summary.created += 1
            else:
                summary.updated += 1
    return summary
