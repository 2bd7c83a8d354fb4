import { test, expect } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startHostile, HUGE_BODY_BYTES, type Pathology } from '../hostile/servers.ts';
import { cleanup, outcome, runCli, type CliRun } from './cli.ts';

/**
 * Hostile targets (issue 6, part 1): an Operator API IUT that is conformant except for one pathology
 * on one method. For each, the real CLI must end, fail the checks that meet the pathology with one
 * sentence naming it, still run (and pass) the others, write the three reports, exit 1, print no
 * stack trace, and never follow a redirect to another host.
 *
 * A target that refuses connections and a receiver port already taken (exit 2, one line) are in
 * cli.spec.ts.
 */

/** The per-request budget of these runs: the run must end however the target behaves. */
const TIMEOUT_MS = 1000;
/** The self-test's own bound on a run (the CLI is killed after it; a killed run fails the test). */
const RUN_BOUND_MS = 150_000;

/**
 * After a method has failed pathologically on a well-formed request, later checks fail at once naming
 * the check that saw it (harness/http/method-health.ts; bounded-runs.spec.ts proves the bound).
 */
const NOT_RETRIED = (method: string, what: string) => `${method} ${what} in operator-api\\.[\\w.-]+; not retried`;

interface Case {
  pathology: Pathology;
  /** What the message of every check that met the pathology says (a sentence naming what happened). */
  says: RegExp;
  /** Checks that must be among those failing (they call the struck method directly). */
  mustFail: string[];
}

