import { test, expect } from '@playwright/test';
import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startReference } from '../../reference/index.ts';
import { cleanup, outcome, runCli } from './cli.ts';

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

test('bad arguments exit 2 with one line', async () => {
  for (const args of [['run', '--timeout', 'soon'], ['run', 'no-such-suite'], ['run', '--target', 'not a url'], ['run', '--bogus'], ['frobnicate']]) {
    const r = await runCli(args);
    expect(r.code, args.join(' ')).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^channel-conformance: /);
    noStack(r.stderr);
  }
});

test('a target that refuses connections exits 2 with one line', async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  const r = await runCli(['run', 'operator-api', '--target', `http://127.0.0.1:${port}`]);
  expect(r.code).toBe(2);
  expect(oneLine(r.stderr)).toBe('channel-conformance: the target is unreachable: the connection was refused');
  noStack(r.stderr);
});

test('a receiver port already taken exits 2 with one line', async () => {
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

test('a --grep that matches no check exits 2', async () => {
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
  expect(readFileSync(path.join(r.reportDir, 'summary.md'), 'utf8')).toContain(`### ✅ channel-conformance: conformant at MUST level\n\n${res.checks.length} checks of \`operator-api\``);
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
