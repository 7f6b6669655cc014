"""Targets and the committee's declarations through API v1: the same services and refusals as the page."""

import json

import pytest

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.tokens import create_token
from ansinh.programs.models import Target

API = "/api/v1"


def call(client, key, method, path, body=None):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(f"{API}{path}", **kwargs)


@pytest.fixture
def keys(world, cast):
    found = {}
    for name in ("thu", "lan"):
        found[name] = create_token(getattr(cast, name), name="kiểm thử", can_write=True)[1]
    assert Membership.objects.filter(user=cast.thu, role=Role.SECRETARIAT).exists()
    return found


def test_targets_are_read_and_written_through_the_api(client, world, keys):
    slug = world.program.slug
    made = call(
        client,
        keys["thu"],
        "post",
        f"/programs/{slug}/targets",
        {"indicator": "1.1", "year": 2026, "phrase": "đạt 93%", "unit": "W25-T2", "source": "Giao chỉ tiêu"},
    )
    assert made.status_code == 201, made.json()
    assert made.json() | {"unit": "W25-T2", "value": "93", "comparator": "ge"} == made.json()
    listed = call(client, keys["thu"], "get", f"/programs/{slug}/targets").json()
    assert {(t["indicator"], t["year"], t["unit"]) for t in listed} >= {("1.1", 2026, "W25-T2"), ("1.1", 2030, None)}
    old_commune = call(
        client,
        keys["thu"],
        "post",
        f"/programs/{slug}/targets",
        {"indicator": "1.1", "year": 2026, "phrase": "đạt 93%", "unit": "W-T1"},
    )
    assert old_commune.status_code == 400 and "không tồn tại trong năm 2026" in old_commune.json()["message"]
    refused = call(
        client,
        keys["lan"],
        "post",
        f"/programs/{slug}/targets",
        {"indicator": "1.1", "year": 2027, "phrase": "đạt 93%"},
    )
    assert refused.status_code == 403
    assert not Target.objects.filter(year=2027).exists()


def test_declarations_through_the_api(client, world, keys):
    slug = world.program.slug
    summary = {"year": 2025, "sentence": "1/3 chỉ tiêu đạt.", "source": "Hội nghị (ví dụ minh họa)"}
    assert call(client, keys["thu"], "post", f"/programs/{slug}/declared-summaries", summary).status_code == 201
    verdict = {"indicator": "2", "year": 2025, "status": "on_path", "source": "x"}
    wrong = call(client, keys["thu"], "post", f"/programs/{slug}/declared-verdicts", verdict)
    assert wrong.status_code == 400 and "không phải một kết quả" in wrong.json()["message"]
    verdict["status"] = "achieved"
    assert call(client, keys["thu"], "post", f"/programs/{slug}/declared-verdicts", verdict).status_code == 201
    body = call(client, keys["thu"], "get", f"/programs/{slug}/declarations").json()
    assert body["summaries"][0]["sentence"] == "1/3 chỉ tiêu đạt." and body["verdicts"][0]["status"] == "achieved"
