"""How big an uploaded file may be once opened — one set of limits for every reader of files that come in
(.xlsx, .xls, .ods workbooks, .docx plans, DHIS2 JSON and CSV, Open SDG CSV) — and the checks that
enforce them *before* any reader materialises anything.

A file is small on the wire and may be huge inside: a 4,7 KB .xlsx with one cell at XFD1048576 makes a
spreadsheet reader lay out 17 billion cells; a 1 MB zip may expand to 1 GB. So a container (zip) is
measured by really inflating every member, in bounded chunks, against its declared size; a sheet is
measured by streaming its XML (or its BIFF records) for both the dimension it declares and the cells it
really holds. Nothing here keeps the file's content: memory stays a few megabytes whatever the file.

Pure Python, no Django: the messages are Vietnamese and fit to show as they are."""

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from ansinh.core.numbers import format_number

MIB = 1024 * 1024
# What the members of one zip file (workbook, document) may expand to, all together.
MAX_EXPANDED_BYTES = 64 * MIB
# A Word plan is read whole into an XML tree, several times its size in memory.
MAX_DOCX_EXPANDED_BYTES = 16 * MIB
MAX_ZIP_MEMBERS = 2000
# Rows, columns and cells of one sheet (a rectangle from A1 to the farthest cell: what readers lay out).
MAX_ROWS = 100_000
MAX_COLUMNS = 1024
MAX_CELLS = 2_000_000
# Records of a data file (DHIS2 values, Open SDG rows) and blocks of a plan (paragraphs, table cells).
MAX_RECORDS = 200_000
MAX_DOCX_BLOCKS = 200_000
# How many problems an import lists; the rest are counted.
MAX_ERRORS = 100

_CHUNK = MIB
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?$")


