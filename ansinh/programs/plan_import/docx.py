"""A .docx plan's text, paragraphs and tables in reading order, numbering included."""

import io
from pathlib import Path
from typing import IO, Any

from ansinh.core.file_limits import FileTooLarge, check_docx
from ansinh.programs.plan_import.items import ITEM_CODE
from ansinh.programs.plan_import.pipeline import PlanFormatError


def read_docx_text(source: str | Path | IO[bytes]) -> str:
    """The text of a .docx, one paragraph a line, tables row by row (cells joined by `` | ``).

    Paragraphs that Word numbers itself (list styles) carry no number in their text; they are given a
    ``- `` so that the plan reader takes them as bullets and numbers them."""
    try:
        import docx  # python-docx, MIT
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as error:  # pragma: no cover - python-docx is a dependency
        raise PlanFormatError(
            "Máy chủ chưa cài python-docx nên chưa đọc được tệp .docx; hãy dán nội dung văn bản."
        ) from error
    content = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    try:
        check_docx(content)  # before python-docx builds the whole XML tree
    except FileTooLarge as error:
        raise PlanFormatError(error.message) from error
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as error:  # python-docx raises zip, XML and package errors of several kinds
        raise PlanFormatError(
            "Tệp không phải là tệp Word .docx hợp lệ (hãy lưu lại bằng Word dưới dạng .docx)."
        ) from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            lines.append(f"- {text}" if _word_numbered(block) and text and not ITEM_CODE.match(text) else text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                lines.append(" | ".join(cell for cell in cells if cell))
        lines.append("")
    return "\n".join(lines)


def _word_numbered(paragraph: Any) -> bool:
    """Word numbers the paragraph itself (its own numbering or its list style's)."""
    own = paragraph._p.pPr
    if own is not None and own.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        properties = style.element.pPr
        if properties is not None and properties.numPr is not None:
            return True
        style = style.base_style
    return False
