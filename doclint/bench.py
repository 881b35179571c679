"""``python -m doclint.bench [CORPUS]``: time ``doclint check`` on a corpus against the read-and-scan floor.

Every check runs as a subprocess of the real command line (``python -m doclint check …``), so
interpreter start-up and imports are included, and in the same run the bench measures:

- the floor: one Python process that reads every translated and English file and runs one regular
  expression (the side-by-side pair pattern) over it;
- ``check --no-cache`` with the default number of processes (cold; taking turns with the floor, so
  both medians come from the same stretch of a shared machine) and with ``--jobs 1``;
- the same cold run without the cross-page rules (``--ignore DL511,DL512``), taking the same turns: what
  consistency across a locale costs a cold run;
- ``check`` with a warm cache (a first run fills a private cache folder);
- peak memory: the largest resident set of any one process (``ru_maxrss``) and, on Linux, the
  sampled sum over the process and its workers; then the same with the page list given twice,
  which must not double it;
- the one-page latency (``check --no-cache`` of one page, the pre-commit case) against
  ``python -c "import click, lxml.etree"`` (median of several runs each);
- whether the findings are identical with ``--jobs 1``, the default ``--jobs`` and the warm cache;
- with ``--bytecode``, the cold, warm and one-page runs again with every module they import
  byte-compiled beforehand (into a private ``PYTHONPYCACHEPREFIX``), as on a machine that keeps
  bytecode; on one that sets ``PYTHONDONTWRITEBYTECODE`` every run compiles doclint from source.

Without CORPUS it uses ``../shared/corpus/zh-CN`` against ``../shared/corpus/en-at-handoff/zh-CN``
beside the repository when present, else a synthetic corpus of several thousand pages copied from
``fixtures/graph-docs`` into a temporary folder.  Nothing is written outside temporary folders.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from doclint.parallel import default_workers

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "fixtures" / "graph-docs"

FLOOR = r"""
import os, re, sys
pair = re.compile(r'<span data-ttu-id="([^"]*)">([^<]*)</span><span class="sxs-lookup"><span data-stu-id="([^"]*)">([^<]*)</span></span>')
found = 0
for root in sys.argv[1:]:
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".md"):
                with open(os.path.join(folder, name), "rb") as stream:
                    found += sum(1 for _ in pair.finditer(stream.read().decode("utf-8", "replace")))
print(found)
"""


@dataclass
class Run:
    """One timed subprocess: wall seconds, largest process RSS, sampled tree RSS (MiB), its output."""

    seconds: float
    max_rss: float
    tree_rss: float
    output: bytes
    code: int


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (Linux /proc), 0 where unreadable."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stream:
                fields = stream.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * page
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, ()))
    return total


def run(command: Sequence[str], cwd: Path | None = None, sample: bool = False,
        env: dict[str, str] | None = None) -> Run:
    """Run ``command``, timing it and reading its peak memory (the process and its waited-for workers)."""
    output = tempfile.TemporaryFile()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.DEVNULL, env=env)
    peak = [0]
    done = threading.Event()

    def sampler() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss(process.pid))

    thread = threading.Thread(target=sampler, daemon=True) if sample and sys.platform.startswith("linux") else None
    if thread:
        thread.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    if thread:
        thread.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    output.seek(0)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in KiB on Linux, bytes on macOS
    return Run(seconds, usage.ru_maxrss * scale / 2**20, peak[0] / 2**20, output.read(), process.returncode)


def median_seconds(command: Sequence[str], times: int, cwd: Path | None = None,
                   env: dict[str, str] | None = None) -> float:
    """The median wall time of ``times`` runs."""
    return statistics.median(run(command, cwd, env=env).seconds for _ in range(times))


# Runs a "-m module args" or "-c code" command and prints the source file of every module it imported.
_MODULE_FILES = """
import atexit, runpy, sys
atexit.register(lambda: print("\\n".join(sorted({getattr(module, "__file__", None) or ""
                                                  for module in list(sys.modules.values())} - {""}))))
