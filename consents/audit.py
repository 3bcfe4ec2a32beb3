from accounts.audit import register

from .models import AccountingProvided, Consent, Disclosure, Recipient, ReferralPacket, SigningRequest


def register_models() -> None:
    """Register this app's models for change and access logging (called from AppConfig.ready())."""
    register(Recipient)
    register(Consent, exclude_fields=["signed_text"])
    register(Disclosure)
    register(SigningRequest, exclude_fields=["token_hash"])
    register(ReferralPacket)
    register(AccountingProvided)
