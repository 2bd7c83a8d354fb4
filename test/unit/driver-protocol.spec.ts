import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUITE_IDS, type SuiteId } from '../../harness/config/run-config.ts';
import { DRIVER_PROTOCOL, OBSERVABLE, endpointsOf, signature } from '../../harness/driver/protocol.ts';
import { promptFor } from '../../harness/driver/manual-bridge.ts';
import { driverEndpointLines } from '../../harness/cli/serve.ts';
import { driverSpecEndpoints } from '../../harness/validation/driver-spec.ts';
import { startReference } from '../../reference/index.ts';

/**
 * The driver protocol is one list (issue 11 item 5, issue 13 item 3): specs/driver.yaml, the code
 * table of harness/driver/protocol.ts (from which serve's list, the manual prompts and the
 * observable list are made), the README's driver table, the other-side suites' README tables, and
 * the routes every reference's driver serves.
 */
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const table = DRIVER_PROTOCOL.map((e) => ({
  method: e.method,
  path: e.path,
  suites: [...e.suites],
  query: e.query,
  additive: !!e.additive,
  manual: e.manual ? (e.manual.observable ? 'observable' : 'confirmed') : undefined,
}));

test('specs/driver.yaml and the code table list the same endpoints, suites, queries and manual modes', () => {
  const spec = driverSpecEndpoints().map((e) => ({
    method: e.method,
    path: e.path,
    suites: e.suites,
    query: e.query[0],
    additive: e.additive,
    manual: e.manual,
  }));
  expect(spec).toEqual(table);
  // Every read answers a body with a schema; every action has none to validate.
  for (const e of driverSpecEndpoints()) expect(!!e.answerSchema, `${e.method} ${e.path}`).toBe(e.method === 'GET');
});

/** `METHOD path` pairs from the backticked first words of a Markdown table's cells. */
function tableRows(markdown: string, withSuite: boolean): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  let suite = '';
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const cell = cells.find((c) => /^`(GET|POST) /.test(c));
    if (!cell) continue;
    if (withSuite && cells[1] !== '') suite = cells[1];
    const m = /^`(GET|POST) (?:\{driver\}\/)?([a-z-]+\/[a-z-]+)/.exec(cell)!;
    rows.push([suite, `${m[1]} ${m[2]}`]);
  }
  return rows;
}

test("the README's driver table has exactly the rows of the public suites", () => {
  const readme = readFileSync(root('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### The driver protocol'), readme.indexOf('\n## ', readme.indexOf('### The driver protocol')));
  const want = (['operator-api', 'chat-api', 'omnichannel'] as SuiteId[]).flatMap((s) =>
    endpointsOf(s).map((e): [string, string] => [s, `${e.method} ${e.path}`]),
  );
  expect(tableRows(section, true)).toEqual(want);
});

test("the other-side suites' READMEs list exactly their additive rows", () => {
  for (const suite of ['operator-api-platform', 'omnichannel-client'] as const) {
    const text = readFileSync(root(`suites/${suite}/README.md`), 'utf8');
    const section = text.slice(text.indexOf('## Driver endpoints'));
    const own = endpointsOf(suite)
      .filter((e) => e.additive)
      .map((e) => `${e.method} ${e.path}`);
    expect(
      tableRows(section.slice(0, section.indexOf('\n## ', 5)), false).map(([, r]) => r),
      suite,
    ).toEqual(own);
  }
});

test("serve's list, the manual prompts and the observable list come from the table", () => {
  expect(driverEndpointLines('operator-api')).toContain('GET operator/chat?userId=ID');
  expect(driverEndpointLines('omnichannel')).toEqual(['POST omnichannel/channel', 'GET omnichannel/inbox?chat_id=ID', 'POST omnichannel/agent-message']);
  for (const s of SUITE_IDS) expect(driverEndpointLines(s)).toEqual(endpointsOf(s).map(signature));
  for (const e of DRIVER_PROTOCOL) {
    const prompt = promptFor(e.path, { userId: 'u', text: 't', url: 'http://x', clientId: 'c', chat_id: 1 });
    expect(prompt !== undefined, e.path).toBe(e.method === 'POST' && e.manual !== undefined);
    expect(OBSERVABLE.has(e.path), e.path).toBe(e.manual?.observable === true);
  }
});

for (const suite of SUITE_IDS) {
  test(`the ${suite} reference's driver serves exactly its rows`, async () => {
    const ref = await startReference(suite, {});
    try {
      const served: string[] = [];
      for (const e of DRIVER_PROTOCOL) {
        // An empty body or no query: refused with 4xx, no side effect; only a 404 means "not served".
        const res = await fetch(
          `${ref.driver}/${e.path}`,
          e.method === 'POST' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' } : {},
        );
        await res.arrayBuffer();
        if (res.status !== 404) served.push(`${e.method} ${e.path}`);
      }
      expect(served).toEqual(endpointsOf(suite).map((e) => `${e.method} ${e.path}`));
    } finally {
      await ref.close();
    }
  });
}
