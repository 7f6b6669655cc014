"""The timeliness rule: sent by the deadline is on time, after it late; past the deadline an unsent report is late."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.timeliness import not_sent_by_deadline, on_time

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(deadline=days, today=days)
def test_unsent_is_late_exactly_when_the_deadline_has_passed(deadline, today):
    assert (on_time(None, deadline, today) is False) == (today > deadline)
    assert not_sent_by_deadline(None, deadline, today) == (today > deadline)
    assert on_time(None, deadline, today) in (None, False)


@given(sent=days, deadline=days, today=days)
def test_a_sent_report_is_judged_by_its_sending_day_only(sent, deadline, today):
    assert on_time(sent, deadline, today) == (sent <= deadline)
    assert not not_sent_by_deadline(sent, deadline, today)


@given(sent=st.none() | days, today=days)
def test_no_deadline_no_timeliness(sent, today):
    assert on_time(sent, None, today) is None and not not_sent_by_deadline(sent, None, today)


def test_the_deadline_day_itself_is_still_on_time():
    deadline = date(2026, 11, 29)
    assert on_time(None, deadline, deadline) is None
    assert on_time(None, deadline, deadline + timedelta(days=1)) is False
    assert on_time(deadline, deadline, deadline + timedelta(days=300)) is True
