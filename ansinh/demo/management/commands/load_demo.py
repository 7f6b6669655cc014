from django.core.management.base import BaseCommand

from ansinh.demo.loader import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: đơn vị hành chính Hà Nội, Chương trình 08-CTr/TU và Kế hoạch 181/KH-UBND."

    def handle(self, *args, **options):
        load_demo(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
