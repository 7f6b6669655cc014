"""Writes of a programme's stewardship, one topic a module: ``budget`` (a unit's line, or many lines at once
from the finance office's spreadsheet, all or nothing), ``reviews`` (take a sơ kết or tổng kết), ``emulation``
(a year's topic and weights, reward proposals and the committee's decision). Every write is audited; a refusal raises
``StewardshipError`` with a Vietnamese message (and, for many lines, one message a line) and writes nothing."""
