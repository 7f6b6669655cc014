"""The demo's cast: one account for every role, the demo password, a second factor for the roles that need one
(with its current code printed by ``demo_totp``), names in Vietnamese order on the home page."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.rules import requires_two_factor
from ansinh.core.names import person_name
from ansinh.demo.people import DEMO_CAST, ensure_demo_people
from ansinh.org.models import OrgUnit, OrgUnitKind

PASSWORD = "mat-khau-mau-2026"


@pytest.fixture
def demo_units(db):
    city = OrgUnit.objects.create(code="P-01", name="Thành phố Hà Nội", kind=OrgUnitKind.PROVINCE)
    names = {
        "HN-SLDTBXH": "Sở LĐTB&XH",
        "HN-SNV": "Sở Nội vụ",
        "HN-SGDDT": "Sở GD&ĐT",
        "HN-SYT": "Sở Y tế",
        "HN-STC": "Sở Tài chính",
    }
    for code, name in names.items():
        OrgUnit.objects.create(code=code, name=name, kind=OrgUnitKind.DEPARTMENT, parent=city)
    OrgUnit.objects.create(code="W25-00004", name="Phường Ba Đình", kind=OrgUnitKind.COMMUNE, parent=city)
    OrgUnit.objects.create(code="D-001", name="Quận Ba Đình", kind=OrgUnitKind.DISTRICT, parent=city)
    return city


def test_every_role_has_a_demo_person_with_the_demo_password(demo_units, monkeypatch):
    monkeypatch.setenv("ANSINH_DEMO_PASSWORD", PASSWORD)
    out = StringIO()
    call_command("ensure_demo_admin", stdout=out)
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {Role.SECRETARIAT, Role.APPROVER, Role.REPORTER, Role.VIEWER, Role.INSPECTOR, Role.FINANCE}
    users = get_user_model().objects.filter(username__in=["admin", *(p.username for p in DEMO_CAST)])
    assert users.count() == len(DEMO_CAST) + 1
    assert all(user.check_password(PASSWORD) for user in users)
    for user in users:
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert has_device == requires_two_factor(user), user.username
    assert "Nguyễn Thị Thường Trực" in out.getvalue()
    # Run again: nothing doubled, nothing lost.
    call_command("ensure_demo_admin", stdout=StringIO())
    assert Membership.objects.count() == len(DEMO_CAST)
    assert (
        TOTPDevice.objects.count()
        == users.filter(username__in=["admin", "thuongtruc", "noivu", "quanbadinh", "taichinh"]).count()
    )


def test_without_a_password_the_existing_ones_stay_and_a_new_cast_gets_one_printed(demo_units, monkeypatch):
    monkeypatch.delenv("ANSINH_DEMO_PASSWORD", raising=False)
    ensure_demo_people(PASSWORD)
    call_command("ensure_demo_admin", stdout=StringIO())
    assert get_user_model().objects.get(username="lanhdao").check_password(PASSWORD)
    get_user_model().objects.filter(username="kiemtra").delete()
    out = StringIO()
    call_command("ensure_demo_admin", stdout=out)
    printed = out.getvalue().split("Mật khẩu (tạo ngẫu nhiên): ")[1].split()[0]
    assert get_user_model().objects.get(username="kiemtra").check_password(printed)
    assert get_user_model().objects.get(username="admin").check_password(printed)


def test_demo_totp_prints_the_code_the_sign_in_accepts(demo_units):
    ensure_demo_people(PASSWORD)
    out = StringIO()
    call_command("demo_totp", "thuongtruc", stdout=out)
    code = out.getvalue().split()[0]
    device = TOTPDevice.objects.get(user__username="thuongtruc")
    assert code.isdigit() and len(code) == 6
    assert device.verify_token(code)


def test_demo_totp_refuses_a_real_account_and_a_role_without_second_factor(demo_units):
    ensure_demo_people(PASSWORD)
    real = get_user_model().objects.create_user("that", password=PASSWORD)
    TOTPDevice.objects.create(user=real, name="x", confirmed=True)
    with pytest.raises(CommandError, match="không phải tài khoản mẫu"):
        call_command("demo_totp", "that", stdout=StringIO())
    with pytest.raises(CommandError, match="không cần"):
        call_command("demo_totp", "chutri", stdout=StringIO())


def test_home_page_names_the_cast_in_vietnamese_order(demo_units, client):
    ensure_demo_people(PASSWORD)
    page = client.get("/").content.decode()
    for person in DEMO_CAST:
        assert f"<code>{person.username}</code>" in page
        assert f"{person.last_name} {person.first_name}" in page
    assert "ví dụ minh họa" in page
    assert "demo_totp" in page


def test_home_page_of_a_real_installation_names_nobody(db, client):
    assert "Tài khoản mẫu" not in client.get("/").content.decode()


def test_signed_in_header_prints_the_name_family_name_first(demo_units, client):
    ensure_demo_people(PASSWORD)
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    page = client.get("/").content.decode()
    assert "Hoàng Thị Lãnh Đạo" in page
    assert "Lãnh Đạo Hoàng Thị" not in page


@pytest.mark.parametrize(
    ("username", "follows"), [("lanhdao", True), ("kiemtra", True), ("thuongtruc", True), ("phuong", False)]
)
def test_the_header_leads_whoever_follows_programmes_to_their_page(demo_units, client, sign_in, username, follows):
    """The leadership's page of every programme they follow (/lanh-dao/) was reachable only from a dashboard's
    breadcrumb: a leader who signed in saw the list of programmes and no way to it."""
    ensure_demo_people(PASSWORD)
    sign_in(get_user_model().objects.get(username=username))
    header = client.get("/").content.decode().split("</header>")[0]
    assert ('href="/lanh-dao/"' in header) is follows


def test_person_name_family_name_first_or_username(db):
    user = get_user_model()(username="x", first_name="Trực", last_name="Nguyễn Thị Thường")
    assert person_name(user) == "Nguyễn Thị Thường Trực"
    assert person_name(get_user_model()(username="lan")) == "lan"
    assert person_name(None) == "—"


def test_every_page_names_its_icon_and_the_icon_is_served(db, client):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("favicon.svg")
