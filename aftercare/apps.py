from django.apps import AppConfig


class AftercareConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aftercare"
    verbose_name = "Aftercare and follow-ups"

    def ready(self) -> None:
        from accounts.context_processors import register_nav
        from interventions.disclosure import Category
        from interventions.panels import register_panel, register_portal_panel

        from . import audit, queries, receivers, summary  # noqa: F401  (audit; attention and timeline; PDF sections)

        receivers.connect()
        register_nav("Follow-ups", "aftercare:followups", "staff", order=20)
        register_nav("Follow-up schedule", "aftercare:settings", "owner", per_practice=True, order=85)
        register_panel("aftercare/partials/_case_panel.html", order=40)
        register_portal_panel("aftercare/partials/_portal_plan.html", category=Category.AFTERCARE_PLAN, order=60)
        register_portal_panel(
            "aftercare/partials/_portal_outcomes.html", category=Category.TREATMENT_PROGRESS, order=70
        )
