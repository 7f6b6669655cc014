from django.apps import AppConfig


class StewardshipConfig(AppConfig):
    name = "ansinh.stewardship"
    label = "stewardship"
    verbose_name = "Kinh phí, thi đua khen thưởng, sơ kết và tổng kết"
