import { test, expect } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mutantProfile, mutants, variations } from '../../reference/operator-api-platform/mutants.ts';
import { startReference } from '../../reference/index.ts';
import type { StartedReference } from '../../reference/types.ts';
import { runPlaywright, toolVersion } from '../../harness/cli/run.ts';
import type { Profile, RunConfig } from '../../harness/config/run-config.ts';
import type { RunResults } from '../../harness/report/results.ts';
import { listChecks } from '../../scripts/list-checks.ts';
import { runBatch } from './batch.ts';
import { MUTANT_TIMEOUT_MS } from './mutant-timeout.ts';
import { cleanup, failedIds, outcome, runCli, tempReportDir } from './cli.ts';

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
/** Words of a message built from a missing or unprintable value. */
const GARBLE = /\bundefined\b|\[object Object\]|\bNaN\b/;

test('operator-api-platform: the bundled reference passes every check with --strict; under jaicp only the webhook form is skipped, with its reason', async () => {
  const token = 'platform-chat-token-5f0c2a9e71';
  const r = await runCli(['run', SUITE, '--strict', '--token', token]);
  expect(failedIds(r), outcome(r)).toEqual([]);
  expect(r.results?.summary.warnings, outcome(r)).toBe(0);
  const skipped = (r.results?.checks ?? []).filter((c) => c.status === 'skipped');
  expect(skipped.map((c) => c.id), outcome(r)).toEqual([FORM_CHECK]);
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
});

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

test('operator-api-platform: every mutant of the reference is killed by exactly its expected checks', async () => {
  test.setTimeout(900_000);
  for (const m of mutants) expect.soft(m.kills.length, `mutant ${m.id} lists no check that kills it`).toBeGreaterThan(0);
  const byProfile = new Map<Profile, typeof mutants>();
  for (const m of mutants) {
    const p = mutantProfile(m.id) ?? 'jaicp';
    byProfile.set(p, [...(byProfile.get(p) ?? []), m]);
  }
  for (const [profile, list] of byProfile) {
    const entries = list.map((m) => ({ label: m.id, options: { mutant: m.id } }));
    const { failed, results } =
      profile === 'jaicp'
        ? await runBatch(SUITE, entries, { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true })
        : await batchAt(profile, entries, { timeoutMs: Number(MUTANT_TIMEOUT_MS) });
    for (const m of list) expect.soft(failed.get(m.id), `mutant ${m.id} under --profile ${profile} (${m.breaks})`).toEqual([...m.kills].sort());
    // As test/selftest/mutants.ts: every failure a mutant provokes reads as a sentence.
    const garbled = results.checks.filter((c) => c.status === 'failed' && GARBLE.test(c.message ?? '')).map((c) => `${c.project}: ${c.id}: ${c.message}`);
    expect.soft(garbled, 'failure messages that print undefined, NaN or [object Object]').toEqual([]);
  }
});

test('operator-api-platform: every check is killed by some mutant', () => {
  const killed = new Set(mutants.flatMap((m) => m.kills));
  const ids = listChecks().filter((c) => c.suite === SUITE).map((c) => c.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.filter((id) => !killed.has(id)), 'checks no mutant proves able to fail').toEqual([]);
  const known = new Set(ids);
  expect([...killed].filter((id) => !known.has(id)), 'kills naming checks that do not exist').toEqual([]);
});

test('operator-api-platform: every conformant variation passes every check with --strict (the webhook form under aimylogic)', async () => {
  test.setTimeout(600_000);
  const entries = variations.map((v) => ({ label: v.id, options: { variation: v.id } }));
  const jaicp = await runBatch(SUITE, entries, { timeoutMs: 5000, strict: true });
  const aimylogic = await batchAt('aimylogic', entries, { timeoutMs: 5000, grep: 'url-documented-form' });
  for (const v of variations) {
    const left = (jaicp.notPassed.get(v.id) ?? []).filter((s) => !(s.startsWith(`${FORM_CHECK} (skipped: `) && JAICP_SKIP.test(s.slice(`${FORM_CHECK} (skipped: `.length))));
    expect.soft(left, `variation ${v.id} (${v.description})`).toEqual([]);
    expect.soft(aimylogic.notPassed.get(v.id), `variation ${v.id} under --profile aimylogic`).toEqual([]);
    expect.soft(aimylogic.passed.get(v.id), `variation ${v.id} under --profile aimylogic`).toEqual([FORM_CHECK]);
  }
});

/**
 * test/selftest/batch.ts's runBatch under another profile, and optionally a --grep: one runner, one
 * project per reference variant. (runBatch itself always runs the default profile.)
 */
async function batchAt(
  profile: Profile,
  entries: Array<{ label: string; options: { mutant?: string; variation?: string } }>,
  opts: { timeoutMs: number; grep?: string },
): Promise<{ results: RunResults; failed: Map<string, string[]>; notPassed: Map<string, string[]>; passed: Map<string, string[]> }> {
  const refs: StartedReference[] = [];
  try {
    const targets: RunConfig['targets'] = {};
    for (const e of entries) {
      const ref = await startReference(SUITE, e.options);
      refs.push(ref);
      targets[`${SUITE}@${e.label}`] = { target: ref.target, driver: ref.driver, token: ref.token, clientToken: ref.clientToken, reference: true };
    }
    const reportDir = tempReportDir(`batch-${SUITE}-${profile}`);
    await runPlaywright(
      {
        suites: [SUITE],
        targets,
        projects: entries.map((e) => ({ name: `${SUITE}@${e.label}`, suite: SUITE })),
        workers: 3,
        targetLabel: null,
        profile,
        strict: true,
        timeoutMs: opts.timeoutMs,
        receiverHost: '127.0.0.1',
        receiverPort: 0,
        receiverUrl: null,
        receiverBodyLimit: 1024 * 1024,
        responseBodyLimit: 8 * 1024 * 1024,
        grep: opts.grep ?? null,
        expectations: null,
        complete: true,
        reportDir,
        startedAt: new Date().toISOString(),
        toolVersion: toolVersion(),
      },
      undefined,
      true,
    );
    const file = path.join(reportDir, 'results.json');
    if (!existsSync(file)) throw new Error(`the batch run of ${SUITE} under ${profile} wrote no results`);
    const results = JSON.parse(readFileSync(file, 'utf8')) as RunResults;
    if (results.harnessErrors?.length) throw new Error(`harness errors in the batch run of ${SUITE}: ${results.harnessErrors.join('; ')}`);
    const out = { failed: new Map<string, string[]>(), notPassed: new Map<string, string[]>(), passed: new Map<string, string[]>() };
    for (const e of entries) for (const m of Object.values(out)) m.set(e.label, []);
    for (const c of results.checks) {
      const label = (c.project ?? '').split('@')[1];
      if (c.status === 'failed') out.failed.get(label)?.push(c.id);
      if (c.status === 'passed') out.passed.get(label)?.push(c.id);
      else out.notPassed.get(label)?.push(`${c.id} (${c.status}: ${c.message})`);
    }
    for (const m of Object.values(out)) for (const list of m.values()) list.sort();
    return { results, ...out };
  } finally {
    await Promise.allSettled(refs.map((r) => r.close()));
  }
}
