"""TOTP second factor: enrolment (an authenticator app scans a QR code) and verification."""

from base64 import b32encode

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansinh.audit.services import record


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device an enrolment shows, created on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


def enrolment_details(device: TOTPDevice) -> dict[str, str]:
    return {
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": b32encode(device.bin_key).decode(),
    }


def verify(request, code: str) -> bool:
    """Check a code against the person's device (confirming a pending one); mark the session verified."""
    user = request.user
    code = "".join(code.split())
    confirmed = confirmed_device(user)
    enrolling = confirmed is None
    device = pending_device(user) if confirmed is None else confirmed
    if not code.isdigit() or not device.verify_token(code):
        record(actor=user, action="auth.two_factor_failed", obj=user, summary="Mã xác thực hai bước không đúng")
        return False
    with transaction.atomic():
        if enrolling:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record(actor=user, action="auth.two_factor_enrolled", obj=user, summary="Đăng ký xác thực hai bước")
        record(actor=user, action="auth.two_factor_verified", obj=user, summary="Xác thực hai bước thành công")
    otp_login(request, device)
    return True
