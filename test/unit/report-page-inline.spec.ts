import { test, expect } from '@playwright/test';
import { inlineJson, pageAsset } from '../../harness/report/page/inline.ts';

/** What the report pages inline: the page files as they are, and JSON that no payload can break out of. */

test('every page file is inlinable as it is (no </script, <!-- or </style inside)', () => {
  for (const name of ['report-page.js', 'compare-page.js', 'report.css', 'compare.css']) {
    const text = pageAsset(name);
    expect(text.length, name).toBeGreaterThan(100);
    expect(pageAsset(name), `${name} read once and kept`).toBe(text);
  }
});

const payloads: Array<[string, unknown]> = [
  ['a closing script tag', { m: '</script><script>alert(1)</script>' }],
  ['a comment opener', { m: '<!-- x' }],
  ['line and paragraph separators', { m: 'a\u2028b\u2029c' }],
  ['nested values', { list: ['<b>', { deep: '</SCRIPT>' }] }],
];

for (const [what, value] of payloads) {
  test(`inlineJson: ${what} round-trips and leaves no "<" or raw separator in the page`, () => {
    const out = inlineJson(value);
    expect(out).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
  });
}