option, what, *sys.argv = sys.argv[1:]
if option == "-m":
    sys.argv.insert(0, what)
    runpy.run_module(what, run_name="__main__", alter_sys=True)
else:
    exec(what)
"""


def bytecode_env(commands: Sequence[tuple[Sequence[str], Path | None]], prefix: Path) -> dict[str, str]:
    """An environment whose runs find every module the ``(command, cwd)`` runs import already byte-compiled.

    Each command is ``[python, "-m" or "-c", …]``.  The modules are compiled into ``prefix``
    (``PYTHONPYCACHEPREFIX``), so nothing is written beside them.
    """
    import py_compile

    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(prefix))
    sources: set[str] = set()
    for command, cwd in commands:
        found = subprocess.run([command[0], "-c", _MODULE_FILES, *command[1:]], cwd=cwd, env=env,
                               capture_output=True, text=True)
        sources.update(line for line in found.stdout.splitlines() if line.endswith(".py") and os.path.isfile(line))
    for source in sorted(sources):
        try:
            py_compile.compile(source, cfile=_cached(source, prefix), doraise=True)
        except (py_compile.PyCompileError, OSError):
            pass  # that module is compiled at run time, as it would be anyway
    return env


def _cached(source: str, prefix: Path) -> str:
    """Where Python looks for the bytecode of ``source`` under ``PYTHONPYCACHEPREFIX=prefix``."""
    import importlib.util

    saved = sys.pycache_prefix
    sys.pycache_prefix = str(prefix)
    try:
        return importlib.util.cache_from_source(source)
    finally:
        sys.pycache_prefix = saved


def synthetic_corpus(folder: Path, pages: int) -> tuple[Path, Path]:
    """Copy the fixture pages (both locales) into ``folder`` until there are ``pages`` translated pages."""
    target, english = folder / "xx", folder / "en"
    sources = [(locale, page.relative_to(FIXTURES / locale)) for locale in ("zh-CN", "pt-BR")
               for page in sorted((FIXTURES / locale).rglob("*.md"))]
    for number in range(pages):
        locale, relative = sources[number % len(sources)]
        name = Path(f"copy{number // len(sources):04d}", locale, relative)
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (english / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / locale / relative, target / name)
        shutil.copyfile(FIXTURES / "en" / relative, english / name)
    return target, english


def _count(root: Path) -> int:
    return sum(1 for _, _, files in os.walk(root) for name in files if name.endswith(".md"))


def _first_page(root: Path) -> Path:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        pages = sorted(name for name in files if name.endswith(".md"))
        if pages:
            return Path(folder, pages[0]).relative_to(root)
    raise click.UsageError(f"no Markdown page under {root}")


@click.command()
@click.argument("corpus", required=False, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--source", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The English root of CORPUS (default: en-at-handoff/<name> or en beside it).")
@click.option("--jobs", "workers", type=click.IntRange(min=1), help="Processes for the parallel runs (default: CPUs).")
@click.option("--pages", default=4000, show_default=True, help="Pages of the synthetic corpus.")
@click.option("--repeat", default=3, show_default=True, help="Runs of each quick measurement (median).")
@click.option("--skip-serial", is_flag=True, help="Skip the --jobs 1 run (and its identity check).")
@click.option("--skip-double", is_flag=True, help="Skip the run over the page list given twice.")
@click.option("--bytecode", is_flag=True,
              help="Also time the cold, warm and one-page runs with every module byte-compiled beforehand.")
def main(corpus: Path | None, source: Path | None, workers: int | None, pages: int, repeat: int,
         skip_serial: bool, skip_double: bool, bytecode: bool) -> None:
    """Time doclint check on CORPUS against the read-and-scan floor; print the figures."""
    with tempfile.TemporaryDirectory(prefix="doclint-bench-") as scratch:
        work = Path(scratch)
        if corpus is None:
            default = SHARED / "corpus" / "zh-CN"
            if default.is_dir():
                corpus, source = default, SHARED / "corpus" / "en-at-handoff" / "zh-CN"
            else:
                corpus, source = synthetic_corpus(work / "synthetic", pages)
        elif source is None:
            for candidate in (corpus.parent / "en-at-handoff" / corpus.name, corpus.parent / "en"):
                if candidate.is_dir():
                    source = candidate
                    break
        if source is None:
            raise click.UsageError("name the English root of CORPUS with --source")
        report(bench(corpus.resolve(), source.resolve(), work, workers, repeat, skip_serial, skip_double, bytecode))


def bench(corpus: Path, source: Path, work: Path, workers: int | None, repeat: int, skip_serial: bool,
          skip_double: bool, bytecode: bool = False) -> dict[str, object]:
    """Every measurement, as a dict of figures (seconds, MiB, booleans)."""
    python = sys.executable
    check = [python, "-m", "doclint", "check", "--format", "json"]
    jobs = ["--jobs", str(workers)] if workers else []
    figures: dict[str, object] = {"corpus": str(corpus), "source": str(source), "pages": _count(corpus),
                                  "workers": workers or default_workers()}
    # The floor and the cold run take turns, so both medians are taken over the same stretch of a
    # shared machine whose speed drifts.
    cold_command = [*check, str(corpus), "--source", str(source), "--no-cache", *jobs]
    floors: list[float] = []
    colds: list[Run] = []
    without: list[float] = []
    for number in range(repeat):
        floors.append(run([python, "-c", FLOOR, str(corpus), str(source)]).seconds)
        colds.append(run(cold_command, sample=number == 0))
        without.append(run([*cold_command, "--ignore", "DL511,DL512"]).seconds)
    cold = colds[0]
    figures["floor"] = statistics.median(floors)
    figures["cold_without_consistency"] = statistics.median(without)
    figures.update(cold=statistics.median(r.seconds for r in colds), cold_max_rss=cold.max_rss,
                   cold_tree_rss=cold.tree_rss, exit=cold.code,
                   identical_cold=all(r.output == cold.output for r in colds))
    if not skip_serial:
        serial = run([*check, str(corpus), "--source", str(source), "--no-cache", "--jobs", "1"], sample=True)
        figures.update(serial=serial.seconds, serial_max_rss=serial.max_rss,
                       identical_jobs=serial.output == cold.output and bool(figures["identical_cold"]))
    cache = ["--cache-dir", str(work / "cache")]
    filling = run([*check, str(corpus), "--source", str(source), *cache, *jobs])
    warm = [run([*check, str(corpus), "--source", str(source), *cache, *jobs]) for _ in range(repeat)]
    figures.update(fill=filling.seconds, warm=statistics.median(r.seconds for r in warm),
                   identical_warm=all(r.output == cold.output for r in (filling, *warm)))
    if not skip_double:
        double = run([*check, str(corpus), str(corpus), "--source", str(source), "--no-cache", *jobs], sample=True)
        figures.update(double=double.seconds, double_max_rss=double.max_rss, double_tree_rss=double.tree_rss)

    page = _first_page(corpus)
    one = [python, "-m", "doclint", "check", page.as_posix(), "--source", str(source), "--no-cache"]
    one_page = [run(one, cwd=corpus) for _ in range(max(repeat, 5))]
    figures["one_page"] = statistics.median(r.seconds for r in one_page)
    figures["one_page_name"] = page.as_posix()
    baseline = "import click, lxml.etree"
    if subprocess.run([python, "-c", "import lxml.etree"], capture_output=True).returncode != 0:
        baseline = "import click"
    figures["import_baseline"] = baseline
    figures["import_time"] = median_seconds([python, "-c", baseline], max(repeat, 5))
    if bytecode:
        warm_command = [*check, str(corpus), "--source", str(source), "--cache-dir", str(work / "cache-bytecode"), *jobs]
        env = bytecode_env([(cold_command, None), (warm_command, None), (one, corpus),
                            ([python, "-c", baseline], None)], work / "pycache")
        run(warm_command, env=env)  # fill its cache
        figures.update(
            bytecode_cold=run(cold_command, env=env).seconds,
            bytecode_warm=median_seconds(warm_command, repeat, env=env),
            bytecode_one_page=median_seconds(one, max(repeat, 5), corpus, env),
            bytecode_import_time=median_seconds([python, "-c", baseline], max(repeat, 5), env=env))
    return figures


def report(figures: dict[str, object]) -> None:
    """Print the figures as a small table with the ratios the targets name."""
    pages = figures["pages"]
    assert isinstance(pages, int)
    floor = float(figures["floor"])  # type: ignore[arg-type]

    def line(label: str, seconds: float, extra: str = "") -> None:
        click.echo(f"  {label:<34} {seconds:7.2f} s  {pages / seconds:8.0f} pages/s  {seconds / floor:5.2f}x floor"
                   f"{extra}")

    click.echo(f"doclint bench, {time.strftime('%Y-%m-%d')}: {pages} pages of {figures['corpus']}")
    click.echo(f"  against {figures['source']}; {figures['workers']} worker processes by default")
    line("floor (read + one regex)", floor)
    line("check --no-cache (default jobs)", float(figures["cold"]),  # type: ignore[arg-type]
         f"   peak {figures['cold_max_rss']:.0f} MiB/process, {figures['cold_tree_rss']:.0f} MiB all processes")
    without = float(figures["cold_without_consistency"])  # type: ignore[arg-type]
    line("  the same, --ignore DL511,DL512", without,
         f"   consistency costs {float(figures['cold']) / without - 1:+.0%}")  # type: ignore[arg-type]
    if "serial" in figures:
        line("check --no-cache --jobs 1", float(figures["serial"]),  # type: ignore[arg-type]
             f"   peak {figures['serial_max_rss']:.0f} MiB")
    line("check, filling the cache", float(figures["fill"]))  # type: ignore[arg-type]
    line("check, warm cache", float(figures["warm"]))  # type: ignore[arg-type]
    if "double" in figures:
        click.echo(f"  {'pages given twice (--no-cache)':<34} {figures['double']:7.2f} s"
                   f"{'':37}peak {figures['double_max_rss']:.0f} MiB/process, "
                   f"{figures['double_tree_rss']:.0f} MiB all processes")
    one, base = float(figures["one_page"]), float(figures["import_time"])  # type: ignore[arg-type]
    click.echo(f"  one page check --no-cache: {one * 1000:.0f} ms; python -c \"{figures['import_baseline']}\": "
               f"{base * 1000:.0f} ms; ratio {one / base:.2f}x  ({figures['one_page_name']})")
    if "bytecode_cold" in figures:
        click.echo("  with every module byte-compiled beforehand (as where bytecode is kept):")
        line("check --no-cache (default jobs)", float(figures["bytecode_cold"]))  # type: ignore[arg-type]
        line("check, warm cache", float(figures["bytecode_warm"]))  # type: ignore[arg-type]
        one, base = float(figures["bytecode_one_page"]), float(figures["bytecode_import_time"])  # type: ignore[arg-type]
        click.echo(f"    one page check --no-cache: {one * 1000:.0f} ms; python -c \"{figures['import_baseline']}\": "
                   f"{base * 1000:.0f} ms; ratio {one / base:.2f}x")
    if "identical_jobs" in figures:
        click.echo(f"  findings identical --jobs 1 vs default jobs: {'yes' if figures['identical_jobs'] else 'NO'}")
    click.echo(f"  findings identical cold vs warm cache: {'yes' if figures['identical_warm'] else 'NO'}")


if __name__ == "__main__":
    main()
