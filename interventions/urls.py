from django.urls import path

from .views import case as case_views
from .views import dashboard as dashboard_views

app_name = "interventions"

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("new/", case_views.case_create, name="case-create"),
    path("<int:case>/", case_views.case_detail, name="case-detail"),
    path("<int:case>/edit/", case_views.case_edit, name="case-edit"),
    path("<int:case>/stage/", case_views.case_change_stage, name="case-stage"),
    path("<int:case>/notes/", case_views.note_add, name="note-add"),
    path("<int:case>/notes/<int:note>/", case_views.note_detail, name="note-detail"),
]
