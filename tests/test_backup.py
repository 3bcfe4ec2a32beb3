"""`manage.py backup` and `manage.py restore`: the database and the private files together; after a restore of a
lost database and lost files, every download works again. A damaged backup restores nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from consents.models import Consent
from interventions.models import Case, CaseSummary
from tests.factories import CaseFactory, CaseSummaryFactory, ConsentFactory, FamilyMemberFactory

PDF = b"%PDF-1.7\n% the summary\n%%EOF\n"
SIGNED = b"%PDF-1.7\n% the signed consent form\n%%EOF\n"


@pytest.fixture
def practice_with_files(practice, alice):
    case = CaseFactory(organization=practice, lead=alice, first_name="Sam", last_name="Chen")
    summary = CaseSummaryFactory(case=case, requested_by=alice, status="ready", page_count=1)
    summary.file.save("summary.pdf", ContentFile(PDF))
    consent = ConsentFactory(recipient=FamilyMemberFactory(case=case))
    consent.signed_form.save("signed.pdf", ContentFile(SIGNED))
    return case, summary, consent


def downloads(client, case, summary, consent) -> tuple[bytes, bytes]:
    pdf = client.get(reverse("interventions:summary-download", kwargs={"case": case.pk, "summary": summary.pk}))
    form = client.get(reverse("consents:form", kwargs={"case": case.pk, "consent": consent.pk}))
    assert pdf.status_code == 200 and form.status_code == 200
    return b"".join(pdf.streaming_content), b"".join(form.streaming_content)


def lose_everything(case, summary, consent) -> None:
    """The disaster: the files are gone and the rows with them."""
    default_storage.delete(summary.file.name)
    default_storage.delete(consent.signed_form.name)
    Consent.objects.filter(pk=consent.pk).delete()
    CaseSummary.objects.filter(pk=summary.pk).delete()


def round_trip(client, alice, practice_with_files, tmp_path) -> None:
    case, summary, consent = practice_with_files
    client.force_login(alice)
    assert downloads(client, case, summary, consent) == (PDF, SIGNED)
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert {entry["name"] for entry in manifest["files"]} == {summary.file.name, consent.signed_form.name}

    lose_everything(case, summary, consent)
    assert not CaseSummary.objects.exists()
    call_command("restore", str(tmp_path / "backup"), "--yes")

    client.force_login(alice)  # the session table was restored too
    assert Case.objects.filter(pk=case.pk).exists()
    assert downloads(client, case, summary, consent) == (PDF, SIGNED)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_database_and_every_download(client, alice, practice_with_files, tmp_path):
    """On the database the suite runs on: PostgreSQL in CI (pg_dump/pg_restore), SQLite in embedded mode."""
    round_trip(client, alice, practice_with_files, tmp_path)


@pytest.mark.django_db(transaction=True)  # a backup runs outside any transaction
def test_a_damaged_backup_restores_nothing(practice_with_files, tmp_path):
    case, summary, consent = practice_with_files
    call_command("backup", str(tmp_path / "backup"))
    (tmp_path / "backup" / "files" / summary.file.name).write_bytes(b"not the summary")
    default_storage.delete(consent.signed_form.name)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(tmp_path / "backup"), "--yes")
    assert not default_storage.exists(consent.signed_form.name)  # nothing was written back
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "backup"))


@pytest.mark.django_db(transaction=True)  # a backup runs outside any transaction
def test_a_backup_goes_into_a_new_directory(practice_with_files, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "used"))


@pytest.mark.django_db(transaction=True)
def test_the_seeded_demo_practice_round_trips_with_every_row_and_download(client, tmp_path):
    """The demo practice of `seed_demo`, with a summary PDF and a signed consent form added to one of its cases:
    after losing the files and rows, a restore brings back every row of every table and both downloads."""
    from django.apps import apps

    from accounts.models import User

    call_command("seed_demo", "--i-know-this-is-not-production", stdout=io.StringIO())
    olivia = User.objects.get(email="olivia@harbor.example")
    case = Case.objects.filter(organization__name="Harbor Intervention Group").order_by("pk").first()
    summary = CaseSummaryFactory(case=case, requested_by=olivia, status="ready", page_count=1)
    summary.file.save("summary.pdf", ContentFile(PDF))
    consent = ConsentFactory(recipient=FamilyMemberFactory(case=case))
    consent.signed_form.save("signed.pdf", ContentFile(SIGNED))
    models = [model for model in apps.get_models() if model._meta.app_label not in {"sessions"}]
    counts = {model._meta.label: model.objects.count() for model in models}
    call_command("backup", str(tmp_path / "backup"))

    lose_everything(case, summary, consent)
    call_command("restore", str(tmp_path / "backup"), "--yes")

    after = {model._meta.label: model.objects.count() for model in models}
    assert after == counts
    client.force_login(olivia)
    assert downloads(client, case, summary, consent) == (PDF, SIGNED)
