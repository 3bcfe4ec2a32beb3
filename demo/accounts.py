"""Demo practices and people: two practices, their staff, a directory admin and a family member."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from accounts.models import Membership, Organization

from .context import SeedContext, demo_membership, demo_user


def directory_admins_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Directory admins")
    group.permissions.add(Permission.objects.get(codename="manage_directory", content_type__app_label="accounts"))
    return group


def run(ctx: SeedContext) -> None:
    harbor, created = Organization.objects.get_or_create(name="Harbor Intervention Group")
    ctx.created += int(created)
    summit, created = Organization.objects.get_or_create(name="Summit Family Recovery")
    ctx.created += int(created)
    ctx.organizations.update(harbor=harbor, summit=summit)

    owner = demo_user(ctx, "olivia", "olivia@harbor.example", "Olivia Owens", "Owner, Harbor")
    alice = demo_user(ctx, "alice", "alice@harbor.example", "Alice Alvarez", "Interventionist, Harbor")
    bob = demo_user(ctx, "bob", "bob@harbor.example", "Bob Brennan", "Interventionist, Harbor")
    mallory = demo_user(ctx, "mallory", "mallory@summit.example", "Mallory Moss", "Owner, Summit (the other practice)")
    demo_membership(ctx, owner, harbor, Membership.Role.OWNER)
    demo_membership(ctx, alice, harbor, Membership.Role.INTERVENTIONIST)
    demo_membership(ctx, bob, harbor, Membership.Role.INTERVENTIONIST)
    demo_membership(ctx, mallory, summit, Membership.Role.OWNER)

    dana = demo_user(ctx, "dana", "dana@directory.example", "Dana Diaz", "Directory admin")
    dana.groups.add(directory_admins_group())
    demo_user(ctx, "carol", "carol@family.example", "Carol Chen", "Family member")
