"""The plan import pages (ansinh.web.plan_views): access, preview, confirmation, bad input."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ansinh.accounts.models import Membership, Role
from ansinh.demo.loader import DATA_DIR
from ansinh.org.loaders import read_departments
from ansinh.org.models import OrgUnit
from ansinh.org.services import load_departments
from ansinh.programs.models import Indicator, Program, Target

SEED_003 = (DATA_DIR / "plans" / "181-kh-ubnd.txt").read_text(encoding="utf-8")
IMPORT_URL, CONFIRM_URL = "/ke-hoach/nhap/", "/ke-hoach/nhap/xac-nhan/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> OrgUnit:
    city = OrgUnit.objects.create(code="P-01", name="Thành phố Hà Nội", kind="province")
    departments = read_departments()
    load_departments(departments.departments, departments.city_code)
    return city


def member(django_user_model, name: str, unit: OrgUnit, role: str):
    user = django_user_model.objects.create_user(name, password=f"mat-khau-{name}-2024")
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def secretary(django_user_model, city: OrgUnit):
    """Chi works for the standing agency (Sở LĐTB&XH) as secretariat."""
    return member(django_user_model, "chi", OrgUnit.objects.get(code="HN-SLDTBXH"), Role.SECRETARIAT)


def preview(client, text: str = SEED_003, **extra) -> tuple[int, str]:
    response = client.post(IMPORT_URL, {"text": text, "owner_unit": "P-01", **extra})
    return response.status_code, response.content.decode()


def confirm_form(page: str) -> dict[str, str]:
    """The fields of the confirmation form as the browser would post them (CRLF line breaks)."""
    form = page.split('action="/ke-hoach/nhap/xac-nhan/"', 1)[1].split("</form>", 1)[0]
    data = {name: value for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)}
    text = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', form, re.S).group(1)
    data["text"] = _unescape(text).replace("\n", "\r\n")
    for name, value in re.findall(r'<select name="(lead-[\d.]+)".*?<option value="([^"]*)" selected', form, re.S):
        data[name] = value
    return data


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_who_may_import(client, sign_in, django_user_model, city: OrgUnit, secretary) -> None:
    assert client.get(IMPORT_URL).status_code == 302  # to the login page
    reporter = member(django_user_model, "dung", city, Role.REPORTER)
    client.force_login(reporter)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": SEED_003}).status_code == 403
    sign_in(secretary)
    page = client.get(IMPORT_URL)
    assert page.status_code == 200 and "Nhập kế hoạch từ văn bản" in page.content.decode()
    assert '<option value="P-01"' in page.content.decode()


def test_preview_then_confirm(client, sign_in, secretary) -> None:
    sign_in(secretary)
    status, page = preview(client)
    assert status == 200
    assert "51 chỉ tiêu mới" in page and "41 mục tiêu mới" in page and "sẽ tạo mới" in page
    assert "Tỷ lệ thất nghiệp chung" in page and "dưới 3%" in page
    assert "Sở Y tế" in page and "IV.2" in page
    assert not Program.objects.exists()  # a preview writes nothing

    data = confirm_form(page)
    assert data["lead-7.11"] == "HN-SYT"
    response = client.post(CONFIRM_URL, data)
    assert response.status_code == 302 and response["Location"] == "/chuong-trinh/181-kh-ubnd/"
    program = Program.objects.get()
    assert program.indicators.count() == 51 and Target.objects.count() == 41
    assert Indicator.objects.get(code="7.11").lead_unit.code == "HN-SYT"

    status, page = preview(client)
    assert status == 200 and "51 chỉ tiêu không đổi" in page and "sẽ cập nhật" in page


def test_flagged_targets_are_highlighted(client, sign_in, secretary) -> None:
    sign_in(secretary)
    text = SEED_003.replace(
        "2.1. Tỷ lệ thất nghiệp chung dưới 3%.", "2.1. Tỷ lệ thất nghiệp chung giảm 1% so với năm 2023."
    )
    status, page = preview(client, text)
    assert status == 200
    assert '<tr class="review">' in page and "cần rà soát" in page and "1 mục tiêu cần rà soát" in page


def test_figures_not_read_are_listed_apart_so_a_missed_target_is_not_silent(client, sign_in, secretary) -> None:
    sign_in(secretary)
    status, page = preview(client, SEED_003.replace("chung dưới 3%.", "chung dưới 3% (năm 2023 là 2,9%)."))
    assert status == 200
    assert "1 câu trong phần chỉ tiêu có con số chưa thành mục tiêu" in page and "<mark>2,9%</mark>" in page
    assert "con số chưa thành mục tiêu" not in preview(client)[1]


def test_confirming_another_text_saves_nothing(client, sign_in, secretary) -> None:
    sign_in(secretary)
    _status, page = preview(client)
    data = confirm_form(page)
    data["text"] = data["text"].replace("dưới 3%", "dưới 1%")
    response = client.post(CONFIRM_URL, data)
    assert response.status_code == 400
    assert "khác với nội dung đã xem trước" in response.content.decode()
    assert not Program.objects.exists()


def test_a_lead_unit_that_was_not_offered_saves_nothing(client, sign_in, secretary) -> None:
    sign_in(secretary)
    _status, page = preview(client)
    data = confirm_form(page)
    data["lead-7.11"] = "HN-CATP"
    response = client.post(CONFIRM_URL, data)
    assert response.status_code == 400 and "không nằm trong các gợi ý" in response.content.decode()
    assert not Program.objects.exists()


def test_a_secretary_of_another_province_may_not_update_this_programme(
    client, sign_in, django_user_model, city: OrgUnit, secretary
) -> None:
    sign_in(secretary)
    _status, page = preview(client)
    client.post(CONFIRM_URL, confirm_form(page))
    other = OrgUnit.objects.create(code="P-02", name="Tỉnh Hà Giang", kind="province")
    sign_in(member(django_user_model, "em", other, Role.SECRETARIAT))
    assert client.get(IMPORT_URL).status_code == 200
    response = client.post(IMPORT_URL, {"text": SEED_003, "owner_unit": "P-02"})
    assert response.status_code == 403


def docx_upload(text: str) -> SimpleUploadedFile:
    import docx  # python-docx: a dependency of the product, imported here so that only this test needs it

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    stream = io.BytesIO()
    document.save(stream)
    return SimpleUploadedFile("ke-hoach.docx", stream.getvalue())


def test_uploads(client, sign_in, secretary) -> None:
    sign_in(secretary)
    response = client.post(IMPORT_URL, {"file": docx_upload(SEED_003), "owner_unit": "P-01"})
    assert response.status_code == 200 and "51 chỉ tiêu mới" in response.content.decode()
    text_file = SimpleUploadedFile("ke-hoach.txt", SEED_003.encode("utf-8-sig"))
    response = client.post(IMPORT_URL, {"file": text_file, "owner_unit": "P-01"})
    assert response.status_code == 200 and "41 mục tiêu mới" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Văn bản trống"),
        ({"file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4")}, "Chỉ nhận tệp .txt hoặc .docx"),
        ({"file": SimpleUploadedFile("ke-hoach.docx", b"not a zip")}, "không phải là tệp Word .docx"),
        ({"file": SimpleUploadedFile("ke-hoach.txt", b"\xc0\xc1 bad")}, "UTF-8"),
        ({"text": "Giấy mời họp\nThời gian: 8 giờ ngày 05/3/2024."}, "Không tìm thấy chỉ tiêu"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(client, sign_in, secretary, data: dict, message: str) -> None:
    sign_in(secretary)
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Program.objects.exists()


COMMUNE_PLAN = """ỦY BAN NHÂN DÂN
XÃ TÂN LẬP
Số: 12/KH-UBND
Tân Lập, ngày 10 tháng 3 năm 2025
KẾ HOẠCH
Thực hiện công tác an sinh xã hội trên địa bàn xã đến năm 2026
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm an sinh xã hội.
II. CHỈ TIÊU
1. Tỷ lệ hộ nghèo dưới 2%.
2. Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%.
IV. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội: Chủ trì theo dõi các chỉ tiêu thuộc lĩnh vực giảm nghèo, bảo hiểm y tế.
2. Trạm Y tế: Chủ trì các chỉ tiêu thuộc lĩnh vực y tế, bảo hiểm y tế.
"""


def lead_choices(page: str, code: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="lead-{re.escape(code)}".*?</select>', page, re.S).group(0)
    return [(value, _unescape(label)) for value, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)<', select)]


def test_a_communes_plan_gives_its_indicators_to_the_communes_own_offices(client, sign_in, secretary, city) -> None:
    """Issue 15: the preview of a commune's plan knew neither "Phòng Văn hóa - Xã hội" nor "Trạm Y tế" and left every
    lead-unit choice empty. They are the commune's offices: its own unit when the catalogue has one (kind "other"
    under the commune), else the commune, which reports through them."""
    commune = OrgUnit.objects.create(code="W25-TL", name="Xã Tân Lập", kind="commune", parent=city)
    OrgUnit.objects.create(code="W25-TL-TYT", name="Trạm Y tế", kind="other", parent=commune)
    OrgUnit.objects.create(code="W25-XX", name="Xã Tân Lập Khác", kind="commune", parent=city)
    sign_in(secretary)
    status, page = preview(client, COMMUNE_PLAN)
    assert status == 200, page
    assert "đến năm 2026" in page and "<dd>2026</dd>" in page
    assert "chưa có trong danh mục đơn vị" not in page
    assert lead_choices(page, "1") == [("W25-TL", "Xã Tân Lập (Phòng Văn hóa - Xã hội)")]
    assert lead_choices(page, "2") == [("W25-TL", "Xã Tân Lập (Phòng Văn hóa - Xã hội)"), ("W25-TL-TYT", "Trạm Y tế")]

    data = confirm_form(page)
    data["lead-2"] = "W25-TL-TYT"
    response = client.post(CONFIRM_URL, data)
    assert response.status_code == 302, response.content.decode()
    leads = dict(Indicator.objects.values_list("code", "lead_unit__code"))
    assert leads == {"1": "W25-TL", "2": "W25-TL-TYT"}


def test_a_plan_of_an_unknown_commune_still_says_its_offices_are_not_in_the_catalogue(
    client, sign_in, secretary
) -> None:
    sign_in(secretary)
    status, page = preview(client, COMMUNE_PLAN)
    assert status == 200
    assert "Phòng Văn hóa - Xã hội chưa có trong danh mục đơn vị" in page and not lead_choices(page, "1")
