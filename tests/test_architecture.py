"""The package's shape holds: layers without import cycles, small modules, formatters apart from the rules.

The import graph is built from the source, not from what a run imports: every ``import`` and
``from … import`` anywhere in a module (at the top, inside a function, under ``TYPE_CHECKING``) is an
edge, relative imports resolved, ``from package import module`` an edge to the module.  The two places
that import a module named in a table are edges too: the report package to every module of
:data:`doclint.report.RENDERERS`, and :mod:`doclint.lint` to every rule module the registry names.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from doclint.registry import RULES
from doclint.report import RENDERERS
from tests.helpers import PROJECT

PACKAGE = PROJECT / "doclint"
MAX_LINES = 450

#: The layers of the README's Architecture section, bottom first: a module imports only from its own layer
#: or the ones before it.  A name ending in "." stands for every module under it.
LAYERS: list[tuple[str, set[str]]] = [
    ("data", {"doclint", "doclint.finding", "doclint.page", "doclint.registry", "doclint.results",
              "doclint.drift_report", "doclint.patterns", "doclint.text", "doclint.display", "doclint.glob",
              "doclint.sequence", "doclint.handoff_text", "doclint.variants"}),
    ("read", {"doclint.reader", "doclint.english", "doclint.glossary", "doclint.parse", "doclint.parse."}),
    ("compare", {"doclint.align", "doclint.drift_compare", "doclint.context", "doclint.handoff_drift"}),
    ("rules", {"doclint.checks", "doclint.checks.", "doclint.numbers"}),
    ("lint", {"doclint.lint", "doclint.suppress", "doclint.cause"}),
    ("run", {"doclint.engine", "doclint.cache", "doclint.parallel", "doclint.fix", "doclint.audit", "doclint.drift",
             "doclint.discover", "doclint.config", "doclint.select_pages", "doclint.baseline", "doclint.repopath",
             "doclint.gitsource", "doclint.extract", "doclint.catalogue", "doclint.atomic", "doclint.progress",
             "doclint.bench", "doclint.mistakes", "doclint.stamp", "doclint.handoff", "doclint.consistency"}),
    ("report", {"doclint.report", "doclint.report."}),
    ("cli", {"doclint.cli", "doclint.cli_ci", "doclint.cli_options", "doclint.cli_report", "doclint.cli_handoff",
             "doclint.__main__"}),
]
#: The bottom layer: plain data and pure helpers, importing no doclint module outside it.
BOTTOM = LAYERS[0][1] - {"doclint"}
#: What a formatter may never reach, directly or through another module.
NOT_FOR_FORMATTERS = ("doclint.checks", "doclint.engine", "doclint.lint", "doclint.context", "doclint.parse",
                      "doclint.cli")


def module_name(path: Path) -> str:
    """The dotted name of the module at ``path``."""
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every doclint module ``name`` imports, wherever in the file the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in MODULES else base


def import_graph() -> dict[str, set[str]]:
    """Each doclint module and the doclint modules it imports."""
    graph = {name: {target for target in _imports(name, path) if target in MODULES and target != name}
             for name, path in MODULES.items()}
    graph["doclint.report"] |= {spec.partition(":")[0] for spec in RENDERERS.values()}
    graph["doclint.lint"] |= {f"doclint.checks.{rule.module}" for rule in RULES if rule.module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    seen: set[str] = set()
    pending = [start]
    while pending:
        for target in graph[pending.pop()]:
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


def test_the_graph_sees_imports_inside_functions_and_type_checking_blocks() -> None:
    graph = import_graph()
    assert "doclint.parse" in graph["doclint.engine"]  # imported inside a function, for start-up
    assert "doclint.cache" in graph["doclint.engine"]  # imported for type checking only
    assert "doclint.report.text" in graph["doclint.report"]  # named in the table of formats


def test_no_module_imports_itself_through_others() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_bottom_layer_imports_nothing_above_it() -> None:
    graph = import_graph()
    assert BOTTOM <= set(MODULES)
    above = {name: sorted(graph[name] - BOTTOM) for name in BOTTOM if graph[name] - BOTTOM}
    assert above == {}


def layer_of(name: str) -> int:
    """The index in :data:`LAYERS` of the layer holding module ``name``."""
    for index, (_, members) in enumerate(LAYERS):
        if name in members or any(member.endswith(".") and name.startswith(member) for member in members):
            return index
    raise AssertionError(f"{name} is in no layer: add it to LAYERS and to the README's table")


def test_every_module_imports_only_from_its_layer_or_the_ones_below() -> None:
    graph = import_graph()
    upward = sorted(f"{LAYERS[layer_of(name)][0]} {name} -> {LAYERS[layer_of(target)][0]} {target}"
                    for name, targets in graph.items() for target in targets if layer_of(target) > layer_of(name))
    assert upward == []


def test_no_formatter_reaches_a_rule_module_or_the_engine() -> None:
    graph = import_graph()
    formatters = [name for name in MODULES if name.startswith("doclint.report.")]
    assert len(formatters) >= 8
    reached = {name: sorted(target for target in reachable(graph, name) if target.startswith(NOT_FOR_FORMATTERS))
               for name in formatters}
    assert {name: targets for name, targets in reached.items() if targets} == {}


def test_no_module_is_over_450_lines() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: size for name, size in sizes.items() if size > MAX_LINES} == {}
