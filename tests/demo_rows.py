"""The demo's rows, copied once per run and database (the first worker that needs them; ``demo_rows`` in
tests/conftest.py) and put back for each test that needs the demo.

Loading the demo runs the plan reader on two plans, reads 3.000 administrative units and closes four periods: about
five seconds of Python on an idle machine for ten thousand rows (a reporting journey's set-up: 5,0 s before, 1,2 s
with its people made after putting the rows back). Thirty-odd modules and browser tests each loaded it afresh. The copy is the database's own: SQLite's ``quote()`` of
every value (its storage class kept) and PostgreSQL's ``COPY``, so what comes back is what the loader wrote, byte
for byte (tests/demo/test_demo_rows.py compares them).

Every table the loader leaves with rows is copied whole, the rows made by the migrations included (content types,
permissions): a browser test's database is emptied after it and those are made again with new ids, and the demo's
rows that point at them (a notification's target type) must find theirs."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

# Django's record of applied migrations is the schema's, not the data's; SQLite keeps its own tables.
NOT_DATA = ("django_migrations", "sqlite_")
SQLITE_ROWS_PER_INSERT = 400  # below SQLite's limit of 500 terms in one VALUES list


@dataclass(frozen=True)
class SQLiteRows:
    columns: tuple[str, ...]
    literals: list[tuple[str, ...]]


@dataclass(frozen=True)
class TableRows:
    """The rows of every table that has any, in the backend's own form: for SQLite, each row as SQL literals; for
    PostgreSQL, the table's COPY text."""

    tables: dict[str, "SQLiteRows | bytes"]


def _data_tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if not name.startswith(NOT_DATA))


def copy_rows() -> TableRows:
    """Every table's rows as they stand in this connection's transaction."""
    quote = connection.ops.quote_name
    tables: dict[str, SQLiteRows | bytes] = {}
    with connection.cursor() as cursor:
        for table in _data_tables():
            if connection.vendor == "postgresql":
                # In the order of the first column (the id), not the heap's, so that two copies of the same rows are equal.
                copy_out = f"COPY (SELECT * FROM {quote(table)} ORDER BY 1) TO STDOUT"  # noqa: S608  (a schema table)
                with cursor.cursor.copy(copy_out) as copy:
                    data = b"".join(bytes(block) for block in copy)
                if data:
                    tables[table] = data
                continue
            columns = tuple(column.name for column in connection.introspection.get_table_description(cursor, table))
            literals = ", ".join(f"quote({quote(column)})" for column in columns)
            # Table and column names come from the schema, quoted: no outside text reaches the query.
            cursor.execute(f"SELECT {literals} FROM {quote(table)} ORDER BY rowid")  # noqa: S608
            rows = cursor.fetchall()
            if rows:
                tables[table] = SQLiteRows(columns, rows)
    return TableRows(tables)


def _models_of(tables: set[str]) -> list[type[Model]]:
    return [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in tables]


def put_back(rows: TableRows) -> None:
    """Make each copied table hold exactly its copied rows, in one transaction (the foreign keys are checked at its
    end, so the order of the tables does not matter)."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, content in rows.tables.items():
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608  (a table of the schema)
            if isinstance(content, bytes):
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(content)
                continue
            columns = ", ".join(quote(column) for column in content.columns)
            for start in range(0, len(content.literals), SQLITE_ROWS_PER_INSERT):
                batch = content.literals[start : start + SQLITE_ROWS_PER_INSERT]
                values = ", ".join(f"({', '.join(row)})" for row in batch)
                # SQLite's own literals of the values it held (quote()), under the schema's quoted names.
                cursor.execute(f"INSERT INTO {quote(table)} ({columns}) VALUES {values}")  # noqa: S608
        # PostgreSQL's sequences continue after the copied ids (SQLite's follow an inserted id by themselves).
        for statement in connection.ops.sequence_reset_sql(no_style(), _models_of(set(rows.tables))):
            cursor.execute(statement)
    # The content types' ids may differ from those the cache holds (a browser test's emptied database made them anew).
    ContentType.objects.clear_cache()


@contextmanager
def put_back_until_rolled_back(rows: TableRows) -> Iterator[None]:
    """The rows put back inside a transaction that is rolled back at the end. The content types' ids cached meanwhile
    are the copy's, which the rollback may undo (after a browser test's emptied database made them anew): the cache
    is emptied again, or the next test would point a row at a content type that no longer has that id."""
    try:
        with transaction.atomic():
            put_back(rows)
            yield
            transaction.set_rollback(True)
    finally:
        ContentType.objects.clear_cache()
