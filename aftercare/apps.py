from django.apps import AppConfig


class AftercareConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aftercare"
    verbose_name = "Aftercare and follow-ups"
