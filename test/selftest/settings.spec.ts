import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startReference } from '../../reference/index.ts';
import { resultsIn, runIn, stderrLines, tempFolder } from './cli-in-folder.ts';

/** The settings file and `init`, through the real CLI in a folder of its own. */
const CONFIG = 'channel-conformance.config.json';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

test('init writes a commented starter, refuses to overwrite it, and the file runs the demo as it is', async () => {
  const dir = tempFolder('init');
  try {
    const first = await runIn(dir, ['init', 'operator-api']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`wrote ${CONFIG} (operator-api): set "target" and "driver", then: npx channel-conformance run\n`);
    const written = JSON.parse(readFileSync(path.join(dir, CONFIG), 'utf8'));
    expect(written).toMatchObject({ suites: ['operator-api'], target: null, driver: null, profile: 'jaicp' });
    expect(written['// target']).toContain('your {apiUrl}');

    const again = await runIn(dir, ['init', 'chat-api']);
    expect(again.code).toBe(2);
    expect(stderrLines(again)[0]).toBe(`channel-conformance: ${CONFIG} exists: edit it, or --force to replace it`);

    const run = await runIn(dir, ['run', '--grep', 'getDestinations']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`settings: ${CONFIG}`);
    expect(resultsIn(path.join(dir, 'conformance-report'))?.suites).toEqual(['operator-api']);

    const forced = await runIn(dir, ['init', 'chat-api', '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, CONFIG), 'utf8')).suites).toEqual(['chat-api']);
    expect(readFileSync(path.join(dir, CONFIG), 'utf8')).toContain('CHANNEL_CONFORMANCE_TOKEN');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a token in the config file is refused with one line that does not repeat it', async () => {
  const dir = tempFolder('token');
  const secret = 'tok-91b2e0aa-secret';
  try {
    writeFileSync(path.join(dir, CONFIG), JSON.stringify({ suites: ['chat-api'], target: 'http://127.0.0.1:9', token: secret }));
    const r = await runIn(dir, ['run']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([
      `channel-conformance: ${CONFIG}: "token" is refused: a token does not belong in a file that is committed; set CHANNEL_CONFORMANCE_TOKEN or CHANNEL_CONFORMANCE_CLIENT_TOKEN in the environment`,
    ]);
    expect(r.stdout + r.stderr).not.toContain(secret);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("flags override the file: a --target on the command line wins over the file's", async () => {
  const dir = tempFolder('override');
  const ref = await startReference('operator-api');
  try {
    writeFileSync(path.join(dir, CONFIG), JSON.stringify({ suites: ['operator-api'], target: `http://127.0.0.1:${await closedPort()}`, timeout: 3000 }));
    const fileOnly = await runIn(dir, ['run']);
    expect(fileOnly.code).toBe(2);
    expect(stderrLines(fileOnly)[0]).toBe('channel-conformance: the target is unreachable: the connection was refused');

    const r = await runIn(dir, ['run', '--target', ref.target, '--grep', 'getDestinations']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(resultsIn(path.join(dir, 'conformance-report'))?.target).toBe(ref.target);
  } finally {
    await ref.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--config names a file elsewhere, whose relative paths start at its folder; .mjs files load too; two files in one folder are refused', async () => {
  const dir = tempFolder('config');
  try {
    mkdirSync(path.join(dir, 'ci'));
    writeFileSync(path.join(dir, 'ci', 'cc.json'), JSON.stringify({ suites: ['operator-api'], report: 'out' }));
    const json = await runIn(dir, ['run', '--config', 'ci/cc.json', '--grep', 'getDestinations']);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    expect(json.stdout.split('\n')[0]).toBe(`settings: ${path.join('ci', 'cc.json')}`);
    expect(existsSync(path.join(dir, 'ci', 'out', 'results.json'))).toBe(true);

    writeFileSync(path.join(dir, 'channel-conformance.config.mjs'), "export default { suites: ['operator-api'], report: process.env.CC_REPORT_NAME };\n");
    const mjs = await runIn(dir, ['run', '--grep', 'getDestinations'], { CC_REPORT_NAME: 'from-mjs' });
    expect(mjs.code, mjs.stdout + mjs.stderr).toBe(0);
    expect(resultsIn(path.join(dir, 'from-mjs'))?.suites).toEqual(['operator-api']);

    writeFileSync(path.join(dir, CONFIG), '{}');
    const both = await runIn(dir, ['run']);
    expect(both.code).toBe(2);
    expect(stderrLines(both)).toEqual([`channel-conformance: both ${CONFIG} and channel-conformance.config.mjs exist in ${dir}: keep one`]);

    const missing = await runIn(dir, ['run', '--config', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(stderrLines(missing)).toEqual(['channel-conformance: the config file nope.json does not exist']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
