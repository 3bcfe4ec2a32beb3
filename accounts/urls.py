from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("<int:org>/", views.organization_detail, name="organization-detail"),
    path("<int:org>/members/add/", views.member_add, name="member-add"),
    path("<int:org>/members/<int:membership>/", views.member_change, name="member-change"),
    path("<int:org>/audit/", views.audit_log, name="audit-log"),
    path("<int:org>/security/", views.organization_security, name="organization-security"),
    path("<int:org>/time-zone/", views.organization_time_zone, name="organization-time-zone"),
    path("me/", views.profile, name="profile"),
    path("session/keepalive/", views.session_keepalive, name="session-keepalive"),
    path("session/status/", views.session_status, name="session-status"),
    path("session/end/", views.session_end, name="session-end"),
]
