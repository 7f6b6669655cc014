"""Stage 1: the plan's text cleaned into numbered lines (italics markers, stray spaces, words a page break
split across lines), and the folding used to compare words without tones."""

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the text as received
    text: str


_SPACES = str.maketrans(
    # "ƣ"/"Ƣ": the glyph some PDF fonts put for "ư"/"Ư" (text copied from a PDF of a scanned thesis)
    {"\u00a0": " ", "\u202f": " ", "\t": " ", "\u200b": "", "\ufeff": "", "ƣ": "ư", "Ƣ": "Ư"}
)
# Page furniture of web pages and PDF text layers: page numbers ("Page 4 - Nghị quyết", "P. 4", a lone
# "56"), accessibility links, view counters, datelines with a clock time, a photo's caption ("… - Ảnh 1"), a
# standing slogan. None
# of it is part of a plan.
_FURNITURE = re.compile(
    r"^(?:(?:page|trang)\s+\d+(?:\s*[-–/].{0,60})?|p\.\s*\d+|\d{1,3}|skip\s.*|.*\blượt xem\b.*|xem cỡ chữ|"
    r"tương phản chữ|đọc bài viết|từ viết tắt|ảnh minh họa.*|ảnh:.*|nguồn:\s*internet|.*\s-\s*ảnh\s*\d+|"
    # a portal's standing slogan over every page ("Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội … nhiệm kỳ 2020 -
    # 2025"): its term is no period of the plan below it
    r"quyết tâm thực hiện thắng lợi nghị quyết.*|"
    r"(?=.{0,70}$)(?:\S+\s+){0,6}\d{1,2}:\d{2}\b.*|[^\w]*)$",
    re.IGNORECASE,
)
# A hard-wrapped line (PDF text) that stops inside a sentence: on a dash ("6,5 -" / "7%/năm") or on the word
# "năm" before its year ("năm" / "2025 dưới 4%").
_OPEN_END = re.compile(r"(?:\s[-–]|(?<!\w)năm)$", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*{1,3}([^*\n]+?)\*{1,3}")
_STRAY_STARS = re.compile(r"(?<!^)\*+|^\*+(?=\S)", re.MULTILINE)
_LIST_LETTER = re.compile(r"^[a-zđ]\)\s")
# "… tiếp cận dịch vụ văn hóa cơ sở đạt" / "95%.": a line that stops on a target word goes on with its figure.
_OPEN_TARGET = re.compile(
    r"(?<!\w)(?:đạt|dưới|trên|khoảng|tối thiểu|tối đa|ít nhất|còn|là|mức|xuống|lên)$", re.IGNORECASE
)
# A footnote mark glued to a figure by the PDF or web page ("dưới 24%1;", "5%3."): no figure is written
# with digits right after its "%", so they are the mark, and the notes themselves are not in the targets.
# A lone "0" is no note's number but the per mille typed "%0" ("giảm tỷ suất sinh … 0,5%0"), which the reader reads.
_FOOTNOTE_MARK = re.compile(r"(?<=\d[%‰])(?!0(?:[\s.,;:)]|$))\d{1,2}(?=[\s.,;:)]|$)", re.MULTILINE)
# "… từ 21% trở lên.(9) Giá trị xuất khẩu …": a bracketed note number glued after a stop is the mark of a note; left
# in, it hid the stop and ran the next sentence's figure into the one before
_NOTE_AFTER_STOP = re.compile(r"(?<=[.;])\(\d{1,2}\)(?=\s)")
# "xuống dưới18,5‰": a comparator word glued to its figure (a lost space) keeps the figure from being read
_GLUED_COMPARATOR = re.compile(r"(?<!\w)(dưới|trên|đạt|còn|khoảng|tối thiểu|tối đa|ít nhất)(?=\d)", re.IGNORECASE)
# "… liên quan đến dinh dưỡng.Cụ thể, giảm …", "… vào năm 2020;Bên cạnh đó, …": a stop glued to the next sentence by
# the page's copy hid the sentence's end (and, in an article, which sentence a target was in). A space is put back
# where a small letter, a digit or "%" closes and a capitalised word opens ("TP.HCM", "ThS.BS" stay as they are).
_GLUED_STOP = re.compile(r"(?<=[^\W_]|%)[.;](?=[^\W\d_]{2})")


def _unglue(match: re.Match[str]) -> str:
    before, after = match.string[match.start() - 1], match.string[match.end() : match.end() + 2]
    if (before.islower() or before.isdigit() or before == "%") and after[0].isupper() and after[1].islower():
        return match.group() + " "
    return match.group()


_SPLIT_FIGURE = re.compile(r"^\d+(?:[.,]\d+)*\s*(?:%|‰)?(?:[\s.;,]|$)(?!\S*\.\s)")


def clean_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped, with ``*italics*`` markers removed and page-break splits repaired.

    A page break in a converted document leaves a word cut in two paragraphs (``… Chấp hành nghiêm
    túc, vận`` / ``dụng sáng tạo …``): a line that opens with a lower-case letter after one that does
    not close a sentence continues it.
    """
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
    text = text.replace("\\r\\n", "\n")  # line ends escaped as text by the page that served the document
    text = _EMPHASIS.sub(r"\1", text)
    text = _STRAY_STARS.sub("", text)
    text = _FOOTNOTE_MARK.sub("", text)
    text = _NOTE_AFTER_STOP.sub("", text)
    text = _GLUED_COMPARATOR.sub(r"\1 ", text)
    text = _GLUED_STOP.sub(_unglue, text)
    lines: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = " ".join(raw.split())
        if not stripped or _FURNITURE.match(stripped):
            continue
        continues = (
            lines
            and (
                (
                    stripped[0].islower()
                    and not _LIST_LETTER.match(stripped)
                    and not lines[-1].text.endswith((".", ":", ";", "!", "?"))
                )
                or (_SPLIT_FIGURE.match(stripped) is not None and _OPEN_TARGET.search(lines[-1].text) is not None)
                or (stripped[0].isdigit() and _OPEN_END.search(lines[-1].text) is not None)
                # "… thứ 3 trở lên: 0,1" / "% so với năm 2022.": a unit opens no line, it closes the figure before it
                or (stripped[0] in "%‰" and lines[-1].text[-1:].isdigit())
            )
        )
        if continues:
            lines[-1] = Line(lines[-1].number, f"{lines[-1].text} {stripped}")
        else:
            lines.append(Line(number, stripped))
    return [part for line in lines for part in _split_inline_items(line)]


# Items run together on one line: "(1) Tốc độ … (2) Cơ cấu …", "1. … 2. … 3. …" (a list whose line breaks
# were lost). Split only where the numbers run in sequence, so that "(2)" in a sentence stays. A number may follow a
# bracket as well as a stop: "I. Về kinh tế (11 chỉ tiêu) 1. Tốc độ …" (a group's count closes its heading).
_INLINE_MARKERS = (
    re.compile(r"(?:^|(?<=\s))\((?P<number>\d{1,2})\)\s+(?=\S)"),
    re.compile(r"(?:^|(?<=[.;:)]\s))(?P<number>\d{1,2})\.\s+(?=[A-ZĐÀ-Ỹ])"),
)


# "- Tổng sản lượng … trở lên. - Lương thực bình quân …": bullets whose line breaks were lost, split where the
# line's own marker comes again after the end of a clause and before a capital.
_INLINE_BULLET = re.compile(r"(?<=[.;)%])\s+(?=[-+]\s+[^\W\d_])")


def _split_inline_items(line: Line) -> list[Line]:
    marker = line.text[:2]
    if marker in ("- ", "+ "):
        parts = [part.strip() for part in _INLINE_BULLET.split(line.text)]
        if len(parts) > 1 and all(part.startswith(marker) and part[2:3].isupper() for part in parts):
            return [Line(line.number, part) for part in parts]
    for pattern in _INLINE_MARKERS:
        markers = list(pattern.finditer(line.text))
        numbers = [int(marker.group("number")) for marker in markers]
        if len(markers) < 2 or any(b != a + 1 for a, b in pairwise(numbers)):
            continue
        starts = [marker.start() for marker in markers]
        head = line.text[: starts[0]].strip()
        parts = [line.text[start:end].strip() for start, end in zip(starts, [*starts[1:], len(line.text)], strict=True)]
        if pattern is _INLINE_MARKERS[0]:
            parts = [re.sub(r"^\((\d{1,2})\)\s*", r"\1) ", part) for part in parts]
        return ([Line(line.number, head)] if head else []) + [Line(line.number, part) for part in parts]
    return [line]


# "hiện" as now, not the second half of "thực hiện" (carry out), "xuất hiện" (appear), "phát hiện" (find), "thể hiện"
# (show): a look-behind for every pattern of "hiện nay" a plan's reading uses
NOT_A_COMPOUND_OF_HIEN = r"(?<!thực )(?<!xuất )(?<!phát )(?<!thể )"


def fold(text: str) -> str:
    """A key for matching words: lower case, one placement of tone marks (``hoá`` = ``hóa``), no
    punctuation but the words, single spaces."""
    text = unicodedata.normalize("NFC", text).lower()
    for old, new in _TONE_PLACEMENT.items():
        text = text.replace(old, new)
    text = re.sub(r"[,;:.()\[\]\"“”'‘’/&–—-]+", " ", text)
    return " ".join(text.split())


# Old-style placement (hoá, khoẻ, thuỷ) and new-style (hóa, khỏe, thủy) both occur, even in one plan.
_TONE_PLACEMENT = {
    first + marked: carrier + second
    for first, second, marked_seconds, carriers in (
        ("o", "a", "áàảãạ", "óòỏõọ"),
        ("o", "e", "éèẻẽẹ", "óòỏõọ"),
        ("u", "y", "ýỳỷỹỵ", "úùủũụ"),
    )
    for marked, carrier in zip(marked_seconds, carriers, strict=True)
}


def squash(text: str) -> str:
    """Case, spaces, the PDF glyph ``ƣ`` and trailing punctuation folded away, for comparing a phrase with a quote."""
    text = unicodedata.normalize("NFC", text).replace("ƣ", "ư").replace("Ƣ", "Ư").replace("\\r\\n", " ")
    text = " ".join(text.lower().split())
    return text.strip(" .,;:-")


def _word_set(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def closeness(quote: str, phrase: str) -> int:
    """How far two squashed texts say the same thing: 2, one holds the other; 1, most of the quote's words are in
    the phrase; 0, unrelated. The scorer matches labels with it, the preview its unread figures to the targets."""
    if not quote or not phrase:
        return 0
    if quote in phrase or (len(phrase) >= 12 and phrase in quote):
        return 2
    quote_words = _word_set(quote)
    if quote_words and len(quote_words & _word_set(phrase)) / len(quote_words) >= 0.7:
        return 1
    return 0
