"""Forms of the consents app: they validate input; services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet

from facilities.models import Facility
from interventions.disclosure import Category
from interventions.forms.fields import PastDateTimeField
from interventions.models import Case

from .extensions import recipient_sources
from .models import Consent, Recipient
from .queries import accounting_start

MAX_UPLOAD = 10 * 1024 * 1024

# What a signed consent form may be, by its first bytes: the extension alone proves nothing.
SIGNED_FORM_MAGIC = {
    "pdf": ("PDF", b"%PDF-"),
    "png": ("PNG image", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("JPEG image", b"\xff\xd8\xff"),
    "jpeg": ("JPEG image", b"\xff\xd8\xff"),
}


def validate_signed_form_content(upload) -> None:
    """Refuse an upload whose bytes are not what its extension says (a PDF, a PNG or a JPEG)."""
    extension = upload.name.rpartition(".")[2].lower() if "." in upload.name else ""
    if extension not in SIGNED_FORM_MAGIC:
        return  # FileExtensionValidator reports it
    kind, magic = SIGNED_FORM_MAGIC[extension]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise forms.ValidationError(
            f"This file is not a {kind}, whatever its name says. Upload the signed form as a PDF, PNG or JPEG file.",
            code="invalid_content",
        )


def _helper(*, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    return helper


DATE = forms.DateInput(attrs={"type": "date"})


class ConsentForm(forms.ModelForm):
    """One written consent (42 CFR 2.31), naming a family member, one or several facilities (one consent each), or
    another person or organization. The view turns the chosen recipients into Recipient rows."""

    recipient_kind = forms.ChoiceField(
        label="Who may receive the information", choices=Recipient.Kind.choices, widget=forms.RadioSelect
    )
    family_member = forms.ChoiceField(label="Which family member", required=False)
    facilities = forms.ModelMultipleChoiceField(
        Facility.objects.none(),
        label="Facilities (one consent is recorded for each)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_name = forms.CharField(label="Name (a person's or an organization's)", max_length=200, required=False)
    other_organization = forms.CharField(label="Organization (for a person)", max_length=200, required=False)
    other_role = forms.ChoiceField(label="Role", choices=[("", "---------"), *Recipient.Role.choices], required=False)
    other_email = forms.EmailField(label="Email", required=False)
    other_phone = forms.CharField(label="Phone", max_length=40, required=False)
    other_address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    categories = forms.MultipleChoiceField(
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What information may be disclosed",
        help_text="A family member may be given only stage and status, facility and admission, treatment progress "
        "and the aftercare plan.",
    )
    sign_email = forms.EmailField(required=False, label="Send the signing link to")

    class Meta:
        model = Consent
        fields = [
            "patient_name",
            "discloser",
            "categories",
            "purpose",
            "expiry_kind",
            "expiry_date",
            "expiry_event_kind",
            "expiry_event_days",
            "expiry_event",
            "revocation_right_explained",
            "treatment_not_conditioned",
            "signature_method",
            "signed_name",
            "signed_by_guardian",
            "signed_on",
            "signed_form",
            "witness_name",
        ]
        widgets = {
            "expiry_kind": forms.RadioSelect,
            "signature_method": forms.RadioSelect,
            "expiry_date": DATE,
            "signed_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "revocation_right_explained": "The person was told they may revoke this consent in writing at any time "
            "(except for what was already done relying on it), and how",
            "treatment_not_conditioned": "The person was told their treatment is not conditioned on signing",
            "signed_by_guardian": "Signed by a guardian or legal representative",
            "witness_name": "Witness (for a consent signed in person)",
            "expiry_event_kind": "Expiry event (if it expires on an event)",
            "expiry_event_days": "Days after discharge",
            "expiry_event": "The event, in words (for another event)",
            "signed_name": "Signature (the typed name, for a consent signed in person or on paper)",
            "signed_on": "Date signed",
        }
        help_texts = {
            "purpose": "In the person's words, e.g. to support my recovery and my family's participation; to refer me "
            "for treatment and arrange my admission; to report my attendance to my probation officer.",
        }

    def __init__(self, *args: Any, case: Case, facilities: QuerySet[Facility], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        family = [choice for source in recipient_sources for choice in source.choices(case)]
        cast(forms.ChoiceField, self.fields["family_member"]).choices = [("", "---------"), *family]
        self.fields["facilities"].queryset = facilities  # type: ignore[attr-defined]
        self.fields["signed_form"].validators += [
            FileExtensionValidator(list(SIGNED_FORM_MAGIC)),
            validate_signed_form_content,
        ]
        self.fields["signed_form"].help_text = "PDF or photo of the signed form, up to 10 MB. Stored privately."
        self.fields["expiry_date"].label = "Expiry date (if it expires on a date)"
        self.fields["expiry_event_kind"].required = False
        self.fields["signature_method"].label = "How the person signs"
        self.helper = _helper(form_tag=False)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        kind = data.get("recipient_kind")
        if kind == Recipient.Kind.FAMILY:
            if not data.get("family_member"):
                self.add_error("family_member", "Choose the family member.")
            clinical = [c for c in data.get("categories", []) if c not in Category.FAMILY]
            if clinical:
                names = ", ".join(Category.short[c] for c in clinical)
                self.add_error("categories", f"A family member may not be given clinical information ({names}).")
        elif kind == Recipient.Kind.FACILITY and not data.get("facilities"):
            self.add_error("facilities", "Tick at least one facility.")
        elif kind == Recipient.Kind.OTHER and not data.get("other_name", "").strip():
            self.add_error("other_name", "Give the recipient's name.")
        self._clean_expiry(data)
        for field in ("revocation_right_explained", "treatment_not_conditioned"):
            if not data.get(field):
                self.add_error(field, "This must be stated to the person before they sign.")
        self._clean_signature(data)
        return data

    def _clean_expiry(self, data: dict) -> None:
        if data.get("expiry_kind") == Consent.ExpiryKind.DATE:
            if not data.get("expiry_date"):
                self.add_error("expiry_date", "Give the date the consent expires.")
            data.update(expiry_event_kind="", expiry_event_days=None, expiry_event="")
            return
        data["expiry_date"] = None
        event = data.get("expiry_event_kind")
        if not event:
            self.add_error("expiry_event_kind", "Choose the event that ends the consent.")
        elif event == Consent.ExpiryEvent.DAYS_AFTER_DISCHARGE and not data.get("expiry_event_days"):
            self.add_error("expiry_event_days", "Give the number of days after discharge.")
        elif event == Consent.ExpiryEvent.OTHER and not data.get("expiry_event", "").strip():
            self.add_error("expiry_event", "Describe the event that ends the consent.")
        if event != Consent.ExpiryEvent.DAYS_AFTER_DISCHARGE:
            data["expiry_event_days"] = None
        if event != Consent.ExpiryEvent.OTHER:
            data["expiry_event"] = ""

    def _clean_signature(self, data: dict) -> None:
        upload = data.get("signed_form")
        if upload and upload.size > MAX_UPLOAD:
            self.add_error("signed_form", "The file is larger than 10 MB.")
        method = data.get("signature_method")
        if method == Consent.Method.E_SIGN:
            data.update(signed_name="", signed_on=None, witness_name="", signed_form=None)
            if not data.get("sign_email"):
                self.add_error("sign_email", "Give the email address to send the signing link to.")
            return
        if not data.get("signed_name", "").strip():
            self.add_error("signed_name", "Give the name the person signed.")
        if not data.get("signed_on"):
            self.add_error("signed_on", "Give the date the person signed.")
        if method == Consent.Method.UPLOADED and not data.get("signed_form"):
            self.add_error("signed_form", "Upload the signed form.")
        if method == Consent.Method.IN_PERSON and not data.get("witness_name"):
            self.add_error("witness_name", "Name the witness.")

    def consent_fields(self) -> dict[str, Any]:
        """The cleaned data a consent is made of (the recipient fields left out)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}

    def other_recipient_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["other_name"].strip(),
            "organization": data.get("other_organization", ""),
            "role": data.get("other_role", ""),
            "email": data.get("other_email", ""),
            "phone": data.get("other_phone", ""),
            "address": data.get("other_address", ""),
        }


