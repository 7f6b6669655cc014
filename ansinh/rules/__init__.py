"""The rules that must be right, as plain functions of plain values: no Django, no ORM, no import from
an app (only ``ansinh.core``'s number and date formatting). Every app above may use them; they use
nothing above them, so they can be tested exhaustively (hypothesis) and read on their own.

- ``targets``: Vietnamese target phrases → structured targets, and back;
- ``verdicts``: which target applies, comparators, status and its sentence, the summary sentence;
- ``outlook``: progress towards the end target (docs/rules.md);
- ``rollup``: counts add, rates are ratios of sums, carrying old units' figures through successions;
- ``checks``: hard and soft checks of a report's cells;
- ``periods``: reporting periods, Decree 09/2019 cut-off windows, deadlines, DHIS2 codes;
- ``approval``: which unit approves a report."""
