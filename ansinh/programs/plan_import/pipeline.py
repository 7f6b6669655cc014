"""A plan's text → its metadata, indicator tree, targets and responsibility table. Pure, no Django.

Vietnamese plans (Kế hoạch, Chương trình) state their indicators in one section (``II. CÁC CHỈ TIÊU
CHỦ YẾU ĐẾN NĂM 2030``, or ``Mục tiêu cụ thể`` under ``I. MỤC TIÊU``) and who does what in another
(``IV. TỔ CHỨC THỰC HIỆN``). :func:`parse_plan` reads them in a pipeline, one module a stage:

1. ``text``: **clean** the text: italics markers, stray spaces, words that a page break split across lines;
2. ``sections``: **cut sections** at the Roman-numbered headings and read the **metadata** from the heading
   block (number, date, kind, title, issuer, the programme's end year);
3. ``items``: **read items** of the targets section: numbered lines (``7.2.1.``), lettered lines (``a)``),
   bullets (``-``, ``+``) and plain paragraphs, into a tree — codes are generated when the plan has
   none; a line such as ``Đến năm 2025:`` is the deadline of the items below it, not an item;
4. ``item``: **read each item**: its targets (through :mod:`ansinh.rules.targets`, one per deadline), its
   name without the target words, unit, value type and desired direction; an item with children
   and no target of its own is a group;
5. ``fields``: **give each indicator a field** (lĩnh vực) from its heading or from keywords;
6. ``responsibilities``: **read the responsibility table**: the fields each unit leads (``Chủ trì … lĩnh vực
   y tế``), and from it the units suggested to lead each indicator, each with the reason.

Nothing here is guessed silently: a target the parser is unsure of carries its review reason, an item
with no target is kept and flagged, and a lead unit is only ever a suggestion."""

from dataclasses import replace
from functools import partial

from ansinh.programs.plan_import.doubts import flag_weak_readings, plan_year_alone
from ansinh.programs.plan_import.fields import assign_fields
from ansinh.programs.plan_import.item import build_indicators
from ansinh.programs.plan_import.items import heading_year, read_items
from ansinh.programs.plan_import.responsibilities import read_responsibilities, standing_agency, suggest_lead_units
from ansinh.programs.plan_import.results import ParsedPlan
from ansinh.programs.plan_import.sections import (
    RESPONSIBILITY_HEADINGS,
    Section,
    body_section,
    find_section,
    find_targets_section,
    read_metadata,
    split_sections,
    target_lines,
)
from ansinh.programs.plan_import.tables import split_tables, table_indicators
from ansinh.programs.plan_import.text import clean_lines
from ansinh.programs.plan_import.unread import unread_figures


class PlanFormatError(ValueError):
    """The text cannot be read as a plan; the message is Vietnamese and fit to show to the person who sent it."""


def parse_plan(text: str, *, end_year: int | None = None) -> ParsedPlan:
    """Read a plan's text; raises :class:`PlanFormatError` when neither its lists nor its sentences aim at anything."""
    text, table_rows = split_tables(text or "")
    lines = clean_lines(text)
    if not lines:
        raise PlanFormatError("Văn bản trống: hãy dán nội dung kế hoạch hoặc chọn tệp .txt, .docx.")
    preamble, sections = split_sections(lines)
    targets_section = find_targets_section(sections, lines)
    warnings: list[str] = []
    whole_text = targets_section is None
    if whole_text and table_rows:
        targets_section = Section("", "", [])  # a table of targets and nothing else to read
    if targets_section is None:
        # A resolution or an article whose targets are a paragraph: read the body, not the heading block.
        targets_section = body_section(lines)
        warnings.append(
            "Văn bản không có mục chỉ tiêu riêng (như “II. CÁC CHỈ TIÊU CHỦ YẾU”); đã đọc chỉ tiêu trong toàn văn, "
            "cần rà soát kỹ từng mục tiêu."
        )
    block = target_lines(targets_section)
    metadata = read_metadata(preamble, lines, targets_section, block, end_year=end_year)
    period = (metadata.start_year, metadata.end_year) if metadata.start_year and metadata.end_year else None
    # the reading's frame, the same for the lists and, when they give nothing, for the sentences
    read_indicators = partial(
        build_indicators,
        default_year=metadata.end_year,
        period=period,
        default_year_stated=metadata.end_year_stated,
        plan_year_alone=plan_year_alone(metadata, lines, typed=end_year is not None and not whole_text),
        section_dated=heading_year(targets_section.title) is not None,
        keep_empty=not whole_text,
    )
    indicators = read_indicators(read_items(block, warnings), warnings=warnings)
    if not any(indicator.has_target for indicator in indicators) and not table_rows:
        # Lists that give no target, or none at all: the document is read sentence by sentence (the general aim
        # included), every reading kept with its flag and an aim with no figure put forward as one, never refused.
        indicators = read_indicators(read_items(targets_section.lines, []), warnings=[], every_sentence=True)
        if any(indicator.has_target for indicator in indicators):
            warnings.append(
                "Không đọc được chỉ tiêu nào theo danh sách đánh số, gạch đầu dòng hay con số rõ ràng; đã đọc từng "
                "câu của văn bản, mọi mục tiêu đều cần rà soát."
            )
    # the signs read prose; a table's cells repeat their figures by design (a row's years, a column's subgroups)
    flag_weak_readings(indicators, metadata, lines)
    if table_rows:
        indicators = [*table_indicators(table_rows, period=period), *indicators]
    if not any(indicator.has_target for indicator in indicators):
        raise PlanFormatError(
            (
                f"Mục “{targets_section.heading}” không có chỉ tiêu nào đọc được"
                if not whole_text
                else "Không tìm thấy chỉ tiêu nào trong văn bản"
            )
            + ": không có dòng hay câu nào nêu mức chỉ tiêu hoặc mục tiêu cần đạt (ví dụ “2.1. Tỷ lệ thất nghiệp "
            "chung dưới 3%.”, “Đến năm 2030, phấn đấu 100% xã đạt chuẩn …”)."
        )
    assign_fields(indicators)
    responsibilities = read_responsibilities(find_section(sections, RESPONSIBILITY_HEADINGS))
    suggest_lead_units(indicators, responsibilities)
    metadata = replace(metadata, standing_agency_name=standing_agency(responsibilities, lines))
    if metadata.end_year is None:
        warnings.append("Không xác định được năm kết thúc của kế hoạch; các mục tiêu không nêu năm chưa có năm.")
    plan = ParsedPlan(metadata, indicators, responsibilities, warnings)
    return replace(plan, unread=unread_figures(targets_section.lines, plan.targets))
