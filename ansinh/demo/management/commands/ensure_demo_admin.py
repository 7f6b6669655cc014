import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from ansinh.audit.services import record

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Tạo tài khoản quản trị mẫu “admin”. Mật khẩu lấy từ biến ANSINH_DEMO_PASSWORD; "
        "nếu không có, một mật khẩu ngẫu nhiên được tạo và in ra."
    )

    def handle(self, *args, **options):
        password = os.environ.get("ANSINH_DEMO_PASSWORD", "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"is_staff": True, "is_superuser": True, "first_name": "Quản trị"}
        )
        if not created and generated:
            self.stdout.write(f"Tài khoản “{USERNAME}” đã có; giữ nguyên mật khẩu (đặt ANSINH_DEMO_PASSWORD để đổi).")
            return
        user.set_password(password)
        user.save()
        record(actor=None, action="account.demo_admin", obj=user, summary="Tạo hoặc đặt lại mật khẩu quản trị mẫu")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản quản trị mẫu: {USERNAME}"))
        if generated:
            self.stdout.write(self.style.WARNING(f"Mật khẩu (tạo ngẫu nhiên): {password}"))
