from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consents"
    verbose_name = "Consents, disclosures and the accounting"

    def ready(self) -> None:
        # The consent rule behind interventions.disclosure.may_disclose, and what happens on discharge and closing.
        from interventions import extensions

        from . import audit, receivers
        from .policy import may_disclose, record
        from .queries import consent_timeline, summary_accounting

        audit.register_models()
        extensions.disclosure_policy.register(extensions.DisclosurePolicy(may_disclose=may_disclose, record=record))
        extensions.summary_accounting.register(summary_accounting)
        extensions.timeline_providers.register(consent_timeline)
        receivers.connect()
