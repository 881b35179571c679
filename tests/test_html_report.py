"""The HTML reports: self-contained, naming every stale page, and visibly drawn in headless Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from doclint.drift import drift_pages
from doclint.drift_report import Change, DriftReport, PageDrift
from doclint.finding import Finding, Severity
from doclint.report import html
from doclint.results import AuditReport, PageJob, PageResult

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""",
                       re.IGNORECASE)


def _report() -> DriftReport:
    pages = [PageDrift(f"resources/page{n}.md", "zh-CN", "current") for n in range(6)]
    pages.append(PageDrift("resources/driveitem.md", "zh-CN", "stale", [
        Change("changed", "| size | Int64 | The size. |", "| size | Int64 | The size, in bytes. |", 40, 38, "table_row"),
        Change("added", "", "| root | Root | Read-only. |", None, 41, "table_row")]))
    pages.append(PageDrift("resources/<script>.md", "pt-BR", "stale", [
        Change("removed", "Old <b>text</b>.", "", 12, None, "paragraph")]))
    pages.append(PageDrift("resources/gone.md", "pt-BR", "missing-source"))
    pages.append(PageDrift("resources/new.md", "pt-BR", "untranslated"))
    return DriftReport("en", pages)


def test_drift_html_is_self_contained_names_stale_pages_and_escapes_text() -> None:
    page = html.render_drift(_report())
    assert not _EXTERNAL.search(page)
    assert "resources/driveitem.md" in page and "The size, in bytes." in page
    assert "<script>.md" not in page and "&lt;script&gt;.md" in page  # page text never becomes markup
    assert page.count('<tr data-status="stale">') == 2
    assert page.count("<svg") == 2  # one bar per locale


def _results(pages: int, page: str, codes: list[str]) -> list[PageResult]:
    """``pages`` results, the first of ``page`` with a finding of each of ``codes``, the others clean."""
    findings = [Finding(page, line, 1, code, "rule", Severity.ERROR, "message") for line, code in enumerate(codes, 1)]
    return [PageResult(PageJob(page, Path(page)), findings, True),
            *(PageResult(PageJob(f"other{n}.md", Path(f"other{n}.md")), [], True) for n in range(pages - 1))]


def test_audit_html_has_the_locale_by_rule_matrix() -> None:
    by_locale = {"zh-CN": _results(7, "resources/driveitem.md", ["DL201"] * 3 + ["DL401"] * 2),
                 "pt-BR": _results(3, "resources/gone.md", ["DL103"])}
    page = html.render_audit(AuditReport("en", by_locale, _report()))
    matrix = page[page.index('<table class="matrix">'):]
    matrix = matrix[: matrix.index("</table>")]
    assert re.findall(r">(DL\d+)</th>", matrix) == ["DL103", "DL201", "DL401"]
    assert "<td class=\"n heat0\">0</td><td class=\"n\">3</td><td class=\"n\">2</td>" in matrix
    assert not _EXTERNAL.search(page)


def _png_colours(data: bytes) -> set[tuple[int, ...]]:
    """The distinct pixel colours of an 8-bit RGB or RGBA PNG (enough for Chromium's screenshots)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour_type in (2, 6)
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    colours: set[tuple[int, ...]] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        if row % 4 == 0:
            colours.update(tuple(line[i : i + 3]) for i in range(0, stride, channels * 4))
        previous = line
    return colours


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_drift_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "drift.html"
    page.write_text(html.render_drift(_report()).replace("<details ", "<details open "), encoding="utf-8")
    shot = tmp_path / "drift.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", f"--screenshot={shot}",
                    "--window-size=1200,900", page.as_uri()], capture_output=True, timeout=120, check=False)
    colours = _png_colours(shot.read_bytes())
    assert len(colours) > 20  # text, bars and badges: far from a blank page
    bar_green, bar_amber = (0x2E, 0x9D, 0x5B), (0xE0, 0xA5, 0x26)
    assert bar_green in colours and bar_amber in colours


@pytest.mark.skipif(not (CORPUS / "zh-CN-2020").is_dir(), reason="../shared/corpus is not present")
def test_zh_cn_2020_html_names_every_stale_page_and_fetches_nothing() -> None:
    report = DriftReport("en", list(drift_pages([("zh-CN-2020", CORPUS / "zh-CN-2020")], CORPUS / "en")))
    page = html.render_drift(report)
    stale = [p.path for p in report.pages if p.status == "stale"]
    assert len(stale) > 250
    assert all(f"{path}</a>" in page for path in stale)
    assert not _EXTERNAL.search(page)
