"""Whether a unit's report came on time: a pure rule, no ORM (``reporting.selectors.completeness`` feeds it).

A report that stands sent counts from the day it was first sent (a report returned and sent again keeps
that day). Once the deadline has passed, a report not sent is late, whatever state it is in (not started,
being typed, returned): it was due and did not come.
Before the deadline an unsent report is neither on time nor late. A period without a deadline has no
timeliness at all."""

from datetime import date


def on_time(first_sent_on: date | None, deadline: date | None, today: date) -> bool | None:
    """True when sent on or before the deadline; False when sent after it, or not sent and the deadline has
    passed; None when there is no deadline, or the report is not sent and its deadline is still ahead."""
    if deadline is None:
        return None
    if first_sent_on is None:
        return False if today > deadline else None
    return first_sent_on <= deadline


def not_sent_by_deadline(first_sent_on: date | None, deadline: date | None, today: date) -> bool:
    """The deadline has passed and the report was never sent: "Không gửi báo cáo"."""
    return first_sent_on is None and deadline is not None and today > deadline
