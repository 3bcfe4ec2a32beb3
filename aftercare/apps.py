from django.apps import AppConfig


class AftercareConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aftercare"
    verbose_name = "Aftercare and follow-ups"

    def ready(self) -> None:
        # What aftercare adds to the interventions layer (interventions/extensions.py declares each seam).
        from interventions import extensions

        from . import audit, closing, queries, receivers, summary

        audit.register_models()
        receivers.connect()
        extensions.attention_providers.register(queries.followup_attention)
        extensions.timeline_providers.register(queries.followup_timeline)
        extensions.closing_effects.register(closing.EFFECT)
        for section in summary.SECTIONS:
            extensions.summary_sections.register(section)
