"""The pure rules of steering work: deadlines, a task's status on a day, an inspection plan's pace."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.followups import (
    OPEN_STATUSES,
    STORED_STATUSES,
    DeadlineError,
    DeadlineKind,
    Pace,
    TaskStatus,
    expected_by,
    inspection_pace,
    parse_deadline,
    task_status,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("05/03/2024", DeadlineKind.DATE, date(2024, 3, 5)),
        ("trước ngày 30/11/2024", DeadlineKind.DATE, date(2024, 11, 30)),
        ("2023", DeadlineKind.YEAR, date(2023, 12, 31)),
        ("Năm 2022", DeadlineKind.YEAR, date(2022, 12, 31)),
        ("Thường xuyên", DeadlineKind.ONGOING, None),
        ("hằng năm", DeadlineKind.ONGOING, None),
    ],
)
def test_deadlines_as_plans_write_them(text, kind, due):
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.due) == (kind, due)


@pytest.mark.parametrize("text", ["", "sớm", "31/02/2024", "quý 5"])
def test_unreadable_deadlines_say_why_in_vietnamese(text):
    with pytest.raises(DeadlineError) as error:
        parse_deadline(text)
    assert "thời hạn" in str(error.value).lower() or "ngày" in str(error.value).lower()


@given(days)
def test_a_written_date_reads_back(day):
    deadline = parse_deadline(f"{day.day:02d}/{day.month:02d}/{day.year}")
    assert deadline.due == day
    assert deadline.label == f"{day.day:02d}/{day.month:02d}/{day.year}"


@given(st.sampled_from(STORED_STATUSES), st.one_of(st.none(), days), st.one_of(st.none(), days), days)
def test_status_follows_the_calendar(stored, due, completed_on, today):
    status = task_status(stored, due, completed_on, today)
    if stored == TaskStatus.DONE:
        assert status in (TaskStatus.DONE, TaskStatus.DONE_LATE)
        assert (status == TaskStatus.DONE_LATE) == bool(due and completed_on and completed_on > due)
    elif stored in (TaskStatus.PAUSED, TaskStatus.CANCELLED):
        assert status == stored
    else:
        assert (status == TaskStatus.OVERDUE) == bool(due and today > due)
        assert status in OPEN_STATUSES


@given(days, st.integers(min_value=0, max_value=400))
def test_the_deadline_day_itself_is_not_late(due, after):
    assert task_status("in_progress", due, None, due) == TaskStatus.IN_PROGRESS
    later = due + timedelta(days=after + 1) if due < date(2100, 1, 1) else due
    if later > due:
        assert task_status("in_progress", due, None, later) == TaskStatus.OVERDUE


YEAR_2022 = (date(2022, 1, 1), date(2022, 12, 31))


def test_the_2022_inspection_plan_of_08_ctr_tu():
    """Seed 000 asks for at least 9 units in 2022; seed 001 reports 8 districts inspected."""
    assert inspection_pace(9, 8, *YEAR_2022, date(2023, 1, 9)) == Pace.MISSED
    assert inspection_pace(9, 8, *YEAR_2022, date(2022, 12, 1)) == Pace.ON_TRACK
    assert inspection_pace(9, 2, *YEAR_2022, date(2022, 7, 1)) == Pace.BEHIND
    assert inspection_pace(9, 9, *YEAR_2022, date(2022, 3, 1)) == Pace.ACHIEVED


@given(st.integers(min_value=1, max_value=60), days, st.integers(min_value=0, max_value=800))
def test_the_expected_count_grows_to_the_target(target, starts_on, offset):
    ends_on = starts_on + timedelta(days=364)
    today = starts_on + timedelta(days=offset)
    expected = expected_by(target, starts_on, ends_on, today)
    assert 0 <= expected <= target
    assert expected <= expected_by(target, starts_on, ends_on, today + timedelta(days=1))
    if today >= ends_on:
        assert expected == target


@given(
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=60),
    days,
    st.integers(min_value=-30, max_value=500),
)
def test_more_visits_never_make_a_plan_look_worse(target, done, starts_on, offset):
    ends_on = starts_on + timedelta(days=364)
    today = starts_on + timedelta(days=offset)
    rank = [Pace.MISSED, Pace.BEHIND, Pace.ON_TRACK, Pace.ACHIEVED]
    before = inspection_pace(target, done, starts_on, ends_on, today)
    after = inspection_pace(target, done + 1, starts_on, ends_on, today)
    assert rank.index(after) >= rank.index(before)
    assert (before == Pace.ACHIEVED) == (done >= target)
