"""DHIS2 mappings in the database: loading a TOML file (idempotent, audited), editing in the admin."""

import pytest
from dhis2_support import MAPPING_TOML, malaria_fixture, sierra_leone_fixture  # noqa: F401
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ansinh.audit.models import AuditEvent
from ansinh.exchange.formats.dhis2_mapping import ElementTarget, parse_mapping_toml
from ansinh.exchange.models import Dhis2ElementMapping, Dhis2Mapping, Dhis2OrgUnitMapping
from ansinh.exchange.selectors import mapping_table
from ansinh.exchange.services.common import ExchangeError
from ansinh.exchange.services.mappings import load_dhis2_mapping, read_mapping

pytestmark = pytest.mark.django_db
MAPPING = MAPPING_TOML.read_text(encoding="utf-8")


def test_a_loaded_mapping(malaria):
    mapping = Dhis2Mapping.objects.get(program=malaria)
    assert mapping.name == "Sốt rét — bộ dữ liệu mẫu của DHIS2 (Sierra Leone)"
    assert mapping.elements.count() == 24 and mapping.org_units.count() == 3
    boys = mapping.elements.get(data_element="vTRrNdOOT9g", category_option_combo="b449dBrOSFK")
    assert (boys.indicator.code, boys.disaggregation, boys.field, boys.dhis2_name) == (
        "1",
        "Giới tính=Nam;Nhóm tuổi=0-4",
        "numerator",
        "TA MAL - Malaria cases positive (RDT)",
    )
    assert mapping.org_units.get(dhis2_org_unit="O6uvpzGd5pu").org_unit.code == "SL-BO"
    event = AuditEvent.objects.get(action="exchange.dhis2_mapping.load")
    assert event.summary.endswith("27 dòng mới, 0 cập nhật, 0 xóa, 0 không đổi.")
    # The table read back from the database maps as the file says.
    spec = parse_mapping_toml(MAPPING)
    table = mapping_table(malaria)
    assert all(table.element(e.data_element, e.category_option_combo) == e.target for e in spec.elements)


def test_loading_the_same_file_again_changes_nothing_and_records_nothing(malaria):
    ids = set(Dhis2ElementMapping.objects.values_list("pk", flat=True))
    summary = load_dhis2_mapping(MAPPING)
    assert (summary.created, summary.updated, summary.deleted, summary.unchanged) == (0, 0, 0, 27)
    assert set(Dhis2ElementMapping.objects.values_list("pk", flat=True)) == ids
    assert AuditEvent.objects.filter(action="exchange.dhis2_mapping.load").count() == 1


def test_the_file_is_the_whole_truth(malaria):
    changed = (
        MAPPING.replace('name = "Bo"\nunit = "SL-BO"', 'name = "Bo"\nunit = "SL-NGELEHUN"').split(
            "# Test positivity rate"
        )[0]  # every [[element]] dropped, then two written again
        + '[[element]]\ndata_element = "tpz77FcntKx"\nindicator = "3"\n'
        + '[[element]]\ndata_element = "FRbgzTZ74Hh"\nindicator = "4"\n'
    )
    summary = load_dhis2_mapping(changed)
    # Elements: 1 new, 1 changed (indicator 4 → 3), 23 gone; units: 1 changed, 2 unchanged.
    assert (summary.created, summary.updated, summary.deleted, summary.unchanged) == (1, 2, 23, 2)
    assert Dhis2OrgUnitMapping.objects.get(dhis2_org_unit="O6uvpzGd5pu").org_unit.code == "SL-NGELEHUN"
    assert sorted(Dhis2ElementMapping.objects.values_list("data_element", "indicator__code")) == [
        ("FRbgzTZ74Hh", "4"),
        ("tpz77FcntKx", "3"),
    ]
    assert AuditEvent.objects.filter(action="exchange.dhis2_mapping.load").count() == 2


