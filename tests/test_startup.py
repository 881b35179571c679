"""Lean start-up: a run imports only what it needs (the pre-commit case, and runs served from the cache)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from doclint.checks import CHECKS
from doclint.lint import function
from doclint.registry import RULES
from tests.helpers import FIXTURES

# Runs the real command line and prints, as it exits, which doclint and multiprocessing modules it imported.
_PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(name for name in sys.modules
                                                if name.startswith(("doclint", "multiprocessing", "yaml"))))))
sys.argv = ["doclint", *sys.argv[1:]]
from doclint.cli import main
main()
"""
PAGE = "api-reference/v1.0/resources/widget.md"
#: The term rules run only with a glossary: without one their module is never imported.
GLOSSARY_MODULES = {"doclint.checks.terms", "doclint.glossary", "lxml"}
RULE_MODULES = {f"doclint.checks.{rule.module}" for rule in RULES if rule.module} - GLOSSARY_MODULES


def _imported(*args: str, cwd: Path) -> set[str]:
    result = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True, text=True,
                            timeout=120)
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_a_one_page_check_imports_no_pool_and_no_report_it_does_not_print(tmp_path: Path) -> None:
    imported = _imported("check", PAGE, "--source", str(FIXTURES / "en"), "--no-cache", cwd=FIXTURES / "pt-BR")
    assert "doclint.parse" in imported and RULE_MODULES <= imported  # it did check the page
    assert not GLOSSARY_MODULES & imported  # no glossary: the term rules cost nothing
    assert not {name for name in imported if name.startswith("multiprocessing")}
    reports = {name for name in imported if name.startswith("doclint.report.")}
    assert reports == {"doclint.report.text"}
    assert "yaml" not in imported  # its front matter is plainly valid YAML: DL002 never needs the parser


def test_a_run_served_from_the_cache_imports_neither_the_parser_nor_a_rule(tmp_path: Path) -> None:
    args = ("check", PAGE, "--source", str(FIXTURES / "en"), "--cache-dir", str(tmp_path / "cache"))
    filling = _imported(*args, cwd=FIXTURES / "pt-BR")
    assert "doclint.parse" in filling
    warm = _imported(*args, cwd=FIXTURES / "pt-BR")
    assert "doclint.parse" not in warm and "doclint.page" not in warm
    assert not warm & RULE_MODULES
    # nor what only a check or an audit of pages needs: the linting path, the comparison, drift records
    assert not warm & {"doclint.lint", "doclint.context", "doclint.drift_compare", "doclint.drift_report",
                       "doclint.checks"}


def test_every_rule_is_bound_in_the_module_the_registry_names() -> None:
    for rule in RULES:
        if rule.module:
            assert function(rule).__module__ == f"doclint.checks.{rule.module}", rule.code
    assert set(CHECKS) == {rule.code for rule in RULES if rule.module}
