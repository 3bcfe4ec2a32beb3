"""Forms of the families app: they validate input; services decide."""

from __future__ import annotations

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db.models import Case as DbCase
from django.db.models import F, IntegerField, QuerySet, When
from django.forms import formset_factory

from interventions.forms.fields import IdsMultipleChoiceField

from .models import Article, ChecklistTemplate, FamilyMember, InterventionModel, ItemKind, LetterComment, Topic


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


class TemplateChoiceField(forms.ModelChoiceField):
    """Templates labelled with their model; those of the suggested model (the case's plan's) say so."""

    suggested_model = ""

    def label_from_instance(self, obj: ChecklistTemplate) -> str:
        model = InterventionModel(obj.model).label
        if obj.model == self.suggested_model:
            return f"{obj.name} (suggested for this case's {model} plan)"
        return f"{obj.name} ({model} model)"


class AssignChecklistForm(forms.Form):
    """The templates of the case's plan's model come first (the practice's own copy before the house default),
    the first of them shown selected as the suggestion; other models' templates follow, labelled with their model.
    Without a plan there is no suggestion: the interventionist chooses."""

    template = TemplateChoiceField(queryset=ChecklistTemplate.objects.none(), label="Checklist template")

    def __init__(self, *args, templates: QuerySet[ChecklistTemplate], suggested_model: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(TemplateChoiceField, self.fields["template"])
        if suggested_model:
            first = DbCase(When(model=suggested_model, then=0), default=1, output_field=IntegerField())
            templates = templates.order_by(first, "model", F("organization_id").asc(nulls_last=True), "name")
            field.suggested_model = suggested_model
            field.help_text = (
                f"Suggested first: the checklist for the {InterventionModel(suggested_model).label} model of the "
                "case's plan. Check it before assigning."
            )
            suggestion = templates.filter(model=suggested_model).first()
            if suggestion is not None:
                self.initial.setdefault("template", suggestion.pk)
        field.queryset = templates
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
