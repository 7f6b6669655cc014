"""The DHIS2 commands: import_dhis2 (summary in Vietnamese) and export_dhis2."""

import io
import json

import pytest
from dhis2_support import (  # noqa: F401
    MAPPING_TOML,
    PROGRAM_TOML,
    assign_everywhere,
    malaria_fixture,
    sample_path,
    sample_text_fixture,
    sierra_leone_fixture,
)
from django.core.management import CommandError, call_command

from ansinh.exchange.management.commands import export_dhis2
from ansinh.exchange.models import Dhis2Mapping
from ansinh.programs.services import load_program_file
from ansinh.reporting.models import DataValue, Report
from ansinh.reporting.services.lifecycle import approve_report, submit_report

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_prints_the_summary_and_writes_nothing(malaria):
    out, _ = run("import_dhis2", "--mapping", "dhis2-malaria", "--dry-run", str(sample_path()))
    lines = out.splitlines()
    assert lines[0] == (
        "Chạy thử, chưa ghi gì: 231 giá trị trong tệp — 24 mới, 0 cập nhật, 0 bỏ qua (không đổi), 207 không nhập được."
    )
    assert lines[1] == "Không nhập được:"
    assert "  - Phần tử dữ liệu “FRbgzTZ74Hh” chưa có trong bảng ánh xạ. (1 giá trị: giá trị thứ 2)" in lines
    # a4Cw4iPcMrY (malaria cases classified) has six values in the sample; five places are shown.
    assert (
        "  - Phần tử dữ liệu “a4Cw4iPcMrY” chưa có trong bảng ánh xạ. (6 giá trị: giá trị thứ 74, giá trị thứ 75, "
        "giá trị thứ 83, giá trị thứ 84, giá trị thứ 85 và 1 chỗ khác)"
    ) in lines
    assert not DataValue.objects.exists()


def test_import_then_again(malaria):
    out, _ = run("import_dhis2", "--mapping", "dhis2-malaria", str(sample_path()))
    assert out.startswith("Đã nhập xong: 231 giá trị trong tệp — 24 mới,")
    out, _ = run("import_dhis2", "--mapping", "dhis2-malaria", str(sample_path()))
    assert out.startswith("Đã nhập xong: 231 giá trị trong tệp — 0 mới, 0 cập nhật, 24 bỏ qua (không đổi)")


def test_a_mapping_file_is_used_without_being_saved(sierra_leone, tmp_path):
    assign_everywhere(load_program_file(PROGRAM_TOML, owner_unit=sierra_leone["SL"]).program, sierra_leone)
    csv_file = tmp_path / "values.csv"
    csv_file.write_text("vTRrNdOOT9g,2019,O6uvpzGd5pu,b449dBrOSFK,,4\npmRn0GsUfr6,2019,O6uvpzGd5pu,b449dBrOSFK,,16\n")
    out, _ = run("import_dhis2", "--mapping", str(MAPPING_TOML), str(csv_file))
    assert out.startswith("Đã nhập xong: 2 giá trị trong tệp — 2 mới")
    assert DataValue.objects.get().value == 25
    assert not Dhis2Mapping.objects.exists()


def test_command_errors_are_vietnamese(malaria, sierra_leone, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"dataValues": [{"dataElement": "tpz77FcntKx", "period": "2018", "orgUnit": "O6uvpzGd5pu", "value": "x"}]}'
    )
    with pytest.raises(CommandError) as raised:
        run("import_dhis2", "--mapping", "dhis2-malaria", str(broken))
    assert str(raised.value) == (
        "Tệp có 1 lỗi; chưa nhập gì.\n  - giá trị thứ 1: “tpz77FcntKx” — “x” không phải là số "
        "(tệp trao đổi ghi số dạng 1234.5, dấu chấm thập phân)."
    )
    with pytest.raises(CommandError, match="Không có chương trình “khong-co”"):
        run("import_dhis2", "--mapping", "khong-co", str(broken))
    with pytest.raises(CommandError, match="Không có tệp"):
        run("import_dhis2", "--mapping", "dhis2-malaria", str(tmp_path / "none.json"))
    Dhis2Mapping.objects.all().delete()
    with pytest.raises(CommandError, match="chưa có bảng ánh xạ DHIS2: nạp bằng load_dhis2_mapping, hoặc dùng --codes"):
        run("import_dhis2", "--mapping", "dhis2-malaria", str(broken))


def test_export_with_the_mapping_and_with_our_codes(malaria, tmp_path):
    run("import_dhis2", "--mapping", "dhis2-malaria", str(sample_path()))
    for report in Report.objects.all():
        approve_report(submit_report(report))
    out, err = run("export_dhis2", "--program", "dhis2-malaria", "--from", "2018", "--to", "2018")
    assert len(json.loads(out)["dataValues"]) == 5 and err == "Đã xuất 5 giá trị.\n"
    target = tmp_path / "export.csv"
    out, err = run("export_dhis2", "--program", "dhis2-malaria", "--codes", "--format", "csv", "--output", str(target))
    assert out == "" and err == "Đã xuất 30 giá trị.\n"  # 6 rates × (value, numerator, denominator) + 12 others
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,timestamp,comment,followup"
    assert "1:numerator,201912,SL-BO,Giới tính=Nam;Nhóm tuổi=0-4,,40,,,,false" in lines


def test_the_export_count_is_written_the_vietnamese_way(malaria, monkeypatch):
    # A national export writes hundreds of thousands of values: "12.000", not "12000".
    monkeypatch.setattr(export_dhis2, "write_dhis2", lambda out, *args, **kwargs: (12_000, []))
    assert run("export_dhis2", "--program", "dhis2-malaria", "--codes")[1] == "Đã xuất 12.000 giá trị.\n"
