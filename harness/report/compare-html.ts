import type { RunResults } from './results.ts';

/**
 * `channel-conformance compare DIR...`: several runs (vendors, or versions of one vendor) side by
 * side by check id in one self-contained page. A check that passed in the run to its left and fails
 * in this one is a regression and is highlighted. Rendered inertly, like index.html: data as JSON,
 * DOM built with textContent.
 */
export interface LabelledRun {
  label: string;
  results: RunResults;
}

export function renderCompareHtml(runs: LabelledRun[]): string {
  const rows = new Map<string, { suite: string; title: string; level: string; statuses: Array<string | null> }>();
  runs.forEach((r, i) => {
    for (const c of r.results.checks) {
      const key = c.id;
      const row = rows.get(key) ?? { suite: c.suite, title: c.title, level: c.level, statuses: runs.map(() => null) };
      row.statuses[i] = c.expectedFailure ? `${c.status}*` : c.status;
      rows.set(key, row);
    }
  });
  const data = {
    runs: runs.map((r) => ({
      label: r.label,
      target: r.results.target ?? 'bundled references',
      profile: r.results.profile,
      startedAt: r.results.startedAt,
      version: r.results.tool.version,
      summary: r.results.summary,
    })),
    rows: [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, r]) => ({ id, ...r })),
  };
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>channel-conformance: comparison</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#1f2328}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}
.passed{color:#1a7f37}.failed{color:#cf222e;font-weight:600}.warning{color:#9a6700}.skipped{color:#6e7781}
tr.regression td{background:#ffebe9}td.regressed{outline:2px solid #cf222e}
.id{font-family:ui-monospace,monospace;font-size:12px;color:#656d76}
label{margin-right:12px}
</style></head><body>
<h1>channel-conformance: runs compared by check id</h1>
<p>A <b>regression</b> is a check that passed (or warned) in the run to its left and fails in this one. <b>*</b> marks a failure listed in that run's baseline (--expect). Empty: the check did not run.</p>
<p><label><input type="checkbox" id="only-diff"> only checks whose status differs</label><label><input type="checkbox" id="only-reg"> only regressions</label></p>
<table id="t"></table>
<script type="application/json" id="data">${json}</script>
<script>
(function(){
var D=JSON.parse(document.getElementById('data').textContent);
function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;if(x!==undefined&&x!==null)e.textContent=String(x);return e;}
var t=document.getElementById('t');var h=el('tr');h.appendChild(el('th','','check'));h.appendChild(el('th','','level'));
D.runs.forEach(function(r){var th=el('th');th.appendChild(el('div','',r.label));th.appendChild(el('div','id',r.target+(r.profile?' · '+r.profile:'')+' · v'+r.version+' · '+r.startedAt));th.appendChild(el('div','id',r.summary.passed+' passed, '+r.summary.failed+' failed, '+r.summary.warnings+' warnings, '+r.summary.skipped+' skipped'));h.appendChild(th);});
t.appendChild(h);
var good=function(s){return s==='passed'||s==='warning';};
D.rows.forEach(function(r){
  var tr=el('tr');var c=el('td');c.appendChild(el('div','',r.title));c.appendChild(el('div','id',r.id));tr.appendChild(c);tr.appendChild(el('td','',r.level));
  var reg=false;var distinct={};
  r.statuses.forEach(function(s,i){var base=s?s.replace('*',''):null;distinct[String(s)]=1;var td=el('td',base||'',s||'');
    var prev=i>0?r.statuses[i-1]:null;if(prev&&good(prev.replace('*',''))&&base==='failed'&&s.indexOf('*')<0){td.classList.add('regressed');reg=true;}
    tr.appendChild(td);});
  if(reg)tr.classList.add('regression');
  tr.dataset.diff=Object.keys(distinct).length>1?'1':'0';tr.dataset.reg=reg?'1':'0';
  t.appendChild(tr);
});
function apply(){var d=document.getElementById('only-diff').checked,g=document.getElementById('only-reg').checked;
  t.querySelectorAll('tr').forEach(function(tr,i){if(i===0)return;tr.style.display=(d&&tr.dataset.diff!=='1')||(g&&tr.dataset.reg!=='1')?'none':'';});}
document.getElementById('only-diff').addEventListener('change',apply);document.getElementById('only-reg').addEventListener('change',apply);
})();
</script></body></html>
`;
}