def test_two_rows_may_swap_their_targets(malaria):
    swapped = MAPPING.replace('data_element = "cOVhTyW8zN6"', 'data_element = "SWAP"')
    swapped = swapped.replace('data_element = "tpz77FcntKx"', 'data_element = "cOVhTyW8zN6"')
    swapped = swapped.replace('data_element = "SWAP"', 'data_element = "tpz77FcntKx"')
    summary = load_dhis2_mapping(swapped)
    assert (summary.updated, summary.created, summary.deleted) == (2, 0, 0)
    assert mapping_table(malaria).element("cOVhTyW8zN6", "") == ElementTarget("4")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (('program = "dhis2-malaria"', 'program = "khong-co"'), "Không có chương trình “khong-co”."),
        (
            ('indicator = "4"', 'indicator = "40"'),
            "“tpz77FcntKx”: chương trình SR-DHIS2/2019 không có chỉ tiêu mã “40”.",
        ),
        (('unit = "SL-BO"', 'unit = "SL-XX"'), "Không có đơn vị mã “SL-XX” (ánh xạ từ “O6uvpzGd5pu”)."),
        (
            (
                'indicator = "5"',
                'indicator = "5"\nfield = "numerator"\n[[element]]\ndata_element = "Z"\nindicator = "5"\nfield = "denominator"',
            ),
            "“Md3xk3vlABx”: chỉ tiêu 5 (Có/Không) không có tử số, mẫu số.",
        ),
        (("[mapping]", "[mapping"), "Tệp TOML hỏng"),
    ],
)
def test_a_wrong_mapping_saves_nothing(sierra_leone, change, error):
    from dhis2_support import PROGRAM_TOML

    from ansinh.programs.services import load_program_file

    load_program_file(PROGRAM_TOML, owner_unit=sierra_leone["SL"])
    with pytest.raises(ExchangeError) as raised:
        load_dhis2_mapping(MAPPING.replace(*change))
    assert error in [raised.value.message, *raised.value.errors] or raised.value.message.startswith(error)
    assert not Dhis2Mapping.objects.exists() and not AuditEvent.objects.filter(action__startswith="exchange").exists()


def test_a_group_or_qualitative_indicator_takes_no_dhis2_value(malaria):
    malaria.indicators.filter(code="6").update(value_type="qualitative")
    with pytest.raises(ExchangeError) as raised:
        read_mapping(MAPPING)
    assert raised.value.errors == [
        f"“EHbjdbiKtd8.{combo}”: chỉ tiêu 6 là chỉ tiêu nhóm hoặc định tính, không nhận số liệu."
        for combo in ("Ngi3BgUod0E", "WPJQS4ogrRm", "gjWSzL7cfIe")
    ]


def test_the_command_loads_and_says_so(malaria, tmp_path, capsys):
    path = tmp_path / "mapping.toml"
    path.write_text(
        MAPPING.replace('indicator = "4"', 'indicator = "3"\n# kinh phí → dân số, để thử'), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="cùng ghi vào giá trị của chỉ tiêu 3"):
        call_command("load_dhis2_mapping", str(path))
    call_command("load_dhis2_mapping", str(MAPPING_TOML))
    assert "0 dòng mới, 0 cập nhật, 0 xóa, 27 không đổi." in capsys.readouterr().out
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("load_dhis2_mapping", str(tmp_path / "khong-co.toml"))


def test_admin_checks_an_edited_row(malaria, sierra_leone):
    mapping = Dhis2Mapping.objects.get(program=malaria)
    row = Dhis2ElementMapping(
        mapping=mapping,
        data_element=" NEW ",
        category_option_combo="HllvX50cXC0",
        indicator=malaria.indicators.get(code="2"),
        disaggregation="Nhóm tuổi=5-14 ; Giới tính=Nữ",
    )
    row.full_clean()
    assert (row.data_element, row.category_option_combo, row.disaggregation) == (
        "NEW",
        "",
        "Giới tính=Nữ;Nhóm tuổi=5-14",
    )
    row.indicator = malaria.indicators.get(code="5")
    row.field = "denominator"
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert raised.value.message_dict == {"field": ["Chỉ tiêu Có/Không chỉ nhận giá trị, không có tử số, mẫu số."]}
    row.disaggregation = "Thành thị"
    row.field = "value"
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert list(raised.value.message_dict) == ["disaggregation"]


def test_admin_pages_open_and_an_inline_edit_is_audited(malaria, admin_user, sign_in):
    admin_client = sign_in(admin_user)
    mapping = Dhis2Mapping.objects.get(program=malaria)
    assert admin_client.get("/admin/exchange/dhis2mapping/").status_code == 200
    page = admin_client.get(f"/admin/exchange/dhis2mapping/{mapping.pk}/change/")
    assert page.status_code == 200 and "vTRrNdOOT9g" in page.content.decode()
    assert admin_client.get("/admin/exchange/importjob/").status_code == 200
    response = admin_client.post(
        f"/admin/exchange/dhis2mapping/{mapping.pk}/change/",
        {
            "program": malaria.pk,
            "name": mapping.name,
            "description": mapping.description,
            "elements-TOTAL_FORMS": "1",
            "elements-INITIAL_FORMS": "0",
            "elements-0-data_element": "FRbgzTZ74Hh",
            "elements-0-category_option_combo": "",
            "elements-0-dhis2_name": "TA funding need (USD)",
            "elements-0-indicator": malaria.indicators.get(code="4").pk,
            "elements-0-disaggregation": "Nguồn=Nhu cầu",
            "elements-0-field": "value",
            "org_units-TOTAL_FORMS": "0",
            "org_units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert mapping.elements.count() == 25
    event = AuditEvent.objects.get(action="exchange.dhis2_mapping.edit")
    assert event.summary == f"Sửa bảng ánh xạ DHIS2 “{mapping.name}”: 1 dòng mới, 0 dòng sửa, 0 dòng xóa"
