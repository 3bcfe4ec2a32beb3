from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and practices"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import audit
        from .session_timeout import mark_login

        audit.register_models()
        user_logged_in.connect(mark_login, dispatch_uid="accounts.session_timeout.mark_login")
