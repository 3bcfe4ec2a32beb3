from django.urls import path

from .views import assessment as assessment_views
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
    path("<int:case>/assessments/new/", assessment_views.assessment_create, name="assessment-create"),
    path("<int:case>/assessments/<int:assessment>/", assessment_views.assessment_detail, name="assessment-detail"),
    path(
        "<int:case>/assessments/<int:assessment>/confirm/",
        assessment_views.assessment_confirm,
        name="assessment-confirm",
    ),
    path("<int:case>/safety-flags/<int:flag>/", assessment_views.safety_flag, name="safety-flag"),
]
