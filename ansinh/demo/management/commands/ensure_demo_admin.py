import os
import secrets

from django.core.management.base import BaseCommand

from ansinh.core.names import person_name
from ansinh.demo.people import demo_people, ensure_demo_people, missing_demo_people, two_factor_usernames


class Command(BaseCommand):
    help = (
        "Tạo tài khoản quản trị mẫu “admin” và các tài khoản mẫu của từng vai trò, cùng một mật khẩu. "
        "Mật khẩu lấy từ biến ANSINH_DEMO_PASSWORD; nếu không có và còn thiếu tài khoản, một mật khẩu ngẫu nhiên "
        "được tạo, đặt cho mọi tài khoản mẫu và in ra."
    )

    def handle(self, *args, **options):
        password = os.environ.get("ANSINH_DEMO_PASSWORD", "")
        generated = False
        if not password and missing_demo_people():
            password, generated = secrets.token_urlsafe(12), True
        created = ensure_demo_people(password or None)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Đã tạo tài khoản mẫu: {', '.join(created)}"))
        self.stdout.write("Tài khoản mẫu (ví dụ minh họa), cùng một mật khẩu:")
        for person, unit in demo_people():
            where = f" — {unit}" if unit else ""
            self.stdout.write(f"  {person.username:<11} {person_name(person)}{where}")
        if generated:
            self.stdout.write(self.style.WARNING(f"Mật khẩu (tạo ngẫu nhiên): {password}"))
        elif not password:
            self.stdout.write("Giữ nguyên mật khẩu đã đặt (đặt ANSINH_DEMO_PASSWORD để đổi).")
        two_factor = ", ".join(two_factor_usernames())
        self.stdout.write(f"Xác thực hai bước ({two_factor}): mã hiện tại — python manage.py demo_totp TÊN_ĐĂNG_NHẬP")
