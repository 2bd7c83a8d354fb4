import { test, expect } from '@playwright/test';
import { listChecks } from '../../scripts/list-checks.ts';
import { GREP_GENERATED_ONLY, GREP_SCENARIOS_ONLY, isGeneratedCheck } from '../../harness/generated/check-ids.ts';

/**
 * The generated checks are told apart by id in one place (harness/generated/check-ids.ts); the two
 * `--grep` patterns must split the whole catalogue exactly as that test does, as Playwright applies
 * them: to "project file title", where the title starts with the id (and in a self-test's lane ends
 * with `[<variant>]`).
 */

const checks = listChecks();

test('the catalogue has generated and scenario checks, and the generated ones come from properties and stateful files', () => {
  const generated = checks.filter((c) => isGeneratedCheck(c.id));
  expect(generated.length).toBeGreaterThan(30);
  expect(checks.length - generated.length).toBeGreaterThan(200);
  for (const c of generated) expect(c.id, c.id).toMatch(/\.(generated-|stateful\.)/);
});

test('the generated-only and scenarios-only greps split every check as isGeneratedCheck does', () => {
  const only = new RegExp(GREP_GENERATED_ONLY);
  const scenarios = new RegExp(GREP_SCENARIOS_ONLY);
  const wrong: string[] = [];
  for (const c of checks) {
    for (const line of [
      `${c.suite} suites/${c.suite}/x.spec.ts ${c.id} ${c.title}`,
      `${c.suite}@lane-1 suites/${c.suite}/x.spec.ts ${c.id} ${c.title} [some-mutant]`,
    ]) {
      if (only.test(line) !== isGeneratedCheck(c.id)) wrong.push(`generated-only grep on ${c.id}`);
      if (scenarios.test(line) === isGeneratedCheck(c.id)) wrong.push(`scenarios-only grep on ${c.id}`);
    }
  }
  expect(wrong).toEqual([]);
});

test('ids that only look generated are not', () => {
  for (const id of ['operator-api.sendText.generated', 'chat-api.stateful', 'omnichannel.visitor.not-generated-x', 'x.generated-a']) {
    expect(isGeneratedCheck(id), id).toBe(false);
  }
  expect(isGeneratedCheck('operator-api.sendText.generated-valid-not-5xx')).toBe(true);
  expect(isGeneratedCheck('chat-api.stateful.history-lists-answered')).toBe(true);
});