class FileTooLarge(ValueError):
    """The file is bigger, once opened, than an import takes; ``message`` is Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Extent:
    """How far a sheet reaches: its last row and column (1-based) and how many cells it holds."""

    rows: int = 0
    columns: int = 0
    cells: int = 0


def _megabytes(size: int) -> str:
    return f"{format_number(size // MIB)} MB"


def _too_big_sheet(name: str, extent: Extent, how: str) -> FileTooLarge:
    return FileTooLarge(
        f"Trang “{name}” của tệp {how} {format_number(extent.rows)} dòng × {format_number(extent.columns)} cột, "
        f"vượt giới hạn nhập ({format_number(MAX_ROWS)} dòng, {format_number(MAX_COLUMNS)} cột, "
        f"{format_number(MAX_CELLS)} ô). Hãy xoá các dòng, cột thừa hoặc chia tệp rồi tải lên lại."
    )


def check_extent(name: str, extent: Extent, *, declared: bool = False) -> None:
    """Refuse a sheet whose rectangle (A1 to its farthest cell) is beyond the limits."""
    if extent.rows > MAX_ROWS or extent.columns > MAX_COLUMNS or extent.rows * extent.columns > MAX_CELLS:
        raise _too_big_sheet(name, extent, "khai báo kích thước" if declared else "có ô ở tới")


def check_records(count: int, what: str = "dòng") -> None:
    if count > MAX_RECORDS:
        raise FileTooLarge(
            f"Tệp có hơn {format_number(MAX_RECORDS)} {what}, vượt giới hạn một lần nhập; hãy chia tệp rồi tải lên lại."
        )


def check_lines(text: str, what: str = "dòng") -> None:
    """Refuse a text file (CSV) of more lines than an import takes, before reading any (a header line
    is allowed beyond ``MAX_RECORDS``; a line break inside a quoted cell counts, which only errs on the
    side of refusing a file already at the limit)."""
    check_records(text.count("\n", 0, len(text) - 1), what)


def capped(errors: Sequence[str]) -> list[str]:
    """The first ``MAX_ERRORS`` problems, and one more line counting the others."""
    if len(errors) <= MAX_ERRORS:
        return list(errors)
    rest = len(errors) - MAX_ERRORS
    return [*errors[:MAX_ERRORS], f"… và {format_number(rest)} lỗi khác (chỉ liệt kê {MAX_ERRORS} lỗi đầu)."]


# --- zip containers ---------------------------------------------------------------------------------


def _inflated_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """The real size of a member, by inflating its raw bytes in bounded chunks (never trusting the
    declared size, which a crafted file may understate for another reader to overrun)."""
    fp = archive.fp
    assert fp is not None
    fp.seek(info.header_offset)
    local = fp.read(30)
    if len(local) != 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(info.filename)
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    fp.seek(info.header_offset + 30 + name_length + extra_length)
    remaining = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        return remaining
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(info.filename)
    inflater = zlib.decompressobj(-15)
    size = 0
    while remaining > 0 and not inflater.eof:
        raw = fp.read(min(_CHUNK, remaining))
        if not raw:
            break
        remaining -= len(raw)
        while raw and not inflater.eof:
            size += len(inflater.decompress(raw, _CHUNK))
            raw = inflater.unconsumed_tail
            if size > budget:
                return size
    return size


def _check_zip(content: bytes, limit: int) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(content))
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileTooLarge(f"Tệp nén chứa {format_number(len(members))} tệp con, quá nhiều để mở.")
    too_big = FileTooLarge(
        f"Tệp khi giải nén vượt {_megabytes(limit)} (giới hạn nhập), dù tệp tải lên nhỏ hơn nhiều; "
        "tệp có thể bị hỏng hoặc được tạo ra để làm quá tải máy chủ."
    )
    declared = sum(info.file_size for info in members)
    if declared > limit:
        raise too_big
    budget = limit
    for info in members:
        if info.flag_bits & 0x1:
            raise zipfile.BadZipFile(info.filename)  # an encrypted member: no reader here opens it
        real = _inflated_size(archive, info, budget)
        if real != info.file_size:
            raise too_big if real > budget else zipfile.BadZipFile(info.filename)
        budget -= real
    return archive


def open_zip(content: bytes, *, limit: int = MAX_EXPANDED_BYTES) -> zipfile.ZipFile:
    """The zip archive, once every member is proven to expand to its declared size and all of them
    to at most ``limit`` bytes. Raises FileTooLarge, or zipfile.BadZipFile for a damaged archive."""
    try:
        return _check_zip(content, limit)
    except FileTooLarge:
        raise
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, ValueError) as error:
        raise zipfile.BadZipFile(str(error)) from error


# --- streaming XML ----------------------------------------------------------------------------------


def _stream_xml(source: IO[bytes], parser: expat.XMLParserType) -> None:
    parser.buffer_text = False
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(name: str) -> str:
    return name.rpartition(" ")[2].rpartition(":")[2]


def _attribute(attributes: dict[str, str], local: str) -> str | None:
    for key, value in attributes.items():
        if _local(key) == local:
            return value
    return None


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _cell_ref(ref: str) -> tuple[int, int]:
    """(row, column) of "XFD1048576", 0 where a part is missing."""
    match = _CELL_REF.match(ref.strip())
    if match is None:
        return 0, 0
    return int(match[2] or 0), _column_number(match[1] or "")


def declared_extent(ref: str) -> Extent:
    """The rectangle of a dimension such as "A1:XFD1048576" (from A1, as readers lay it out)."""
    last = ref.split(":")[-1]
    rows, columns = _cell_ref(last)
    return Extent(rows, columns, rows * columns)


class _XlsxSheetScan:
    """A worksheet's declared dimension and the farthest cell it really holds, read as a stream."""

    def __init__(self, name: str):
        self.name = name
        self.row = 0
        self.column = 0
        self.max_row = 0
        self.max_column = 0
        self.cells = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = _local(tag)
        if local == "c":
            ref = _attribute(attributes, "r")
            row, column = _cell_ref(ref) if ref else (0, 0)
            self.column = column or self.column + 1
            self.max_column = max(self.max_column, self.column)
            self.max_row = max(self.max_row, row or self.row)
            self.cells += 1
            if self.cells > MAX_CELLS or self.max_column > MAX_COLUMNS or self.max_row > MAX_ROWS:
                self.check()
        elif local == "row":
            ref = _attribute(attributes, "r")
            self.row = int(ref) if ref and ref.isdigit() else self.row + 1
            self.column = 0
        elif local == "dimension":
            check_extent(self.name, declared_extent(_attribute(attributes, "ref") or ""), declared=True)

    def check(self) -> None:
        check_extent(self.name, Extent(self.max_row, self.max_column, self.cells))


