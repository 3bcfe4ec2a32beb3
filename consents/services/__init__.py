"""Writes of the consents app, one module per topic: consents and recipients (`consent`), the e-signature link
(`signing`), referral packets (`packets`), the accounting provided (`accounting`)."""
