from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interventions"
    verbose_name = "Cases and interventions"

    def ready(self) -> None:
        from accounts.context_processors import register_nav
        from accounts.views import START_PAGES

        from . import audit, checks, queries, summary_core  # noqa: F401  (audit; checks; timelines; summary sections)
        from .panels import register_panel

        register_nav("Caseload", "interventions:dashboard", "staff", order=10)
        START_PAGES.append(("staff", "interventions:dashboard"))
        register_panel("interventions/partials/_summaries_panel.html", order=90)
