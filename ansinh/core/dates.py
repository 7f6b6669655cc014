"""Dates the Vietnamese way (Decree 30/2020): ``ngày 05 tháng 3 năm 2024``; ``05/03/2024``."""

from datetime import date, datetime


def format_date(day: date | None) -> str:
    if day is None:
        return "—"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_date_long(day: date) -> str:
    """A leading zero only for days 1–9 and for months 1 and 2, as Decree 30/2020 writes them."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def parse_date(text: str) -> date:
    """ "05/03/2024" is 5 March 2024; anything else is refused with a Vietnamese message."""
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError as error:
        raise ValueError(f"Ngày “{text}” không hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 23/11/2026.") from error
