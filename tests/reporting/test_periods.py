"""Reporting periods as plain values (Decree 09/2019 windows, labels, DHIS2 codes, deadlines)."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.periods import (
    DAYS_AFTER_WINDOW,
    HALF,
    MONTH,
    PERIODS_PER_YEAR,
    QUARTER,
    YEAR,
    PeriodCodeError,
    PeriodKey,
    cutoff_window,
    deadline_for,
    deadline_from_text,
    dhis2_code,
    label,
    next_key,
    parse_dhis2_period,
    previous_key,
)

years = st.integers(min_value=1901, max_value=2199)
kinds = st.sampled_from(sorted(PERIODS_PER_YEAR))


@st.composite
def keys(draw) -> PeriodKey:
    kind = draw(kinds)
    return PeriodKey(draw(years), kind, draw(st.integers(min_value=1, max_value=PERIODS_PER_YEAR[kind])))


@given(years, kinds)
def test_the_periods_of_one_kind_tile_the_year_without_gap_or_overlap(year, kind):
    windows = [cutoff_window(PeriodKey(year, kind, number)) for number in range(1, PERIODS_PER_YEAR[kind] + 1)]
    assert windows[0][0] == date(year - 1, 12, 15)
    assert windows[-1][1] == date(year, 12, 14)
    for (_, end), (next_start, _) in pairwise(windows):
        assert next_start == end + timedelta(days=1)
    assert all(start <= end for start, end in windows)
    days = sum((end - start).days + 1 for start, end in windows)
    assert days == (date(year, 12, 14) - date(year - 1, 12, 15)).days + 1


@given(keys())
def test_every_window_ends_on_a_14th_and_starts_on_a_15th(key):
    start, end = cutoff_window(key)
    assert (start.day, end.day) == (15, 14)
    assert end.year == key.year


@given(keys())
def test_consecutive_periods_follow_each_other_across_years(key):
    assert previous_key(next_key(key)) == key
    assert next_key(previous_key(key)) == key
    assert cutoff_window(next_key(key))[0] == cutoff_window(key)[1] + timedelta(days=1)
    assert next_key(key) > key


@given(keys())
def test_dhis2_codes_round_trip(key):
    assert parse_dhis2_period(dhis2_code(key)) == key
    assert parse_dhis2_period(f"  {dhis2_code(key)} ") == key


@given(years, kinds)
def test_labels_of_one_year_are_distinct_and_name_the_year(year, kind):
    labels = [label(PeriodKey(year, kind, number)) for number in range(1, PERIODS_PER_YEAR[kind] + 1)]
    assert len(set(labels)) == len(labels)
    assert all(str(year) in text for text in labels)


@pytest.mark.parametrize(
    ("key", "window", "text", "code"),
    [
        (PeriodKey(2025, YEAR), (date(2024, 12, 15), date(2025, 12, 14)), "Năm 2025", "2025"),
        (PeriodKey(2025, HALF, 1), (date(2024, 12, 15), date(2025, 6, 14)), "6 tháng đầu năm 2025", "2025S1"),
        (PeriodKey(2025, HALF, 2), (date(2025, 6, 15), date(2025, 12, 14)), "6 tháng cuối năm 2025", "2025S2"),
        (PeriodKey(2025, QUARTER, 1), (date(2024, 12, 15), date(2025, 3, 14)), "Quý I/2025", "2025Q1"),
        (PeriodKey(2025, QUARTER, 3), (date(2025, 6, 15), date(2025, 9, 14)), "Quý III/2025", "2025Q3"),
        (PeriodKey(2025, MONTH, 1), (date(2024, 12, 15), date(2025, 1, 14)), "Tháng 01/2025", "202501"),
        (PeriodKey(2025, MONTH, 12), (date(2025, 11, 15), date(2025, 12, 14)), "Tháng 12/2025", "202512"),
    ],
)
def test_decree_09_windows_labels_and_codes(key, window, text, code):
    assert cutoff_window(key) == window
    assert label(key) == text
    assert dhis2_code(key) == code


@pytest.mark.parametrize(
    ("kind", "number", "year"), [("week", 1, 2025), (QUARTER, 5, 2025), (MONTH, 0, 2025), (YEAR, 1, 1800)]
)
def test_impossible_periods_are_refused_in_vietnamese(kind, number, year):
    with pytest.raises(PeriodCodeError, match="không"):
        PeriodKey(year, kind, number)


@pytest.mark.parametrize("code", ["2025W3", "2025Q5", "2025S3", "202513", "25", "", "2025-01"])
def test_unsupported_dhis2_codes_are_refused(code):
    with pytest.raises(PeriodCodeError):
        parse_dhis2_period(code)


def test_the_previous_period_of_the_first_of_a_year_is_the_last_of_the_year_before():
    assert previous_key(PeriodKey(2025, QUARTER, 1)) == PeriodKey(2024, QUARTER, 4)
    assert previous_key(PeriodKey(2025, MONTH, 1)) == PeriodKey(2024, MONTH, 12)
    assert previous_key(PeriodKey(2025, YEAR)) == PeriodKey(2024, YEAR)


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Định kỳ hằng năm, trước ngày 30/11 (mục III.7)", date(2026, 11, 29)),  # 181/KH-UBND: 30/11 is late
        ("Chậm nhất ngày 30/11", date(2026, 11, 30)),
        ("chậm nhất vào ngày 15/12 hằng năm", date(2026, 12, 15)),
        ("trước hoặc trong ngày 05/12", date(2026, 12, 5)),
        ("Hạn chót là ngày 15/01 năm sau", date(2027, 1, 15)),  # a day before July is in the following year
        ("TRƯỚC NGÀY 1/12", date(2026, 11, 30)),
    ],
)
def test_a_yearly_deadline_is_read_from_the_programme_text(text, deadline):
    assert deadline_from_text(text, 2026) == deadline
    assert deadline_for(PeriodKey(2026, YEAR), text) == deadline


@pytest.mark.parametrize(
    "text", ["", "Báo cáo năm gửi cơ quan thường trực (Sở LĐTB&XH) để tổng hợp", "trước ngày 31/11", "ngày 30/11"]
)
def test_a_text_without_a_day_gives_the_default_deadline(text):
    assert deadline_from_text(text, 2026) is None
    assert deadline_for(PeriodKey(2026, YEAR), text) == date(2026, 12, 14) + timedelta(days=DAYS_AFTER_WINDOW)


@given(keys())
def test_periods_other_than_years_are_due_days_after_their_window_whatever_the_text(key):
    due = deadline_for(key, "trước ngày 30/11")
    if key.kind == YEAR:
        assert due == date(key.year, 11, 29)
    else:
        assert due == cutoff_window(key)[1] + timedelta(days=DAYS_AFTER_WINDOW)
        assert due.day == 20


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
def test_every_day_written_in_a_deadline_phrase_is_read(day):
    year = day.year if day.month >= 7 else day.year - 1
    assert deadline_from_text(f"chậm nhất ngày {day.day}/{day.month}", year) == day
    assert deadline_from_text(f"trước ngày {day.day:02d}/{day.month:02d}", year) == day - timedelta(days=1)
