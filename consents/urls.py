"""URLs of the consents app, under the case: /cases/<case>/consents/ and the accounting /cases/<case>/disclosures/."""

from django.urls import path

from .views import accounting, consent

app_name = "consents"

CONSENTS = "cases/<int:case>/consents/"
CONSENT = CONSENTS + "<int:consent>/"

urlpatterns = [
    path(CONSENTS + "new/", consent.consent_add, name="add"),
    path(CONSENT, consent.consent_detail, name="detail"),
    path(CONSENT + "revoke/", consent.consent_revoke, name="revoke"),
    path(CONSENT + "resolve/", consent.consent_resolve, name="resolve"),
    path(CONSENT + "form/", consent.consent_form_download, name="form"),
    path("cases/<int:case>/disclosures/", accounting.accounting, name="accounting"),
    path("cases/<int:case>/disclosures/provide/", accounting.accounting_provide_view, name="accounting-provide"),
]
