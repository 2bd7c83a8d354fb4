import type { RunResults } from './results.ts';

/**
 * index.html: one self-contained file (no network, no external assets) that opens from disk.
 *
 * Captured payloads are untrusted. The results travel as JSON inside a
 * <script type="application/json"> element with every `<` escaped, and the page builds the DOM
 * with textContent only: nothing from a payload is ever parsed as HTML, so `<script>` or
 * `<img onerror>` in an event shows as text.
 */
export function renderHtml(r: RunResults): string {
  const data = JSON.stringify(r).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>channel-conformance report</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>channel-conformance</h1><div id="meta"></div></header>
<section id="verdict" aria-label="Verdict"></section>
<nav id="filters" aria-label="Filters">
  <label>Suite <select id="f-suite"><option value="">all</option></select></label>
  <label>Level <select id="f-level"><option value="">all</option><option>MUST</option><option>SHOULD</option></select></label>
  <label>Status <select id="f-status"><option value="">all</option><option>failed</option><option>warning</option><option>passed</option><option>skipped</option></select></label>
  <label>Search <input id="f-text" type="search" placeholder="id, title, message"></label>
  <span id="f-count"></span>
</nav>
<main id="matrix" aria-label="Requirement matrix"></main>
<section id="coverage" aria-label="Spec coverage"></section>
<script type="application/json" id="results">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--skip:#6e7781;--bg:#fff;--fg:#1f2328;--mut:#656d76;--line:#d0d7de;--code:#f6f8fa}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:16px}
h1{font-size:20px;margin:0}h2{font-size:16px;margin:18px 0 8px}h3{font-size:14px;margin:14px 0 6px;color:var(--mut)}
header{display:flex;justify-content:space-between;align-items:baseline;gap:12px;flex-wrap:wrap;border-bottom:1px solid var(--line);padding-bottom:8px}
#meta{color:var(--mut)}
.verdict{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:220px}
.card .big{font-size:18px;font-weight:600}
.ok{color:var(--pass)}.bad{color:var(--fail)}.warn{color:var(--warn)}
.counts{color:var(--mut);font-size:13px}
nav{display:flex;gap:12px;flex-wrap:wrap;align-items:center;padding:8px 0;border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--bg)}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 6px;border-bottom:1px solid var(--line);vertical-align:top}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff}
.s-passed{background:var(--pass)}.s-failed{background:var(--fail)}.s-warning{background:var(--warn)}.s-skipped{background:var(--skip)}
.lvl{font-size:12px;font-weight:600;color:var(--mut)}
details.check{border-bottom:1px solid var(--line)}details.check>summary{cursor:pointer;padding:5px 4px;display:grid;grid-template-columns:80px 64px 1fr;gap:8px;align-items:baseline}
details.check>summary .id{font-family:ui-monospace,monospace;font-size:12px;color:var(--mut)}
.body{padding:6px 12px 12px 24px}
.msg{font-weight:600}
pre{background:var(--code);padding:8px;border-radius:4px;overflow:auto;max-height:360px;white-space:pre-wrap;word-break:break-all;font-size:12px;margin:4px 0}
.ev{border-left:3px solid var(--line);padding-left:8px;margin:8px 0}
.ev.delivery{border-color:#8250df}.ev.driver{border-color:#bf8700}
.kv{color:var(--mut);font-size:12px}
.schema{color:var(--fail)}
.group h2{border-bottom:1px solid var(--line);padding-bottom:2px}
.hidden{display:none}
.d-exp{background:#ffebe9;color:#82071e;font-weight:600}.d-rec{background:#dafbe1;color:#116329;font-weight:600}
@media print{nav{display:none}details.check{break-inside:avoid}details.check:not([open])>.body{display:none}body{max-width:none}pre{max-height:none}}
`;

// The page script: builds everything with textContent (never innerHTML) from the embedded JSON.
const SCRIPT = `
(function(){
'use strict';
var R=JSON.parse(document.getElementById('results').textContent);
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined&&text!==null)e.textContent=String(text);return e;}
function add(p){for(var i=1;i<arguments.length;i++){if(arguments[i])p.appendChild(arguments[i]);}return p;}
var meta=document.getElementById('meta');
meta.textContent=(R.tool.name+' '+R.tool.version+' · suites: '+R.suites.join(', ')+' · target: '+(R.target||'bundled reference implementations')+(R.profile?' · profile: '+R.profile:'')+(R.strict?' · strict':'')+(R.shard?' · shard '+R.shard:'')+' · started '+R.startedAt+' · '+(R.durationMs/1000).toFixed(1)+' s');
function counts(list){var c={MUST:{passed:0,failed:0,warning:0,skipped:0},SHOULD:{passed:0,failed:0,warning:0,skipped:0}};list.forEach(function(k){c[k.level][k.status]++;});return c;}
function verdictCard(title,list){
  var c=counts(list);var mustFail=list.some(function(k){return k.level==='MUST'&&k.status==='failed'&&!k.expectedFailure;});
  var gating=list.some(function(k){return k.status==='failed'&&!k.expectedFailure;});
  var known=list.filter(function(k){return k.expectedFailure;}).length;
  var warn=list.filter(function(k){return k.status==='warning';}).length;
  var card=el('div','card');
  add(card,el('div','',title));
  var v=el('div','big '+(gating?'bad':'ok'),gating?(mustFail?'Not conformant (MUST)':'Not conformant (SHOULD, strict)'):'Conformant at MUST level');
  card.appendChild(v);
  if(warn)card.appendChild(el('div','warn',warn+' SHOULD-level warning'+(warn>1?'s':'')));
  if(known)card.appendChild(el('div','warn',known+' known failure'+(known>1?'s':'')+' listed in the baseline (not gating)'));
  ['MUST','SHOULD'].forEach(function(l){var x=c[l];card.appendChild(el('div','counts',l+': '+x.passed+' passed, '+x.failed+' failed, '+x.warning+' warnings, '+x.skipped+' skipped'));});
  return card;
}
var vd=document.getElementById('verdict');var row=el('div','verdict');
row.appendChild(verdictCard('Overall',R.checks));
R.suites.forEach(function(s){row.appendChild(verdictCard(s,R.checks.filter(function(k){return k.suite===s;})));});
vd.appendChild(row);
if(R.staleExpectations&&R.staleExpectations.length){var st=el('div','card');st.appendChild(el('div','big bad','Stale baseline: '+R.staleExpectations.length+' expectation(s) no longer hold'));R.staleExpectations.forEach(function(e){st.appendChild(el('div','',e.id+' — '+e.why+' (listed because: '+e.reason+')'));});vd.appendChild(st);}
(R.harnessErrors||[]).forEach(function(e){vd.appendChild(el('p','warn','Harness error (not a failure of the implementation): '+e));});
if(R.unexpectedDeliveries)vd.appendChild(el('p','warn',R.unexpectedDeliveries+' unexpected deliveries reached the receiver (requests to unknown paths or with wrong methods); they change no verdict.'));
var fs=document.getElementById('f-suite');R.suites.forEach(function(s){fs.appendChild(el('option','',s));});
function renderExchange(ev){
  var box=el('div','ev '+(ev.kind==='delivery'?'delivery':(ev.channel==='driver'?'driver':'')));
  if(ev.kind==='note'){box.appendChild(el('div','kv',ev.text));return box;}
  if(ev.kind==='delivery'){
    add(box,el('div','',(ev.note?'['+ev.note+'] ':'')+'received '+ev.method+' '+ev.url+(ev.sinceTriggerMs!==undefined?' · '+ev.sinceTriggerMs+' ms after the trigger':'')+' · '+ev.receivedAt));
    box.appendChild(el('pre','',Object.keys(ev.headers).map(function(h){return h+': '+ev.headers[h];}).join('\\n')));
    if(ev.body!==undefined)box.appendChild(el('pre','',ev.body));
    (ev.schemaErrors||[]).forEach(function(s){box.appendChild(el('div','schema',s));});
    return box;
  }
  add(box,el('div','',(ev.channel==='driver'?'driver · ':'')+ev.request.method+' '+ev.request.url+(ev.operation?' ('+ev.operation+')':'')+' · '+ev.durationMs+' ms · '+ev.startedAt));
  var req=Object.keys(ev.request.headers).map(function(h){return h+': '+ev.request.headers[h];}).join('\\n');
  box.appendChild(el('pre','',req+(ev.request.body!==undefined?'\\n\\n'+ev.request.body:'')));
  if(ev.response){
    box.appendChild(el('div','kv','answer '+ev.response.status+' · '+ev.response.bodyBytes+' bytes'+(ev.response.truncated?' (truncated)':'')));
    var rh=Object.keys(ev.response.headers).map(function(h){return h+': '+ev.response.headers[h];}).join('\\n');
    box.appendChild(el('pre','',rh+(ev.response.body!==undefined?'\\n\\n'+ev.response.body:'')));
  }
  if(ev.error)box.appendChild(el('div','schema','transport: '+ev.error));
  (ev.schemaErrors||[]).forEach(function(s){box.appendChild(el('div','schema',s));});
  box.appendChild(el('div','kv','reproduce:'));box.appendChild(el('pre','',ev.curl));
  return box;
}
// Expected and received around their first difference (code points, as harness/checks/text-diff.ts).
function diffView(a,b){
  var e=Array.from(a),r=Array.from(b),p=0;while(p<e.length&&p<r.length&&e[p]===r[p])p++;
  var s=0;while(s<e.length-p&&s<r.length-p&&e[e.length-1-s]===r[r.length-1-s])s++;
  var C=40,pre=e.slice(Math.max(0,p-C),p).join(''),post=e.slice(e.length-s,e.length-s+C).join('');
  if(p>C)pre='…'+pre;if(s>C)post=post+'…';
  function line(label,mid,cls){var x=el('pre');add(x,el('span','kv',label),document.createTextNode(pre),el('span',cls,mid===''?'∅':mid),document.createTextNode(post));return x;}
  var box=el('div');add(box,el('h3','','Difference (from character '+(p+1)+')'),line('expected: ',e.slice(p,e.length-s).join(''),'d-exp'),line('received: ',r.slice(p,r.length-s).join(''),'d-rec'));
  return box;
}
function renderCheck(k){
  var d=el('details','check');d.dataset.suite=k.suite;d.dataset.level=k.level;d.dataset.status=k.status;
  d.dataset.text=(k.id+' '+k.title+' '+(k.message||'')).toLowerCase();
  var s=el('summary');
  add(s,el('span','badge s-'+k.status,k.status+(k.expectedFailure?' (expected)':'')),el('span','lvl',k.level));
  var t=el('span');add(t,el('div','',k.title),el('div','id',k.id));s.appendChild(t);d.appendChild(s);
  var b=el('div','body');
  if(k.message)b.appendChild(el('div','msg',k.message));
  if(k.outcome==='error')b.appendChild(el('div','warn','Harness error: the suite could not judge this check; it is not blamed on the implementation.'));
  if(k.expectedFailure)b.appendChild(el('div','warn','Listed in the baseline: '+k.expectedFailure));
  if(k.expected!==undefined)add(b,el('h3','','Expected'),el('pre','',k.expected));
  if(k.received!==undefined)add(b,el('h3','','Received'),el('pre','',k.received));
  if(k.expected!==undefined&&k.received!==undefined&&k.expected!==k.received&&k.expected.length<20000&&k.received.length<20000)b.appendChild(diffView(k.expected,k.received));
  b.appendChild(el('div','kv','source: '+(k.source.title||k.source.document)+' — '+k.source.section+(k.source.url?' ('+k.source.url+')':'')+' · '+k.durationMs+' ms'));if(k.source.quote)b.appendChild(el('div','kv','the document says: “'+k.source.quote+'”'));if(k.source.note)b.appendChild(el('div','kv',k.source.note));
  if(k.evidence&&k.evidence.length){b.appendChild(el('h3','','Evidence ('+k.evidence.length+')'));k.evidence.forEach(function(ev){b.appendChild(renderExchange(ev));});}
  d.appendChild(b);return d;
}
var m=document.getElementById('matrix');var groups={};var order=[];
R.checks.forEach(function(k){var g=k.source.title||k.source.document;if(!groups[g]){groups[g]={};order.push(g);}var sec=k.source.section;(groups[g][sec]=groups[g][sec]||[]).push(k);});
var rank={failed:0,warning:1,skipped:2,passed:3};
order.forEach(function(g){
  var box=el('section','group');box.appendChild(el('h2','',g));
  Object.keys(groups[g]).forEach(function(sec){
    var sb=el('div','section');sb.appendChild(el('h3','',sec));
    groups[g][sec].sort(function(a,b){return rank[a.status]-rank[b.status]||a.id.localeCompare(b.id);}).forEach(function(k){sb.appendChild(renderCheck(k));});
    box.appendChild(sb);
  });
  m.appendChild(box);
});
function applyFilters(){
  var fsu=document.getElementById('f-suite').value,fl=document.getElementById('f-level').value,fst=document.getElementById('f-status').value,ft=document.getElementById('f-text').value.toLowerCase();
  var shown=0;
  document.querySelectorAll('details.check').forEach(function(d){
    var ok=(!fsu||d.dataset.suite===fsu)&&(!fl||d.dataset.level===fl)&&(!fst||d.dataset.status===fst)&&(!ft||d.dataset.text.indexOf(ft)>=0);
    d.classList.toggle('hidden',!ok);if(ok)shown++;
  });
  document.querySelectorAll('.section').forEach(function(sb){sb.classList.toggle('hidden',!sb.querySelector('details.check:not(.hidden)'));});
  document.querySelectorAll('.group').forEach(function(g){g.classList.toggle('hidden',!g.querySelector('details.check:not(.hidden)'));});
  document.getElementById('f-count').textContent=shown+' of '+R.checks.length+' checks';
}
['f-suite','f-level','f-status','f-text'].forEach(function(id){document.getElementById(id).addEventListener('input',applyFilters);});
applyFilters();
var cov=document.getElementById('coverage');
if(R.coverage){
  cov.appendChild(el('h2','','Spec coverage'));
  Object.keys(R.coverage).forEach(function(s){
    var entries=R.coverage[s];var ex=entries.filter(function(e){return e.exercised;}).length;
    cov.appendChild(el('h3','',s+': '+ex+' of '+entries.length+' operations and webhooks exercised'));
    var t=el('table');var h=el('tr');['','kind','method','path or event','documented statuses','observed statuses','documented, never observed'].forEach(function(c){h.appendChild(el('th','',c));});t.appendChild(h);
    var covers=function(key,st){var k=String(key);return k===String(st)||(k.length===3&&k.slice(1)==='XX'&&k[0]===String(st)[0]);};
    entries.forEach(function(e){var tr=el('tr');
      var missing=e.kind==='webhook'?[]:e.documentedStatuses.filter(function(k){return k!=='default'&&!e.observedStatuses.some(function(st){return covers(k,st);});});
      add(tr,el('td',e.exercised?'ok':'bad',e.exercised?'✓':'✗'),el('td','',e.kind),el('td','',e.method),el('td','',e.kind==='webhook'?e.name:e.path+' ('+e.name+')'),el('td','',e.documentedStatuses.join(', ')),el('td','',e.observedStatuses.join(', ')||(e.kind==='webhook'&&e.exercised?'received':'—')),el('td',missing.length?'warn':'',missing.join(', ')||'—'));
      t.appendChild(tr);});
    cov.appendChild(t);
  });
}
})();
`;
