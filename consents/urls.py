"""URLs of the consents app, under the case: /cases/<case>/consents/ and the accounting /cases/<case>/disclosures/."""

from django.urls import path

from .views import consent, packets

app_name = "consents"

CONSENTS = "cases/<int:case>/consents/"
CONSENT = CONSENTS + "<int:consent>/"
PACKET = "cases/<int:case>/packets/<int:packet>/"

urlpatterns = [
    path(CONSENTS + "new/", consent.consent_add, name="add"),
    path(CONSENT, consent.consent_detail, name="detail"),
    path(CONSENT + "revoke/", consent.consent_revoke, name="revoke"),
    path(CONSENT + "resolve/", consent.consent_resolve, name="resolve"),
    path(CONSENT + "form/", consent.consent_form_download, name="form"),
    path("cases/<int:case>/disclosures/", consent.disclosures, name="accounting"),
    path(PACKET + "file/", packets.packet_download, name="packet-download"),
    path(PACKET + "handed-over/", packets.packet_handed_over, name="packet-handed-over"),
    path("cases/<int:case>/referrals/<int:referral>/packet/", packets.packet_send_again, name="packet-send"),
]
