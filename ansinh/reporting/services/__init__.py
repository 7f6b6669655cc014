"""Writes of the reporting cycle, one topic a module: ``periods`` (open, close, reopen), ``assignments``
(who reports what), ``values`` (the one path every figure takes), ``lifecycle`` (submit, approve, return,
reopen), ``reminders`` (reminders and notifications); ``errors`` holds what they refuse with.

Every write is audited and all-or-nothing. Services do not check access: views and API endpoints check it
first (``ansinh.accounts.rules``)."""
