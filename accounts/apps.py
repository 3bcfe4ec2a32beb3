from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and practices"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import audit  # noqa: F401  (registers models with django-auditlog)
        from .session_timeout import mark_login

        user_logged_in.connect(mark_login, dispatch_uid="accounts.session_timeout.mark_login")
        from .context_processors import register_nav

        register_nav("Practice", "accounts:organization-detail", "staff", per_practice=True, order=80)
        register_nav("Audit log", "accounts:audit-log", "owner", per_practice=True, order=90)
