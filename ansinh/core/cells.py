"""Cells of the files we write, from a person's text: never a formula. One helper for every writer — the
report workbooks, the lists, the Decree 30 appendices, the DHIS2, Open SDG and audit CSVs.

openpyxl stores a string that starts with "=" as a formula unless told otherwise: a note
``=HYPERLINK("http://…","bấm")`` would become a live link in the spreadsheet that opens the file, and,
stored as a formula without a cached value, would read back empty — a template downloaded and uploaded
unchanged would erase the note. A CSV cell has no type at all, so a spreadsheet program evaluates any cell
that starts with =, +, -, @, a tab or a carriage return: such text gets a leading apostrophe, which
spreadsheets show as nothing and which keeps the text as text (OWASP's advice for CSV injection). A number
such as -5 or +3,5 is left alone."""

import csv
import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*%?")


def put_text(cell: Any, text: str) -> None:
    """Store ``text`` in an openpyxl cell (a normal or a write-only one) as text, whatever it starts with."""
    cell.value = text
    cell.data_type = "s"


def _risky(text: str) -> bool:
    """A formula once any apostrophes in front are taken off (so that escaping can be undone exactly)."""
    bare = text.lstrip("'")
    return bare.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(bare)


def csv_text(text: str) -> str:
    """``text`` for a CSV cell: unchanged, unless a spreadsheet would take it for a formula."""
    return "'" + text if _risky(text) else text


def csv_plain(text: str) -> str:
    """A CSV cell as :func:`csv_text` wrote it, read back: ``csv_plain(csv_text(t)) == t`` for every text."""
    return text[1:] if text.startswith("'") and _risky(text[1:]) else text


class _Line:
    """A file-like object csv.writer writes one row to, handing the row's text back."""

    def write(self, text: str) -> str:
        return text


def csv_line_writer() -> Any:
    """A csv.writer whose ``writerow`` returns the row's text (lines end with \\n), for a CSV written one row at
    a time (a generator, a streamed response, a file) instead of in a buffer as big as the file."""
    return csv.writer(_Line(), lineterminator="\n")
