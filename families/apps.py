from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "families"
    verbose_name = "Families and the family portal"

    def ready(self) -> None:
        # What families adds to the interventions layer (interventions/extensions.py declares each seam).
        from accounts import zones
        from consents import extensions as consent_extensions
        from interventions import extensions

        from . import audit, checks
        from .contributions import participant_candidates, summary_recipients
        from .queries import family_timeline, letters_awaiting_review, practice_of_family_user
        from .services.consent import MEMBERS, account_filter

        audit.register_models()
        consent_extensions.account_recipients.register(account_filter)
        consent_extensions.recipient_sources.register(MEMBERS)
        for check in checks.CHECKS:
            extensions.readiness_checks.register(check)
        extensions.participant_sources.register(participant_candidates)
        extensions.summary_recipients.register(summary_recipients)
        extensions.attention_providers.register(letters_awaiting_review)
        extensions.timeline_providers.register(family_timeline)
        if practice_of_family_user not in zones.family_practice_resolvers:
            zones.family_practice_resolvers.append(practice_of_family_user)
