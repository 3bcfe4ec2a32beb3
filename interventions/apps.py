from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interventions"
    verbose_name = "Cases and interventions"

    def ready(self) -> None:
        from accounts.context_processors import register_nav
        from accounts.views import START_PAGES

        # Audit registration; readiness checks; panels, timeline and attention providers; summary sections.
        from . import (  # noqa: F401
            assessment_queries,
            audit,
            checks,
            checks_assessment,
            queries,
            referrals,
            summary_core,
            summary_topics,
        )
        from .panels import register_panel, register_portal_panel

        referrals.install()

        register_nav("Caseload", "interventions:dashboard", "staff", order=10)
        register_nav("Calendar", "interventions:calendar-feed-settings", "staff", order=70)
        register_nav("Calendar", "interventions:calendar-feed-settings", "family", order=70)
        register_panel("interventions/partials/_case_plan.html", order=30)
        register_portal_panel("interventions/partials/_portal_plan.html", category=None, order=10)
        START_PAGES.append(("staff", "interventions:dashboard"))
        register_panel("interventions/partials/_summaries_panel.html", order=90)
