from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "ansinh.org"
    verbose_name = "Đơn vị hành chính"
    label = "org"
