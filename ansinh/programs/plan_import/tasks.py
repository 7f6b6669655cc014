"""The tasks of a plan (pure, no Django): section III (``NỘI DUNG``, ``NHIỆM VỤ``, ``GIẢI PHÁP``) read into
tasks, and section IV (``TỔ CHỨC THỰC HIỆN``, read by :mod:`responsibilities`) into the unit that leads each
task and the units that coordinate.

The shape of section III: numbered headings (``1.``, ``3.1.``, ``a)``), ``-`` bullets under them and ``+``
bullets under a ``-`` bullet, and plain paragraphs. Each bullet or paragraph is a task; a ``+`` bullet is a
task of its own under the ``-`` task above it; a heading with nothing under it is a task itself. Codes follow
the plan's own numbering (``III.3.3.a.2``) so that importing the same text again finds the same tasks.

Who leads a task, strongest reason first — each kept with the reason, and flagged for review when it is
only an inference:

1. a unit whose section IV paragraph says, in the same words as the task, what it leads ("Chủ trì nghiên
   cứu, thực hiện cơ chế thí điểm tăng thu nhập …" → Sở Nội vụ);
2. a unit that section IV gives the lead of the task's field ("chủ trì … các chỉ tiêu về lĩnh vực y tế"),
   the field read from the task's headings first, then from its own words;
3. the unit that section IV charges with the whole plan ("Chủ trì triển khai Kế hoạch"), flagged.

Coordinating units: the other units that lead the task's field, and units the task names."""

import re
from dataclasses import dataclass
from dataclasses import field as _field

from ansinh.programs.plan_import.fields import field_of, keyword_hits
from ansinh.programs.plan_import.responsibilities import read_responsibilities, standing_agency
from ansinh.programs.plan_import.results import Responsibility
from ansinh.programs.plan_import.sections import RESPONSIBILITY_HEADINGS, Section, find_section, split_sections
from ansinh.programs.plan_import.text import clean_lines, fold

TASK_HEADINGS = ("NỘI DUNG", "NHIỆM VỤ", "GIẢI PHÁP")
TITLE_LIMIT = 160
# Runs of this many words compare a task with each unit's duties in section IV. A run that two units' duties
# share ("Định kỳ tổng hợp, báo cáo kết quả thực hiện …") says nothing about either. A task that shares a
# passage (a few runs) with a unit's duties involves that unit; one that shares a long passage (about twenty
# words) is the very commitment section IV gives that unit.
SHARED_WORDS = 8
SHARED_PASSAGE = 3
SAME_COMMITMENT = 12

_HEADING = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*)[.)]?\s+(?P<title>[^\d\s].*)$")
_LETTER = re.compile(r"^(?P<letter>[a-zđ])\)\s*(?P<title>\S.*)$")
_BULLET = re.compile(r"^(?P<mark>[-–•+])\s*(?P<body>\S.*)$")
_NOTE = re.compile(r"^\(.*\)\.?$")
_MARKET = re.compile(r"thị trường", re.IGNORECASE)


class TaskFormatError(ValueError):
    """The text has no tasks section that can be read; the message is Vietnamese."""


@dataclass
class PlanTask:
    code: str  # "III.3.3.a.2"
    parent_code: str | None  # the "-" task above a "+" task
    section: str  # the heading it sits under: "III.3.3.a"
    headings: tuple[str, ...]  # titles of the headings above, outermost first
    text: str
    line: int
    field: str = ""
    lead: str = ""  # the unit as section IV writes it
    lead_item: str = ""  # "IV.2"
    lead_reason: str = ""
    coordinating: tuple[str, ...] = ()
    review_reasons: list[str] = _field(default_factory=list)

    @property
    def title(self) -> str:
        """The task's first sentence, short enough for a list."""
        first = re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", self.text, maxsplit=1)[0].rstrip(" .;")
        if len(first) <= TITLE_LIMIT:
            return first
        return first[:TITLE_LIMIT].rsplit(" ", 1)[0] + "…"

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)


