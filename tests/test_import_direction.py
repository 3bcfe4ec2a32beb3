"""Imports point one way (DESIGN.md): facilities knows no cases; interventions imports neither families
nor aftercare nor consents; consents (consents and disclosures to anyone) sits above interventions and below families;
families and aftercare do not know each other; reports sits on top of them all and nothing imports it. The development tools (`demo`, `bench`) use the
domain apps, never the other way round: no domain app or config module imports or names them (the settings
only list them in DEV_APPS)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "accounts": {"facilities", "interventions", "consents", "families", "aftercare", "reports"},
    "facilities": {"interventions", "consents", "families", "aftercare", "reports"},
    "interventions": {"consents", "families", "aftercare", "reports"},
    "consents": {"families", "aftercare", "reports"},
    "families": {"aftercare", "reports"},
    "aftercare": {"families", "reports"},
}
DOMAIN = ["accounts", "facilities", "interventions", "consents", "families", "aftercare", "reports", "config"]
DEV_TOOLS = {"demo", "bench"}


def python_files(app: str):
    return (path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_imports_point_one_way(app):
    offenders = []
    for path in python_files(app):
        wrong = imported_apps(path) & FORBIDDEN[app]
        if wrong:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(wrong)}")
    assert not offenders, "\n".join(offenders)


def dotted_names(path: Path) -> set[str]:
    """The apps named by dotted strings such as "demo.steps.seed" (import_string, ROOT_URLCONF, task names)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return {
        node.value.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "." in node.value
    }


@pytest.mark.parametrize("app", DOMAIN)
def test_domain_apps_know_nothing_of_the_development_tools(app):
    offenders = []
    for path in python_files(app):
        wrong = (imported_apps(path) | dotted_names(path)) & DEV_TOOLS
        if wrong:
            offenders.append(f"{path.relative_to(ROOT)} uses {sorted(wrong)}")
    assert not offenders, "\n".join(offenders)
