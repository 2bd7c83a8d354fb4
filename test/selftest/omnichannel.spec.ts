import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { mutants, variations } from '../../reference/omnichannel/mutants.ts';
import { startReference } from '../../reference/index.ts';
import { mutantTests, variationTests } from './mutants.ts';
import { cleanup, failedIds, outcome, runCli, type CliRun } from './cli.ts';

/** Self-tests of the omnichannel suite: the reference passes, every mutant is killed. */

const HEADER_CHECK = 'omnichannel.send_message.authorization-token';

test('omnichannel: the bundled reference passes every check with --strict (no --target)', async () => {
  const r = await runCli(['run', 'omnichannel', '--strict']);
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

test('omnichannel: with an explicit --client-token the bundled reference passes, and the token reaches no report', async () => {
  const clientToken = 'cc-selftest-client-token-5f0c2a9e71';
  const r = await runCli(['run', 'omnichannel', '--strict', '--client-token', clientToken]);
  expect(r.code, outcome(r)).toBe(0);
  expect(r.results?.checks.find((c) => c.id === HEADER_CHECK)?.status, outcome(r)).toBe('passed');
  expect(everything(r)).not.toContain(clientToken);
  cleanup(r);
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Without a driver the suite cannot set the channel's token itself: the channel is configured here,
 * as a user would in the settings window, with the receiver's URL and one client token. The header
 * check passes when --client-token names that token and fails when it names another, so it compares
 * the header with --client-token and nothing else.
 */
test('omnichannel: the header check compares Authorization with --client-token (a channel the user configured, no driver)', async () => {
  const configured = 'cc-selftest-configured-token-8d41b7';
  const ref = await startReference('omnichannel', { clientToken: configured });
  try {
    const port = await freePort();
    const set = await fetch(`${ref.driver}/omnichannel/channel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: ref.token, webhookUrl: `http://127.0.0.1:${port}`, webhookToken: configured, active: true }),
    });
    expect(set.status).toBe(200);
    const base = ['run', 'omnichannel', '--target', ref.target, '--token', ref.token!, '--receiver-port', String(port), '--strict', '--grep', 'send_message\\.(authorization-token|reaches-client-server)'];

    const right = await runCli([...base, '--client-token', configured]);
    expect(right.code, outcome(right)).toBe(0);
    expect(right.results?.checks.map((c) => [c.id, c.status]).sort(), outcome(right)).toEqual([
      [HEADER_CHECK, 'passed'],
      ['omnichannel.send_message.reaches-client-server', 'passed'],
    ]);
    const note = right.results?.checks.flatMap((c) => c.evidence).find((e) => e.kind === 'note');
    expect(JSON.stringify(note), 'the report says the suite could not configure the channel').toContain('No --driver');
    expect(everything(right)).not.toContain(configured);
    cleanup(right);

    const wrong = await runCli([...base, '--client-token', 'cc-selftest-other-token-0b9e3f']);
    expect(wrong.code, outcome(wrong)).toBe(1);
    expect(failedIds(wrong), outcome(wrong)).toEqual([HEADER_CHECK]);
    expect(everything(wrong)).not.toContain(configured);
    cleanup(wrong);
  } finally {
    await ref.close();
  }
});

mutantTests('omnichannel', mutants);
variationTests('omnichannel', variations);
