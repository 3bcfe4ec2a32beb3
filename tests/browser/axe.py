"""The accessibility gate every browser test calls on each page it reaches."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()


def assert_accessible(page) -> None:
    """No serious or critical axe violation on the page as it is now."""
    results = _AXE.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    report = []
    for violation in serious:
        targets = ", ".join(
            str(node["target"]) + ": " + node.get("failureSummary", "")[:160] for node in violation["nodes"][:5]
        )
        report.append(f"{violation['id']}: {violation['help']} -> {targets}")
    assert not serious, f"{page.url}\n" + "\n".join(report)
