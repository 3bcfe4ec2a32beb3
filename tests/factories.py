"""factory_boy factories for every app's models. Tests build data through these, not by hand."""

from __future__ import annotations

import factory
from django.utils import timezone

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
        from facilities import codes as facility_codes
        from facilities.models import FacilityService
        from facilities.vocabulary import CODE_CATEGORY

        FacilityService.objects.bulk_create(
            FacilityService(facility=self, category=CODE_CATEGORY[code], code=code) for code in extracted
        )
        facility_codes.refresh([self.pk])
        self.refresh_from_db(fields=["codes"])


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


class FollowUpFactory(factory.django.DjangoModelFactory):
    """An ad-hoc follow-up with the person, due now, assigned to the case lead."""

    class Meta:
        model = "aftercare.FollowUp"

    case = factory.SubFactory(CaseFactory)
    kind = "person"
    anchor = "adhoc"
    due_at = factory.LazyFunction(timezone.now)
    assigned_to = factory.SelfAttribute("case.lead")
    created_by = factory.SelfAttribute("case.lead")


class FamilySupportSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "aftercare.FamilySupportSession"

    case = factory.SubFactory(CaseFactory)
    kind = "craft"
    scheduled_at = factory.LazyFunction(timezone.now)
    facilitator = factory.SelfAttribute("case.lead")
    attendees = "Sister"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "aftercare.Notification"

    recipient = factory.SubFactory(UserFactory)
    message = "Follow-up due"


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


def as_recipient(recipient, case):
    """A consent's recipient row for a family member, a facility (on `case`) or a recipient row."""
    from consents.models import Recipient
    from consents.services.consent import recipient_for_facility
    from facilities.models import Facility
    from families.services.consent import recipient_for_member

    if isinstance(recipient, Recipient):
        return recipient
    if isinstance(recipient, Facility):
        return recipient_for_facility(case=case, facility=recipient)
    return recipient_for_member(recipient)


class ConsentFactory(factory.django.DjangoModelFactory):
    """An active consent signed yesterday, expiring in 90 days, covering the stage of the case. `recipient`: a
    family member (the default), a facility (give `case` and the categories) or a consents.Recipient."""

    class Meta:
        model = "consents.Consent"

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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["recipient"] = as_recipient(kwargs["recipient"], kwargs["case"])
        return super()._create(model_class, *args, **kwargs)


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


def ready_for_scheduling(case, *, member_user=None):
    """Everything the readiness checks of planning -> scheduled ask outside the plan itself: an accepted
    referral with insurance verified, and a speaker whose checklist is done and letter approved."""
    from django.utils import timezone

    referral = ReferralFactory(case=case, status="accepted")
    referral.verifications.create(payer="Anthem", by=case.lead, outcome="covered", network="in")
    member = FamilyMemberFactory(case=case, user=member_user)
    checklist = ChecklistFactory(member=member, items=2)
    checklist.items.update(done_at=timezone.now())
    ImpactLetterFactory(member=member, status="approved")
    return referral, member
