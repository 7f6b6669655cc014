"""The Django admin speaks Vietnamese throughout: Django's newer strings, the third-party apps, our models' fields."""

import re

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


# What the admin writes as a field's label, a column's header, a fieldset's or a filter's title.
LABELS = re.compile(
    r"<label[^>]*>([^<]+?):?</label>"
    r'|<th scope="col"[^>]*>\s*(?:<div class="sortoptions">.*?</div>)?\s*<div class="text">(?:<a [^>]*>|<span>)([^<]+)<'
    r'|<h2 class="fieldset-heading">([^<]+)</h2>'
    r"|<h3>\s*(?:Theo|By)\s+([^<]+?)\s*</h3>",
    re.S,
)
# Words written alike in both languages, and the names of standards.
SAME_IN_BOTH = {"ID", "TOTP", "DHIS2", "API", "IP", "Email"}


def english_labels(page: str) -> set[str]:
    found = {" ".join(text.split()) for match in LABELS.finditer(page) for text in match.groups() if text}
    return {text for text in found if text.isascii() and re.search("[A-Za-z]", text) and text not in SAME_IN_BOTH}


def test_every_admin_page_labels_its_fields_in_vietnamese(admin_client, world):
    """Issue 15: labels such as "Latitude", "Predecessor", "Slug" and the whole authenticator-device page were in
    English. Every registered model's list, add and change pages, with every field, column, fieldset and filter."""
    from django.contrib import admin
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert TOTPDevice.objects.exists()  # the administrator's own, from pass_two_factor: its change page is walked
    english: dict[str, set[str]] = {}
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls = [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
        for url in urls:
            response = admin_client.get(url)
            if response.status_code == 403:  # no adding for models written only by the product (tokens, jobs)
                continue
            assert response.status_code == 200, url
            words = english_labels(response.content.decode())
            if words:
                english[url] = words
    assert not english, english
