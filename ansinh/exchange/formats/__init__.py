"""The file formats of data exchange, read and written without the ORM: DHIS2 dataValueSets and mapping
files, Open SDG tidy CSV, report workbooks (.xlsx/.xls/.ods) and the bulk values CSV. The database side of
every import and export is in ``exchange.services``."""
