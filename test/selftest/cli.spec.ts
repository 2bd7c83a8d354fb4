import { test, expect } from '@playwright/test';
import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startReference } from '../../reference/index.ts';
import { cleanup, outcome, runCli } from './cli.ts';
import { SMOKE } from './tiers.ts';

/**
 * The command line of interface.md: exit codes 0/1/2, one clear line when a run cannot be made,
 * never a stack trace, and the three report files.
 */
const noStack = (s: string) => expect(s, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
  expect(lines.length, `stderr: ${stderr}`).toBeLessThanOrEqual(2); // the message (+ the usage line for bad arguments)
  return lines[0] ?? '';
}

test('bad arguments exit 2 with one line', SMOKE, async () => {
  for (const args of [['run', '--timeout', 'soon'], ['run', 'no-such-suite'], ['run', '--target', 'not a url'], ['run', '--bogus'], ['frobnicate']]) {
    const r = await runCli(args);
    expect(r.code, args.join(' ')).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^channel-conformance: /);
    noStack(r.stderr);
  }
});

test('a target that refuses connections exits 2 with one line', SMOKE, async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  const r = await runCli(['run', 'operator-api', '--target', `http://127.0.0.1:${port}`]);
  expect(r.code).toBe(2);
  expect(oneLine(r.stderr)).toBe('channel-conformance: the target is unreachable: the connection was refused');
  noStack(r.stderr);
});

test('a receiver port already taken exits 2 with one line', SMOKE, async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const r = await runCli(['run', 'operator-api', '--receiver-port', String(port)]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`channel-conformance: the receiver port ${port} is already taken`);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('a --grep that matches no check exits 2', SMOKE, async () => {
  const r = await runCli(['run', 'operator-api', '--grep', 'no-check-is-called-this']);
  expect(r.code).toBe(2);
  expect(oneLine(r.stderr)).toBe('channel-conformance: no check ran: --grep matched no check');
});

test('--grep selects checks by id or title; the reports are written with the interface.md fields', async () => {
  const r = await runCli(['run', 'operator-api', '--grep', 'getDestinations|sendFile accepts']);
  expect(r.code, outcome(r)).toBe(0);
  const res = r.results!;
  expect(res.tool.name).toBe('channel-conformance');
  expect(res.suites).toEqual(['operator-api']);
  expect(res.target).toBeNull();
  expect(res.profile).toBe('jaicp');
  expect(res.strict).toBe(false);
  expect(res.summary.total).toBe(res.checks.length);
  const ids = res.checks.map((c) => c.id);
  expect(ids).toContain('operator-api.getDestinations.answers-200-json');
  expect(ids).toContain('operator-api.sendFile.accepts-without-optional-fields');
  expect(ids).not.toContain('operator-api.sendText.accepts-valid-request');
  for (const c of res.checks) {
    expect(c).toMatchObject({ suite: 'operator-api', status: 'passed' });
    expect(['MUST', 'SHOULD']).toContain(c.level);
    expect(c.source.document).toMatch(/^(00[0-4]_[0-9a-f]+\.txt|READINGS\.md|driver-protocol)$/);
    expect(c.evidence.length).toBeGreaterThan(0);
  }
  for (const f of ['junit.xml', 'index.html', 'summary.md']) expect(existsSync(path.join(r.reportDir, f))).toBe(true);
  expect(readFileSync(path.join(r.reportDir, 'summary.md'), 'utf8')).toContain(
    `### ✅ channel-conformance: conformant at MUST level\n\n${res.checks.length} checks of \`operator-api\``,
  );
  const junit = readFileSync(path.join(r.reportDir, 'junit.xml'), 'utf8');
  expect(junit.match(/<testcase /g)?.length).toBe(res.checks.length);
  cleanup(r);
});

test('a broken SHOULD rule is a warning (exit 0) unless --strict (exit 1)', async () => {
  const ref = await startReference('operator-api', { mutant: 'user-name-ignored' });
  try {
    const base = ['run', 'operator-api', '--target', ref.target, '--driver', ref.driver, '--grep', 'user-name'];
    const lenient = await runCli(base);
    expect(lenient.code, outcome(lenient)).toBe(0);
    const c = lenient.results!.checks.find((x) => x.id === 'operator-api.selectDestination.user-name-shown')!;
    expect(c.level).toBe('SHOULD');
    expect(c.status).toBe('warning');
    expect(c.message).toMatch(/^the agent sees the name /);
    const strict = await runCli([...base, '--strict']);
    expect(strict.code, outcome(strict)).toBe(1);
    expect(strict.results!.checks.find((x) => x.id === c.id)!.status).toBe('failed');
    cleanup(lenient);
    cleanup(strict);
  } finally {
    await ref.close();
  }
});

test('without --driver, checks that need one are skipped with the reason, never passed', async () => {
  const ref = await startReference('operator-api');
  try {
    const r = await runCli(['run', 'operator-api', '--target', ref.target, '--grep', 'sendText|TextMessage']);
    expect(r.code, outcome(r)).toBe(0);
    const skipped = r.results!.checks.filter((c) => c.status === 'skipped');
    expect(skipped.map((c) => c.id)).toContain('operator-api.TextMessage.text-intact');
    for (const c of skipped) expect(c.message).toBe('needs a driver (--driver URL)');
    expect(r.results!.checks.find((c) => c.id === 'operator-api.sendText.accepts-valid-request')!.status).toBe('passed');
    cleanup(r);
  } finally {
    await ref.close();
  }
});

test('the reference run exercises every operation and webhook of the spec (coverage)', async () => {
  const r = await runCli(['run', 'operator-api']);
  const cov = r.results!.coverage!['operator-api'];
  expect(cov.filter((e) => !e.exercised).map((e) => e.name)).toEqual([]);
  cleanup(r);
});

test("run --help, serve --help and list --help print that command's help and exit 0", async () => {
  const run = await runCli(['run', '--help']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^usage: channel-conformance run \[SUITE\.\.\.\] \[options\]\n/);
  expect(run.stdout).toContain('--timeout MS');
  expect(run.stdout).not.toContain('channel-conformance serve');
  expect(run.stderr).toBe('');
  expect(existsSync(path.join(run.reportDir, 'results.json')), 'nothing ran').toBe(false);
  const serve = await runCli(['serve', 'chat-api', '-h']);
  expect(serve.code, serve.stderr).toBe(0);
  expect(serve.stdout).toMatch(/^usage: channel-conformance serve SUITE/);
  expect(serve.stdout).toContain('--base-path PATH');
  const list = await runCli(['list', '--help']);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/^usage: channel-conformance list/);
  for (const r of [run, serve, list]) cleanup(r);
});

