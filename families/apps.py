from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "families"
    verbose_name = "Families and the family portal"

    def ready(self) -> None:
        # What families adds to the interventions layer (interventions/extensions.py declares each seam).
        from accounts import zones
        from interventions import extensions

        from . import audit, checks
        from .contributions import participant_candidates, summary_accounting, summary_recipients
        from .queries import family_timeline, letters_awaiting_review, policy, practice_of_family_user
        from .services.consent import recorder

        audit.register_models()
        extensions.disclosure_policy.register(extensions.DisclosurePolicy(may_disclose=policy, record=recorder))
        for check in checks.CHECKS:
            extensions.readiness_checks.register(check)
        extensions.participant_sources.register(participant_candidates)
        extensions.summary_recipients.register(summary_recipients)
        extensions.summary_accounting.register(summary_accounting)
        extensions.attention_providers.register(letters_awaiting_review)
        extensions.timeline_providers.register(family_timeline)
        if practice_of_family_user not in zones.family_practice_resolvers:
            zones.family_practice_resolvers.append(practice_of_family_user)
