from django.urls import path

from .views import case as case_views
from .views import dashboard as dashboard_views
from .views import summary as summary_views

app_name = "interventions"

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("new/", case_views.case_create, name="case-create"),
    path("<int:case>/", case_views.case_detail, name="case-detail"),
    path("<int:case>/edit/", case_views.case_edit, name="case-edit"),
    path("<int:case>/stage/", case_views.case_change_stage, name="case-stage"),
    path("<int:case>/notes/", case_views.note_add, name="note-add"),
    path("<int:case>/notes/<int:note>/", case_views.note_detail, name="note-detail"),
    path("<int:case>/summaries/", summary_views.summary_list, name="summary-list"),
    path("<int:case>/summaries/<int:summary>/", summary_views.summary_detail, name="summary-detail"),
    path("<int:case>/summaries/<int:summary>/retry/", summary_views.summary_retry, name="summary-retry"),
    path("<int:case>/summaries/<int:summary>/download/", summary_views.summary_download, name="summary-download"),
    path("<int:case>/family-summary/", summary_views.family_summary, name="family-summary"),
    path("<int:case>/family-summary/<int:summary>/", summary_views.family_summary_detail, name="family-summary-detail"),
]
