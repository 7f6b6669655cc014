"""The demo's people: one account for every role, so a newcomer can walk every journey in minutes.

The people are invented (ví dụ minh họa): each is named after what they do, family name first as
Vietnamese names are written. All share the demo password (``ANSINH_DEMO_PASSWORD`` or one generated and
printed by ``ensure_demo_admin``). Those whose role needs a second factor (``requires_two_factor``) keep
it: they get a confirmed authenticator device, and ``manage.py demo_totp USERNAME`` prints its current code
(and its key, to add it to an authenticator app). Nothing here applies to accounts outside this list."""

from base64 import b32encode
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ansinh.accounts.models import Membership, Role
from ansinh.accounts.rules import TWO_FACTOR_ROLES, requires_two_factor
from ansinh.audit.services import record
from ansinh.org.models import OrgUnit

ADMIN_USERNAME = "admin"
DEVICE_NAME = "Thiết bị mẫu (dữ liệu mẫu)"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    last_name: str  # họ và tên đệm
    first_name: str  # tên
    role: str
    unit_code: str
    includes_subunits: bool
    journey: str  # what the person does in the demo, shown on the home page

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


# Units: Sở LĐTB&XH is the standing agency of both Hà Nội programmes until it ended on 28/02/2025; Sở Nội vụ holds
# its duties from 01/03/2025 (data/hanoi-departments-2025.toml), so it approves the reports of 2025 onwards; Sở GD&ĐT leads 08-CTr/TU's indicator 13
# (school health), on which Sở Y tế coordinates (the 9/1/2023 conference's conclusion, data/08-ctr-tu-steering.toml);
# Phường Ba Đình (from 1/7/2025) reports the figures 08-CTr/TU collects commune by commune; Sở Tài chính (HN-STC,
# data/hanoi-departments.toml) consolidates the budget (section III.8 of 181/KH-UBND) — the demo enters no amount for
# it: the only figure is the published 20.990 tỷ, with its source.
DEMO_CAST: tuple[DemoPerson, ...] = (
    DemoPerson(
        "thuongtruc",
        "Nguyễn Thị",
        "Thường Trực",
        Role.SECRETARIAT,
        "HN-SLDTBXH",
        False,
        "Cơ quan thường trực (Sở LĐTB&XH): kỳ báo cáo, phân công, duyệt, nhắc hạn, điều hành.",
    ),
    DemoPerson(
        "noivu",
        "Đỗ Thị",
        "Nội Vụ",
        Role.APPROVER,
        "HN-SNV",
        False,
        "Sở Nội vụ, cơ quan thường trực từ 01/03/2025 (nhận nhiệm vụ của Sở LĐTB&XH): duyệt báo cáo các kỳ từ năm 2025.",
    ),
    DemoPerson(
        "quanbadinh",
        "Bùi Văn",
        "Quận",
        Role.APPROVER,
        "D-001",
        False,
        "Lãnh đạo Quận Ba Đình (đến 30/06/2025): duyệt hoặc trả lại báo cáo các phường của quận, gửi báo cáo tổng "
        "hợp của quận lên cơ quan thường trực (kỳ trước 01/07/2025).",
    ),
    DemoPerson(
        "chutri",
        "Trần Văn",
        "Chủ Trì",
        Role.REPORTER,
        "HN-SGDDT",
        False,
        "Sở chủ trì (Sở GD&ĐT): nhập và gửi số liệu các chỉ tiêu được giao.",
    ),
    DemoPerson(
        "phoihop",
        "Lê Thị",
        "Phối Hợp",
        Role.REPORTER,
        "HN-SYT",
        False,
        "Sở phối hợp (Sở Y tế): báo cáo phần phối hợp ở chỉ tiêu 13 và các chỉ tiêu Sở chủ trì.",
    ),
    DemoPerson(
        "phuong",
        "Phạm Văn",
        "Phường",
        Role.REPORTER,
        "W25-00004",
        False,
        "Cán bộ phường (Phường Ba Đình): nhập số liệu thu thập theo xã, phường.",
    ),
    DemoPerson(
        "lanhdao",
        "Hoàng Thị",
        "Lãnh Đạo",
        Role.VIEWER,
        "P-01",
        True,
        "Lãnh đạo theo dõi (Thành phố Hà Nội): bảng điều khiển, báo cáo, chỉ đọc.",
    ),
    DemoPerson(
        "kiemtra",
        "Vũ Văn",
        "Kiểm Tra",
        Role.INSPECTOR,
        "P-01",
        True,
        "Thanh tra, kiểm tra (Thành phố Hà Nội): đọc số liệu, nhật ký, kế hoạch kiểm tra.",
    ),
    DemoPerson(
        "taichinh",
        "Đặng Văn",
        "Tài Chính",
        Role.FINANCE,
        "HN-STC",
        False,
        "Sở Tài chính Hà Nội: xem kinh phí của mọi đơn vị, ghi và nhập từ bảng tính số liệu kinh phí tổng hợp; "
        "không nhập, không duyệt số liệu chỉ tiêu.",
    ),
)
ADMIN_PERSON = DemoPerson(
    ADMIN_USERNAME, "", "Quản trị", Role.ADMIN, "", False, "Quản trị hệ thống: trang quản trị, người dùng."
)


