"""factory_boy factories for every app's models. Tests build data through these, not by hand."""

from __future__ import annotations

import factory

from accounts.models import Membership, Organization, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Practice {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.INTERVENTIONIST


class CaseFactory(factory.django.DjangoModelFactory):
    """A case at intake led by `lead` (a member of `organization`)."""

    class Meta:
        model = "interventions.Case"
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    lead = factory.LazyAttribute(
        lambda o: MembershipFactory(organization=o.organization, role=Membership.Role.INTERVENTIONIST).user
    )
    created_by = factory.SelfAttribute("lead")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=22, maximum_age=70)
    sex = "male"
    phone = "434-555-0100"
    postal_code = "22902"
    payer = "PI"
    referrer_name = factory.Faker("name")
    referrer_relationship = "Sister"
    presenting_concern = "Daily drinking, two DUIs, family worried."


class SubstanceUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interventions.SubstanceUse"

    case = factory.SubFactory(CaseFactory)
    substance = "alcohol"
    route = "oral"
    frequency = "daily"
    amount = "a fifth of vodka"
    age_first_use = 16


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interventions.CaseNote"

    case = factory.SubFactory(CaseFactory)
    author = factory.SelfAttribute("case.lead")
    text = "Called the sister; she will talk to their father."


# --- families ---------------------------------------------------------------------------------------------------


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    """A speaker on a case, not yet joined to the portal (pass `user=` to link an account)."""

    class Meta:
        model = "families.FamilyMember"

    case = factory.SubFactory(CaseFactory)
    name = factory.Faker("name")
    relationship = "sister"
    email = factory.Sequence(lambda n: f"family{n}@example.net")
    role = "speaker"
    created_by = factory.SelfAttribute("case.lead")


class ConsentFactory(factory.django.DjangoModelFactory):
    """An active consent signed yesterday, expiring in 90 days, covering the stage of the case."""

    class Meta:
        model = "families.Consent"

    recipient = factory.SubFactory(FamilyMemberFactory)
    case = factory.SelfAttribute("recipient.case")
    patient_name = factory.LazyAttribute(lambda o: o.case.full_name)
    discloser = factory.LazyAttribute(lambda o: o.case.organization.name)
    categories = factory.LazyFunction(lambda: ["stage_and_status"])
    purpose = "To support my recovery and my family's participation."
    expiry_date = factory.LazyFunction(lambda: _today() + _days(90))
    revocation_right_explained = True
    treatment_not_conditioned = True
    signed_name = factory.LazyAttribute(lambda o: o.case.full_name)
    signed_on = factory.LazyFunction(lambda: _today() - _days(1))
    witness_name = "Alice Alvarez"
    created_by = factory.SelfAttribute("case.lead")


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "families.ChecklistTemplate"

    organization = factory.SubFactory(OrganizationFactory)
    model = "johnson"
    name = factory.Sequence(lambda n: f"Checklist {n}")


class ChecklistTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "families.ChecklistTemplateItem"

    template = factory.SubFactory(ChecklistTemplateFactory)
    order = factory.Sequence(lambda n: n)
    kind = "custom"
    title = factory.Sequence(lambda n: f"Item {n}")


class ChecklistFactory(factory.django.DjangoModelFactory):
    """A checklist of three open items for a member."""

    class Meta:
        model = "families.Checklist"
        skip_postgeneration_save = True

    member = factory.SubFactory(FamilyMemberFactory)
    name = "Preparation"
    assigned_by = factory.SelfAttribute("member.case.lead")

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if create:
            for index in range(extracted if extracted is not None else 3):
                ChecklistItemFactory(checklist=self, order=index)


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "families.ChecklistItem"

    checklist = factory.SubFactory(ChecklistFactory, items=0)
    kind = "read"
    title = factory.Sequence(lambda n: f"Task {n}")


class ImpactLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "families.ImpactLetter"

    member = factory.SubFactory(FamilyMemberFactory)
    body = "Dear Sam, I love you. Please accept help today."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "families.Article"

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "A short summary."
    body = "## A heading\n\nSome **kind** words."


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _days(n: int):
    import datetime as dt

    return dt.timedelta(days=n)
