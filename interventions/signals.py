"""Signals other apps listen to (families, aftercare connect receivers in their AppConfig.ready())."""

from django.dispatch import Signal

# Sent inside the transaction of a stage change (interventions.services.case.case_change_stage), so what receivers
# write commits with the move or not at all; receivers that queue Celery work use transaction.on_commit.
# Keyword arguments: case, change (StageChange), from_stage, to_stage, by.
stage_changed = Signal()

# Sent inside the transaction of a send (interventions.services.referral.referrals_send), after every facility was
# checked for a consent: consents makes each referral's packet; its receiver queues the work with on_commit.
# Keyword arguments: case, referrals (list of Referral), by, note.
referrals_sent = Signal()
