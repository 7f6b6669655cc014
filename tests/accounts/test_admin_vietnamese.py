"""The Django admin speaks Vietnamese throughout: Django's newer strings, the third-party apps, our models' fields."""

import pytest

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Skip to main content",
    "Toggle theme",
    "Access attempts",
    "Accounts",
    "Programs",
    "Otp_Totp",
    "Tasks Database",
)


@pytest.fixture
def admin_client(client, django_user_model, pass_two_factor):
    admin = django_user_model.objects.create_superuser("quantri", "quantri@ansinh.test", "mat-khau-quan-tri-2026")
    client.force_login(admin)
    pass_two_factor(client, admin)
    return client


def test_the_admin_index_and_lists_are_in_vietnamese(admin_client):
    index = admin_client.get("/admin/").content.decode()
    assert "Chuyển đến nội dung chính" in index and "Đổi giao diện" in index
    for app in (
        "Tài khoản và phân quyền",
        "Đơn vị hành chính",
        "Chương trình, kế hoạch",
        "Khoá đăng nhập khi nhập sai nhiều lần",
        "Ứng dụng xác thực (TOTP)",
        "Việc chạy nền",
    ):
        assert f"{app}</a></caption>" in index or f">{app}<" in index, app
    for word in ENGLISH:
        assert word not in index, word
    attempts = admin_client.get("/admin/axes/accessattempt/").content.decode()
    assert "các lần đăng nhập sai" in attempts.lower()


def test_our_models_fields_are_labelled_in_vietnamese(admin_client):
    page = admin_client.get("/admin/accounts/membership/add/").content.decode()
    assert "Người dùng" in page and "Đơn vị" in page
    assert ">User:<" not in page and ">Unit:<" not in page
