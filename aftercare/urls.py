from django.urls import path

from . import views

app_name = "aftercare"

urlpatterns = [
    path("", views.followups, name="followups"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:notification>/read/", views.notification_read, name="notification-read"),
    path("practice/<int:org>/schedule/", views.schedule_settings, name="settings"),
    path("cases/<int:case>/", views.case_aftercare, name="case-aftercare"),
    path("cases/<int:case>/follow-ups/add/", views.followup_add, name="followup-add"),
    path("cases/<int:case>/follow-ups/<int:followup>/", views.followup_record, name="followup-record"),
    path(
        "cases/<int:case>/follow-ups/<int:followup>/reschedule/", views.followup_reschedule, name="followup-reschedule"
    ),
    path("cases/<int:case>/follow-ups/<int:followup>/cancel/", views.followup_cancel, name="followup-cancel"),
    path("cases/<int:case>/episodes/<int:episode>/", views.episode_edit, name="episode-edit"),
    path("cases/<int:case>/plan/", views.plan_detail, name="plan-detail"),
    path("cases/<int:case>/plan/edit/", views.plan_edit, name="plan-edit"),
    path("cases/<int:case>/plan/print/", views.plan_print, name="plan-print"),
    path("cases/<int:case>/family-plan/", views.portal_plan, name="portal-plan"),
    path("cases/<int:case>/sessions/new/", views.session_edit, name="session-add"),
    path("cases/<int:case>/sessions/<int:session>/", views.session_edit, name="session-edit"),
    path("cases/<int:case>/resources/", views.resource_share, name="resource-share"),
]
