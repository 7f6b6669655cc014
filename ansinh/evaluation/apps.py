from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "ansinh.evaluation"
    label = "evaluation"
