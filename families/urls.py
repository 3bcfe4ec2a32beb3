from django.urls import path

from . import views

app_name = "families"

urlpatterns = [
    path("", views.portal_home, name="portal-home"),
]
