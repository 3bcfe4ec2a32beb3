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


class FacilityFactory(factory.django.DjangoModelFactory):
    """A facility; pass `codes=["RS", "PI", ...]` to give it SAMHSA or profile codes."""

    class Meta:
        model = "facilities.Facility"
        skip_postgeneration_save = True

    external_id = factory.Sequence(lambda n: f"test-{n:05d}")
    name = factory.Sequence(lambda n: f"Facility {n:05d}")
    city = "Charlottesville"
    state = "VA"
    postal_code = "22902"
    latitude = factory.LazyFunction(lambda: __import__("decimal").Decimal("38.0293000"))
    longitude = factory.LazyFunction(lambda: __import__("decimal").Decimal("-78.4767000"))
    last_verified_at = factory.LazyFunction(lambda: __import__("django.utils.timezone").utils.timezone.now())

    @factory.post_generation
    def codes(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        from facilities.models import FacilityService
        from facilities.vocabulary import CODE_CATEGORY

        FacilityService.objects.bulk_create(
            FacilityService(facility=self, category=CODE_CATEGORY[code], code=code) for code in extracted
        )


class BedAvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "facilities.BedAvailability"

    facility = factory.SubFactory(FacilityFactory)
    setting = "RS"
    available = 3
    method = "phone"
    updated_at = factory.LazyFunction(lambda: __import__("django.utils.timezone").utils.timezone.now())


class PracticeRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "facilities.PracticeRelationship"

    organization = factory.SubFactory(OrganizationFactory)
    facility = factory.SubFactory(FacilityFactory)
    kind = "referral_agreement"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interventions.Referral"

    case = factory.SubFactory(CaseFactory)
    facility = factory.SubFactory(FacilityFactory)
    status = "sent"
    created_by = factory.SelfAttribute("case.lead")


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment with all six ASAM ratings at 1 (suggestion: level 1), not confirmed yet.

    To get real scores, instrument results and safety flags, use `interventions.services.assessment_create`.
    """

    class Meta:
        model = "interventions.Assessment"

    case = factory.SubFactory(CaseFactory)
    created_by = factory.SelfAttribute("case.lead")
    substance_use = "Daily drinking, about a fifth of vodka."
    dimension_1 = 1
    dimension_2 = 1
    dimension_3 = 1
    dimension_4 = 1
    dimension_5 = 1
    dimension_6 = 1
    suggested_level = "1"
    suggestion_reasons = factory.LazyFunction(lambda: ["Dimension 1 rated 1 (low withdrawal risk): at least 1"])


class SafetyFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interventions.SafetyFlag"

    case = factory.SubFactory(CaseFactory)
    assessment = None
    kind = "suicide_risk"
    detail = 'PHQ-9 item 9 answered "Several days".'
    raised_by = factory.SelfAttribute("case.lead")


class InterventionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interventions.InterventionPlan"

    case = factory.SubFactory(CaseFactory)
    model = "johnson"
    created_by = factory.SelfAttribute("case.lead")
    location = "The Whitakers' home, 12 Oak St"
    contingency_plan = "Wife and children stay with her mother; no more money."


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interventions.Participant"

    plan = factory.SubFactory(InterventionPlanFactory)
    source_key = factory.Sequence(lambda n: f"test:{n}")
    name = factory.Faker("name")
    relationship = "Sister"
    role = "speaker"
    speaking_order = 1
    boundary = "I will not give you money or a place to stay."


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interventions.StageChange"

    case = factory.SubFactory(CaseFactory)
    from_stage = "intake"
    to_stage = "assessment"
    by = factory.SelfAttribute("case.lead")
    note = "Family meeting held; moving to assessment."


class CaseSummaryFactory(factory.django.DjangoModelFactory):
    """A pending clinical summary requested by the case's lead."""

    class Meta:
        model = "interventions.CaseSummary"

    case = factory.SubFactory(CaseFactory)
    version = "clinical"
    requested_by = factory.SelfAttribute("case.lead")
