"""URLs of the consents app, under the case: /cases/<case>/consents/ and the accounting /cases/<case>/disclosures/;
the referral packets /cases/<case>/packets/; the public signing page /sign/<token>/."""

from django.urls import path

from .views import accounting, consent, packets, signing

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
    path(CONSENT + "signing/send/", signing.signing_send, name="signing-send"),
    path(CONSENT + "signing/<int:signing>/revoke/", signing.signing_revoke, name="signing-revoke"),
    path(CONSENT + "signed.pdf", signing.signed_pdf_download, name="signed-pdf"),
    # Public: the person signs through the link, without an account.
    path("sign/done/", signing.sign_done, name="sign-done"),
    path("sign/<str:token>/", signing.sign, name="sign"),
    path("cases/<int:case>/disclosures/", accounting.accounting, name="accounting"),
    path("cases/<int:case>/disclosures/provide/", accounting.accounting_provide_view, name="accounting-provide"),
    path(PACKET + "file/", packets.packet_download, name="packet-download"),
    path(PACKET + "handed-over/", packets.packet_handed_over, name="packet-handed-over"),
    path("cases/<int:case>/referrals/<int:referral>/packet/", packets.packet_send_again, name="packet-send"),
]
