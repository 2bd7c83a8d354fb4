// @ts-check
/**
 * index.html's page script, inlined into the page by harness/report/html.ts. It reads the run's
 * results from the <script type="application/json" id="results"> element and builds the verdict,
 * the requirement matrix, the filters and the coverage tables.
 *
 * Captured payloads are untrusted: every string from the results reaches the DOM through
 * textContent (el() below), never innerHTML, so markup in an event shows as text.
 *
 * A classic script, not a module: the whole file is one function expression, so nothing leaks into
 * the page's globals (nor into the type checker's, which sees this file as a global script).
 */
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic <script> is not strict by itself; this makes it so.
  'use strict';

  /** @typedef {import('../results.ts').RunResults} RunResults */
  /** @typedef {import('../results.ts').CheckResult} CheckResult */
  /** @typedef {import('../results.ts').CheckStatus} CheckStatus */
  /** @typedef {import('../results.ts').Level} Level */
  /** @typedef {import('../../http/evidence.ts').Evidence} Evidence */

  /**
   * One of the page's own elements (written in html.ts): a missing one is a bug of the page, not of the data.
   * @param {string} id
   */
  function byId(id) {
    const e = document.getElementById(id);
    if (!e) throw new Error(`the page has no #${id}`);
    return e;
  }

  /** @param {string} id */
  function control(id) {
    return /** @type {HTMLInputElement | HTMLSelectElement} */ (byId(id));
  }

  /** @type {RunResults} */
  const R = JSON.parse(byId('results').textContent ?? '');

  /**
   * The one way text enters the page: as textContent.
   * @param {string} tag
   * @param {string} [cls]
   * @param {unknown} [text]
   */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /**
   * Appends the children that are present.
   * @param {HTMLElement} parent
   * @param {...(Node | null | undefined | false)} children
   */
  function add(parent, ...children) {
    for (const c of children) if (c) parent.appendChild(c);
    return parent;
  }

  /** @param {Record<string, string>} headers */
  function headerLines(headers) {
    return Object.keys(headers)
      .map((h) => `${h}: ${headers[h]}`)
      .join('\n');
  }

  // --- Header: what ran, against what, when.
  byId('meta').textContent =
    `${R.tool.name} ${R.tool.version} · suites: ${R.suites.join(', ')} · target: ${R.target || 'bundled reference implementations'}` +
    (R.profile ? ` · profile: ${R.profile}` : '') +
    (R.strict ? ' · strict' : '') +
    (R.shard ? ` · shard ${R.shard}` : '') +
    ` · started ${R.startedAt} · ${(R.durationMs / 1000).toFixed(1)} s`;

  // --- Verdict: one card for the run, one per suite.

  /** @param {CheckResult[]} list */
  function counts(list) {
    /** @type {Record<Level, Record<CheckStatus, number>>} */
    const c = {
      MUST: { passed: 0, failed: 0, warning: 0, skipped: 0 },
      SHOULD: { passed: 0, failed: 0, warning: 0, skipped: 0 },
    };
    for (const k of list) c[k.level][k.status]++;
    return c;
  }

  /**
   * @param {string} title
   * @param {CheckResult[]} list
   */
  function verdictCard(title, list) {
    const c = counts(list);
    // A failure listed in the --expect baseline does not gate.
    const mustFail = list.some((k) => k.level === 'MUST' && k.status === 'failed' && !k.expectedFailure);
    const gating = list.some((k) => k.status === 'failed' && !k.expectedFailure);
    const known = list.filter((k) => k.expectedFailure).length;
    const warn = list.filter((k) => k.status === 'warning').length;
    const card = el('div', 'card');
    add(card, el('div', '', title));
    const verdict = gating ? (mustFail ? 'Not conformant (MUST)' : 'Not conformant (SHOULD, strict)') : 'Conformant at MUST level';
    card.appendChild(el('div', `big ${gating ? 'bad' : 'ok'}`, verdict));
    if (warn) card.appendChild(el('div', 'warn', `${warn} SHOULD-level warning${warn > 1 ? 's' : ''}`));
    if (known) card.appendChild(el('div', 'warn', `${known} known failure${known > 1 ? 's' : ''} listed in the baseline (not gating)`));
    for (const l of /** @type {Level[]} */ (['MUST', 'SHOULD'])) {
      const x = c[l];
      card.appendChild(el('div', 'counts', `${l}: ${x.passed} passed, ${x.failed} failed, ${x.warning} warnings, ${x.skipped} skipped`));
    }
    return card;
  }

  const verdictBox = byId('verdict');
  const cards = el('div', 'verdict');
  cards.appendChild(verdictCard('Overall', R.checks));
  for (const s of R.suites) {
    cards.appendChild(
      verdictCard(
        s,
        R.checks.filter((k) => k.suite === s),
      ),
    );
  }
  verdictBox.appendChild(cards);
  if (R.staleExpectations?.length) {
    const stale = el('div', 'card');
    stale.appendChild(el('div', 'big bad', `Stale baseline: ${R.staleExpectations.length} expectation(s) no longer hold`));
    for (const e of R.staleExpectations) stale.appendChild(el('div', '', `${e.id} — ${e.why} (listed because: ${e.reason})`));
    verdictBox.appendChild(stale);
  }
  for (const e of R.harnessErrors || []) verdictBox.appendChild(el('p', 'warn', `Harness error (not a failure of the implementation): ${e}`));
  if (R.unexpectedDeliveries) {
    verdictBox.appendChild(
      el(
        'p',
        'warn',
        `${R.unexpectedDeliveries} unexpected deliveries reached the receiver (requests to unknown paths or with wrong methods); they change no verdict.`,
      ),
    );
  }

  const suiteFilter = byId('f-suite');
  for (const s of R.suites) suiteFilter.appendChild(el('option', '', s));

  // --- Evidence of one check.

  /** @param {Evidence} ev */
  function renderExchange(ev) {
    const kindClass = ev.kind === 'delivery' ? 'delivery' : ev.kind === 'exchange' && ev.channel === 'driver' ? 'driver' : '';
    const box = el('div', `ev ${kindClass}`);
    if (ev.kind === 'note') {
      box.appendChild(el('div', 'kv', ev.text));
      return box;
    }
    if (ev.kind === 'delivery') {
      const when = ev.sinceTriggerMs !== undefined ? ` · ${ev.sinceTriggerMs} ms after the trigger` : '';
      add(box, el('div', '', `${ev.note ? `[${ev.note}] ` : ''}received ${ev.method} ${ev.url}${when} · ${ev.receivedAt}`));
      box.appendChild(el('pre', '', headerLines(ev.headers)));
      if (ev.body !== undefined) box.appendChild(el('pre', '', ev.body));
      for (const s of ev.schemaErrors || []) box.appendChild(el('div', 'schema', s));
      return box;
    }
    const what = `${ev.channel === 'driver' ? 'driver · ' : ''}${ev.request.method} ${ev.request.url}${ev.operation ? ` (${ev.operation})` : ''}`;
    add(box, el('div', '', `${what} · ${ev.durationMs} ms · ${ev.startedAt}`));
    box.appendChild(el('pre', '', headerLines(ev.request.headers) + (ev.request.body !== undefined ? `\n\n${ev.request.body}` : '')));
    if (ev.response) {
      box.appendChild(el('div', 'kv', `answer ${ev.response.status} · ${ev.response.bodyBytes} bytes${ev.response.truncated ? ' (truncated)' : ''}`));
      box.appendChild(el('pre', '', headerLines(ev.response.headers) + (ev.response.body !== undefined ? `\n\n${ev.response.body}` : '')));
    }
    if (ev.error) box.appendChild(el('div', 'schema', `transport: ${ev.error}`));
    for (const s of ev.schemaErrors || []) box.appendChild(el('div', 'schema', s));
    box.appendChild(el('div', 'kv', 'reproduce:'));
    box.appendChild(el('pre', '', ev.curl));
    return box;
  }

  /**
   * Expected and received around their first difference, in code points as harness/checks/text-diff.ts
   * counts them: the common prefix and suffix (up to 40 characters shown), and each side's differing middle.
   * @param {string} a the expected text
   * @param {string} b the received text
   */
  function diffView(a, b) {
    const e = Array.from(a);
    const r = Array.from(b);
    let p = 0;
    while (p < e.length && p < r.length && e[p] === r[p]) p++;
    let s = 0;
    while (s < e.length - p && s < r.length - p && e[e.length - 1 - s] === r[r.length - 1 - s]) s++;
    const C = 40;
    let pre = e.slice(Math.max(0, p - C), p).join('');
    let post = e.slice(e.length - s, e.length - s + C).join('');
    if (p > C) pre = `…${pre}`;
    if (s > C) post = `${post}…`;
    /**
     * @param {string} label
     * @param {string} mid
     * @param {string} cls
     */
    function line(label, mid, cls) {
      return add(el('pre'), el('span', 'kv', label), document.createTextNode(pre), el('span', cls, mid === '' ? '∅' : mid), document.createTextNode(post));
    }
    return add(
      el('div'),
      el('h3', '', `Difference (from character ${p + 1})`),
      line('expected: ', e.slice(p, e.length - s).join(''), 'd-exp'),
      line('received: ', r.slice(p, r.length - s).join(''), 'd-rec'),
    );
  }

  /** @param {CheckResult} k */
  function renderCheck(k) {
    const d = el('details', 'check');
    // What the filters match on.
    d.dataset.suite = k.suite;
    d.dataset.level = k.level;
    d.dataset.status = k.status;
    d.dataset.text = `${k.id} ${k.title} ${k.message || ''}`.toLowerCase();
    const summary = el('summary');
    add(summary, el('span', `badge s-${k.status}`, k.status + (k.expectedFailure ? ' (expected)' : '')), el('span', 'lvl', k.level));
    summary.appendChild(add(el('span'), el('div', '', k.title), el('div', 'id', k.id)));
    d.appendChild(summary);

    const b = el('div', 'body');
    if (k.message) b.appendChild(el('div', 'msg', k.message));
    if (k.outcome === 'error') b.appendChild(el('div', 'warn', 'Harness error: the suite could not judge this check; it is not blamed on the implementation.'));
    if (k.expectedFailure) b.appendChild(el('div', 'warn', `Listed in the baseline: ${k.expectedFailure}`));
    if (k.expected !== undefined) add(b, el('h3', '', 'Expected'), el('pre', '', k.expected));
    if (k.received !== undefined) add(b, el('h3', '', 'Received'), el('pre', '', k.received));
    // Very long texts are shown but not diffed: Array.from over them would stall the page.
    if (k.expected !== undefined && k.received !== undefined && k.expected !== k.received && k.expected.length < 20000 && k.received.length < 20000) {
      b.appendChild(diffView(k.expected, k.received));
    }
    const src = k.source;
    b.appendChild(el('div', 'kv', `source: ${src.title || src.document} — ${src.section}${src.url ? ` (${src.url})` : ''} · ${k.durationMs} ms`));
    if (src.quote) b.appendChild(el('div', 'kv', `the document says: “${src.quote}”`));
    if (src.note) b.appendChild(el('div', 'kv', src.note));
    if (k.evidence?.length) {
      b.appendChild(el('h3', '', `Evidence (${k.evidence.length})`));
      for (const ev of k.evidence) b.appendChild(renderExchange(ev));
    }
    d.appendChild(b);
    return d;
  }

  // --- The matrix: checks grouped by document, then by section, failures first.
  const matrix = byId('matrix');
  /** @type {Record<string, Record<string, CheckResult[]>>} document title -> section -> checks */
  const groups = {};
  /** @type {string[]} documents in the order of their first check */
  const order = [];
  for (const k of R.checks) {
    const g = k.source.title || k.source.document;
    if (!groups[g]) {
      groups[g] = {};
      order.push(g);
    }
    const sec = k.source.section;
    if (!groups[g][sec]) groups[g][sec] = [];
    groups[g][sec].push(k);
  }
  /** @type {Record<CheckStatus, number>} */
  const rank = { failed: 0, warning: 1, skipped: 2, passed: 3 };
  for (const g of order) {
    const box = el('section', 'group');
    box.appendChild(el('h2', '', g));
    for (const sec of Object.keys(groups[g])) {
      const sb = el('div', 'section');
      sb.appendChild(el('h3', '', sec));
      groups[g][sec].sort((a, b) => rank[a.status] - rank[b.status] || a.id.localeCompare(b.id));
      for (const k of groups[g][sec]) sb.appendChild(renderCheck(k));
      box.appendChild(sb);
    }
    matrix.appendChild(box);
  }

  // --- Filters: hide the checks that do not match, then the sections and documents left empty.
  const FILTERS = ['f-suite', 'f-level', 'f-status', 'f-text'];

  function applyFilters() {
    const suite = control('f-suite').value;
    const level = control('f-level').value;
    const status = control('f-status').value;
    const text = control('f-text').value.toLowerCase();
    let shown = 0;
    for (const d of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('details.check'))) {
      const ok =
        (!suite || d.dataset.suite === suite) &&
        (!level || d.dataset.level === level) &&
        (!status || d.dataset.status === status) &&
        (!text || (d.dataset.text ?? '').indexOf(text) >= 0);
      d.classList.toggle('hidden', !ok);
      if (ok) shown++;
    }
    for (const sb of document.querySelectorAll('.section')) sb.classList.toggle('hidden', !sb.querySelector('details.check:not(.hidden)'));
    for (const g of document.querySelectorAll('.group')) g.classList.toggle('hidden', !g.querySelector('details.check:not(.hidden)'));
    byId('f-count').textContent = `${shown} of ${R.checks.length} checks`;
  }

  for (const id of FILTERS) byId(id).addEventListener('input', applyFilters);
  applyFilters();

  // --- Spec coverage: per suite, which operations and webhooks the run exercised, and which statuses it saw.
  const coverage = byId('coverage');
  if (R.coverage) {
    coverage.appendChild(el('h2', '', 'Spec coverage'));
    /**
     * Whether an observed status is the documented key: equal, or in its range ("4XX").
     * @param {string} key
     * @param {number} status
     */
    const covers = (key, status) => {
      const k = String(key);
      return k === String(status) || (k.length === 3 && k.slice(1) === 'XX' && k[0] === String(status)[0]);
    };
    for (const s of Object.keys(R.coverage)) {
      const entries = R.coverage[s];
      const exercised = entries.filter((e) => e.exercised).length;
      coverage.appendChild(el('h3', '', `${s}: ${exercised} of ${entries.length} operations and webhooks exercised`));
      const t = el('table');
      const head = el('tr');
      for (const c of ['', 'kind', 'method', 'path or event', 'documented statuses', 'observed statuses', 'documented, never observed'])
        head.appendChild(el('th', '', c));
      t.appendChild(head);
      for (const e of entries) {
        const tr = el('tr');
        // A webhook has no status of its own to observe; "default" stands for any status.
        const missing = e.kind === 'webhook' ? [] : e.documentedStatuses.filter((k) => k !== 'default' && !e.observedStatuses.some((st) => covers(k, st)));
        add(
          tr,
          el('td', e.exercised ? 'ok' : 'bad', e.exercised ? '✓' : '✗'),
          el('td', '', e.kind),
          el('td', '', e.method),
          el('td', '', e.kind === 'webhook' ? e.name : `${e.path} (${e.name})`),
          el('td', '', e.documentedStatuses.join(', ')),
          el('td', '', e.observedStatuses.join(', ') || (e.kind === 'webhook' && e.exercised ? 'received' : '—')),
          el('td', missing.length ? 'warn' : '', missing.join(', ') || '—'),
        );
        t.appendChild(tr);
      }
      coverage.appendChild(t);
    }
  }
})();
