import { test, expect } from '@playwright/test';
import { startHostile, type Pathology } from '../hostile/servers.ts';
import { cleanup, outcome, runCli } from './cli.ts';

/**
 * A run against a server that misbehaves on one method stays bounded (issue 14): once a method has
 * failed pathologically on a well-formed request, later checks that need it fail at once, naming the
 * check that saw it, and the method is not called again; checks that do not need it still run. The
 * bound is proven by counting requests, never by timing (tests must not depend on the machine's
 * speed): the struck method receives at most one well-formed request. `npm run bench` prints the
 * wall time of such a run beside a healthy one.
 *
 * selectDestination is struck because most operator-api checks need a transfer first.
 */
const TIMEOUT_MS = 1000;
const RUN_BOUND_MS = 150_000;

const FAILURE: Partial<Record<Pathology, string>> = {
  hang: `did not answer in 1 s`,
  trickle: `did not answer in 1 s`,
  reset: 'had its connection reset',
  'huge-body': 'answered a body over the size cap',
};

/** A selectDestination body the spec calls valid: a JSON object with string userId and destinationId. */
function wellFormed(body: string): boolean {
  try {
    const b = JSON.parse(body) as Record<string, unknown>;
    return typeof b.userId === 'string' && typeof b.destinationId === 'string';
  } catch {
    return false;
  }
}

test.describe.configure({ mode: 'parallel' });

for (const [pathology, says] of Object.entries(FAILURE) as Array<[Pathology, string]>) {
  test(`bounded run: selectDestination ${pathology} is met once, then every check needing it fails at once`, async () => {
    test.setTimeout(RUN_BOUND_MS + 30_000);
    const h = await startHostile(pathology, 'selectDestination');
    try {
      const r = await runCli(['run', 'operator-api', '--target', h.target, '--driver', h.driver, '--timeout', String(TIMEOUT_MS)], { timeoutMs: RUN_BOUND_MS });
      expect(r.code, outcome(r)).toBe(1);
      const valid = h.struckBodies().filter(wellFormed);
      expect(valid.length, `well-formed selectDestination requests sent (${h.struck()} in all)`).toBe(1);
      const checks = r.results!.checks;
      const notRetried = checks.filter((c) => /; not retried$/.test(c.message ?? ''));
      expect(notRetried.length, `checks failed at once\n${outcome(r)}`).toBeGreaterThanOrEqual(3);
      for (const c of notRetried) {
        expect(c.message, c.id).toMatch(new RegExp(`selectDestination ${says} in operator-api\\.[\\w.-]+; not retried$`));
        expect(c.status, c.id).not.toBe('passed');
      }
      // Checks that never transfer a client still ran and passed.
      expect(checks.filter((c) => c.status === 'passed').map((c) => c.id)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^operator-api\.getDestinations\./)]),
      );
      expect(
        checks.filter((c) => c.outcome === 'error').map((c) => `${c.id}: ${c.message}`),
        'no harness errors',
      ).toEqual([]);
      cleanup(r);
    } finally {
      await h.close();
    }
  });
}

test('bounded run: events posted form-encoded fail each waiting check at once, naming what arrived', async () => {
  test.setTimeout(RUN_BOUND_MS + 30_000);
  const h = await startHostile('form-events');
  try {
    const r = await runCli(['run', 'operator-api', '--target', h.target, '--driver', h.driver, '--timeout', String(TIMEOUT_MS)], { timeoutMs: RUN_BOUND_MS });
    expect(r.code, outcome(r)).toBe(1);
    const checks = r.results!.checks;
    const formEncoded = checks.filter((c) =>
      /a delivery arrived (\d+ ms after the action )?on \S+ but is application\/x-www-form-urlencoded, not JSON/.test(c.message ?? ''),
    );
    expect(formEncoded.length, outcome(r)).toBeGreaterThanOrEqual(3);
    // None of the checks waited out the budget (the message would then say "did not arrive within"),
    // the stateful run's deliveries check included: it too fails at the first delivery that is not JSON.
    expect(checks.filter((c) => /did not arrive within/.test(c.message ?? '')).map((c) => c.id)).toEqual([]);
    expect(checks.find((c) => c.id === 'operator-api.stateful.deliveries')?.message ?? '', outcome(r)).toMatch(
      /the IUT posted an event that is application\/x-www-form-urlencoded, not JSON/,
    );
    expect(
      checks.filter((c) => c.outcome === 'error').map((c) => `${c.id}: ${c.message}`),
      'no harness errors',
    ).toEqual([]);
    cleanup(r);
  } finally {
    await h.close();
  }
});
