from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "ansinh.evaluation"
    verbose_name = "Đánh giá"
    label = "evaluation"
