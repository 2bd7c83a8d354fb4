/**
 * The proof that the suite has teeth: each mutant of a reference breaks one rule, and the suite run
 * against it (strict, so SHOULD checks count) must fail exactly the checks its catalogue entry
 * names — not fewer (a check that cannot fail), not more (a check that fails for the wrong reason).
 * Each conformant variation must pass everything, strict, with nothing skipped.
 *
 * Both run as batches (harness/runner/batch.ts: one runner, a few workers each running the suite
 * against many references in turn) to keep the self-tests inside their budget on two cores; the CLI's own path (--target, --driver, exit codes) is proven by cli.spec.ts,
 * reports.spec.ts, hostile.spec.ts and the reference runs of each suite's self-test.
 * @module
 */

import { test, expect } from '@playwright/test';
import type { MutantSpec, SuiteId, VariationSpec } from '../../reference/types.ts';
import { listChecks } from '../../scripts/list-checks.ts';
import { MUTANT_TIMEOUT_MS } from './mutant-timeout.ts';
import { runBatch } from '../../harness/runner/batch.ts';
import { BARE_NULL, GARBLE } from '../../harness/checks/ensure.ts';
import type { CheckResult } from '../../harness/report/results.ts';
import { CATALOGUE, SMOKE } from './tiers.ts';
import { GREP_SCENARIOS_ONLY, isGeneratedCheck } from '../../harness/generated/check-ids.ts';

/**
 * Why a failure does not explain itself, or undefined when it does. The message (with what the
 * reporters show as received) must read as a sentence: no word printed from a missing or unprintable
 * value (GARBLE; the IUT's own text a message quotes is not the suite's words), no bare `null` standing
 * for a missing value. And a failure decided on an HTTP answer
 * shows that answer's status and body. Which failure that is comes from the check's recorded evidence,
 * not from its wording: the check's last evidence is an exchange with the IUT that got an answer, and
 * that answer was not a 2xx (a 2xx decided on its content names the content that broke the rule: a
 * located schema error, a value) — or the message itself cites a status ("answered 404"), which is
 * then the answer it is about.
 */
export function unexplained(c: CheckResult): string | undefined {
  const said = `${c.message ?? ''}\n${c.received ?? ''}`;
  if (GARBLE.test(ownWords(c.message ?? ''))) return 'prints undefined, NaN or [object Object]';
  if (GARBLE.test(c.received ?? '')) return 'shows undefined, NaN or [object Object] as received';
  if (BARE_NULL.test(c.message ?? '') || c.received === 'null') return 'prints a bare null for a missing value';
  // The answer a failure is about: the one whose status the message cites ("answered 404"; a check
  // that judges several answers cites the one that broke the rule), else the check's last evidence.
  // Among several answers with the cited status, the one whose body the message shows is the one.
  const citedStatus = /\banswered (\d{3})\b/.exec(c.message ?? '')?.[1];
  const withStatus = citedStatus ? c.evidence.filter((e) => e.kind === 'exchange' && e.channel === 'iut' && e.response?.status === Number(citedStatus)) : [];
  const cited = withStatus.find((e) => e.kind === 'exchange' && e.response && bodyShown(e.response.body ?? '', said)) ?? withStatus.at(-1);
  const last = cited ?? c.evidence.at(-1);
  if (last?.kind !== 'exchange' || last.channel !== 'iut' || !last.response) return undefined;
  const { status, body = '' } = last.response;
  if (status >= 200 && status < 300 && !cited) return undefined;
  if (!new RegExp(`\\b${status}\\b`).test(said)) return `does not show the status ${status} of the answer it judged`;
  return bodyShown(body, said) ? undefined : `does not show the body of the ${status} answer it judged`;
}

/**
 * A message without the IUT's own text it quotes: a body or value shown as a JSON string (snippet,
 * describe) is what the IUT sent, word for word — "Cannot read properties of undefined" in a 500's
 * body is the IUT's sentence, not one the suite garbled.
 */
