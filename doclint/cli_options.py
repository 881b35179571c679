"""The options the commands share, and what they become: the rule set, the result cache, worker processes.

Options come in groups (:class:`RuleOptions`, :class:`SpeedOptions`, and :class:`~doclint.cli_ci.CiOptions`),
each handed to a command as one value by :func:`grouped`; ``--format`` offers the formats the table of
renderers holds (:data:`doclint.report.RENDERERS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import click

from doclint.cli_ci import CiOptions, UsageProblem, ci_options
from doclint.registry import RuleSet
from doclint.report import formats

if TYPE_CHECKING:
    from doclint.cache import PageCache
    from doclint.config import Config

CACHE_FOLDER = ".doclint_cache"  # doclint.cache.CACHE_FOLDER, without importing the cache for --no-cache


def format_option(command: str) -> Callable[[click.decorators.FC], click.decorators.FC]:
    """``--format``, with the formats of ``command`` in :data:`doclint.report.RENDERERS` (the first is the default)."""
    choices = formats(command)
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True)


G = TypeVar("G")


def grouped(group: type[G], name: str,
            options: list[Callable[[Any], Any]]) -> Callable[[click.decorators.FC], click.decorators.FC]:
    """Add ``options`` to a command and hand their values to it as one ``group`` (a named tuple whose fields
    are the options' names) in its parameter ``name``."""
    names: tuple[str, ...] = group._fields  # type: ignore[attr-defined]

    def decorate(command: click.decorators.FC) -> click.decorators.FC:
        @wraps(command)
        def with_group(*args: Any, **values: Any) -> Any:
            values[name] = group(**{key: values.pop(key) for key in names})
            return command(*args, **values)  # type: ignore[operator]

        for option in reversed(options):
            with_group = option(with_group)
        return with_group  # type: ignore[return-value]

    return decorate


path_type = click.Path(path_type=Path)


class RuleOptions(NamedTuple):
    """The options ``check`` and ``audit`` share: the config file, rule selection and severities."""

    config_file: Path | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    extend_select: tuple[str, ...]
    severity: tuple[str, ...]
    glossary: tuple[Path, ...] = ()


rule_options = grouped(RuleOptions, "rules", [
    click.option("--config", "config_file", type=path_type,
                 help="Use this config file (default: the nearest .doclint.toml, or pyproject.toml with "
                      "[tool.doclint], from the current folder up)."),
    click.option("--select", multiple=True, metavar="CODES",
                 help="Run only these rules: codes or prefixes (DL2), comma-separated, or ALL."),
    click.option("--ignore", multiple=True, metavar="CODES", help="Do not run these rules (codes or prefixes)."),
    click.option("--extend-select", multiple=True, metavar="CODES",
                 help="Run these rules as well (rules off by default need their full code)."),
    click.option("--severity", multiple=True, metavar="CODE=LEVEL",
                 help="Report a rule (or prefix) at error, warning or info; repeatable."),
    click.option("--glossary", multiple=True, type=path_type, metavar="FILE",
                 help="Check terms against this glossary (TBX, CSV or TSV; rules DL501-DL503); repeatable."),
])


def rule_settings(options: RuleOptions, glossaries: bool = True) -> tuple[Config | None, RuleSet]:
    """The config file in force and the rule set it and the options select; errors are usage errors.
    ``glossaries=False``: for a command that runs no term rule, the glossaries are neither read nor bound."""
    from doclint.config import ALL, ConfigError, options_selection, settings

    try:
        selection = options_selection(options.select, options.ignore, options.extend_select, options.severity)
        config, ruleset = settings(options.config_file, selection)
    except ConfigError as error:
        raise UsageProblem(str(error)) from None
    paths = (*(config.glossary if config else ()), *options.glossary) if glossaries else ()
    # Term rules named by --select or --extend-select (by code or prefix, not ALL) cannot run without a glossary.
    named = [] if paths else [rule.code for rule in ruleset.rules if rule.module == "terms" and any(
        selector != ALL and rule.code.startswith(selector) for selector in (*(selection.select or ()),
                                                                            *selection.extend_select))]
    if named:
        click.echo(f"doclint: warning: {', '.join(named)} check terms against a glossary (--glossary FILE, or "
                   "glossary = [...] in the config): without one they do not run", err=True)
    return config, with_glossaries(ruleset, paths)


def with_glossaries(ruleset: RuleSet, paths: tuple[Path, ...]) -> RuleSet:
    """``ruleset`` with its term rules checking the glossaries at ``paths`` (without them when there is none);
    a glossary that cannot be used is a usage error."""
    if not paths:  # without importing the rule module: a run without a glossary never reads it
        return replace(ruleset, rules=tuple(rule for rule in ruleset.rules if rule.module != "terms"))
    from doclint.checks.terms import bind
    from doclint.glossary import GlossaryError, load_glossary

    try:
        return bind(ruleset, tuple(load_glossary(path) for path in dict.fromkeys(paths)))
    except GlossaryError as error:
        raise UsageProblem(str(error)) from None


jobs_option = click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), default=None, metavar="N",
                            help="Work on N processes (default and most: the number of CPUs; small runs use one).")


class SpeedOptions(NamedTuple):
    """The options of ``check`` and ``audit`` for speed: worker processes and the result cache."""

    workers: int | None
    no_cache: bool
    cache_dir: Path | None


speed_options = grouped(SpeedOptions, "speed", [
    jobs_option,
    click.option("--no-cache", is_flag=True, help="Check every page again, without reading or writing the cache."),
    click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False),
                 help=f"Keep the result cache here (default: {CACHE_FOLDER}/ beside the config file, "
                      "or in the current folder)."),
])


def speed_settings(config: Config | None, ruleset: RuleSet, options: SpeedOptions,
                   say: Callable[[str], None]) -> tuple[int, PageCache | None]:
    """The number of worker processes and the result cache (``None`` with --no-cache, or when the default
    cache folder is a symbolic link: ``say`` hears why)."""
    workers = worker_count(options.workers)
    if options.no_cache:
        return workers, None
    if options.cache_dir is not None:
        folder = options.cache_dir
    else:
        folder = (config.base if config else Path.cwd()) / CACHE_FOLDER
        if folder.is_symlink():  # a link committed to a repository would have the cache written where it points
            say(f"doclint: {CACHE_FOLDER} is a symbolic link, not followed: running without the result cache "
                "(--cache-dir names a folder to keep it in)")
            return workers, None
    from doclint.cache import PageCache

    return workers, PageCache(folder, ruleset)


def worker_count(workers: int | None) -> int:
    """The number of worker processes: as given but at most the number of CPUs, else that number.

    More processes than CPUs only compete for them (and each costs its memory): ``--jobs 100`` on two
    CPUs was slower than ``--jobs 2``.
    """
    from doclint.parallel import default_workers

    cpus = default_workers()
    return cpus if workers is None else min(workers, cpus)


ci_group = grouped(CiOptions, "ci", ci_options)
