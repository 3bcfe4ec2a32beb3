"""The audit log's bench figure (bench/audit.py), measured in the test process at a small size."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from bench.audit import PRACTICES, audit_log
from bench.context import BenchContext

pytestmark = pytest.mark.django_db


@pytest.mark.services("postgres")
def test_the_audit_figure_seeds_every_practice_and_reads_each_filter(settings):
    settings.ROOT_URLCONF = "bench.urls"
    figures = audit_log(BenchContext(quick=True), total=3000)
    assert figures["audit_log_entries_in_db"] >= 3000
    assert LogEntry.objects.filter(object_repr="Case").values("additional_data__organization").distinct().count() == (
        PRACTICES
    )
    assert all(figures[key] > 0 for key in figures if key.endswith("_ms"))