function ownWords(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
}

/** Does the text show the body: its start, as written or as a JSON string quotes it, or "an empty body"? */
function bodyShown(body: string, said: string): boolean {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return /an empty body/.test(said);
  const head = oneLine.slice(0, 24);
  return said.includes(head) || said.includes(JSON.stringify(head).slice(1, -1)) || said.replace(/\s+/g, '').includes(head.replace(/\s+/g, ''));
}

/** Every failed check's message, as the mutants provoke it, that does not explain itself (see unexplained), with why. */
export function unexplainedFailures(checks: readonly CheckResult[]): string[] {
  return checks
    .filter((c) => c.status === 'failed')
    .flatMap((c) => {
      const why = unexplained(c);
      return why ? [`${c.project}: ${c.id} ${why}: ${c.message}`] : [];
    });
}

export function mutantTests(suite: SuiteId, mutants: MutantSpec[]): void {
  test(`${suite}: every mutant of the reference is killed by exactly its expected checks`, CATALOGUE, async () => {
    test.setTimeout(900_000);
    for (const m of mutants) expect.soft(m.kills.length, `mutant ${m.id} lists no check that kills it`).toBeGreaterThan(0);
    const { failed, results } = await runBatch(
      suite,
      mutants.map((m) => ({ label: m.id, options: { mutant: m.id } })),
      { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true },
    );
    for (const m of mutants) {
      expect.soft(failed.get(m.id), `mutant ${m.id} (${m.breaks})`).toEqual([...m.kills].sort());
    }
    expect.soft(unexplainedFailures(results.checks), 'failure messages that do not explain themselves').toEqual([]);
  });

  test(`${suite}: every check is killed by some mutant`, SMOKE, () => {
    const killed = new Set(mutants.flatMap((m) => m.kills));
    const ids = listChecks()
      .filter((c) => c.suite === suite)
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
}

export function variationTests(suite: SuiteId, variations: VariationSpec[]): void {
  test(`${suite}: every conformant variation passes every check with --strict`, CATALOGUE, async () => {
    test.setTimeout(600_000);
    const { notPassed } = await runBatch(
      suite,
      variations.map((v) => ({ label: v.id, options: { variation: v.id } })),
      { timeoutMs: 5000, strict: true },
    );
    for (const v of variations) expect.soft(notPassed.get(v.id), `variation ${v.id} (${v.description})`).toEqual([]);
  });
}

/**
 * The mutants made for the generated checks (every check that kills them is generated): mutantTests
 * proves the generated checks kill each within the default seed and budget; this runs the same
 * mutants with the generated checks left out, and every scenario check must pass against each.
 */
export function scenarioChecksMissTest(suite: SuiteId, mutants: MutantSpec[], expected: { ids?: string[]; atLeast?: number }): void {
  test(`${suite}: the mutants made for the generated checks are killed by them only; the scenario checks alone kill none`, CATALOGUE, async () => {
    test.setTimeout(600_000);
    const hidden = mutants.filter((m) => m.kills.every(isGeneratedCheck));
    if (expected.ids) expect(hidden.map((m) => m.id).sort()).toEqual([...expected.ids].sort());
    expect(hidden.length).toBeGreaterThanOrEqual(expected.atLeast ?? 1);
    const { failed, passed } = await runBatch(
      suite,
      hidden.map((m) => ({ label: m.id, options: { mutant: m.id } })),
      { timeoutMs: Number(MUTANT_TIMEOUT_MS), strict: true, grep: GREP_SCENARIOS_ONLY },
    );
    for (const m of hidden) {
      expect.soft(failed.get(m.id), `mutant ${m.id} (${m.breaks}) under the scenario checks alone`).toEqual([]);
      expect.soft(passed.get(m.id)?.length ?? 0, `the scenario checks ran against ${m.id}`).toBeGreaterThan(40);
      expect.soft(passed.get(m.id)?.filter(isGeneratedCheck), 'no generated check ran').toEqual([]);
    }
  });
}
