from django.urls import path

from .views import case as case_views
from .views import dashboard as dashboard_views
from .views import referral as referral_views

app_name = "interventions"

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("new/", case_views.case_create, name="case-create"),
    path("<int:case>/", case_views.case_detail, name="case-detail"),
    path("<int:case>/edit/", case_views.case_edit, name="case-edit"),
    path("<int:case>/stage/", case_views.case_change_stage, name="case-stage"),
    path("<int:case>/notes/", case_views.note_add, name="note-add"),
    path("<int:case>/notes/<int:note>/", case_views.note_detail, name="note-detail"),
    # Matches and referrals, views/referral.py
    path("<int:case>/matches/", referral_views.case_matches, name="case-matches"),
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
]
