"""What families contributes to the readiness of the intervention (leaving planning towards scheduled)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from interventions.extensions import CheckResult, ReadinessCheck
from interventions.models import Case, Stage

from .models import FamilyMember, ImpactLetter, Role, role_items


def _family_url(case: Case) -> str:
    return reverse("families:family-home", kwargs={"case": case.pk})


def checklists_finished(case: Case) -> CheckResult:
    participants = (
        FamilyMember.objects.filter(case=case)
        .participants()
        .annotate(
            total=Count("checklist__items", filter=role_items()),
            done=Count("checklist__items", filter=role_items() & Q(checklist__items__done_at__isnull=False)),
        )
    )
    label = "Every speaker and support participant has finished their checklist"
    if not participants:
        return CheckResult(label, False, "Add the family members taking part.", _family_url(case))
    behind = [m.name for m in participants if not m.total or m.done < m.total]
    missing = f"Not finished: {', '.join(behind)}." if behind else ""
    return CheckResult(label, not behind, missing, _family_url(case))


def letters_approved(case: Case) -> CheckResult:
    speakers = FamilyMember.objects.filter(case=case, role=Role.SPEAKER, is_active=True)
    waiting = speakers.exclude(letter__status=ImpactLetter.Status.APPROVED).values_list("name", flat=True)
    missing = f"Letter not approved yet: {', '.join(waiting)}." if waiting else ""
    return CheckResult("Every speaker's impact letter is approved", not waiting, missing, _family_url(case))


# Registered from AppConfig.ready(), in the order the readiness panels list them.
CHECKS = [
    ReadinessCheck("families.checklists", Stage.PLANNING, checklists_finished, to=Stage.SCHEDULED),
    ReadinessCheck("families.letters", Stage.PLANNING, letters_approved, to=Stage.SCHEDULED),
]
