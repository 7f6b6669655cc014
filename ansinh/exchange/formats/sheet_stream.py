"""Rows of a large worksheet written straight as SpreadsheetML, for the sheets that grow with the number of
units (the standing agency's sheet of a national period is 150.000 rows × 13 cells).

openpyxl spends about a hundred microseconds on each cell, even in write-only mode (a cell object, its value
checked, its style looked up, an XML element built); two million cells are minutes. Here a row is one
formatted string, its cells carrying style ids registered once in the openpyxl workbook that writes
everything else (title, headers, merges, protection, other sheets). The workbook is saved with one marker
row where the rows go; :func:`splice` then copies it into the final file, putting the rows streamed to a
temporary file in place of the marker. Text is always an inline string, never a formula."""

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

# A number no sheet holds: the cell that marks where the streamed rows go.
MARKER = 918273645.5
# Characters XML 1.0 cannot carry (openpyxl refuses them); a note pasted from elsewhere may hold one.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

RowCell = tuple[int, str | int | float | None]  # (style id, value)


class RowWriter:
    """Writes rows as SpreadsheetML into a temporary file, counting them from ``first_row``."""

    def __init__(self, first_row: int, width: int):
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by splice(), or when collected
        self.row = first_row - 1
        self.columns = [get_column_letter(column) for column in range(1, width + 1)]
        self._buffer: list[str] = []

    def append(self, cells: Sequence[RowCell]) -> None:
        self.row += 1
        row = self.row
        parts = [f'<row r="{row}">']
        for letter, (style, value) in zip(self.columns, cells, strict=False):
            if value is None:
                parts.append(f'<c r="{letter}{row}" s="{style}"/>')
            elif isinstance(value, str):
                text = escape(_ILLEGAL.sub("", value))
                parts.append(
                    f'<c r="{letter}{row}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                )
            else:
                parts.append(f'<c r="{letter}{row}" s="{style}"><v>{value!r}</v></c>')
        parts.append("</row>")
        self._buffer.append("".join(parts))
        if len(self._buffer) >= 1000:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self.file.write("".join(self._buffer).encode())
            self._buffer.clear()


def _marker_row(xml: str) -> tuple[int, int]:
    """Where the marker row starts and ends in the saved sheet's XML."""
    at = xml.index(f"<v>{MARKER!r}</v>")
    start = xml.rindex("<row ", 0, at)
    end = xml.index("</row>", at) + len("</row>")
    return start, end


def splice(saved: bytes, sheet_member: str, rows: RowWriter, last_column: str) -> bytes:
    """The saved workbook with the streamed rows in place of the marker row of ``sheet_member``."""
    rows.flush()
    rows.file.seek(0)
    source = zipfile.ZipFile(io.BytesIO(saved))
    xml = source.read(sheet_member).decode()
    start, end = _marker_row(xml)
    head, tail = xml[:start], xml[end:]
    head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:{last_column}{max(rows.row, 1)}"', head, count=1)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            if info.filename != sheet_member:
                archive.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
                continue
            with archive.open(sheet_member, "w", force_zip64=True) as member:
                member.write(head.encode())
                shutil.copyfileobj(rows.file, member, 1 << 20)
                member.write(tail.encode())
    rows.file.close()
    return output.getvalue()


def style_ids(workbook, styles: Iterable) -> list[int]:
    """The ids of cell styles (openpyxl StyleArrays) in the workbook's table, registering new ones."""
    return [workbook._cell_styles.add(style) for style in styles]
