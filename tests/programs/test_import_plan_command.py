"""manage.py import_plan"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ansinh.demo.loader import DATA_DIR
from ansinh.org.loaders import read_departments
from ansinh.org.models import OrgUnit
from ansinh.org.services import load_departments
from ansinh.programs.models import Indicator, Program, Target

SEED_003 = DATA_DIR / "plans" / "181-kh-ubnd.txt"
pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> OrgUnit:
    city = OrgUnit.objects.create(code="P-01", name="Thành phố Hà Nội", kind="province")
    departments = read_departments()
    load_departments(departments.departments, departments.city_code)
    return city


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def test_dry_run_json(city: OrgUnit) -> None:
    output = run(str(SEED_003), "--dry-run", "--format", "json")
    assert "Tỷ lệ thất nghiệp chung" in output  # ensure_ascii=False: Vietnamese as written
    data = json.loads(output)
    assert data["counts"] == {"indicators": 51, "groups": 10, "targets": 41, "targets_needing_review": 0}
    indicators = {item["code"]: item for item in data["indicators"]}
    assert len(indicators) == 51
    unemployment = indicators["2.1"]
    assert {
        key: unemployment[key] for key in ("name", "unit", "direction", "direction_unsure", "is_group", "field")
    } == {
        "name": "Tỷ lệ thất nghiệp chung",
        "unit": "%",
        "direction": "down",
        "direction_unsure": False,
        "is_group": False,
        "field": "Lao động, việc làm",
    }
    assert unemployment["targets"] == [
        {
            "comparator": "lt",
            "value": "3",
            "value_max": None,
            "unit": "%",
            "year": 2030,
            "base_year": None,
            "multiplier": None,
            "phrase": "Tỷ lệ thất nghiệp chung dưới 3%.",
            "needs_review": False,
            "review_reason": "",
            "has_target": True,
        }
    ]
    assert indicators["7.3"]["targets"][0]["value_max"] == "0.9"
    assert indicators["8.2.1"]["targets"][0]["value"] == "2500000"
    assert indicators["2"]["is_group"] and indicators["2"]["targets"] == []
    best = indicators["7.11"]["suggested_lead_units"][0]
    assert (best["unit_name"], best["unit_code"]) == ("Sở Y tế", "HN-SYT")
    assert "IV.2" in best["reason"]
    assert data["preview"]["counts"]["indicators_to_create"] == 51
    assert not Program.objects.exists()  # a dry run writes nothing


def test_dry_run_text_and_apply(city: OrgUnit) -> None:
    text = run(str(SEED_003), "--dry-run")
    assert "2.1. Tỷ lệ thất nghiệp chung [Lao động, việc làm] ↓" in text
    assert "51 chỉ tiêu (10 nhóm), 41 mục tiêu, 0 mục tiêu cần rà soát." in text
    assert not Program.objects.exists()

    message = run(str(SEED_003), "--owner-unit", "P-01", "--use-suggested-leads")
    assert "Đã tạo Kế hoạch 181/KH-UBND: 51 chỉ tiêu mới" in message
    assert Indicator.objects.count() == 51 and Target.objects.count() == 41
    assert Indicator.objects.get(code="7.4").lead_unit.code == "HN-SYT"

    again = run(str(SEED_003), "--program", "181-kh-ubnd")
    assert "0 chỉ tiêu mới, 0 chỉ tiêu cập nhật, 51 chỉ tiêu không đổi" in again


def test_docx_input(city: OrgUnit, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in SEED_003.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "181-kh-ubnd.docx"
    document.save(str(path))
    data = json.loads(run(str(path), "--dry-run", "--format", "json"))
    assert data["counts"]["targets"] == 41


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.pdf", b"%PDF-1.4", "Chỉ đọc được tệp .txt"),
        ("ke-hoach.txt", "Thư mời họp".encode(), "Không tìm thấy chỉ tiêu"),
        ("ke-hoach.txt", b"\xff\xfe\x00\xd8bad", "không phải văn bản UTF-8"),
        ("ke-hoach.docx", b"not a zip", "không phải là tệp Word"),
    ],
)
def test_bad_input(city: OrgUnit, tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--dry-run")


def test_new_programme_without_area(city: OrgUnit) -> None:
    with pytest.raises(CommandError, match="địa bàn"):
        run(str(SEED_003))
    with pytest.raises(CommandError, match="Không có đơn vị mã “P-99”"):
        run(str(SEED_003), "--owner-unit", "P-99")
    assert not Program.objects.exists()
