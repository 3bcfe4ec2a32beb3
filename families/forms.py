"""Forms of the families app: they validate input; services decide."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.forms import formset_factory

from interventions.disclosure import Category
from interventions.forms.fields import IdsMultipleChoiceField

from .models import Article, ChecklistTemplate, Consent, FamilyMember, ItemKind, LetterComment, Topic

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


def _helper(submit: str, *, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if submit:
        helper.add_input(Submit("submit", submit))
    return helper


class FamilyMemberForm(forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = ["name", "relationship", "email", "phone", "role", "is_active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save")


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150)
    password1 = forms.CharField(
        label="Choose a password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Create my account")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords are not the same.")
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ConsentForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        choices=Category.choices, widget=forms.CheckboxSelectMultiple, label="What information may be disclosed"
    )

    class Meta:
        model = Consent
        fields = [
            "recipient",
            "patient_name",
            "discloser",
            "categories",
            "purpose",
            "expiry_kind",
            "expiry_date",
            "expiry_event",
            "revocation_right_explained",
            "treatment_not_conditioned",
            "signed_name",
            "signed_by_guardian",
            "signed_on",
            "signature_method",
            "signed_form",
            "witness_name",
        ]
        widgets = {
            "expiry_date": forms.DateInput(attrs={"type": "date"}),
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "revocation_right_explained": "The person was told they may revoke this consent in writing at any time "
            "(except for what was already done relying on it), and how",
            "treatment_not_conditioned": "The person was told their treatment is not conditioned on signing",
            "signed_by_guardian": "Signed by a guardian or legal representative",
            "witness_name": "Witness (for a consent signed in person)",
        }

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_form"].validators += [
            FileExtensionValidator(list(SIGNED_FORM_MAGIC)),
            validate_signed_form_content,
        ]
        self.fields["signed_form"].help_text = "PDF or photo of the signed form, up to 10 MB. Stored privately."
        cast(forms.ModelChoiceField, self.fields["recipient"]).queryset = case.family_members.filter(is_active=True)
        self.fields["recipient"].label = "Recipient (one family member)"
        self.fields["expiry_date"].label = "Expiry date (if it expires on a date)"
        self.fields["expiry_event"].label = "Expiry event (if it expires on an event)"
        self.helper = _helper("Record the consent")
        self.helper.attrs = {"enctype": "multipart/form-data"}

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        kind = data.get("expiry_kind")
        if kind == Consent.ExpiryKind.DATE and not data.get("expiry_date"):
            self.add_error("expiry_date", "Give the date the consent expires.")
        if kind == Consent.ExpiryKind.EVENT and not data.get("expiry_event"):
            self.add_error("expiry_event", "Describe the event that ends the consent.")
        if kind == Consent.ExpiryKind.DATE:
            data["expiry_event"] = ""
        else:
            data["expiry_date"] = None
        for field in ("revocation_right_explained", "treatment_not_conditioned"):
            if not data.get(field):
                self.add_error(field, "This must be stated to the person before they sign.")
        upload = data.get("signed_form")
        if upload and upload.size > MAX_UPLOAD:
            self.add_error("signed_form", "The file is larger than 10 MB.")
        method = data.get("signature_method")
        if method == Consent.Method.UPLOADED and not data.get("signed_form"):
            self.add_error("signed_form", "Upload the signed form.")
        if method == Consent.Method.IN_PERSON and not data.get("witness_name"):
            self.add_error("witness_name", "Name the witness.")
        return data


class ConsentRevokeForm(forms.Form):
    requested_by = forms.CharField(label="Who asked to revoke it", max_length=200)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Revoke now")


class ConsentResolveForm(forms.Form):
    on = forms.DateField(label="The date the expiry event resolved to", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record the expiry date")


class AssignChecklistForm(forms.Form):
    template = forms.ModelChoiceField(queryset=ChecklistTemplate.objects.none(), label="Checklist template")

    def __init__(self, *args, templates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = templates
        self.helper = _helper("Assign checklist")


class LetterForm(forms.Form):
    body = forms.CharField(
        label="Your letter", required=False, widget=forms.Textarea(attrs={"rows": 16, "class": "letter-editor"})
    )


class LetterReviewForm(forms.Form):
    kind = forms.ChoiceField(
        choices=LetterComment.Kind.choices,
        widget=forms.RadioSelect,
        label="Your review",
        initial=LetterComment.Kind.COMMENT,
    )
    text = forms.CharField(label="Comment for the writer", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Send review")


class ArticleForm(forms.ModelForm):
    topics = IdsMultipleChoiceField(Topic.objects.all(), widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = Article
        fields = ["title", "slug", "summary", "body", "topics", "is_published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save article")


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "model", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("", form_tag=False)


class TemplateItemForm(forms.Form):
    kind = forms.ChoiceField(choices=ItemKind.choices)
    title = forms.CharField(max_length=200, required=False, help_text="Leave empty to drop the row.")
    help_text = forms.CharField(required=False, label="Help text")
    article = forms.ModelChoiceField(Article.objects.none(), required=False, label="Article to read")

    def __init__(self, *args: Any, articles: QuerySet[Article] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The house articles and the practice's own: never another practice's.
        field = cast(forms.ModelChoiceField, self.fields["article"])
        field.queryset = articles if articles is not None else Article.objects.none()


TemplateItemFormSet = formset_factory(TemplateItemForm, extra=2, can_delete=True)
