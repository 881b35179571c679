"""Self-contained HTML reports: inline CSS, JavaScript and SVG, nothing fetched from the network.

The drift report shows a bar per locale (current / stale / missing source /
unreadable), a sortable and filterable table of pages and, per stale page, the
English diff.  The audit report adds a locale x rule matrix of findings.
"""

from __future__ import annotations

from html import escape

from doclint.drift_report import DriftReport, LocaleDrift, PageDrift
from doclint.registry import all_rules
from doclint.results import AuditReport

#: Colours of the statuses, in bar order.
COLOURS = {"current": "#2e9d5b", "stale": "#e0a526", "missing-source": "#d0463b", "unreadable": "#7a7a7a"}
BAR_WIDTH = 600

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #dde;padding-bottom:4px}
.meta{color:#5a6275;margin:0 0 16px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:4px 10px;border-bottom:1px solid #e6e8ef;text-align:left}
th{background:#f3f5fa;position:sticky;top:0}td.n,th.n{text-align:right}td:first-child{white-space:nowrap}
#pages th{cursor:pointer;user-select:none}#pages th:after{content:" \\2195";color:#aab}
.bars td{vertical-align:middle}.legend span{display:inline-block;margin-right:14px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px}
.status{padding:1px 7px;border-radius:9px;font-size:12px;color:#fff;white-space:nowrap}
.s-current{background:#2e9d5b}.s-stale{background:#c98a00}.s-missing-source{background:#d0463b}
.s-unreadable{background:#7a7a7a}.s-untranslated{background:#9aa3b5}
.filters{margin:8px 0;display:flex;gap:10px;align-items:center}
.filters input{padding:5px 8px;width:320px;border:1px solid #c5cad6;border-radius:4px}
.filters select{padding:4px;border:1px solid #c5cad6;border-radius:4px}
details{margin:6px 0;border:1px solid #e0e3ea;border-radius:5px;padding:4px 10px}
summary{cursor:pointer;font-weight:600}
pre.diff{background:#f8f9fb;padding:8px;overflow-x:auto;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;
white-space:pre-wrap;word-break:break-word}
pre.diff .del{background:#fde8e6;color:#9c1c12;display:block}pre.diff .add{background:#e4f6ea;color:#11632f;display:block}
pre.diff .hunk{color:#5a39a8;display:block}pre.diff .ctx{display:block}.note{color:#6b5200;font-style:italic}
.matrix td.n{min-width:42px}.heat0{color:#b8bdc9}
code{font:12px ui-monospace,Menlo,Consolas,monospace}
"""

_JS = """
(function(){
  var table=document.getElementById('pages');if(!table)return;
  var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
  var text=document.getElementById('filter'),status=document.getElementById('status'),count=document.getElementById('count');
  function apply(){
    var q=text.value.toLowerCase(),s=status.value,shown=0;
    rows.forEach(function(r){
      var ok=(!s||r.getAttribute('data-status')===s)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
      r.style.display=ok?'':'none';if(ok)shown++;
    });
    count.textContent=shown+' of '+rows.length+' pages';
  }
  text.addEventListener('input',apply);status.addEventListener('change',apply);
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener('click',function(){
      var dir=th.getAttribute('data-dir')==='asc'?'desc':'asc',num=th.classList.contains('n');
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(c){c.removeAttribute('data-dir');});
      th.setAttribute('data-dir',dir);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute('data-v')||a.cells[i].textContent,y=b.cells[i].getAttribute('data-v')||b.cells[i].textContent;
        var c=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y);
        return dir==='asc'?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  apply();
})();
"""


def _page(title: str, body: list[str]) -> str:
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{_CSS}</style></head><body>",
        *body, f"<script>{_JS}</script>", "</body></html>", ""])


def _bar(row: LocaleDrift) -> str:
    """An inline SVG bar of a locale's translated pages by status."""
    total = sum(row.count(status) for status in COLOURS)
    parts = [f'<svg width="{BAR_WIDTH}" height="22" role="img">']
    x = 0.0
    for status, colour in COLOURS.items():
        count = row.count(status)
        if not count or not total:
            continue
        width = BAR_WIDTH * count / total
        parts.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="22" fill="{colour}">'
                     f"<title>{escape(status)}: {count}</title></rect>")
        x += width
    if not total:
        parts.append(f'<rect x="0" y="0" width="{BAR_WIDTH}" height="22" fill="#e6e8ef"/>')
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="background:{colour}"></i>{escape(status)}</span>' for status, colour in COLOURS.items()
    ) + "</p>"


def drift_summary(report: DriftReport) -> list[str]:
    """The per-locale bars and counts."""
    lines = [_legend(), '<table class="bars"><thead><tr><th>Locale</th><th>Translated pages</th>'
             '<th class="n">Current</th><th class="n">Stale</th><th class="n">Missing source</th>'
             '<th class="n">Untranslated</th><th class="n">% current</th></tr></thead><tbody>']
    for locale, row in report.summary.items():
        lines.append(f"<tr><td><b>{escape(locale)}</b></td><td>{_bar(row)}</td><td class=n>{row.count('current')}</td>"
                     f"<td class=n>{row.count('stale')}</td><td class=n>{row.count('missing-source')}</td>"
                     f"<td class=n>{row.count('untranslated')}</td><td class=n>{row.percent_current}%</td></tr>")
    lines.append("</tbody></table>")
    return lines


def _anchor(page: PageDrift) -> str:
    return "p-" + "".join(ch if ch.isalnum() else "-" for ch in f"{page.locale}-{page.path}")


def page_table(pages: list[PageDrift], findings: dict[tuple[str, str], int] | None = None) -> list[str]:
    """The sortable, filterable table of pages (a row per page, current ones included)."""
    statuses = [status for status in ("stale", "missing-source", "unreadable", "current", "untranslated")
                if any(page.status == status for page in pages)]
    options = "".join(f'<option value="{status}">{status}</option>' for status in statuses)
    extra = '<th class="n">Findings</th>' if findings is not None else ""
    lines = ['<div class="filters"><input id="filter" type="search" placeholder="Filter pages…">'
             f'<select id="status"><option value="">all statuses</option>{options}</select>'
             '<span id="count"></span></div>',
             f'<table id="pages"><thead><tr><th>Locale</th><th>Page</th><th>Status</th>'
             f'<th class="n">English changes</th>{extra}</tr></thead><tbody>']
    for page in pages:
        name = escape(page.path)
        if page.status == "stale":
            name = f'<a href="#{_anchor(page)}">{name}</a>'
        cells = (f'<td>{escape(page.locale)}</td><td><code>{name}</code></td>'
                 f'<td><span class="status s-{page.status}">{page.status}</span></td>'
                 f'<td class=n>{page.changed_segments or ""}</td>')
        if findings is not None:
            count = findings.get((page.locale, page.path), 0)
            cells += f"<td class=n>{count or ''}</td>"
        lines.append(f'<tr data-status="{page.status}">{cells}</tr>')
    lines.append("</tbody></table>")
    return lines


def _diff_lines(page: PageDrift) -> list[str]:
    lines: list[str] = []
    if page.diff:
        for line in page.diff.split("\n"):
            kind = "hunk" if line.startswith("@@") else "del" if line.startswith("-") else \
                "add" if line.startswith("+") else "ctx"
            lines.append(f'<span class="{kind}">{escape(line) or " "}</span>')
        return lines
    for change in page.changes:
        lines.append(f'<span class="hunk">@@ {change.kind} {escape(change.block)}: translated line '
                     f'{change.line or "-"}, English line {change.source_line or "-"} @@</span>')
        lines.extend(f'<span class="del">- {escape(line)}</span>' for line in change.old.split("\n") if change.old)
        lines.extend(f'<span class="add">+ {escape(line)}</span>' for line in change.new.split("\n") if change.new)
    return lines


def stale_details(report: DriftReport) -> list[str]:
    """Per stale page, the English diff since the handoff."""
    stale = report.stale()
    if not stale:
        return ["<p>No stale pages: every translated page matches the current English.</p>"]
    lines: list[str] = []
    for page in stale:
        note = f'<p class="note">{escape(page.note)}</p>' if page.note else ""
        commit = f" · handoff {escape(page.commit[:12])}" if page.commit else ""
        lines.append(f'<details id="{_anchor(page)}"><summary>{escape(page.locale)}/{escape(page.path)} '
                     f"— {page.changed_segments} English change(s){commit}</summary>{note}"
                     f'<pre class="diff">' + "".join(_diff_lines(page)) + "</pre></details>")
    return lines


def render_drift(report: DriftReport) -> str:
    """The drift report as one self-contained HTML page."""
    git = " (English at handoff read from git)" if report.git else ""
    body = ["<h1>Translation drift</h1>",
            f'<p class="meta">Compared with the English in <code>{escape(report.source)}</code>{git}.</p>']
    body.extend(f'<p class="note">{escape(note)}</p>' for note in report.notes)
    body.extend(["<h2>Locales</h2>", *drift_summary(report), "<h2>Pages</h2>", *page_table(report.pages),
                 "<h2>Stale pages: what changed in English</h2>", *stale_details(report)])
    return _page("doclint — translation drift", body)


def matrix(report: AuditReport) -> list[str]:
    """The locale x rule table of finding counts."""
    rules = all_rules()
    codes = sorted({code for summary in report.summaries.values() for code in summary.by_rule})
    if not codes:
        return ["<p>No findings.</p>"]
    head = "".join(f'<th class="n" title="{escape(rules[code].name if code in rules else code)}">{code}</th>'
                   for code in codes)
    lines = [f'<table class="matrix"><thead><tr><th>Locale</th>{head}<th class="n">Total</th>'
             '<th class="n" title="defects of the translation">Translation</th>'
             '<th class="n" title="English changes since the page was translated">Drift</th></tr></thead><tbody>']
    for locale, summary in report.summaries.items():
        by_rule = summary.by_rule
        cells = "".join(f'<td class="n{"" if by_rule.get(code) else " heat0"}">{by_rule.get(code, 0)}</td>'
                        for code in codes)
        lines.append(f"<tr><td><b>{escape(locale)}</b></td>{cells}<td class=n>{summary.findings}</td>"
                     f"<td class=n>{summary.translation}</td><td class=n>{summary.drift}</td></tr>")
    lines.append("</tbody></table>")
    return lines


def render_audit(report: AuditReport) -> str:
    """The audit as one self-contained HTML page: findings matrix, drift bars, pages, diffs."""
    body = ["<h1>doclint audit</h1>",
            f'<p class="meta">Locales compared with <code>{escape(report.english)}</code>.</p>',
            "<h2>Findings per locale and rule</h2>", *matrix(report)]
    if report.drift is not None:
        findings = {key: sum(counts.values()) for key, counts in report.page_findings.items()}
        body.extend(["<h2>Translation drift</h2>", *drift_summary(report.drift), "<h2>Pages</h2>",
                     *page_table(report.drift.pages, findings),
                     "<h2>Stale pages: what changed in English</h2>", *stale_details(report.drift)])
    return _page("doclint — audit", body)
