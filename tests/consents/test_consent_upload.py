"""The signed consent form is checked by its content, not only its name (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consents.models import Consent
from interventions.disclosure import Category

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
HTML = b"<html><script>alert(document.cookie)</script></html>"


def post_consent(client, case, member, name: str, content: bytes):
    data = {
        "recipient_kind": "family",
        "family_member": member.pk,
        "patient_name": "Sam Chen",
        "discloser": "Harbor Intervention Group",
        "categories": [Category.STAGE_AND_STATUS],
        "purpose": "At my request.",
        "expiry_kind": "date",
        "expiry_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "revocation_right_explained": "on",
        "treatment_not_conditioned": "on",
        "signed_name": "Sam Chen",
        "signed_on": timezone.localdate().isoformat(),
        "signature_method": "uploaded",
        "signed_form": SimpleUploadedFile(name, content, content_type="application/pdf"),
    }
    return client.post(reverse("consents:add", kwargs={"case": case.pk}), data)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("consent.pdf", HTML, "PDF"),
        ("consent.pdf", PNG, "PDF"),
        ("scan.png", PDF, "PNG image"),
        ("scan.jpg", HTML, "JPEG image"),
        ("scan.JPEG", b"GIF89a\x01\x00", "JPEG image"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(client, case, member, alice, name, content, kind):
    client.force_login(alice)
    response = post_consent(client, case, member, name, content)
    assert response.status_code == 200
    errors = response.context["form"].errors["signed_form"]
    assert any(f"This file is not a {kind}" in error for error in errors), errors
    assert not Consent.objects.exists()


@pytest.mark.parametrize(("name", "content"), [("consent.pdf", PDF), ("scan.png", PNG), ("scan.jpg", JPEG)])
def test_a_pdf_png_or_jpeg_is_accepted_whole(client, case, member, alice, name, content):
    client.force_login(alice)
    response = post_consent(client, case, member, name, content)
    consent = Consent.objects.get()
    assert response["Location"] == consent.get_absolute_url()
    with consent.signed_form.open("rb") as handle:
        assert handle.read() == content


def test_another_extension_is_still_refused(client, case, member, alice):
    client.force_login(alice)
    response = post_consent(client, case, member, "consent.html", HTML)
    assert "not allowed" in " ".join(response.context["form"].errors["signed_form"])
    assert not Consent.objects.exists()