def demo_usernames() -> list[str]:
    return [ADMIN_USERNAME, *(person.username for person in DEMO_CAST)]


def two_factor_usernames() -> list[str]:
    """The demo accounts that sign in with a second factor (their code: ``manage.py demo_totp``)."""
    return [person.username for person in (ADMIN_PERSON, *DEMO_CAST) if person.role in TWO_FACTOR_ROLES]


def missing_demo_people() -> list[str]:
    present = set(get_user_model().objects.filter(username__in=demo_usernames()).values_list("username", flat=True))
    return [name for name in demo_usernames() if name not in present]


def _give_device(user) -> None:
    if requires_two_factor(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def ensure_demo_people(password: str | None) -> list[str]:
    """Create the administrator and the cast where missing; with ``password`` set it on every one of them
    (without, the existing ones keep theirs). Returns the usernames created."""
    users = get_user_model().objects
    created_names = []
    with transaction.atomic():
        for person in (ADMIN_PERSON, *DEMO_CAST):
            is_admin = person.username == ADMIN_USERNAME
            user, created = users.get_or_create(
                username=person.username,
                defaults={
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "email": f"{person.username}@ansinh.invalid",
                    "is_staff": is_admin,
                    "is_superuser": is_admin,
                },
            )
            if created:
                created_names.append(person.username)
            if not is_admin:
                unit = OrgUnit.objects.get(code=person.unit_code)
                Membership.objects.get_or_create(
                    user=user,
                    unit=unit,
                    role=person.role,
                    defaults={"includes_subunits": person.includes_subunits},
                )
            if password and (created or not user.check_password(password)):
                user.set_password(password)
                user.save(update_fields=["password"])
                record(
                    actor=None,
                    action="account.demo_user",
                    obj=user,
                    summary=f"Tạo hoặc đặt mật khẩu tài khoản mẫu {person.username}",
                )
            _give_device(user)
    return created_names


def demo_people() -> list[tuple[DemoPerson, str]]:
    """The demo accounts present in this database, each with its unit's name (empty for the administrator);
    nothing when the demo cast was not created (a real installation)."""
    present = set(
        get_user_model()
        .objects.filter(username__in=demo_usernames(), is_active=True)
        .values_list("username", flat=True)
    )
    if not all(person.username in present for person in DEMO_CAST):
        return []
    units = dict(OrgUnit.objects.filter(code__in=[p.unit_code for p in DEMO_CAST]).values_list("code", "name"))
    people = [(person, units.get(person.unit_code, "")) for person in DEMO_CAST]
    return [(ADMIN_PERSON, ""), *people] if ADMIN_USERNAME in present else people


class NotADemoAccount(ValueError):
    """The account is not one of the demo's (the command never reads a real person's second factor)."""


def current_totp(username: str) -> tuple[str, str]:
    """The current six-digit code of a demo account's authenticator device, and its key (base32)."""
    if username not in demo_usernames():
        raise NotADemoAccount(f"“{username}” không phải tài khoản mẫu ({', '.join(demo_usernames())}).")
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        raise NotADemoAccount(f"Tài khoản “{username}” không cần hoặc chưa có xác thực hai bước.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}", b32encode(device.bin_key).decode()
