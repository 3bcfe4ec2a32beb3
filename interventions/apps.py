from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interventions"
    verbose_name = "Cases and interventions"

    def ready(self) -> None:
        # Every extension point is declared in extensions.py; this app registers its own contributions here,
        # the same way families and aftercare register theirs.
        from . import assessment_queries, audit, checks, checks_assessment, extensions, queries, referrals
        from .summary import core, topics

        audit.register_models()
        for check in [*checks.CHECKS, *checks_assessment.CHECKS]:
            extensions.readiness_checks.register(check)
        for provider in [
            queries.stage_timeline,
            queries.note_timeline,
            assessment_queries.assessment_timeline,
            assessment_queries.safety_timeline,
            referrals.referral_timeline,
        ]:
            extensions.timeline_providers.register(provider)
        extensions.closing_effects.register(referrals.CLOSING_EFFECT)
        extensions.attention_providers.register(queries.stale_attention)
        extensions.attention_providers.register(assessment_queries.safety_attention)
        for section in [*core.SECTIONS, *topics.SECTIONS]:
            extensions.summary_sections.register(section)
