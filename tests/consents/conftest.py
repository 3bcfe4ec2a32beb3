from __future__ import annotations

import pytest

from tests.factories import CaseFactory, FamilyMemberFactory


@pytest.fixture
def case(practice, alice):
    """A case of practice A led by alice, in planning."""
    return CaseFactory(organization=practice, lead=alice, stage="planning", first_name="Sam", last_name="Chen")


@pytest.fixture
def member(case, carol):
    """Carol, a speaker on the case, joined to the portal."""
    return FamilyMemberFactory(case=case, user=carol, name="Carol Chen", email=carol.email)


@pytest.fixture
def other_case(practice, bob):
    return CaseFactory(organization=practice, lead=bob, first_name="Jo", last_name="Park")
