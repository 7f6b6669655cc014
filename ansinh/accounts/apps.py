from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ansinh.accounts"
    verbose_name = "Tài khoản và phân quyền"
    label = "accounts"

    def ready(self) -> None:
        from ansinh.accounts import signals  # noqa: F401  (connects the receivers)
