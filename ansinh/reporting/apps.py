from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "ansinh.reporting"
    label = "reporting"
