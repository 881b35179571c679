"""The audit as one self-contained HTML page a localization manager works from.

It opens on the pages with findings, most errors first; any page opens to show its findings (line,
code, rule name, severity, message) and, when it is stale, the English diff with the changed words
marked.  A cell of the rule × locale table filters the pages to that rule and locale.  Every page and
finding is in one JSON block that the page's script renders on demand, so a report of thousands of
pages stays a few megabytes of data and opens fast; nothing is fetched from the network.  The address
``#page=LOCALE/PATH`` opens a page, ``#rule=CODE&locale=LOCALE`` filters the table.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape

from doclint.drift_report import STATUSES, PageDrift
from doclint.finding import Severity
from doclint.registry import all_rules
from doclint.report.html import _CSS, drift_summary
from doclint.results import AuditReport
from doclint.report.worddiff import diff_lines

_SEVERITIES = tuple(severity.value for severity in Severity)  # error, warning, info
#: Pages listed at first (and added by "show more"): the table stays quick with thousands of pages.
PAGE_STEP = 200

_AUDIT_CSS = """
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e0e3ea;border-radius:6px;padding:8px 14px}
.card b{font-size:16px}.sev{padding:1px 7px;border-radius:9px;font-size:12px;color:#fff;white-space:nowrap}
.sev-error{background:#c62f24}.sev-warning{background:#b97900}.sev-info{background:#3f6fb5}
td.err{color:#c62f24;font-weight:600}td.warn{color:#8a5a00}td.inf{color:#3f6fb5}
.matrix th.group{background:#fff;text-align:left;padding-top:12px;border-bottom:2px solid #dde}
.matrix a{color:inherit;text-decoration:none;display:block;border-radius:3px;padding:0 4px}
.matrix a:hover,.matrix a.on{background:#dfe8fb;text-decoration:underline}
.matrix td.rule{white-space:nowrap}.matrix td.rule span{color:#5a6275}
#pages tbody tr.page{cursor:pointer}#pages tbody tr.page:hover{background:#f6f8fc}
#pages tbody tr.open{background:#eef3fd}button.link{border:0;background:none;color:#1f56c2;cursor:pointer;
padding:0;font:12px ui-monospace,Menlo,Consolas,monospace;text-align:left}
tr.panel>td{background:#fbfcfe;border-bottom:2px solid #c9d4ea;padding:8px 14px 14px}
tr.panel table{width:100%}tr.panel td{vertical-align:top}tr.panel td.msg{white-space:pre-wrap;word-break:break-word}
tr.panel tr.hit{background:#fff6d6}.panel h3{font-size:14px;margin:10px 0 4px}
.filters{flex-wrap:wrap}.filters label,#count{white-space:nowrap}#more{margin:8px 0}.meta code{font-size:13px}
.filters input[type=checkbox]{width:auto;padding:0;margin:0 4px 0 0;vertical-align:-2px}
#pages th{white-space:nowrap}tr.panel th{position:static;cursor:default}tr.panel th:after{content:none}
"""

_AUDIT_JS = r"""
(function(){
  var D=JSON.parse(document.getElementById('audit-data').textContent);
  var L=D.locales,S=D.statuses,R=D.rules,P=D.pages,STEP=D.step;
  var $=function(id){return document.getElementById(id);};
  var body=$('pages').tBodies[0],q=$('filter'),loc=$('locale'),st=$('status'),rule=$('rule'),has=$('has');
  var state={key:'findings',dir:-1,shown:STEP,open:null};
  function name(p){return L[p[0]]+'/'+p[1];}
  function total(p){return p[4]+p[5]+p[6];}
  function keyed(p){
    switch(state.key){
      case 'locale':return [L[p[0]],p[1]];case 'page':return [p[1],L[p[0]]];case 'status':return [S[p[2]]];
      case 'changes':return [p[3]];case 'errors':return [p[4]];case 'warnings':return [p[5]];case 'info':return [p[6]];
      default:return [p[4],p[5],p[6]];
    }
  }
  function compare(a,b){
    var x=keyed(a),y=keyed(b);
    for(var i=0;i<x.length;i++){
      if(x[i]<y[i])return -state.dir;if(x[i]>y[i])return state.dir;
    }
    return name(a)<name(b)?-1:name(a)>name(b)?1:0;
  }
  function matches(p){
    if(has.checked&&!total(p))return false;
    if(loc.value&&L[p[0]]!==loc.value)return false;
    if(st.value&&S[p[2]]!==st.value)return false;
    if(rule.value&&!p[7].some(function(f){return R[f[2]][0]===rule.value;}))return false;
    var text=q.value.toLowerCase();
    return !text||name(p).toLowerCase().indexOf(text)>=0;
  }
  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined)e.textContent=text;return e;}
  function cell(tr,text,cls){var td=el('td',cls,text);tr.appendChild(td);return td;}
  function badge(cls,text){return el('span',cls,text);}
  // The changed words of a removed line and the added line after it, as worddiff.py marks them in Python:
  // the shared start and end are trimmed, then the longest common subsequence of the rest (when short).
  var TOKEN=/[A-Za-z0-9_\u00C0-\uFFFF]+|\s+|[^A-Za-z0-9_\u00C0-\uFFFF\s]/g,MAXTOK=60;
  function spans(a,b){
    var x=a.match(TOKEN)||[],y=b.match(TOKEN)||[],s=0,e=0;
    while(s<x.length&&s<y.length&&x[s]===y[s])s++;
    while(e<x.length-s&&e<y.length-s&&x[x.length-1-e]===y[y.length-1-e])e++;
    var xm=x.slice(s,x.length-e),ym=y.slice(s,y.length-e),xo=x.slice(0,s).join('').length,yo=y.slice(0,s).join('').length;
    var keepX=xm.map(function(){return false;}),keepY=ym.map(function(){return false;});
    if(xm.length&&ym.length&&xm.length<=MAXTOK&&ym.length<=MAXTOK){
      var n=xm.length,m=ym.length,T=[],i,j;
      for(i=0;i<=n;i++){T.push(new Array(m+1).fill(0));}
      for(i=n-1;i>=0;i--)for(j=m-1;j>=0;j--)T[i][j]=xm[i]===ym[j]?T[i+1][j+1]+1:Math.max(T[i+1][j],T[i][j+1]);
      i=0;j=0;
      while(i<n&&j<m){if(xm[i]===ym[j]){keepX[i]=keepY[j]=true;i++;j++;}else if(T[i+1][j]>=T[i][j+1])i++;else j++;}
    }
    function marks(tokens,keep,at){
      var out=[];tokens.forEach(function(t,k){
        if(!keep[k]){if(out.length&&out[out.length-1]===at)out[out.length-1]=at+t.length;else out.push(at,at+t.length);}
        at+=t.length;});
      return out;
    }
    return [marks(xm,keepX,xo),marks(ym,keepY,yo)];
  }
  function markPairs(lines){
    lines=lines.map(function(l){return [l[0],l[1],[]];});
    for(var i=0;i<lines.length;){
      if(lines[i][0]!=='-'){i++;continue;}
      var r=i;while(r<lines.length&&lines[r][0]==='-')r++;
      var a=r;while(a<lines.length&&lines[a][0]==='+')a++;
      for(var k=0;k<Math.min(r-i,a-r);k++){var m=spans(lines[i+k][1],lines[r+k][1]);lines[i+k][2]=m[0];lines[r+k][2]=m[1];}
      i=a;
    }
    return lines;
  }
  function panel(p){
    var tr=el('tr','panel'),td=el('td');td.colSpan=7;tr.appendChild(td);
    var head=el('div');head.appendChild(el('b',null,name(p)));
    head.appendChild(document.createTextNode(' — '+p[4]+' errors, '+p[5]+' warnings, '+p[6]+' info'));
    td.appendChild(head);
    if(p[7].length){
      var t=el('table'),h=el('tr');['Line','Code','Rule','Severity','Message'].forEach(function(x){h.appendChild(el('th',null,x));});
      var th=el('thead');th.appendChild(h);t.appendChild(th);var tb=el('tbody');
      p[7].forEach(function(f){
        var r=R[f[2]],row=el('tr',rule.value===r[0]?'hit':'');
        cell(row,f[0]+':'+f[1],'n');cell(row,r[0]).style.fontWeight='600';cell(row,r[1]);
        var sv=cell(row,'');sv.appendChild(badge('sev sev-'+r[2],r[2]));cell(row,f[3],'msg');tb.appendChild(row);
      });
      t.appendChild(tb);td.appendChild(t);
    }else{td.appendChild(el('p',null,'No findings on this page.'));}
    var d=p[8];
    if(d){
      td.appendChild(el('h3',null,'English changes since the handoff'+(d.commit?' ('+d.commit.slice(0,12)+')':'')));
      if(d.note)td.appendChild(el('p','note',d.note));
      var pre=el('pre','diff');
      markPairs(d.lines).forEach(function(line){
        var kind=line[0],text=line[1],marks=line[2]||[];
        var span=el('span',kind==='@'?'hunk':kind==='-'?'del':kind==='+'?'add':'ctx');
        span.appendChild(document.createTextNode(kind==='@'?'':kind==='-'?'- ':kind==='+'?'+ ':'  '));
        var at=0,tag=kind==='-'?'del':'ins';
        for(var i=0;i<marks.length;i+=2){
          span.appendChild(document.createTextNode(text.slice(at,marks[i])));
          span.appendChild(el(tag,null,text.slice(marks[i],marks[i+1])));at=marks[i+1];
        }
        span.appendChild(document.createTextNode(text.slice(at)||(at?'':' ')));pre.appendChild(span);
      });
      if(d.more)pre.appendChild(el('span','hunk','… and '+d.more+' more diff lines'));
      td.appendChild(pre);
    }
    return tr;
  }
  function toggle(p,tr){
    var next=tr.nextSibling;
    if(next&&next.className==='panel'){body.removeChild(next);tr.classList.remove('open');state.open=null;return;}
    body.insertBefore(panel(p),next);tr.classList.add('open');state.open=name(p);
  }
  function row(p){
    var tr=el('tr','page');tr.setAttribute('data-page',name(p));
    cell(tr,L[p[0]]);var c=cell(tr,'');c.appendChild(el('button','link',p[1]));
    var s=cell(tr,'');s.appendChild(badge('status s-'+S[p[2]],S[p[2]]));
    cell(tr,p[4]||'','n'+(p[4]?' err':''));cell(tr,p[5]||'','n'+(p[5]?' warn':''));cell(tr,p[6]||'','n'+(p[6]?' inf':''));
    cell(tr,p[3]||'','n');
    tr.addEventListener('click',function(){toggle(p,tr);});
    return tr;
  }
  var rows=[];
  function render(){
    rows=P.filter(matches).sort(compare);
    while(body.firstChild)body.removeChild(body.firstChild);
    var frag=document.createDocumentFragment();
    rows.slice(0,state.shown).forEach(function(p){
      var tr=row(p);frag.appendChild(tr);
      if(state.open===name(p)){tr.classList.add('open');frag.appendChild(panel(p));}
    });
    body.appendChild(frag);
    $('count').textContent=Math.min(state.shown,rows.length)+' of '+rows.length+' pages shown ('+P.length+' in all)';
    $('more').style.display=rows.length>state.shown?'':'none';
    Array.prototype.forEach.call(document.querySelectorAll('.matrix a'),function(a){
      a.classList.toggle('on',a.getAttribute('data-rule')===rule.value&&(a.getAttribute('data-locale')||'')===loc.value);
    });
  }
  function refilter(){state.shown=STEP;render();}
  [q].forEach(function(e){e.addEventListener('input',refilter);});
  [loc,st,rule,has].forEach(function(e){e.addEventListener('change',refilter);});
  $('more').addEventListener('click',function(){state.shown+=STEP;render();});
  $('clear').addEventListener('click',function(){q.value='';loc.value='';st.value='';rule.value='';has.checked=true;
    history.replaceState(null,'',location.pathname);refilter();});
  Array.prototype.forEach.call($('pages').tHead.rows[0].cells,function(th){
    th.addEventListener('click',function(){
      var key=th.getAttribute('data-key');
      state.dir=state.key===key?-state.dir:(key==='locale'||key==='page'?1:-1);state.key=key;render();
    });
  });
  function route(){
    var hash=decodeURIComponent(location.hash.slice(1)),args={};
    hash.split('&').forEach(function(part){var i=part.indexOf('=');if(i>0)args[part.slice(0,i)]=part.slice(i+1);});
    if(args.page!==undefined){
      var found=P.filter(function(p){return name(p)===args.page;})[0];
      if(!found)return;
      // the page alone (its path in the filter box; "clear filters" lists every page again), opened
      q.value=args.page;st.value='';rule.value='';loc.value=L[found[0]];has.checked=has.checked&&total(found)>0;
      state.open=args.page;refilter();
      var tr=body.querySelector('tr.open');if(tr)tr.scrollIntoView({block:'start'});
      return;
    }
    if(args.rule!==undefined||args.locale!==undefined){
      rule.value=args.rule||'';loc.value=args.locale||'';refilter();
      if(location.hash)$('pages-section').scrollIntoView({block:'start'});
    }
  }
  window.addEventListener('hashchange',route);
  render();route();
})();
"""


def _script_json(data: object) -> str:
    """JSON that cannot end its ``<script>`` element early, whatever the page texts hold."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\u0021--")


def audit_data(report: AuditReport) -> dict[str, object]:
    """Every page of the audit (drift status, findings, English diff), most errors first, as compact lists."""
    registry = all_rules()
    pages: dict[tuple[str, str], PageDrift | None] = {}
    if report.drift is not None:
        pages.update(((page.locale, page.path), page) for page in report.drift.pages)
    for key in report.findings:
        pages.setdefault(key, None)
    locales = sorted({locale for locale, _ in pages} | set(report.summaries))
    statuses = [*STATUSES, "checked"]  # "checked": a page with findings the drift report did not cover
    rules: dict[tuple[str, Severity], int] = {}
    rows: list[list[object]] = []
    locale_index = {locale: index for index, locale in enumerate(locales)}
    status_index = {status: index for index, status in enumerate(statuses)}
    for (locale, path), drift in pages.items():
        encoded = []
        counts = dict.fromkeys(Severity, 0)
        for finding in report.findings.get((locale, path), ()):
            index = rules.setdefault((finding.code, finding.severity), len(rules))
            counts[finding.severity] += 1
            encoded.append([finding.line, finding.column, index, finding.message])
        status = drift.status if drift is not None else "checked"
        rows.append([locale_index[locale], path, status_index[status], drift.changed_segments if drift is not None else 0,
                     counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO], encoded, _diff(drift)])
    rows.sort(key=_default_order)
    rule_table = [[code, registry[code].name if code in registry else code, severity.value]
                  for code, severity in rules]
    return {"locales": locales, "statuses": statuses, "rules": rule_table, "pages": rows, "step": PAGE_STEP}


def _default_order(row: list[object]) -> tuple[int, int, int, int, str]:
    """Most errors first, then warnings, then info; then by locale and path."""
    return (-int(row[4]), -int(row[5]), -int(row[6]), int(row[0]), str(row[1]))  # type: ignore[call-overload]


def _diff(page: PageDrift | None) -> dict[str, object] | None:
    if page is None or page.status != "stale":
        return None
    lines, more = diff_lines(page, marked=False)
    data: dict[str, object] = {"lines": [[kind, text] for kind, text, _ in lines]}
    if more:
        data["more"] = more
    if page.note:
        data["note"] = page.note
    if page.commit:
        data["commit"] = page.commit
    return data


def _totals(report: AuditReport) -> list[str]:
    cells = []
    for locale, summary in report.summaries.items():
        cells.append(f'<div class="card"><b>{escape(locale)}</b><br>{summary.pages} pages, '
                     f'{summary.pages_with_findings} with findings<br>'
                     f'<span class="sev sev-error">{summary.errors} errors</span> '
                     f'<span class="sev sev-warning">{summary.warnings} warnings</span> '
                     f'<span class="sev sev-info">{summary.info} info</span></div>')
    return ['<div class="cards">', *cells, "</div>", *_causes(report)]


def _causes(report: AuditReport) -> list[str]:
    """The findings of each locale by cause: defects of the translation, and English changes since (drift)."""
    rows = [f"<tr><td><b>{escape(locale)}</b></td><td class=n>{summary.translation}</td>"
            f"<td class=n>{summary.drift}</td></tr>" for locale, summary in report.summaries.items()]
    return ['<table class="causes"><thead><tr><th>Locale</th>'
            '<th class="n" title="defects of the translation">Translation</th>'
            '<th class="n" title="English changes since the page was translated">Drift</th></tr></thead><tbody>',
            *rows, "</tbody></table>"]


def matrix(report: AuditReport, data: dict[str, object]) -> list[str]:
    """The rule × locale table of finding counts: errors, warnings and info apart, every count a filter."""
    locales = list(report.summaries)
    rules: list[list[str]] = data["rules"]  # type: ignore[assignment]
    counts: Counter[tuple[str, str, str]] = Counter()  # (severity, code, locale)
    codes = [code for code, _, _ in rules]
    if len(codes) != len(set(codes)):
        for (locale, _path), findings in report.findings.items():  # a code at two severities: count them apart
            counts.update((finding.severity.value, finding.code, locale) for finding in findings)
    else:
        severity_of = {code: severity for code, _, severity in rules}
        for locale, summary in report.summaries.items():
            counts.update({(severity_of[code], code, locale): count for code, count in summary.by_rule.items()})
    if not counts:
        return ["<p>No findings.</p>"]
    head = "".join(f'<th class="n">{escape(locale)}</th>' for locale in locales)
    lines = [f'<table class="matrix"><thead><tr><th>Rule</th>{head}<th class="n">Total</th></tr></thead><tbody>']
    names = {code: name for code, name, _ in rules}
    for severity in _SEVERITIES:
        codes = sorted({code for sev, code, _ in counts if sev == severity},
                       key=lambda code: (-sum(counts[severity, code, locale] for locale in locales), code))
        if not codes:
            continue
        title = {"error": "Errors", "warning": "Warnings", "info": "Info"}[severity]
        lines.append(f'<tr><th class="group" colspan="{len(locales) + 2}">'
                     f'<span class="sev sev-{severity}">{title}</span></th></tr>')
        for code in codes:
            row_total = sum(counts[severity, code, locale] for locale in locales)
            cells = "".join(_matrix_cell(code, locale, counts[severity, code, locale]) for locale in locales)
            lines.append(f'<tr><td class="rule"><a href="#rule={escape(code)}" data-rule="{escape(code)}"><b>'
                         f'{escape(code)}</b> <span>{escape(names.get(code, ""))}</span></a></td>{cells}'
                         f'<td class="n">{row_total}</td></tr>')
    lines.append("</tbody></table>")
    return lines


def _matrix_cell(code: str, locale: str, count: int) -> str:
    if not count:
        return '<td class="n heat0">0</td>'
    return (f'<td class="n"><a href="#rule={escape(code)}&amp;locale={escape(locale)}" data-rule="{escape(code)}" '
            f'data-locale="{escape(locale)}" title="{count} findings of {escape(code)} in {escape(locale)}">'
            f"{count}</a></td>")


def _filters(data: dict[str, object]) -> list[str]:
    locales: list[str] = data["locales"]  # type: ignore[assignment]
    statuses: list[str] = data["statuses"]  # type: ignore[assignment]
    rules: list[list[str]] = data["rules"]  # type: ignore[assignment]
    pages: list[list[object]] = data["pages"]  # type: ignore[assignment]
    used = {statuses[int(row[2])] for row in pages}  # type: ignore[call-overload]
    locale_options = "".join(f'<option value="{escape(locale)}">{escape(locale)}</option>' for locale in locales)
    status_options = "".join(f'<option value="{status}">{status}</option>' for status in statuses if status in used)
    names = {code: name for code, name, _ in rules}  # a code may come at two severities
    rule_options = "".join(f'<option value="{escape(code)}">{escape(code)} {escape(name)}</option>'
                           for code, name in sorted(names.items()))
    return ['<div class="filters"><input id="filter" type="search" placeholder="Filter pages by path…">'
            f'<select id="locale"><option value="">all locales</option>{locale_options}</select>'
            f'<select id="status"><option value="">all statuses</option>{status_options}</select>'
            f'<select id="rule"><option value="">all rules</option>{rule_options}</select>'
            '<label><input id="has" type="checkbox" checked> only pages with findings</label>'
            '<button id="clear" type="button">clear filters</button><span id="count"></span></div>']


def inconsistencies(report: AuditReport) -> list[str]:
    """The largest groups of inconsistent translations (DL511) of each locale: the English, each variant
    with how many pages use it and a few of them."""
    if not report.consistency:
        return []
    rows = ["<h2>Inconsistent translations</h2>",
            '<p class="meta">The same English segment translated more than one way across a locale (DL511), '
            "largest groups first.</p>",
            "<table><thead><tr><th>Locale</th><th>English</th><th>Translations (pages using each)</th></tr></thead><tbody>"]
    for locale, groups in report.consistency.items():
        for group in groups:
            variants = "".join(
                f"<li>{escape(variant.text)} <b>×{variant.pages}</b> "
                + " ".join(f"<code>{escape(f'{locale}/{path}')}:{line}</code>" for path, line in variant.where) + "</li>"
                for variant in group.variants)
            rows.append(f"<tr><td>{escape(locale)}</td><td>{escape(group.english)}</td><td><ul>{variants}</ul></td></tr>")
    rows.append("</tbody></table>")
    return rows


def render_audit(report: AuditReport) -> str:
    """The audit as one self-contained HTML page: header stamp, totals, rule matrix, drift bars, pages."""
    data = audit_data(report)
    stamp = report.stamp
    meta = f"Locales compared with <code>{escape(report.english)}</code>"
    if stamp is not None:
        commit = f" at commit <code>{escape(stamp.commit[:12])}</code>" if stamp.commit else ""
        meta = (f"Made {escape(stamp.date)} by doclint {escape(stamp.version)} · locales compared with "
                f"<code>{escape(report.english)}</code>{commit}")
    body = ["<h1>doclint audit</h1>", f'<p class="meta">{meta}.</p>', *_totals(report),
            "<h2>Findings per rule and locale</h2>",
            '<p class="meta">Click a count to list the pages it comes from; click a page to see its findings.</p>',
            *matrix(report, data)]
    if report.drift is not None:
        body.extend(["<h2>Translation drift</h2>", *drift_summary(report.drift)])
    body.extend(inconsistencies(report))
    body.extend(['<h2 id="pages-section">Pages</h2>', *_filters(data),
                 '<table id="pages"><thead><tr><th data-key="locale">Locale</th><th data-key="page">Page</th>'
                 '<th data-key="status">Status</th><th class="n" data-key="errors">Errors</th>'
                 '<th class="n" data-key="warnings">Warnings</th><th class="n" data-key="info">Info</th>'
                 '<th class="n" data-key="changes">English changes</th></tr></thead><tbody></tbody></table>',
                 '<button id="more" type="button">show more pages</button>',
                 f'<script type="application/json" id="audit-data">{_script_json(data)}</script>'])
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>doclint — audit</title>", f"<style>{_CSS}{_AUDIT_CSS}</style></head><body>",
        *body, f"<script>{_AUDIT_JS}</script>", "</body></html>", ""])
