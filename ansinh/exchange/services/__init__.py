"""Writes of data exchange, one topic a module: ``dhis2_import``, ``opensdg_import``, ``spreadsheets``
(report workbooks both ways), ``bulk`` (millions of figures from a CSV), ``mappings`` (DHIS2 mapping files),
``jobs`` (imports in the background), ``export_jobs`` (large exports in the background), ``exports`` (audited exports, upload checks); ``figures`` writes what
the imports read, ``common`` holds what they share."""
