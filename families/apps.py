from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "families"
    verbose_name = "Families and the family portal"

    def ready(self) -> None:
        from accounts.context_processors import register_nav

        register_nav("My portal", "families:portal-home", "family")
