"""The project's URLs plus the bench's yardstick view; the ROOT_URLCONF of `manage.py bench` only."""

from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

from .views import bare_view

urlpatterns = [path("__bench__/bare/", bare_view), *project_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
