import { test, expect } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReference } from '../../reference/index.ts';
import { mutants, variations } from '../../reference/operator-api/mutants.ts';
import { mutantTests, scenarioChecksMissTest, variationTests } from './mutants.ts';
import { cleanup, failedIds, outcome, runCli } from './cli.ts';
import { SMOKE } from './tiers.ts';

/** Self-tests of the operator-api suite: the reference passes, every mutant is killed. */

test('operator-api: the bundled reference passes every check with --strict (no --target)', SMOKE, async () => {
  const r = await runCli(['run', 'operator-api', '--strict']);
  expect(failedIds(r), outcome(r)).toEqual([]);
  expect(r.results?.summary.skipped, outcome(r)).toBe(0);
  expect(r.results?.summary.warnings, outcome(r)).toBe(0);
  expect(r.code, outcome(r)).toBe(0);
  cleanup(r);
});

for (const profile of ['aimylogic', 'tovie']) {
  test(`operator-api: the reference passes with --profile ${profile}, which the report names`, async () => {
    const r = await runCli(['run', 'operator-api', '--strict', '--profile', profile, '--grep', 'setWebhook|sendText']);
    expect(r.code, outcome(r)).toBe(0);
    expect(r.results?.profile).toBe(profile);
    const sources = new Set(r.results?.checks.map((c) => c.source.document));
    expect([...sources].some((d) => d.startsWith(profile === 'aimylogic' ? '000_' : '001_'))).toBe(true);
    cleanup(r);
  });
}

mutantTests('operator-api', mutants);
variationTests('operator-api', variations);

scenarioChecksMissTest('operator-api', mutants, { atLeast: 10 });

test('operator-api: a driver whose chat view has no customData skips the customData check with that reason, never fails it', async () => {
  const ref = await startReference('operator-api');
  // The driver as an IUT without the additive field would serve it: the chat view without customData.
  const proxy = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(`${ref.driver}${req.url}`, {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
      body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
    });
    let body = await upstream.text();
    if (req.url?.startsWith('/operator/chat')) {
      const { customData: _dropped, ...rest } = JSON.parse(body) as Record<string, unknown>;
      body = JSON.stringify(rest);
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    const driver = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const r = await runCli(['run', 'operator-api', '--strict', '--target', ref.target, '--driver', driver, '--grep', 'selectDestination']);
    expect(r.code, outcome(r)).toBe(0);
    const checks = r.results!.checks;
    const custom = checks.find((c) => c.id === 'operator-api.selectDestination.custom-data-reaches-agent')!;
    expect(custom.status).toBe('skipped');
    expect(custom.message).toMatch(/no customData field/);
    expect(checks.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([custom.id]);
    cleanup(r);
  } finally {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await ref.close();
  }
});
