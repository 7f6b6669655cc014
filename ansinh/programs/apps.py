from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "ansinh.programs"
    verbose_name = "Chương trình, kế hoạch"
    label = "programs"
