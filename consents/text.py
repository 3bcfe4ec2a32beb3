"""The words of a consent as the person reads and signs them (42 CFR 2.31), in plain language.

`consent_text` is deterministic: the same consent gives the same text, byte for byte, so the text shown on the signing
page, the text stored with the signature and its hash, and the text printed in the signed PDF are one and the same.
It reads only the consent's own fields (never the clock, the reader's zone or the directory as it is now).
"""

from __future__ import annotations

from interventions.disclosure import REDISCLOSURE_NOTICE, Category

from .models import Consent

CATEGORY_LABELS = dict(Category.choices)
TITLE = "Consent to share information"


def _when_it_ends(consent: Consent) -> str:
    if consent.expiry_kind == Consent.ExpiryKind.DATE:
        return f"This consent ends on {consent.expiry_display}."
    event = consent.expiry_event_text.rstrip(".")
    text = f"This consent ends at this event: {event[:1].lower()}{event[1:]}."
    if consent.expiry_event_date:
        text += f" That event has happened: the consent ends on {consent.expiry_event_date:%B %-d, %Y}."
    return text


def _recipient(consent: Consent) -> list[str]:
    recipient = consent.recipient
    lines = [f"Who may get the information: {recipient.description}."]
    contact = recipient.contact
    lines.append(f"How to reach them: {contact}." if contact else "How to reach them: not known.")
    return lines


def consent_text(consent: Consent) -> str:
    """The whole consent, every element of 2.31, written for a grade 6 to 8 reader. Paragraphs are separated by a
    blank line; a list item starts with "- "."""
    discloser = consent.discloser.strip()
    categories = [f"- {CATEGORY_LABELS[c]}" for c in consent.categories if c in CATEGORY_LABELS]
    patient = consent.patient_name.strip()
    if consent.signed_by_guardian:
        who = [
            f"The person this form is about: {patient}.",
            f"I am the guardian or legal representative of {patient}, and I sign this form for them. "
            f"I agree that {discloser} may share information about {patient}, as this form says, and nothing more.",
        ]
    else:
        who = [
            f"Your name: {patient}.",
            f"I agree that {discloser} may share information about me, as this form says, and nothing more.",
        ]
    paragraphs = [
        TITLE,
        *who,
        f"Who shares the information: {discloser}.",
        "\n".join(_recipient(consent)),
        "What information may be shared:\n" + "\n".join(categories),
        f"Why it is shared: {consent.purpose.strip()}",
        f"When this consent ends: {_when_it_ends(consent)}",
        "You can cancel (revoke) this consent at any time. To cancel it, tell "
        f"{discloser} in writing: a letter or an email is enough. From then on, nothing more is shared. "
        "Canceling cannot undo what was already shared while the consent was in place.",
        "You do not have to sign this form. Your treatment does not depend on whether you sign it. "
        "Your payment, enrollment or eligibility for benefits does not depend on it either.",
        "Federal law (42 CFR part 2) protects this information. Anyone who gets it from this consent is told:",
        REDISCLOSURE_NOTICE,
        "When you type your full name and tick the box to agree, that is your electronic signature. "
        "It counts the same as signing on paper. You can ask for a copy of this signed form.",
    ]
    return "\n\n".join(paragraphs) + "\n"


def paragraphs(text: str) -> list[list[str]]:
    """The text split into paragraphs, each a list of its lines (for the page and the PDF)."""
    return [block.split("\n") for block in text.strip("\n").split("\n\n")]
