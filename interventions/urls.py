from django.urls import path

from .views import assessment as assessment_views
from .views import calendar as calendar_views
from .views import case as case_views
from .views import dashboard as dashboard_views
from .views import plan as plan_views
from .views import referral as referral_views
from .views import summary as summary_views

app_name = "interventions"

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("new/", case_views.case_create, name="case-create"),
    path("<int:case>/", case_views.case_detail, name="case-detail"),
    path("<int:case>/edit/", case_views.case_edit, name="case-edit"),
    path("<int:case>/stage/", case_views.case_change_stage, name="case-stage"),
    path("<int:case>/close/", case_views.case_close, name="case-close"),
    path("<int:case>/reopen/", case_views.case_reopen, name="case-reopen"),
    path("<int:case>/notes/", case_views.note_add, name="note-add"),
    path("<int:case>/notes/<int:note>/", case_views.note_detail, name="note-detail"),
    # Matches and referrals, views/referral.py
    path("<int:case>/matches/", referral_views.case_matches, name="case-matches"),
    path("<int:case>/matches/<int:facility>/beds/", referral_views.case_match_beds, name="case-match-beds"),
    path("<int:case>/referrals/send/", referral_views.referral_send, name="referral-send"),
    path("<int:case>/referrals/<int:referral>/", referral_views.referral_detail, name="referral-detail"),
    path("<int:case>/referrals/<int:referral>/status/", referral_views.referral_status, name="referral-status"),
    path(
        "<int:case>/referrals/<int:referral>/contacts/",
        referral_views.referral_contact_add,
        name="referral-contact-add",
    ),
    path(
        "<int:case>/referrals/<int:referral>/verification/",
        referral_views.referral_verification_add,
        name="referral-verification-add",
    ),
    path(
        "<int:case>/referrals/<int:referral>/admission/", referral_views.referral_admission, name="referral-admission"
    ),
    path("<int:case>/assessments/new/", assessment_views.assessment_create, name="assessment-create"),
    path("<int:case>/assessments/<int:assessment>/", assessment_views.assessment_detail, name="assessment-detail"),
    path(
        "<int:case>/assessments/<int:assessment>/confirm/",
        assessment_views.assessment_confirm,
        name="assessment-confirm",
    ),
    path("<int:case>/safety-flags/<int:flag>/", assessment_views.safety_flag, name="safety-flag"),
    path("<int:case>/plan/", plan_views.plan_detail, name="plan-detail"),
    path("<int:case>/plan/edit/", plan_views.plan_edit, name="plan-edit"),
    path("<int:case>/plan/new-version/", plan_views.plan_new_version, name="plan-new-version"),
    path("<int:case>/plan/versions/<int:version>/", plan_views.plan_version, name="plan-version"),
    path("<int:case>/plan/switch/", plan_views.plan_switch, name="plan-switch"),
    path("<int:case>/plan/levels/", plan_views.arise_escalate, name="arise-escalate"),
    path("<int:case>/plan/invitations/new/", plan_views.invitation_add, name="invitation-add"),
    path("<int:case>/plan/participants/", plan_views.participant_add, name="participant-add"),
    path("<int:case>/plan/participants/<int:participant>/", plan_views.participant_edit, name="participant-edit"),
    path(
        "<int:case>/plan/participants/<int:participant>/remove/",
        plan_views.participant_remove,
        name="participant-remove",
    ),
    path("<int:case>/plan/sessions/new/", plan_views.session_add, name="session-add"),
    path("<int:case>/plan/sessions/<int:plan_session>/", plan_views.session_edit, name="session-edit"),
    path("<int:case>/plan/invite/", plan_views.plan_invite, name="plan-invite"),
    path("<int:case>/plan/calendar.ics", plan_views.plan_ics_download, name="plan-ics"),
    path("<int:case>/plan/outcome/", plan_views.event_record, name="event-record"),
    path("<int:case>/plan/transition/", plan_views.transition, name="transition"),
    path("<int:case>/plan/transition/arrived/", plan_views.admission_confirm, name="admission-confirm"),
    path("<int:case>/plan/what-to-expect/", plan_views.what_to_expect, name="what-to-expect"),
    path("calendar/", calendar_views.feed_settings, name="calendar-feed-settings"),
    path("<int:case>/summaries/", summary_views.summary_list, name="summary-list"),
    path("<int:case>/summaries/<int:summary>/", summary_views.summary_detail, name="summary-detail"),
    path("<int:case>/summaries/<int:summary>/retry/", summary_views.summary_retry, name="summary-retry"),
    path("<int:case>/summaries/<int:summary>/download/", summary_views.summary_download, name="summary-download"),
    path("<int:case>/family-summary/", summary_views.family_summary, name="family-summary"),
    path("<int:case>/family-summary/<int:summary>/", summary_views.family_summary_detail, name="family-summary-detail"),
]
