from django.core.management.base import BaseCommand, CommandError

from ansinh.demo.people import NotADemoAccount, current_totp


class Command(BaseCommand):
    help = "In mã xác thực hai bước hiện tại của một tài khoản mẫu (chỉ tài khoản mẫu), kèm khoá để thêm vào ứng dụng."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        try:
            code, key = current_totp(options["username"])
        except NotADemoAccount as error:
            raise CommandError(str(error)) from error
        self.stdout.write(code)
        self.stdout.write(f"Mã đổi sau mỗi 30 giây. Khoá (thêm vào ứng dụng xác thực): {key}", self.style.NOTICE)
