from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "facilities"
    verbose_name = "Facility directory"

    def ready(self) -> None:
        from . import audit

        audit.register_models()
