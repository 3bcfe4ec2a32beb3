from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up alone: owners add their staff, interventionists invite family members."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