class _OdsScan:
    """How far each table of an OpenDocument spreadsheet reaches with content, repeats counted (an empty
    row or cell repeated to the end of the sheet, as LibreOffice writes, reaches nothing)."""

    def __init__(self):
        self.table = ""
        self.row = 0
        self.column = 0
        self.row_repeat = 1
        self.cell_repeat = 1
        self.cell_has_content = False
        self.row_reach = 0
        self.extent = Extent()
        self.depth_in_cell = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = _local(tag)
        if self.depth_in_cell:
            self.depth_in_cell += 1
            self.cell_has_content = True
            return
        if local == "table":
            self.table = _attribute(attributes, "name") or ""
            self.row = 0
            self.extent = Extent()
        elif local == "table-row":
            self.row_repeat = int(_attribute(attributes, "number-rows-repeated") or 1)
            self.column = 0
            self.row_reach = 0
        elif local in ("table-cell", "covered-table-cell"):
            self.cell_repeat = int(_attribute(attributes, "number-columns-repeated") or 1)
            self.cell_has_content = _attribute(attributes, "value-type") is not None
            self.depth_in_cell = 1

    def end(self, tag: str) -> None:
        if self.depth_in_cell > 1:
            self.depth_in_cell -= 1
            return
        local = _local(tag)
        if local in ("table-cell", "covered-table-cell") and self.depth_in_cell == 1:
            self.depth_in_cell = 0
            self.column += self.cell_repeat
            if self.cell_has_content:
                self.row_reach = self.column
                cells = self.extent.cells + self.cell_repeat * self.row_repeat
                self.extent = Extent(self.extent.rows, max(self.extent.columns, self.column), cells)
        elif local == "table-row":
            self.row += self.row_repeat
            if self.row_reach:
                self.extent = Extent(self.row, self.extent.columns, self.extent.cells)
            check_extent(self.table, self.extent)


def _scan(source: IO[bytes], start, end=None) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    _stream_xml(source, parser)


def _check_xlsx(archive: zipfile.ZipFile) -> None:
    for info in archive.infolist():
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml") and "/_rels/" not in name:
            scan = _XlsxSheetScan(name.rpartition("/")[2].removesuffix(".xml"))
            with archive.open(info) as source:
                _scan(source, scan.start)
            scan.check()


def _check_ods(archive: zipfile.ZipFile) -> None:
    scan = _OdsScan()
    with archive.open("content.xml") as source:
        _scan(source, scan.start, scan.end)


# --- .xls (BIFF8 in an OLE compound file) -----------------------------------------------------------

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
# BIFF records that hold a cell (row and column in their first four bytes), and the sheet's dimension.
# FORMULA, LABELSST, NUMBER, RK, BLANK, LABEL, BOOLERR, RSTRING, and FORMULA as BIFF3–4 wrote it.
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0201, 0x0204, 0x0205, 0x00D6, 0x0206}
_MULTI_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column
_DIMENSIONS = 0x0200
_FILEPASS = 0x002F
_BOF = 0x0809


def _chain(table: Sequence[int], start: int, limit: int) -> list[int]:
    sectors: list[int] = []
    seen: set[int] = set()
    sector = start
    while sector < len(table) and sector not in seen and sector != _END_OF_CHAIN:
        if len(sectors) > limit:
            raise ValueError("chain too long")
        seen.add(sector)
        sectors.append(sector)
        sector = table[sector]
    return sectors


def _xls_workbook_stream(content: bytes) -> bytes:
    """The "Workbook" stream of an OLE compound file (a minimal reader: FAT, mini FAT, directory)."""
    sector_size = 1 << struct.unpack_from("<H", content, 0x1E)[0]
    mini_size = 1 << struct.unpack_from("<H", content, 0x20)[0]
    first_directory, _, mini_cutoff, first_mini_fat, mini_fat_count, first_difat, difat_count = struct.unpack_from(
        "<IIIIIII", content, 0x30
    )
    sector_count = max(0, (len(content) - 512) // sector_size)

    def sector(number: int) -> bytes:
        offset = 512 + number * sector_size
        return content[offset : offset + sector_size]

    fat_sectors = [number for number in struct.unpack_from("<109I", content, 0x4C) if number < sector_count]
    difat = first_difat
    for _ in range(min(difat_count, sector_count)):
        if difat >= sector_count:
            break
        entries = struct.unpack(f"<{sector_size // 4}I", sector(difat))
        fat_sectors += [number for number in entries[:-1] if number < sector_count]
        difat = entries[-1]
    fat = [entry for number in fat_sectors for entry in struct.unpack(f"<{sector_size // 4}I", sector(number))]

    def read_stream(start: int, size: int) -> bytes:
        data = b"".join(sector(number) for number in _chain(fat, start, sector_count))
        return data[:size]

    directory = read_stream(first_directory, sector_count * sector_size)
    streams: dict[str, tuple[int, int, int]] = {}
    for offset in range(0, len(directory) - 127, 128):
        name_length = struct.unpack_from("<H", directory, offset + 0x40)[0]
        name = directory[offset : offset + max(0, min(name_length, 64) - 2)].decode("utf-16-le", "replace")
        start, size = struct.unpack_from("<II", directory, offset + 0x74)
        streams.setdefault(name, (directory[offset + 0x42], start, size))
    root = next(iter(streams.values()), None)
    found = streams.get("Workbook") or streams.get("Book")
    if found is None or root is None:
        raise ValueError("no workbook stream")
    _, start, size = found
    if size >= mini_cutoff:
        return read_stream(start, size)
    mini_stream = read_stream(root[1], root[2])
    mini_fat_bytes = read_stream(first_mini_fat, mini_fat_count * sector_size)
    mini_fat = list(struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes))
    data = b"".join(
        mini_stream[number * mini_size : (number + 1) * mini_size] for number in _chain(mini_fat, start, len(mini_fat))
    )
    return data[:size]