test('a bad number says what is wrong with it in one line, exit 2', async () => {
  const cases: Array<[string[], string]> = [
    [['run', '--timeout', '-5'], '--timeout must be between 1 and 600000'],
    [['run', '--timeout=-5'], '--timeout must be between 1 and 600000'],
    [['run', '--timeout', 'abc'], '--timeout must be a whole number, not "abc"'],
    [['run', '--timeout', '2.5'], '--timeout must be a whole number, not "2.5"'],
    [['run', '--receiver-port', '-1'], '--receiver-port must be between 0 and 65535'],
    [['run', 'operator-api', '--driver', 'manual', '--target', 'http://127.0.0.1:9', '--manual-wait', '-3'], '--manual-wait must be between 1 and 3600'],
    [['serve', 'chat-api', '--port', '-1'], '--port must be a whole number from 0 to 65535 (0: a free port)'],
    [['run', '--target', '--strict'], '--target needs a value (a value starting with "-" is written --target=VALUE)'],
    [['merge', 'some-dir', '--report'], '--report needs a value'],
  ];
  for (const [args, says] of cases) {
    const r = await runCli(args);
    expect(r.code, args.join(' ')).toBe(2);
    expect(oneLine(r.stderr), args.join(' ')).toBe(`channel-conformance: ${says}`);
    expect(r.stderr).not.toMatch(/ambiguous/);
    noStack(r.stderr);
    cleanup(r);
  }
});

