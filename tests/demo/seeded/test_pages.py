"""What a new user sees first: every seeded case's page opens, and a case in aftercare shows its treatment episode,
not "Not admitted to treatment yet"."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from interventions.models import Case, Stage


def test_every_harbor_case_page_opens_and_aftercare_cases_show_their_admission(seeded, client):
    client.force_login(User.objects.get(email="olivia@harbor.example"))
    cases = Case.objects.filter(organization__name="Harbor Intervention Group").order_by("pk")
    assert cases.count() >= 30
    for case in cases:
        assert client.get(case.get_absolute_url()).status_code == 200, case.reference
    for case in cases.filter(stage=Stage.AFTERCARE):
        page = client.get(reverse("aftercare:case-aftercare", args=[case.pk])).content.decode()
        assert "Not admitted to treatment yet" not in page, case.reference
