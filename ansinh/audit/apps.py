from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ansinh.audit"
    label = "audit"