const CASES: Case[] = [
  {
    pathology: 'hang',
    says: new RegExp(`^sendText\\b.* got no usable answer: (no complete answer within ${TIMEOUT_MS} ms|${NOT_RETRIED('sendText', 'did not answer in 1 s')})$`),
    mustFail: ['operator-api.sendText.accepts-valid-request'],
  },
  {
    pathology: 'huge-body',
    says: new RegExp(
      `^getDestinations\\b.* got no usable answer: (the response body exceeded \\d+ bytes and was not read further|${NOT_RETRIED('getDestinations', 'answered a body over the size cap')})$`,
    ),
    mustFail: ['operator-api.getDestinations.answers-200-json'],
  },
  {
    pathology: 'html-502',
    // A 502 is an answer: the message quotes the page where a 2xx was expected, the status where a 4xx was.
    says: /^selectDestination\b.* answered 502( with "<html> <head><title>502 Bad Gateway<\/title>.*)?, expected (a [24]xx status|an answer that is not a server error)/,
    mustFail: ['operator-api.selectDestination.accepts-required-only', 'operator-api.selectDestination.rejects-missing-user-id'],
  },
  {
    pathology: 'reset',
    says: new RegExp(`^sendFile\\b.* got no usable answer: (the connection was reset by the server|${NOT_RETRIED('sendFile', 'had its connection reset')})$`),
    mustFail: ['operator-api.sendFile.accepts-without-optional-fields'],
  },
  {
    pathology: 'trickle',
    says: new RegExp(
      `^closeChat\\b.* got no usable answer: (no complete answer within ${TIMEOUT_MS} ms|${NOT_RETRIED('closeChat', 'did not answer in 1 s')})$`,
    ),
    mustFail: ['operator-api.closeChat.accepts-valid-request'],
  },
  {
    pathology: 'invalid-utf8',
    says: /^getDestinations\b.* answered 200 with ".*\\"name\\":\\"\uFFFD+\\".*", expected a JSON body \(the body is not valid UTF-8\)$/,
    mustFail: ['operator-api.getDestinations.answers-200-json'],
  },
  {
    pathology: 'truncated-json',
    says: /^getDestinations\b.* answered 200 with ".*Supp", expected a JSON body \(the body is not JSON \(.+\)\)$/,
    mustFail: ['operator-api.getDestinations.answers-200-json'],
  },
  {
    pathology: 'redirect',
    says: /^sendText\b.*: the server answered 307, a redirect to http:\/\/127\.0\.0\.1:\d+\/sendText, which the suite does not follow$/,
    mustFail: ['operator-api.sendText.accepts-valid-request'],
  },
];

/** A stack frame as Node prints one: `    at fn (file:1:2)` or `    at file:1:2`. */
const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;

function judge(r: CliRun, c: Case, struckMethod: string): void {
  const res = r.results;
  expect(res, `results.json written (${outcome(r)})`).toBeDefined();
  expect(r.code, outcome(r)).toBe(1);
  for (const f of ['results.json', 'junit.xml', 'index.html']) expect(existsSync(path.join(r.reportDir, f)), f).toBe(true);
  expect(r.stdout, 'no stack trace on stdout').not.toMatch(STACK_FRAME);
  expect(r.stderr, 'no stack trace on stderr').not.toMatch(STACK_FRAME);
  expect(
    r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn')),
    'nothing on stderr',
  ).toEqual([]);

  const checks = res!.checks;
  const notPassed = checks.filter((x) => x.status === 'failed' || x.status === 'warning');
  // Every check that met the pathology says so in one sentence; none is a harness error.
  // A generated check states the same sentence, followed by its minimal case and seed.
  const sentence = (m: string) => m.replace(/ — minimal case after \d+ generated inputs: .*$/, '');
  const met = notPassed.filter((x) => c.says.test(sentence(x.message ?? '')));
  for (const id of c.mustFail)
    expect(
      met.map((x) => x.id),
      `${id} fails naming the pathology\n${outcome(r)}`,
    ).toContain(id);
  // …and nothing else fails: the pathology is the only thing wrong with the target.
  expect(notPassed.filter((x) => !met.includes(x)).map((x) => `${x.id}: ${x.message}`)).toEqual([]);
  for (const x of checks) {
    expect(x.message ?? '', `${x.id}: one line`).not.toContain('\n');
    expect(x.message ?? '', `${x.id}: not a harness error`).not.toMatch(/^harness error/);
  }
  // Checks that never call the struck method ran, and passed: the run went on around the pathology.
  const passed = checks.filter((x) => x.status === 'passed');
  expect(passed.length, outcome(r)).toBeGreaterThan(0);
  expect(res!.summary.total, 'every check ran (none skipped: the driver is given)').toBe(res!.summary.passed + res!.summary.failed + res!.summary.warnings);
  expect(res!.summary.skipped).toBe(0);
  // The evidence shows the struck exchange with the pathology as its error or its status.
  const struck = checks.flatMap((x) => x.evidence).filter((e) => e.kind === 'exchange' && e.operation === struckMethod);
  expect(struck.length).toBeGreaterThan(0);
}

test.describe.configure({ mode: 'parallel' });

for (const c of CASES) {
  test(`hostile target: ${c.pathology}`, async () => {
    test.setTimeout(RUN_BOUND_MS + 30_000);
    const h = await startHostile(c.pathology);
    try {
      const r = await runCli(['run', 'operator-api', '--target', h.target, '--driver', h.driver, '--timeout', String(TIMEOUT_MS)], {
        timeoutMs: RUN_BOUND_MS,
      });
      expect(r.code, `the run ended on its own within ${RUN_BOUND_MS} ms`).not.toBeNull();
      expect(h.struck(), `the ${h.method} pathology was met`).toBeGreaterThan(0);
      judge(r, c, h.method);
      if (c.pathology === 'huge-body') {
        // The body was cut off at the client's cap, not read to its 20 MB end.
        // (The exchange that met it: later calls of the method were not sent, and have no response.)
        const ev = r.results!.checks.flatMap((x) => x.evidence).find((e) => e.kind === 'exchange' && e.operation === 'getDestinations' && e.response);
        expect(ev && ev.kind === 'exchange' ? ev.response?.bodyBytes : undefined).toBeLessThan(HUGE_BODY_BYTES);
      }
      // No redirect to another host is ever followed.
      expect(h.otherHostConnections(), 'the redirect target was never contacted').toBe(0);
      cleanup(r);
    } finally {
      await h.close();
    }
  });
}
