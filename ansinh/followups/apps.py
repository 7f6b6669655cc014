from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "ansinh.followups"
    label = "followups"
    verbose_name = "Điều hành: nhiệm vụ, hội nghị, kiểm tra"
