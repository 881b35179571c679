"""Project configuration: ``.doclint.toml`` or ``[tool.doclint]`` in ``pyproject.toml``, validated, and the
rule set it selects together with the command-line options.

The config is found by walking up from the current folder (the first folder holding a ``.doclint.toml``,
or a ``pyproject.toml`` with a ``[tool.doclint]`` table, wins).  Paths in it are relative to its folder.
Rule selection follows ruff: ``select`` replaces the selection, ``extend-select`` adds to it, ``ignore``
removes from it, each by full code, prefix (``DL2``) or ``ALL``; for each rule the most specific selector
wins (an ``ignore`` wins a tie).  The command line is a second layer over the file.  Rules that are off by
default run only when a ``select`` or ``extend-select`` names their full code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from doclint.finding import Severity
from doclint.glob import GlobError, compile_glob
from doclint.registry import FileIgnores, Rule, RuleSet, all_rules, path_candidates

CONFIG_FILE = ".doclint.toml"
PYPROJECT = "pyproject.toml"
ALL = "ALL"
KEYS = ("source", "locales", "select", "ignore", "extend-select", "per-file-ignores", "exclude", "severity", "git",
        "handoff", "glossary")
_SELECTOR = re.compile(r"^[A-Z]+[0-9]*$")
#: A config file larger than this is refused (a pyproject.toml is a few kilobytes).
MAX_CONFIG_BYTES = 8 * 1024 * 1024


class ConfigError(Exception):
    """The config file or a rule option is unusable; the message is one line naming the key or option."""


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection (the config file, or the command line)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()


@dataclass(frozen=True)
class Config:
    """A loaded, validated config file; every path is absolute and resolved."""

    path: Path
    base: Path
    source: Path | None = None
    locales: dict[str, Path] = field(default_factory=dict)
    selection: Selection = Selection()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    git: bool = False  # read the English at handoff from the source's git history (--git)
    handoff: str | None = None  # the English at handoff: a folder, "{locale}" standing for the locale (--handoff)
    glossary: tuple[Path, ...] = ()  # glossary files for the term rules (--glossary), relative to the config's folder

    @property
    def roots(self) -> dict[str, Path]:
        """The locale roots: the ``[locales]`` table, or else the config's own folder."""
        return dict(self.locales) if self.locales else {self.base.name: self.base}

    def excluded(self, page: Path, display: str) -> bool:
        """Whether ``page`` (shown as ``display``, relative to its locale root) matches an ``exclude`` glob."""
        if not self.exclude:
            return False
        candidates = path_candidates(page, display, self.base)
        return any(compile_glob(glob).fullmatch(candidate) for glob in self.exclude for candidate in candidates)