@dataclass
class PlanTasks:
    section: str  # "III. NỘI DUNG CỤ THỂ"
    tasks: list[PlanTask]
    responsibilities: list[Responsibility]
    standing_agency: str
    warnings: list[str] = _field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "tasks": len(self.tasks),
            "with_lead": sum(bool(task.lead) for task in self.tasks),
            "needing_review": sum(task.needs_review for task in self.tasks),
        }


def read_plan_tasks(text: str) -> PlanTasks:
    """Read a plan's tasks and who leads them; raises :class:`TaskFormatError` when there is no tasks section."""
    lines = clean_lines(text)
    _preamble, sections = split_sections(lines)
    section = find_section(sections, TASK_HEADINGS)
    if section is None:
        raise TaskFormatError(
            "Không tìm thấy mục nhiệm vụ của kế hoạch: cần một mục như “III. NỘI DUNG CỤ THỂ” hoặc "
            "“III. NHIỆM VỤ, GIẢI PHÁP”."
        )
    warnings: list[str] = []
    tasks = read_tasks(section, warnings)
    if not tasks:
        raise TaskFormatError(
            f"Mục “{section.heading}” không có nhiệm vụ nào đọc được (đầu mục, gạch đầu dòng “-”, “+”)."
        )
    duties = read_responsibilities(find_section(sections, RESPONSIBILITY_HEADINGS))
    whole_plan = standing_agency(duties, lines)
    assign_units(tasks, duties, whole_plan)
    if not duties:
        warnings.append("Không tìm thấy mục tổ chức thực hiện (IV): các nhiệm vụ chưa có đơn vị chủ trì.")
    return PlanTasks(section.heading, tasks, duties, whole_plan, warnings)


@dataclass
class _Heading:
    code: str
    title: str
    depth: int
    line: int = 0
    direct: int = 0  # tasks right under it (not counting "+" tasks)


def read_tasks(section: Section, warnings: list[str]) -> list[PlanTask]:
    tasks: list[PlanTask] = []
    stack: list[_Heading] = []  # the headings above the current line, outermost first
    top = _Heading(section.roman, "", 0)  # the section itself, for text before the first heading
    last_dash: PlanTask | None = None
    plus_count = 0
    empty: _Heading | None = None  # the last heading, while nothing is under it yet

    def add(text: str, number: int, code: str, parent: PlanTask | None) -> PlanTask:
        holder = stack[-1] if stack else top
        task = PlanTask(
            code=code,
            parent_code=parent.code if parent else None,
            section=holder.code,
            headings=tuple(h.title for h in stack),
            text=_capitalise(text),
            line=number,
        )
        tasks.append(task)
        return task

    def heading_as_task() -> None:
        # A heading with nothing under it is a task itself ("7. Báo cáo kết quả trước 30/11 hằng năm").
        assert empty is not None
        parents = stack[:-1]
        task = PlanTask(
            code=empty.code,
            parent_code=None,
            section=parents[-1].code if parents else section.roman,
            headings=tuple(h.title for h in parents),
            text=_capitalise(empty.title),
            line=empty.line,
        )
        tasks.append(task)

    for line in section.lines:
        heading = _heading_of(line.text)
        if heading is not None:
            number, title, depth = heading
            if empty is not None and depth <= empty.depth:
                heading_as_task()
            while stack and stack[-1].depth >= depth:
                stack.pop()
            parent_code = stack[-1].code if stack else section.roman
            code = f"{parent_code}.{number}" if depth == LETTER_DEPTH else f"{section.roman}.{number}"
            empty = _Heading(code, title.rstrip(" .:"), depth, line.number)
            stack.append(empty)
            last_dash, plus_count = None, 0
            continue
        if _NOTE.match(line.text):
            warnings.append(f"Dòng {line.number}: bỏ qua ghi chú “{line.text[:80]}”.")
            continue
        empty = None
        bullet = _BULLET.match(line.text)
        if bullet and bullet.group("mark") == "+" and last_dash is not None:
            plus_count += 1
            add(bullet.group("body"), line.number, f"{last_dash.code}.{plus_count}", last_dash)
            continue
        holder = stack[-1] if stack else top
        holder.direct += 1
        last_dash = add(
            bullet.group("body") if bullet else line.text, line.number, f"{holder.code}.{holder.direct}", None
        )
        plus_count = 0
    if empty is not None:
        heading_as_task()
    return tasks


