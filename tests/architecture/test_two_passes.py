"""scripts/test.sh runs the suite on SQLite, then on PostgreSQL without the tests marked no_db. The mark
(tests/conftest.py) must never fall on a test that reaches the database, or that test would silently never meet
PostgreSQL; and it must fall on the pure ones, or the PostgreSQL run pays for them twice."""

import pytest


def test_a_test_without_the_database_is_left_to_the_sqlite_run(request):
    assert request.node.get_closest_marker("no_db") is not None


def test_a_test_with_the_database_runs_on_both(request, db):
    assert request.node.get_closest_marker("no_db") is None


@pytest.mark.django_db
def test_the_django_db_mark_is_enough_to_run_on_both(request):
    assert request.node.get_closest_marker("no_db") is None


@pytest.fixture
def through_a_world(world):
    return world


def test_a_database_fixture_further_down_is_enough_to_run_on_both(request, through_a_world):
    assert request.node.get_closest_marker("no_db") is None


@pytest.mark.postgres
def test_a_postgres_test_is_never_left_out(request):
    """Such a test reaches PostgreSQL its own way (the benchmark's smoke test); skipped on SQLite."""
    assert request.node.get_closest_marker("no_db") is None
