from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "families"
    verbose_name = "Families and the family portal"

    def ready(self) -> None:
        from accounts.context_processors import register_nav
        from accounts.views import START_PAGES
        from interventions import disclosure
        from interventions.panels import register_attention, register_panel, register_portal_panel, register_timeline
        from interventions.participants import register_source
        from interventions.summary_sections import register_accounting, register_recipients

        from . import audit, checks  # noqa: F401  (audit registration; readiness checks)
        from .contributions import participant_candidates, summary_accounting, summary_recipients
        from .queries import family_timeline, letters_awaiting_review
        from .services.consent import policy, recorder

        disclosure.install(policy=policy, recorder=recorder)
        register_source(participant_candidates)
        register_recipients(summary_recipients)
        register_accounting(summary_accounting)
        register_nav("My portal", "families:portal-home", "family")
        register_nav("Library", "families:library", "family", order=60)
        register_nav("Library", "families:library", "staff", order=60)
        register_nav("Checklists", "families:template-list", "staff", order=70)
        register_nav("Library", "families:library", "directory", order=60)
        START_PAGES.append(("family", "families:portal-home"))
        register_attention(letters_awaiting_review)
        register_timeline(family_timeline)
        register_panel("families/partials/_case_panel_include.html", order=20)
        register_portal_panel(
            "families/portal/panels/_stage.html", category=disclosure.Category.STAGE_AND_STATUS, order=10
        )
