from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "facilities"
    verbose_name = "Facility directory"

    def ready(self) -> None:
        from accounts.context_processors import register_nav
        from accounts.views import START_PAGES

        from . import audit  # noqa: F401  (registers models with django-auditlog)

        register_nav("Facilities", "facilities:facility-list", "directory")
        register_nav("Facilities", "facilities:facility-list", "staff")
        register_nav("Imports", "facilities:import-list", "directory")
        if ("directory", "facilities:facility-list") not in START_PAGES:
            START_PAGES.append(("directory", "facilities:facility-list"))
