"""Consents and disclosures move from families to consents with their ids, so their audit history stays theirs.

Each family member named on a consent gets a recipient row; a free-text expiry event becomes an "other" event (its
date recorded by hand, as before); the audit entries of the old models are pointed at the new ones."""

from django.db import migrations

CONSENT_FIELDS = [
    "id", "case_id", "patient_name", "discloser", "categories", "purpose", "expiry_kind", "expiry_date",
    "expiry_event", "expiry_event_date", "revocation_right_explained", "treatment_not_conditioned", "signed_name",
    "signed_by_guardian", "signed_on", "signature_method", "signed_form", "witness_name", "recorded_from_ip",
    "created_at", "created_by_id", "revoked_at", "revoked_by_id", "revocation_requested_by", "revocation_note",
]
DISCLOSURE_FIELDS = ["id", "case_id", "consent_id", "user_id", "categories", "how", "at"]


def forwards(apps, schema_editor):
    OldConsent = apps.get_model("families", "Consent")
    OldDisclosure = apps.get_model("families", "Disclosure")
    FamilyMember = apps.get_model("families", "FamilyMember")
    Recipient = apps.get_model("consents", "Recipient")
    Consent = apps.get_model("consents", "Consent")
    Disclosure = apps.get_model("consents", "Disclosure")

    recipients = {}
    # Every member named on a consent or shown a disclosure (a disclosure's member is its consent's, but a
    # missing one would stop the migration halfway).
    named = {*OldConsent.objects.values_list("recipient_id", flat=True)}
    named.update(OldDisclosure.objects.order_by().values_list("recipient_id", flat=True).distinct())
    for member in FamilyMember.objects.filter(pk__in=named):
        recipient = Recipient.objects.create(
            case_id=member.case_id, kind="family", name=member.name, organization=member.relationship,
            email=member.email, phone=member.phone, created_at=member.created_at,
        )
        member.recipient_id = recipient.pk
        member.save(update_fields=["recipient"])
        recipients[member.pk] = recipient.pk

    consents = []
    for old in OldConsent.objects.order_by("pk").iterator():
        fields = {name: getattr(old, name) for name in CONSENT_FIELDS}
        if old.expiry_kind == "event":
            fields["expiry_event_kind"] = "other"
        consents.append(Consent(recipient_id=recipients[old.recipient_id], **fields))
    Consent.objects.bulk_create(consents, batch_size=1000)

    batch = []
    for old in OldDisclosure.objects.order_by("pk").iterator(chunk_size=5000):
        batch.append(
            Disclosure(recipient_id=recipients[old.recipient_id], **{name: getattr(old, name) for name in DISCLOSURE_FIELDS})
        )
        if len(batch) >= 5000:
            Disclosure.objects.bulk_create(batch)
            batch = []
    Disclosure.objects.bulk_create(batch)

    # Rows were written with their old ids: move each sequence past them.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Consent, Disclosure, Recipient]):
            cursor.execute(statement)

    move_audit_history(apps, connection)


def move_audit_history(apps, connection):
    """The audit history of each consent and disclosure follows it to its new model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    for model in ("consent", "disclosure"):
        old = ContentType.objects.filter(app_label="families", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label="consents", model=model).first()
        if new is None:
            old.app_label = "consents"
            old.save(update_fields=["app_label"])
        elif connection.vendor == "postgresql":
            move_audit_entries(connection, old.pk, new.pk)
        else:
            LogEntry.objects.filter(content_type_id=old.pk).update(content_type_id=new.pk)


def move_audit_entries(connection, old_type, new_type):
    """Point the audit entries of `old_type` at `new_type`, keeping their ids. On PostgreSQL the audit log is
    append-only (accounts 0002, 0005): its trigger turns an UPDATE into nothing even with the maintenance switch on,
    which only the table's owner (the role migrations run as) may open; a DELETE then passes. So the entries are
    copied aside, deleted and written back under the new type, in this migration's transaction, and the switch is
    closed again at once."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL casework.audit_maintenance = 'on'")
        cursor.execute(
            "CREATE TEMPORARY TABLE consents_moved_entries ON COMMIT DROP AS "
            "SELECT * FROM auditlog_logentry WHERE content_type_id = %s",
            [old_type],
        )
        cursor.execute("DELETE FROM auditlog_logentry WHERE content_type_id = %s", [old_type])
        cursor.execute("UPDATE consents_moved_entries SET content_type_id = %s", [new_type])
        cursor.execute("INSERT INTO auditlog_logentry SELECT * FROM consents_moved_entries")
        cursor.execute("DROP TABLE consents_moved_entries")
        cursor.execute("SET LOCAL casework.audit_maintenance = 'off'")


def no_style():
    from django.core.management.color import no_style as style

    return style()


class Migration(migrations.Migration):

    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("consents", "0001_initial"),
        ("families", "0005_member_recipient"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
