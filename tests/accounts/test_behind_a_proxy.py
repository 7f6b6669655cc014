"""Issue 16: behind the proxy the production settings assume, every sign-in came from the proxy's address, so one
person's failures locked a username for everyone and the audit log recorded the proxy. The deployment declares the
header its proxy writes (CLIENT_IP_HEADER); lock-out and the audit log read the client's address from it, and never
an address the client wrote into that header itself."""

import pytest
from django.conf import settings
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from ansinh.audit.context import forwarded_client
from ansinh.audit.models import AuditEvent

PROXY = "10.0.0.1"
PASSWORD = "Mat-khau-rat-dai-2026"
behind_one_proxy = override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", CLIENT_IP_PROXY_COUNT=1)
addresses = st.ip_addresses().map(str)


@given(st.lists(st.one_of(addresses, st.text(max_size=12)), max_size=5), addresses, st.integers(1, 3))
def test_the_client_is_what_the_trusted_proxies_appended_never_what_it_wrote(written, appended, proxies):
    header = ", ".join([*written, appended, *["10.0.0.9"] * (proxies - 1)])
    assert forwarded_client(header, proxies) == appended


def test_a_header_without_a_valid_address_is_not_believed():
    assert forwarded_client("", 1) is None and forwarded_client("không-phải-địa-chỉ", 1) is None


def log_in(client, username, client_address, password=PASSWORD):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"203.0.113.99, {client_address}",  # the first entry is the client's own writing
    )


@pytest.mark.django_db
@behind_one_proxy
def test_lock_out_is_keyed_on_the_client_behind_the_proxy(client, django_user_model):
    django_user_model.objects.create_user("chau", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "chau", "198.51.100.7", password="sai")
    assert log_in(client, "chau", "198.51.100.7").status_code == 429, "the attacker's address is locked"
    assert log_in(client, "chau", "198.51.100.8").status_code == 302, "chau, elsewhere, still signs in"
    failed = AuditEvent.objects.filter(action="auth.login_failed").first()
    assert failed is not None and failed.ip_address == "198.51.100.7"
    assert AuditEvent.objects.get(action="auth.login").ip_address == "198.51.100.8"


@pytest.mark.django_db
def test_without_a_declared_header_the_connecting_address_counts(client, django_user_model):
    django_user_model.objects.create_user("dung", password=PASSWORD)
    log_in(client, "dung", "198.51.100.7", password="sai")
    assert AuditEvent.objects.get(action="auth.login_failed").ip_address == PROXY