test('list [SUITE...] prints the checks with id, level and title, without a run', async () => {
  const r = await runCli(['list', 'chat-api'], { timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^chat-api: \d+ checks \(\d+ MUST, \d+ SHOULD\)$/);
  const rows = lines.slice(1).map((l) => /^ {2}(\S+) +(MUST|SHOULD) {2,}(\S.*)$/.exec(l));
  expect(rows.every(Boolean), r.stdout.slice(0, 2000)).toBe(true);
  expect(rows.length).toBe(Number(/^chat-api: (\d+)/.exec(lines[0])![1]));
  expect(rows.every((m) => m![1].startsWith('chat-api.'))).toBe(true);
  const row = rows.find((m) => m![1] === 'chat-api.sendRequest.rejects-neither-query-nor-event')!;
  expect(row[2]).toBe('MUST');
  expect(row[3]).toBe('POST /chatapi/{token} refuses a request with neither query nor event with 4xx');
  expect(existsSync(path.join(r.reportDir, 'results.json')), 'nothing ran').toBe(false);

  const json = await runCli(['list', 'omnichannel', 'operator-api', '--grep', 'sendText', '--json'], { timeoutMs: 120_000 });
  expect(json.code, json.stderr).toBe(0);
  const checks = JSON.parse(json.stdout) as Array<{ suite: string; id: string; level: string; title: string }>;
  expect(checks.length).toBeGreaterThan(0);
  for (const c of checks) {
    expect(c.suite).toBe('operator-api');
    expect(`${c.id} ${c.title}`).toMatch(/sendText/);
    expect(['MUST', 'SHOULD']).toContain(c.level);
  }
  const bad = await runCli(['list', 'no-such-suite']);
  expect(bad.code).toBe(2);
  expect(oneLine(bad.stderr)).toMatch(/^channel-conformance: unknown suite "no-such-suite"/);
  for (const x of [r, json, bad]) cleanup(x);
});

test('results.json records profile only for runs with an Operator API suite; summary.md, merge and compare do without it', async () => {
  const r = await runCli(['run', 'chat-api', '--grep', 'chat-api.sendRequest.rejects-neither-query-nor-event']);
  expect(r.code, outcome(r)).toBe(0);
  const raw = JSON.parse(readFileSync(path.join(r.reportDir, 'results.json'), 'utf8')) as Record<string, unknown>;
  expect('profile' in raw, 'no profile key in a chat-api run').toBe(false);
  expect(raw.suites).toEqual(['chat-api']);
  const summary = readFileSync(path.join(r.reportDir, 'summary.md'), 'utf8');
  expect(summary).not.toMatch(/profile|undefined/);
  const html = readFileSync(path.join(r.reportDir, 'index.html'), 'utf8');
  expect(html).not.toMatch(/"profile":/);

  const merged = await runCli(['merge', r.reportDir, '--report', path.join(r.reportDir, 'merged')]);
  expect(merged.code, merged.stderr).toBe(0);
  const m = JSON.parse(readFileSync(path.join(r.reportDir, 'merged', 'results.json'), 'utf8')) as Record<string, unknown>;
  expect('profile' in m).toBe(false);
  const out = path.join(r.reportDir, 'compare.html');
  const compared = await runCli(['compare', r.reportDir, path.join(r.reportDir, 'merged'), '--out', out]);
  expect(compared.code, compared.stderr).toBe(0);
  expect(readFileSync(out, 'utf8')).not.toMatch(/"profile":/);

  // A run that includes an Operator API suite records it, whatever else it holds.
  const both = await runCli([
    'run',
    'chat-api',
    'operator-api-platform',
    '--grep',
    'chat-api.sendRequest.rejects-neither-query-nor-event|operator-api-platform.setWebhook',
    '--profile',
    'tovie',
  ]);
  expect(both.code, outcome(both)).toBe(0);
  expect(both.results!.profile).toBe('tovie');
  expect(readFileSync(path.join(both.reportDir, 'summary.md'), 'utf8')).toContain('profile `tovie`');
  cleanup(r);
  cleanup(both);
});
