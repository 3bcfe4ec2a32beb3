"""URLs of the families app: the portal (/portal/), the case's family (/cases/<case>/family/), the library and
the checklist templates. Mounted at the site root so that every URL lives in the `families` namespace."""

from django.urls import path

from .views import library, portal, staff, templates

app_name = "families"

FAMILY = "cases/<int:case>/family/"
MEMBER = FAMILY + "<int:member>/"
PORTAL_MEMBER = "portal/m/<int:member>/"

urlpatterns = [
    # The family portal
    path("portal/", portal.portal_home, name="portal-home"),
    path("portal/invitations/<str:token>/", portal.invitation_accept, name="invitation-accept"),
    path(PORTAL_MEMBER, portal.portal_member, name="portal-member"),
    path(PORTAL_MEMBER + "items/<int:item>/", portal.portal_item_toggle, name="portal-item-toggle"),
    path(PORTAL_MEMBER + "letter/", portal.portal_letter, name="portal-letter"),
    path(PORTAL_MEMBER + "letter/autosave/", portal.portal_letter_autosave, name="portal-letter-autosave"),
    path(PORTAL_MEMBER + "letter/submit/", portal.portal_letter_submit, name="portal-letter-submit"),
    path(PORTAL_MEMBER + "consents/<int:consent>/", portal.portal_consent, name="portal-consent"),
    # The education library
    path("portal/library/", library.library, name="library"),
    path("portal/library/new/", library.article_edit, name="article-create"),
    path("portal/library/<slug:article>/", library.article_detail, name="article-detail"),
    path("portal/library/<slug:article>/edit/", library.article_edit, name="article-edit"),
    path("portal/library/<slug:article>/copy/", library.article_copy_to_practice, name="article-copy"),
    # Staff: the case's family
    path(FAMILY, staff.family_home, name="family-home"),
    path(FAMILY + "add/", staff.member_add, name="member-add"),
    path(MEMBER, staff.member_detail, name="member-detail"),
    path(MEMBER + "edit/", staff.member_edit, name="member-edit"),
    path(MEMBER + "invite/", staff.member_invite, name="member-invite"),
    path(MEMBER + "invitations/<int:invitation>/revoke/", staff.invitation_revoke, name="invitation-revoke"),
    path(MEMBER + "checklist/", staff.checklist_assign, name="checklist-assign"),
    path(MEMBER + "items/<int:item>/", staff.item_toggle, name="item-toggle"),
    path(FAMILY + "letters/print/", staff.letters_print, name="letters-print"),
    path(FAMILY + "letters/order/", staff.letters_order, name="letters-order"),
    path(FAMILY + "letters/<int:letter>/", staff.letter_review, name="letter-review"),
    # Checklist templates
    path("checklists/", templates.template_list, name="template-list"),
    path("checklists/<int:template>/", templates.template_detail, name="template-detail"),
    path("checklists/<int:template>/copy/", templates.template_copy, name="template-copy"),
]
