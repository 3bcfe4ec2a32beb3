from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interventions"
    verbose_name = "Cases and interventions"

    def ready(self) -> None:
        from accounts.context_processors import register_nav
        from accounts.views import START_PAGES

        from . import audit, checks, referrals  # noqa: F401  (audit registration; the readiness checks of this app)

        referrals.install()

        register_nav("Caseload", "interventions:dashboard", "staff", order=10)
        START_PAGES.append(("staff", "interventions:dashboard"))
