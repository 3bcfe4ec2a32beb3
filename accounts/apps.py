from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and practices"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import audit, auth_events
        from .session_timeout import mark_login

        audit.register_models()
        auth_events.connect()
        user_logged_in.connect(mark_login, dispatch_uid="accounts.session_timeout.mark_login")
