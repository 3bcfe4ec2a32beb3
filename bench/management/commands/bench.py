"""Print one JSON object of named performance figures (see DESIGN.md's budgets).

It creates a separate, empty database (the test database of the configured one: `test_<name>` on
PostgreSQL, in memory on SQLite), lets each app seed what its figures need, measures, and drops it.
Figures are listed in FIGURES below; read them as ratios to `bare_view_ms`.
"""

from __future__ import annotations

import contextlib
import json
import sys
import warnings
from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings, setup_databases, setup_test_environment, teardown_databases
from django.utils.module_loading import import_string

from bench import scale as bench_scale
from bench.context import BenchContext

# Each a callable taking the bench context and returning a dict of figures; `bare_view_ms` comes first.
FIGURES = [
    "bench.baseline.bare_view",
    "bench.directory.directory",
    "bench.scorecards.scorecards",
    "bench.dashboard.dashboard",
    "bench.summaries.summary_pdf",
    "bench.reminders.reminder_scan",
    "bench.reminders.reminder_scan_1m",
    "bench.summaries.summary_pdf_budget_case",
    "bench.families.portal_member",
    "bench.consents.accounting",
    "bench.directory.directory_100k",
    "bench.audit.audit_log",
    "bench.reports.report",
]


class Command(BaseCommand):
    help = "Seed a separate database, measure, and print one JSON object of named figures."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quick", action="store_true", help="Smaller data sets, for a smoke run.")
        parser.add_argument(
            "--scale", action="store_true", help="The growth table (bench/scale.py) instead of the daily figures."
        )
        parser.add_argument(
            "--scale-factors", nargs="*", type=int, default=None, help="Sizes of the growth table (default 1 10 100)."
        )
        parser.add_argument("--only", nargs="*", default=None, help="Run only these figure functions (dotted paths).")

    def handle(
        self,
        *args: Any,
        quick: bool = False,
        only: list[str] | None = None,
        scale: bool = False,
        scale_factors: list[int] | None = None,
        **options: Any,
    ) -> None:
        # Static files are served by whitenoise from STATIC_ROOT in production; the bench needs none.
        warnings.filterwarnings("ignore", message="No directory at")
        setup_test_environment(debug=False)
        # stdout carries the JSON only: what database setup prints goes to stderr.
        with contextlib.redirect_stdout(sys.stderr):
            old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)
        results: dict[str, Any] = {}
        try:
            with override_settings(ROOT_URLCONF="bench.urls", CELERY_TASK_ALWAYS_EAGER=True):
                context = BenchContext(quick=quick)
                if scale:
                    results.update(import_string(FIGURES[0])(context))
                    results.update(bench_scale.scale(context, scale_factors or bench_scale.FACTORS))
                for dotted in [] if scale else FIGURES:
                    if only and dotted not in only:
                        continue
                    context.log(f"running {dotted}")
                    results.update(import_string(dotted)(context))
        finally:
            teardown_databases(old_config, verbosity=0)
        self.stdout.write(json.dumps(results, indent=2))
