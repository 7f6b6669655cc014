from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "ansinh.programs"
    label = "programs"
