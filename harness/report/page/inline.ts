/**
 * The report pages' scripts and styles (the .js and .css files beside this one), read once and
 * inlined by html.ts and compare-html.ts so that each page stays one self-contained file.
 *
 * They are read relative to this module, so the same code finds them in a clone (harness/report/page/)
 * and in the published package (dist/harness/report/page/, copied there by scripts/build-dist.ts).
 * @module
 */

import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

/**
 * A file's text, checked to be safe to inline: inside a <script> element the HTML parser ends the
 * element at the first `</script` (and `<!--` changes how it looks for it), and a <style> element
 * ends at the first `</style`. Such text in a page file is a bug, so it fails loudly here instead
 * of producing a page that breaks in the browser.
 */
export function pageAsset(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const text = readFileSync(new URL(name, import.meta.url), 'utf8');
  const closer = name.endsWith('.css') ? /<\/style/i : /<\/script|<!--/i;
  const hit = closer.exec(text);
  if (hit) throw new Error(`harness/report/page/${name} cannot be inlined: it contains "${hit[0]}"`);
  cache.set(name, text);
  return text;
}

/**
 * A value as JSON for a <script type="application/json"> element: every `<` escaped, so no payload
 * can close the element or open a comment, and U+2028/U+2029 escaped, which older parsers took for
 * line ends.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