def find_config(start: Path) -> Path | None:
    """The config file governing ``start``: the nearest ``.doclint.toml`` or ``pyproject.toml`` with
    ``[tool.doclint]``, walking up; ``None`` when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        candidate = folder / PYPROJECT
        # A plain text test first, so that most runs never import tomllib.
        if candidate.is_file() and "doclint" in _read(candidate) and _has_tool_table(candidate):
            return candidate
    return None


def _read(path: Path) -> str:
    """The text of a config file, read like a page: a FIFO or device is refused, and so is a huge file."""
    from doclint.reader import FileProblem, read_file

    try:
        return read_file(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileProblem as problem:
        raise ConfigError(f"{_shown(path)}: {problem.reason}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{_shown(path)}: cannot be read: {error}") from None


def _parse_toml(path: Path) -> dict[str, object]:
    import tomllib

    try:
        return tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{_shown(path)}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{_shown(path)}: invalid TOML: nested too deeply") from None


def _has_tool_table(path: Path) -> bool:
    tool = _parse_toml(path).get("tool")
    return isinstance(tool, dict) and "doclint" in tool


def _shown(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def load_config(path: Path) -> Config:
    """Read and validate the config file at ``path`` (a ``.doclint.toml`` or a ``pyproject.toml``)."""
    if not path.is_file():
        raise ConfigError(f"config file {path} {'is not a file' if path.exists() else 'does not exist'}")
    data = _parse_toml(path)
    where = _shown(path)
    if path.name == PYPROJECT:
        tool = data.get("tool")
        table = tool.get("doclint") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(f"{where}: has no [tool.doclint] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: tool.doclint must be a table")
        data = table
        where += " [tool.doclint]"
    return _validate(data, path.resolve(), where)


def _validate(data: dict[str, object], path: Path, where: str) -> Config:
    for key in data:
        if key not in KEYS:
            raise ConfigError(f'{where}: unknown key "{key}" (known keys: {", ".join(KEYS)})')
    base = path.parent
    codes = _codes()

    def folder(key: str, value: object) -> Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f'{where}: "{key}" must be a folder path (a string)')
        resolved = (base / value).resolve()
        if not resolved.is_dir():
            raise ConfigError(f'{where}: "{key}" = "{value}" is not a folder (relative to {_shown(base) or "."})')
        return resolved

    source = folder("source", data["source"]) if "source" in data else None
    locales_table = data.get("locales", {})
    if not isinstance(locales_table, dict):
        raise ConfigError(f'{where}: "locales" must be a table of locale name = "folder"')
    locales = {name: folder(f"locales.{name}", value) for name, value in locales_table.items()}

    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f'{where}: "severity" must be a table of CODE = "error" | "warning" | "info"')
    levels = tuple((_selector(code, f"severity.{code}", codes), _level(value, f"{where}: severity.{code}"))
                   for code, value in severity.items())

    per_file = data.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f'{where}: "per-file-ignores" must be a table of "glob" = ["CODE", …]')
    ignores = tuple((glob, _selectors(value, f'{where}: per-file-ignores."{glob}"', codes))
                    for glob, value in per_file.items())
    exclude = _strings(data.get("exclude", []), f'{where}: "exclude"', "a list of globs")
    for key, glob in (*(("exclude", glob) for glob in exclude), *(("per-file-ignores", glob) for glob, _ in ignores)):
        try:
            compile_glob(glob)
        except GlobError as error:
            shown = glob if len(glob) <= 80 else glob[:79] + "…"
            raise ConfigError(f'{where}: "{key}" has a glob that cannot be read: "{shown}" ({error})') from None

    selection = Selection(
        _selectors(data["select"], f'{where}: "select"', codes) if "select" in data else None,
        _selectors(data.get("ignore", []), f'{where}: "ignore"', codes),
        _selectors(data.get("extend-select", []), f'{where}: "extend-select"', codes),
        levels,
    )
    git = data.get("git", False)
    if not isinstance(git, bool):
        raise ConfigError(f'{where}: "git" must be true or false')
    glossary = tuple(base / item for item in _strings(data.get("glossary", []), f'{where}: "glossary"',
                                                      "a list of glossary files (TBX, CSV or TSV)"))
    return Config(path, base, source, locales, selection, ignores, exclude, git, _handoff(data, base, where),
                  glossary)


def _handoff(data: dict[str, object], base: Path, where: str) -> str | None:
    """The ``handoff`` folder made absolute; without a ``{locale}`` placeholder it must be a folder."""
    if "handoff" not in data:
        return None
    value = data["handoff"]
    if not isinstance(value, str) or not value:
        raise ConfigError(f'{where}: "handoff" must be a folder path (a string; "{{locale}}" stands for the locale)')
    resolved = str(base / value)
    if "{locale}" not in value and not Path(resolved).is_dir():
        raise ConfigError(f'{where}: "handoff" = "{value}" is not a folder (relative to {_shown(base) or "."})')
    return resolved


def _strings(value: object, where: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be {what}")
    return tuple(value)


def _selectors(value: object, where: str, codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(_selector(item, where, codes) for item in _strings(value, where, 'a list of rule codes like "DL201"'))


def _selector(value: str, where: str, codes: Iterable[str]) -> str:
    selector = value.strip().upper()
    if selector == ALL:
        return ALL
    if not _SELECTOR.match(selector) or not any(code.startswith(selector) for code in codes):
        raise ConfigError(f'{where}: "{value}" is no rule code or prefix (see `doclint rules`)')
    return selector


def _level(value: object, where: str) -> Severity:
    try:
        return Severity(str(value).strip().lower())
    except ValueError:
        raise ConfigError(f'{where}: "{value}" is no severity (use error, warning or info)') from None


def _codes() -> list[str]:
    return list(all_rules())


def options_selection(select: Iterable[str], ignore: Iterable[str], extend_select: Iterable[str],
                      severity: Iterable[str]) -> Selection:
    """The command-line layer of rule selection; each option may repeat and hold comma-separated codes."""
    codes = _codes()

    def split(values: Iterable[str], option: str) -> tuple[str, ...]:
        return tuple(_selector(item, option, codes) for value in values
                     for item in value.split(",") if item.strip())

    selected = tuple(select)
    levels: list[tuple[str, Severity]] = []
    for item in severity:
        code, equals, level = item.partition("=")
        if not equals:
            raise ConfigError(f'--severity: "{item}" must be CODE=LEVEL, like DL315=error')
        levels.append((_selector(code, "--severity", codes), _level(level, "--severity")))
    return Selection(split(selected, "--select") if selected else None, split(ignore, "--ignore"),
                     split(extend_select, "--extend-select"), tuple(levels))


def _specificity(selector: str, code: str) -> int:
    """How closely ``selector`` names ``code``: -1 when it does not, 0 for ALL, else its length."""
    if selector == ALL:
        return 0
    return len(selector) if code.startswith(selector) else -1


def resolve_rules(rules: Mapping[str, Rule], layers: Iterable[Selection]) -> set[str]:
    """The codes enabled once every selection layer is applied over the rules' defaults."""
    enabled = {code for code, rule in rules.items() if rule.default_enabled}
    for layer in layers:
        for code, rule in rules.items():
            default_on = rule.default_enabled
            best, verdict = -1, None
            for selector in (*(layer.select or ()), *layer.extend_select):
                if not default_on and selector != code:
                    continue
                specificity = _specificity(selector, code)
                if specificity > best:
                    best, verdict = specificity, True
            for selector in layer.ignore:
                specificity = _specificity(selector, code)
                if specificity >= 0 and specificity >= best:
                    best, verdict = specificity, False
            if verdict is None:
                verdict = False if layer.select is not None else code in enabled
            if verdict:
                enabled.add(code)
            else:
                enabled.discard(code)
    return enabled