class ConsentRevokeForm(forms.Form):
    requested_by = forms.CharField(label="Who asked to revoke it", max_length=200)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ConsentResolveForm(forms.Form):
    on = forms.DateField(label="The date the expiry event resolved to", widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SigningSendForm(forms.Form):
    """Staff: send a new signing link (the earlier one stops working)."""

    email = forms.EmailField(label="Send the signing link to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SignForm(forms.Form):
    """The person signs: their typed full name and the explicit agreement."""

    typed_name = forms.CharField(
        label="Your full name",
        max_length=200,
        help_text="Typing your name here is your signature.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    agreed = forms.BooleanField(label="I have read this consent and I agree to sign it")
    shown_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed"].error_messages["required"] = "Tick the box to say you agree to sign."
        self.fields["typed_name"].error_messages["required"] = "Type your full name to sign."
        self.helper = _helper(form_tag=False)


class AccountingPeriodForm(forms.Form):
    """The period of an accounting of disclosures, in days of the practice: at most the past 3 years (42 CFR 2.25)
    up to `today`; the person may ask for less. The fields are named `from` and `to` (the page's query)."""

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.earliest = accounting_start(today)
        self.fields["from"] = forms.DateField(label="From", widget=DATE, initial=self.earliest)
        self.fields["to"] = forms.DateField(label="To", widget=DATE, initial=today)
        self.helper = _helper(form_tag=False)

    def clean_from(self) -> dt.date:
        start: dt.date = self.cleaned_data["from"]
        if start < self.earliest:
            raise forms.ValidationError(
                f"An accounting covers at most the past 3 years: from {self.earliest:%B %-d, %Y} at the earliest.",
                code="too_early",
            )
        return start

    def clean_to(self) -> dt.date:
        end: dt.date = self.cleaned_data["to"]
        if end > self.today:
            raise forms.ValidationError("The period cannot end after today.", code="future")
        return end

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", forms.ValidationError("The period must end on or after its first day.", code="order"))
        return cleaned

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen period once valid; the default (the past 3 years up to today) when nothing was chosen."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["from"], self.cleaned_data["to"]
        return self.earliest, self.today


class AccountingProvideForm(AccountingPeriodForm):
    """Provide an accounting: who asked for it, and its period (45 CFR 164.528(d))."""

    requested_by = forms.CharField(
        label="Requested by",
        max_length=200,
        help_text="The person, or who asked on their behalf (e.g. their guardian).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_provide_%s")  # the period form shares the page: distinct ids
        super().__init__(*args, **kwargs)
        self.order_fields(["requested_by", "from", "to"])


class PacketHandOverForm(forms.Form):
    """A packet faxed or handed over to a facility without an admissions email: when (entered) and how."""

    at = PastDateTimeField(label="Faxed or handed over at")
    how = forms.CharField(label="How", max_length=100, help_text="e.g. fax to (555) 010-2000, or handed to the nurse")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
