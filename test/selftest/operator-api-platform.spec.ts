import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mutantProfile, mutants, variations } from '../../reference/operator-api-platform/mutants.ts';
import type { Profile } from '../../harness/config/run-config.ts';
import { listChecks } from '../../scripts/list-checks.ts';
import { runBatch } from '../../harness/runner/batch.ts';
import { MUTANT_TIMEOUT_MS } from './mutant-timeout.ts';
import { unexplainedFailures } from './mutants.ts';
import { cleanup, failedIds, outcome, runCli } from './cli.ts';
import { CATALOGUE, SMOKE } from './tiers.ts';

/**
 * Self-tests of the operator-api-platform suite: the reference passes, every mutant is killed, every
 * variation passes.
 *
 * One check depends on the profile: the webhook URL's documented form is only shown by the Aimylogic
 * and Tovie pages, so `setWebhook.url-documented-form` is skipped, with its reason, under the default
 * profile (jaicp) and runs under the other two (reading op-platform-webhook-form). So the reference
 * and the variations are run under jaicp (that one skip, nothing else) and under aimylogic (no skip),
 * and a mutant whose kills hold under another profile (`mutantProfile`) is run under that profile.
 */
const SUITE = 'operator-api-platform';
const FORM_CHECK = `${SUITE}.setWebhook.url-documented-form`;
const JAICP_SKIP = /^not checked under --profile jaicp: .*op-platform-webhook-form/;

test(
  'operator-api-platform: the bundled reference passes every check with --strict; under jaicp only the webhook form is skipped, with its reason',
  SMOKE,
  async () => {
    const token = 'platform-chat-token-5f0c2a9e71';
    const r = await runCli(['run', SUITE, '--strict', '--token', token]);
    expect(failedIds(r), outcome(r)).toEqual([]);
    expect(r.results?.summary.warnings, outcome(r)).toBe(0);
    const skipped = (r.results?.checks ?? []).filter((c) => c.status === 'skipped');
    expect(
      skipped.map((c) => c.id),
      outcome(r),
    ).toEqual([FORM_CHECK]);
    expect(skipped[0]!.message).toMatch(JAICP_SKIP);
    expect(r.code, outcome(r)).toBe(0);
    // The webhook's apiKey and the Chat API token are secrets: only their placeholders reach the reports.
    const results = JSON.stringify(r.results);
    expect(results).toContain('/chatapi/webhook/operatorapi/$API_KEY');
    expect(results).toContain('/chatapi/$TOKEN');
    for (const f of ['results.json', 'junit.xml', 'index.html']) {
      const text = readFileSync(path.join(r.reportDir, f), 'utf8');
      expect(text, f).not.toContain(token);
      expect(text, f).not.toMatch(/\/operatorapi\/[0-9a-f]{32}/);
    }
    cleanup(r);
  },
);

test('operator-api-platform: under --profile aimylogic every check runs and passes with --strict', async () => {
  const r = await runCli(['run', SUITE, '--strict', '--profile', 'aimylogic', '--token', 'platform-chat-token-aimylogic']);
  expect(failedIds(r), outcome(r)).toEqual([]);
  expect(r.results?.summary.skipped, outcome(r)).toBe(0);
  expect(r.results?.summary.warnings, outcome(r)).toBe(0);
  expect(r.results?.profile).toBe('aimylogic');
  expect(r.results?.checks.find((c) => c.id === FORM_CHECK)?.status).toBe('passed');
  expect(r.code, outcome(r)).toBe(0);
  cleanup(r);
});

test('operator-api-platform: every mutant of the reference is killed by exactly its expected checks', CATALOGUE, async () => {
  test.setTimeout(900_000);
  for (const m of mutants) expect.soft(m.kills.length, `mutant ${m.id} lists no check that kills it`).toBeGreaterThan(0);
  const byProfile = new Map<Profile, typeof mutants>();
  for (const m of mutants) {
    const p = mutantProfile(m.id) ?? 'jaicp';
    byProfile.set(p, [...(byProfile.get(p) ?? []), m]);
  }
  for (const [profile, list] of byProfile) {
    const entries = list.map((m) => ({ label: m.id, options: { mutant: m.id } }));
    const { failed, results } = await runBatch(SUITE, entries, { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true, profile });
    for (const m of list) expect.soft(failed.get(m.id), `mutant ${m.id} under --profile ${profile} (${m.breaks})`).toEqual([...m.kills].sort());
    // As test/selftest/mutants.ts: every failure a mutant provokes explains itself.
    expect.soft(unexplainedFailures(results.checks), 'failure messages that do not explain themselves').toEqual([]);
  }
});

test('operator-api-platform: every check is killed by some mutant', SMOKE, () => {
  const killed = new Set(mutants.flatMap((m) => m.kills));
  const ids = listChecks()
    .filter((c) => c.suite === SUITE)
    .map((c) => c.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(
    ids.filter((id) => !killed.has(id)),
    'checks no mutant proves able to fail',
  ).toEqual([]);
  const known = new Set(ids);
  expect(
    [...killed].filter((id) => !known.has(id)),
    'kills naming checks that do not exist',
  ).toEqual([]);
});

test('operator-api-platform: every conformant variation passes every check with --strict (the webhook form under aimylogic)', CATALOGUE, async () => {
  test.setTimeout(600_000);
  const entries = variations.map((v) => ({ label: v.id, options: { variation: v.id } }));
  const jaicp = await runBatch(SUITE, entries, { timeoutMs: 5000, strict: true });
  const aimylogic = await runBatch(SUITE, entries, { timeoutMs: 5000, strict: true, profile: 'aimylogic', grep: 'url-documented-form' });
  for (const v of variations) {
    const left = (jaicp.notPassed.get(v.id) ?? []).filter(
      (s) => !(s.startsWith(`${FORM_CHECK} (skipped: `) && JAICP_SKIP.test(s.slice(`${FORM_CHECK} (skipped: `.length))),
    );
    expect.soft(left, `variation ${v.id} (${v.description})`).toEqual([]);
    expect.soft(aimylogic.notPassed.get(v.id), `variation ${v.id} under --profile aimylogic`).toEqual([]);
    expect.soft(aimylogic.passed.get(v.id), `variation ${v.id} under --profile aimylogic`).toEqual([FORM_CHECK]);
  }
});