def _check_xls(content: bytes) -> None:
    try:
        stream = _xls_workbook_stream(content)
    except (struct.error, ValueError, IndexError, OverflowError):
        return  # not a readable compound file: the workbook reader refuses it with its own message
    position = 0
    sheet = 0
    extent = Extent()
    name = "1"

    def finish() -> None:
        check_extent(name, extent)

    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4 : position + 4 + length]
        position += 4 + length
        if kind == _FILEPASS:
            return  # encrypted: the reader asks for the password and reads nothing
        if kind == _BOF:
            finish()
            sheet += 1
            name = str(sheet)
            extent = Extent()
        elif kind == _DIMENSIONS and len(body) >= 12:
            _first_row, last_row, _first_column, last_column = struct.unpack_from("<IIHH", body)
            check_extent(name, Extent(last_row, last_column, last_row * last_column), declared=True)
        elif kind in _CELL_RECORDS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            extent = Extent(max(extent.rows, row + 1), max(extent.columns, column + 1), extent.cells + 1)
        elif kind in _MULTI_RECORDS and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
            cells = extent.cells + max(0, last - first + 1)
            extent = Extent(max(extent.rows, row + 1), max(extent.columns, last + 1), cells)
    finish()


# --- what callers use -------------------------------------------------------------------------------


def check_spreadsheet(content: bytes) -> None:
    """Refuse a workbook (.xlsx, .xls, .ods) too big to open, before any reader lays out its cells.
    A file that is none of these passes: the reader refuses it with its own message."""
    if content[:8] == _CFB_MAGIC:
        _check_xls(content)
        return
    if content[:2] != b"PK":
        return
    try:
        archive = open_zip(content)
    except zipfile.BadZipFile:
        return
    with archive:
        names = set(archive.namelist())
        try:
            if "content.xml" in names:
                _check_ods(archive)
            else:
                _check_xlsx(archive)
        except (expat.ExpatError, ValueError, zipfile.BadZipFile, zlib.error) as error:
            if isinstance(error, FileTooLarge):
                raise
            return  # damaged XML: the reader refuses it with its own message


def check_docx(content: bytes) -> None:
    """Refuse a Word file too big to open: its expanded size and how many paragraphs, rows and cells
    its body holds, counted as a stream."""
    if content[:2] != b"PK":
        return
    try:
        archive = open_zip(content, limit=MAX_DOCX_EXPANDED_BYTES)
    except zipfile.BadZipFile:
        return
    blocks = 0

    def start(tag: str, _attributes: dict[str, str]) -> None:
        nonlocal blocks
        if _local(tag) in ("p", "tr", "tc"):
            blocks += 1
            if blocks > MAX_DOCX_BLOCKS:
                raise FileTooLarge(
                    f"Tệp Word có hơn {format_number(MAX_DOCX_BLOCKS)} đoạn, dòng và ô bảng, vượt giới hạn đọc; "
                    "hãy chỉ giữ phần mục tiêu, nhiệm vụ của kế hoạch rồi tải lên lại."
                )

    with archive:
        if "word/document.xml" not in archive.namelist():
            return
        try:
            with archive.open("word/document.xml") as source:
                _scan(source, start)
        except expat.ExpatError:
            return


def check_json_records(text: str) -> None:
    """Refuse a JSON file with more objects than an import takes, before parsing it (each value of a
    DHIS2 dataValueSet is one object)."""
    check_records(text.count("{") - 1, "giá trị")