LETTER_DEPTH = 9


def _heading_of(text: str) -> tuple[str, str, int] | None:
    """``3.1. Thực hiện …`` → ("3.1", title, 2); ``a) Về giáo dục`` → ("a", title, 9): letters sit below
    every numbered level. A numbered line that reads as a sentence ending in a period is still a heading:
    plans number their tasks' groups, never single sentences, in section III."""
    if match := _HEADING.match(text):
        number = match.group("number")
        return number, match.group("title"), number.count(".") + 1
    if match := _LETTER.match(text):
        return match.group("letter"), match.group("title"), LETTER_DEPTH
    return None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- Who leads, who coordinates ---------------------------------------------------------------------------


def _runs(text: str, size: int = SHARED_WORDS) -> set[str]:
    words = fold(text).split()
    return {" ".join(words[index : index + size]) for index in range(len(words) - size + 1)}


def _task_field(task: PlanTask) -> tuple[str, list[str]]:
    """The task's field from its own first sentence, else from its headings; and the fields the sentence
    names when it names several (a person then checks the lead)."""
    title = _MARKET.sub("thị_trường", task.title)  # a market (thị trường) is not a school (trường)
    named = list(dict.fromkeys(name for name, _word in keyword_hits(title)))
    if named:
        return field_of(title), named
    return field_of(" ".join(task.headings[-2:])), []


def assign_units(tasks: list[PlanTask], duties: list[Responsibility], whole_plan: str) -> None:
    units = [duty for duty in duties if not duty.is_collective]
    runs_of = {id(duty): _runs(duty.text) for duty in units}
    seen: dict[str, int] = {}
    for runs in runs_of.values():
        for run in runs:
            seen[run] = seen.get(run, 0) + 1
    generic = {run for run, count in seen.items() if count >= 2}
    whole_plan_duty = next((duty for duty in units if duty.unit_name == whole_plan), None)
    for task in tasks:
        task.field, several = _task_field(task)
        task_runs = _runs(task.text) - generic
        shared = {id(duty): len(task_runs & runs_of[id(duty)]) for duty in units}
        same_words = sorted(
            (duty for duty in units if duty.leads and shared[id(duty)] >= SAME_COMMITMENT),
            key=lambda duty: -shared[id(duty)],
        )
        field_leads = [
            duty for duty in units if duty.leads and task.field and task.field in (*duty.fields, *duty.name_fields)
        ]
        if same_words:
            lead = same_words[0]
            task.lead_reason = f"Mục {lead.item} giao {lead.unit_name} chủ trì đúng nội dung này."
        elif field_leads:
            lead = field_leads[0]
            task.lead_reason = (
                f"Nhiệm vụ thuộc lĩnh vực {task.field}; mục {lead.item} giao {lead.unit_name} chủ trì lĩnh vực này."
            )
            if len(several) > 1:
                task.review_reasons.append(
                    f"Nhiệm vụ nói đến nhiều lĩnh vực ({', '.join(several)}); đã chọn lĩnh vực {task.field}."
                )
            if len(field_leads) > 1:
                task.review_reasons.append(
                    f"Nhiều đơn vị được giao chủ trì lĩnh vực {task.field}; đã chọn {lead.unit_name}."
                )
        elif whole_plan_duty is not None:
            lead = whole_plan_duty
            task.lead_reason = f"Mục {lead.item} giao {lead.unit_name} chủ trì triển khai Kế hoạch."
            task.review_reasons.append(
                "Mục IV không giao riêng nhiệm vụ này: giao đơn vị chủ trì triển khai Kế hoạch; cần rà soát."
            )
        else:
            task.review_reasons.append("Mục IV không nêu đơn vị chủ trì nhiệm vụ này.")
            continue
        task.lead, task.lead_item = lead.unit_name, lead.item
        # Units that share the task's words (Ngân hàng Chính sách xã hội for credit through it), or that
        # section IV also gives the task's field.
        partners = [duty for duty in units if shared[id(duty)] >= SHARED_PASSAGE] + field_leads
        task.coordinating = tuple(dict.fromkeys(d.unit_name for d in partners if d.unit_name != lead.unit_name))
