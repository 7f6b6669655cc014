"""The API's health probe: anonymous, and cheap enough to be the benchmarks' baseline."""

import json


def test_health_answers_anonymous_callers_without_touching_the_database(client):
    # No database fixture: pytest-django refuses any query, so a probe that reads the database fails here.
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
