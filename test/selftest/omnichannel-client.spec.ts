import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { mutants, variations } from '../../reference/omnichannel-client/mutants.ts';
import { startReference } from '../../reference/index.ts';
import { mutantTests, variationTests } from './mutants.ts';
import { cleanup, failedIds, outcome, runCli, type CliRun } from './cli.ts';
import { SMOKE } from './tiers.ts';

/** Self-tests of the omnichannel-client suite: the reference passes, every mutant is killed. */

const AUTH_CHECKS = [
  'omnichannel-client.send_message.missing-authorization-refused',
  'omnichannel-client.send_message.wrong-token-not-delivered',
  'omnichannel-client.send_message.wrong-token-refused',
];

test('omnichannel-client: the bundled reference passes every check with --strict (no --target)', SMOKE, async () => {
  const r = await runCli(['run', 'omnichannel-client', '--strict']);
  expect(failedIds(r), outcome(r)).toEqual([]);
  expect(r.results?.summary.skipped, outcome(r)).toBe(0);
  expect(r.results?.summary.warnings, outcome(r)).toBe(0);
  expect(r.code, outcome(r)).toBe(0);
  cleanup(r);
});

/** Everything a run wrote or printed, for "the secret appears nowhere". */
function everything(r: CliRun): string {
  const files = readdirSync(r.reportDir).filter((f) => !f.startsWith('.'));
  return [r.stdout, r.stderr, ...files.map((f) => readFileSync(path.join(r.reportDir, f), 'utf8'))].join('\n');
}

test('omnichannel-client: with an explicit --token and --client-token the reference passes, and neither reaches a report', async () => {
  const token = 'cc-selftest-inbound-token-3a7f19c2d4';
  const clientToken = 'cc-selftest-client-token-b81e6d0f95';
  const r = await runCli(['run', 'omnichannel-client', '--strict', '--token', token, '--client-token', clientToken]);
  expect(r.code, outcome(r)).toBe(0);
  expect(r.results?.summary.passed, outcome(r)).toBe(r.results?.summary.total);
  const all = everything(r);
  expect(all).not.toContain(token);
  expect(all).not.toContain(clientToken);
  cleanup(r);
});

test('omnichannel-client: without a driver, the checks that need a visitor are skipped and the rest pass', async () => {
  const ref = await startReference('omnichannel-client');
  try {
    const r = await runCli(['run', 'omnichannel-client', '--target', ref.target, '--client-token', ref.clientToken!, '--strict']);
    expect(r.code, outcome(r)).toBe(0);
    const ran = (r.results?.checks ?? [])
      .filter((c) => c.status !== 'skipped')
      .map((c) => c.id)
      .sort();
    expect(ran, outcome(r)).toEqual([
      'omnichannel-client.send_message.missing-authorization-refused',
      'omnichannel-client.send_message.missing-chat-id-refused',
      'omnichannel-client.send_message.missing-message-refused',
      'omnichannel-client.send_message.wrong-token-refused',
    ]);
    const reasons = new Set((r.results?.checks ?? []).filter((c) => c.status === 'skipped').map((c) => c.message));
    expect([...reasons], outcome(r)).toEqual([expect.stringContaining('needs a driver')]);
    cleanup(r);
  } finally {
    await ref.close();
  }
});

test('omnichannel-client: without --client-token (unique-URL authorization) the header checks are skipped with the reason', async () => {
  const ref = await startReference('omnichannel-client');
  try {
    const r = await runCli([
      'run',
      'omnichannel-client',
      '--target',
      ref.target,
      '--driver',
      ref.driver,
      '--strict',
      '--grep',
      'wrong-token|missing-authorization',
    ]);
    expect(r.code, outcome(r)).toBe(0);
    const skipped = (r.results?.checks ?? []).map((c) => [c.id, c.status, c.message]).sort();
    expect(skipped, outcome(r)).toEqual(AUTH_CHECKS.map((id) => [id, 'skipped', expect.stringContaining('authorizes send_message by unique URL')]));
    cleanup(r);
  } finally {
    await ref.close();
  }
});

mutantTests('omnichannel-client', mutants);
variationTests('omnichannel-client', variations);
