"""The rules: small pure functions, one module per family, bound to their codes.

A rule is a function ``check(context) -> Iterable[Hit]`` in one of the modules of this package,
bound to its code with :func:`check`; the registry (:mod:`doclint.registry`) gives each code its
name, default severity, summary and module, and is read without importing the rule modules (a run
served from the result cache never needs them).  :mod:`doclint.lint` imports a rule's module when its
check is first wanted (:func:`doclint.lint.function`), and turns hits into findings with the effective
severity.  This package's own module imports no rule module: they import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from doclint.context import Context
from doclint.finding import Hit
from doclint.registry import REGISTRY

__all__ = ["CHECKS", "Context", "Hit", "RuleFunction", "check"]

RuleFunction = Callable[[Context], Iterable[Hit]]


#: The check function bound to each code, filled in as the rule modules are imported.
CHECKS: dict[str, RuleFunction] = {}


def check(code: str) -> Callable[[RuleFunction], RuleFunction]:
    """Bind ``function`` as the check of rule ``code`` (a rule of :data:`RULES`)."""

    def bind(function: RuleFunction) -> RuleFunction:
        if code not in REGISTRY:
            raise ValueError(f"rule code {code} is not in doclint.registry.RULES")
        if code in CHECKS:
            raise ValueError(f"rule code {code} bound twice")
        CHECKS[code] = function
        return function

    return bind
