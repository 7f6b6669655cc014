from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data set and its cast: above every domain app, since it loads through their services."""

    name = "ansinh.demo"
    verbose_name = _("Dữ liệu mẫu")