def resolve_severities(codes: Iterable[str], layers: Iterable[Selection]) -> dict[str, Severity]:
    """The severity overrides by code: in each layer the most specific entry wins, later layers win."""
    result: dict[str, Severity] = {}
    for layer in layers:
        for code in codes:
            matches = [(_specificity(selector, code), level) for selector, level in layer.severity]
            matches = [match for match in matches if match[0] >= 0]
            if matches:
                result[code] = max(matches, key=lambda match: match[0])[1]
    return result


def ruleset(config: Config | None, options: Selection = Selection()) -> RuleSet:
    """The rule set of a run: the rules' defaults, then the config file's selection, then the options'."""
    rules = all_rules()
    layers = [config.selection, options] if config is not None else [options]
    enabled = resolve_rules(rules, layers)
    file_ignores = None
    if config is not None and config.per_file_ignores:
        entries = tuple((compile_glob(glob), frozenset(code for code in rules
                                                     if any(_specificity(s, code) >= 0 for s in selectors)))
                        for glob, selectors in config.per_file_ignores)
        file_ignores = FileIgnores(config.base, entries)
    return RuleSet(tuple(rule for code, rule in rules.items() if code in enabled),
                   resolve_severities(rules, layers), file_ignores)


def settings(config_file: Path | None, options: Selection,
             start: Path | None = None) -> tuple[Config | None, RuleSet]:
    """The config (``config_file``, or the one found from ``start``/the current folder) and the rule set."""
    path = config_file if config_file is not None else find_config(start or Path.cwd())
    config = load_config(path) if path is not None else None
    return config, ruleset(config, options)
