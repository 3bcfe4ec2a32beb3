"""Who is a directory admin: the `accounts.manage_directory` permission, held directly or through a group, asked by
every page's menu in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_a_directory_admin_holds_the_permission_through_their_group(dana, django_assert_num_queries):
    dana = fresh(dana)
    with django_assert_num_queries(1):
        assert dana.is_directory_admin and dana.is_directory_admin


def test_the_permission_held_directly_counts(db):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="manage_directory", content_type__app_label="accounts"))
    assert fresh(user).is_directory_admin


def test_a_family_member_a_staff_member_and_an_inactive_admin_are_not(carol, alice, dana):
    assert not fresh(carol).is_directory_admin and not fresh(alice).is_directory_admin
    User.objects.filter(pk=dana.pk).update(is_active=False)
    assert not fresh(dana).is_directory_admin


def test_a_superuser_is(db):
    assert fresh(UserFactory(is_superuser=True)).is_directory_admin
