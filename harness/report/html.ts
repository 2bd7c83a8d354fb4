/**
 * index.html: one self-contained file (no network, no external assets) that opens from disk.
 *
 * Captured payloads are untrusted. The results travel as JSON inside a
 * <script type="application/json"> element with every `<` escaped, and the page builds the DOM
 * with textContent only: nothing from a payload is ever parsed as HTML, so `<script>` or
 * `<img onerror>` in an event shows as text.
 *
 * The page's script and styles are real source files, page/report-page.js and page/report.css,
 * inlined here as they are.
 * @module
 */

import { inlineJson, pageAsset } from './page/inline.ts';
import type { RunResults } from './results.ts';

/** index.html of a run, as one self-contained page. */
export function renderHtml(r: RunResults): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>channel-conformance report</title>
<style>
${pageAsset('report.css')}</style>
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
<script type="application/json" id="results">${inlineJson(r)}</script>
<script>
${pageAsset('report-page.js')}</script>
</body>
</html>
`;
}
