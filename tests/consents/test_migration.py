"""consents.0002_from_families: consents and disclosures recorded in families before the consents app move to it
with their ids; each family member named gets a recipient row; the sequences move past the copied ids."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from consents.models import Consent, Disclosure, Recipient
from families.models import FamilyMember
from tests.factories import CaseFactory, ConsentFactory

BEFORE = [("families", "0004_checklist_boundary_kind"), ("consents", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.fixture
def latest():
    """Migrate back to the latest state however the test ends, so other tests find the schema they expect."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_family_consents_and_disclosures_move_to_consents_with_their_ids(practice, alice, carol, latest):
    case = CaseFactory(organization=practice, lead=alice, first_name="Sam", last_name="Chen")
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[:1]).apps  # families before the move (consents absent)
    old_member = old.get_model("families", "FamilyMember").objects.create(
        case_id=case.pk, name="Carol Chen", relationship="sister", email="carol@example.net", phone="434-555-0177",
        user_id=carol.pk, created_by_id=alice.pk,
    )  # fmt: skip
    today = timezone.localdate()
    old_consent = old.get_model("families", "Consent").objects.create(
        case_id=case.pk, recipient_id=old_member.pk, patient_name="Sam Chen", discloser="Harbor",
        categories=["stage_and_status"], purpose="To support my recovery.", expiry_kind="event",
        expiry_event="End of probation", signed_name="Sam Chen", signed_on=today - dt.timedelta(days=3),
        witness_name="Alice Alvarez", created_by_id=alice.pk, revocation_right_explained=True,
        treatment_not_conditioned=True,
    )  # fmt: skip
    old_disclosure = old.get_model("families", "Disclosure")
    disclosures = [
        old_disclosure.objects.create(
            case_id=case.pk,
            consent_id=old_consent.pk,
            recipient_id=old_member.pk,
            user_id=carol.pk,
            categories=["stage_and_status"],
            how=how,
            at=timezone.now() - dt.timedelta(days=days),
        )  # fmt: skip
        for how, days in (("portal", 2), ("pdf", 1))
    ]
    # The consent's audit history, under the old model's content type (the new one exists too: the test database's
    # content types were made for the current models).
    old_type, _ = ContentType.objects.get_or_create(app_label="families", model="consent")
    entry = LogEntry.objects.create(
        content_type=old_type, object_pk=str(old_consent.pk), object_id=old_consent.pk, object_repr="Consent",
        action=LogEntry.Action.CREATE, actor=alice,
    )  # fmt: skip

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    consent = Consent.objects.get(pk=old_consent.pk)
    member = FamilyMember.objects.select_related("recipient").get(pk=old_member.pk)
    recipient = member.recipient
    assert recipient is not None and recipient.kind == Recipient.Kind.FAMILY and recipient.case_id == case.pk
    assert (recipient.name, recipient.email, recipient.phone) == ("Carol Chen", "carol@example.net", "434-555-0177")
    assert consent.recipient_id == recipient.pk and consent.case_id == case.pk
    assert (consent.expiry_event_kind, consent.expiry_event) == ("other", "End of probation")
    moved = Disclosure.objects.filter(pk__in=[d.pk for d in disclosures]).order_by("pk")
    assert [(d.pk, d.consent_id, d.recipient_id, d.how) for d in moved] == [
        (d.pk, consent.pk, recipient.pk, d.how) for d in disclosures
    ]

    entry.refresh_from_db()
    assert entry.content_type == ContentType.objects.get_for_model(Consent)

    # The sequences moved past the copied ids: new rows go in.
    new_consent = ConsentFactory(recipient=member, case=case)
    new_disclosure = Disclosure.objects.create(
        case=case, consent=new_consent, recipient=recipient, user=carol, categories=["stage_and_status"]
    )
    assert new_consent.pk > consent.pk and new_disclosure.pk > max(d.pk for d in disclosures)
    assert Recipient.objects.create(case=case, kind=Recipient.Kind.OTHER, name="Dr. Moreno").pk > recipient.pk
