// @ts-check
/**
 * The `compare` page's script, inlined into the page by harness/report/compare-html.ts. It reads the
 * runs and the rows from the <script type="application/json" id="data"> element and builds one
 * table: a row per check id, a column per run, regressions highlighted, and two filters.
 *
 * Like index.html's script, it puts every string into the DOM through textContent, never innerHTML.
 * A classic script, not a module: one function expression, so nothing leaks into the page's globals.
 */
(() => {
  /** @typedef {import('../compare-html.ts').CompareData} CompareData */

  /**
   * One of the page's own elements (written in compare-html.ts).
   * @param {string} id
   */
  function byId(id) {
    const e = document.getElementById(id);
    if (!e) throw new Error(`the page has no #${id}`);
    return e;
  }

  /** @param {string} id */
  function checkbox(id) {
    return /** @type {HTMLInputElement} */ (byId(id));
  }

  /** @type {CompareData} */
  const D = JSON.parse(byId('data').textContent ?? '');

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

  // --- The header row: the check, its level, then one column per run.
  const table = byId('t');
  const head = el('tr');
  head.appendChild(el('th', '', 'check'));
  head.appendChild(el('th', '', 'level'));
  for (const r of D.runs) {
    const th = el('th');
    th.appendChild(el('div', '', r.label));
    th.appendChild(el('div', 'id', `${r.target}${r.profile ? ` · ${r.profile}` : ''} · v${r.version} · ${r.startedAt}`));
    const s = r.summary;
    th.appendChild(el('div', 'id', `${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped`));
    head.appendChild(th);
  }
  table.appendChild(head);

  /**
   * A status a later failure counts as a regression from.
   * @param {string} s
   */
  const good = (s) => s === 'passed' || s === 'warning';

  // --- One row per check. A status ends in `*` when the failure is listed in that run's baseline;
  // null is a check that did not run.
  for (const r of D.rows) {
    const tr = el('tr');
    const check = el('td');
    check.appendChild(el('div', '', r.title));
    check.appendChild(el('div', 'id', r.id));
    tr.appendChild(check);
    tr.appendChild(el('td', '', r.level));
    let regression = false;
    /** @type {Record<string, 1>} the statuses seen, null included */
    const distinct = {};
    r.statuses.forEach((s, i) => {
      const base = s ? s.replace('*', '') : null;
      distinct[String(s)] = 1;
      const td = el('td', base || '', s || '');
      const prev = i > 0 ? r.statuses[i - 1] : null;
      // A regression: good in the run to the left, failed here, and not a known (baseline) failure.
      if (prev && good(prev.replace('*', '')) && base === 'failed' && s !== null && s.indexOf('*') < 0) {
        td.classList.add('regressed');
        regression = true;
      }
      tr.appendChild(td);
    });
    if (regression) tr.classList.add('regression');
    tr.dataset.diff = Object.keys(distinct).length > 1 ? '1' : '0';
    tr.dataset.reg = regression ? '1' : '0';
    table.appendChild(tr);
  }

  // --- Filters: only rows whose statuses differ, only regressions (both: rows that are both).
  function apply() {
    const onlyDiff = checkbox('only-diff').checked;
    const onlyReg = checkbox('only-reg').checked;
    table.querySelectorAll('tr').forEach((tr, i) => {
      if (i === 0) return; // the header row
      tr.style.display = (onlyDiff && tr.dataset.diff !== '1') || (onlyReg && tr.dataset.reg !== '1') ? 'none' : '';
    });
  }

  checkbox('only-diff').addEventListener('change', apply);
  checkbox('only-reg').addEventListener('change', apply);
})();
