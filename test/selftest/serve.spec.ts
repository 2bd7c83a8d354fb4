import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, cleanup, outcome, runCli } from './cli.ts';

/**
 * `serve` as real clients use it (issue 14, item 4): the path prefix of the documents (--base-path),
 * a scriptable bot (--bot-script), and one line, exit 2, for what cannot be served.
 */
const BIN = path.join(ROOT, 'bin/channel-conformance.mjs');

interface Served {
  child: ChildProcess;
  out: () => string;
  target: string;
  driver: string;
  token?: string;
}

async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await expect.poll(() => out, { timeout: 60_000 }).toContain('Ctrl-C stops it.');
  return {
    child,
    out: () => out,
    target: /base URL \(--target\): (\S+)/.exec(out)![1],
    driver: /driver \(--driver\): +(\S+)/.exec(out)![1],
    token: /channel token: +(\S+)/.exec(out)?.[1],
  };
}

async function stop(s: Served): Promise<void> {
  s.child.kill('SIGINT');
  await expect.poll(() => s.out(), { timeout: 30_000 }).toContain('stopped');
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('serve chat-api --base-path /chatadapter: clients build …/chatadapter/chatapi/{token}, and the suite passes against it', async () => {
  const s = await serve(['chat-api', '--base-path', '/chatadapter/']);
  try {
    const origin = new URL(s.target).origin;
    expect(s.target).toBe(`${origin}/chatadapter`);
    expect(s.out()).toContain(`base path:           /chatadapter (clients build ${origin}/chatadapter/chatapi/{token})`);
    const r = await post(`${origin}/chatadapter/chatapi/${s.token}`, { clientId: 'me', query: 'hello' });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: { answer: string } }).data.answer).toBe('Hello! How can I help you?');
    expect((await post(`${origin}/chatapi/${s.token}`, { clientId: 'me', query: 'hello' })).status, 'not at the root').toBe(404);
    expect(s.out()).toContain('POST /chatadapter/chatapi/*** -> 200');
    const run = await runCli(['run', 'chat-api', '--target', s.target, '--driver', s.driver, '--grep', 'chat-api\\.(sendRequest|history)\\.', '--strict'], {
      env: { CHANNEL_CONFORMANCE_TOKEN: s.token },
    });
    expect(run.code, outcome(run)).toBe(0);
    expect(run.results!.summary.passed).toBeGreaterThan(5);
    cleanup(run);
  } finally {
    await stop(s);
  }
});

test('serve operator-api-platform --base-path: its Chat API lives under the prefix too', async () => {
  const s = await serve(['operator-api-platform', '--base-path', '/chatadapter']);
  try {
    expect(s.target).toBe(`${new URL(s.target).origin}/chatadapter`);
    const r = await post(`${s.target}/chatapi/${s.token}`, { clientId: 'me', query: 'hello' });
    expect(r.status).toBe(200);
  } finally {
    await stop(s);
  }
});

test('serve chat-api --bot-script FILE answers as the script says; the default script shows each reply type', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-bot-'));
  const file = path.join(dir, 'bot.json');
  writeFileSync(
    file,
    JSON.stringify({
      rules: [
        {
          query: 'price',
          replies: [
            { type: 'text', text: 'It costs 5.' },
            { type: 'buttons', buttons: [{ text: 'Buy' }] },
          ],
        },
      ],
    }),
  );
  const s = await serve(['chat-api', '--bot-script', file]);
  const d = await serve(['chat-api']);
  try {
    expect(s.out()).toContain(`bot script:          ${file} (1 rule)`);
    const r = await post(`${s.target}/chatapi/${s.token}`, { clientId: 'me', query: 'Price' });
    expect(((await r.json()) as { data: unknown }).data).toEqual({
      replies: [
        { type: 'text', text: 'It costs 5.' },
        { type: 'buttons', buttons: [{ text: 'Buy' }] },
      ],
      answer: 'It costs 5.',
    });
    expect(d.out()).toContain('bot script:          the default one');
    const types: string[] = [];
    for (const q of ['text', 'buttons', 'image', 'file', 'carousel', 'agent']) {
      const a = (await (await post(`${d.target}/chatapi/${d.token}`, { clientId: 'me', query: q })).json()) as { data: { replies: Array<{ type: string }> } };
      types.push(...a.data.replies.map((x) => x.type));
    }
    for (const t of ['text', 'buttons', 'image', 'file', 'carousel', 'switch']) expect(types).toContain(t);
  } finally {
    await stop(s);
    await stop(d);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('what serve cannot do is one line, exit 2', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-bot-'));
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ rules: [{ query: 'a', replies: [{ type: 'image' }] }] }));
  const cases: Array<[string[], string]> = [
    [
      ['serve', 'operator-api', '--base-path', '/x'],
      "channel-conformance: --base-path is for chat-api and operator-api-platform: operator-api's {apiUrl} is the whole URL you configure: give the base URL printed by serve",
    ],
    [
      ['serve', 'omnichannel', '--base-path', '/x'],
      "channel-conformance: --base-path is for chat-api and operator-api-platform: the Omnichannel pages put /connector/... at the platform's address, with no prefix",
    ],
    [['serve', 'chat-api', '--base-path', 'chatadapter'], 'channel-conformance: --base-path must start with "/" (as in /chatadapter)'],
    [
      ['serve', 'chat-api', '--base-path', '/a b'],
      'channel-conformance: --base-path must be a path of non-empty segments, such as /chatadapter (no query, fragment or spaces)',
    ],
    [['serve', 'chat-api', '--base-path', '/__driver'], 'channel-conformance: --base-path must not start with /__driver: the driver endpoints live there'],
    [['serve', 'omnichannel', '--bot-script', bad], 'channel-conformance: --bot-script is for chat-api: the omnichannel simulator has no scriptable bot'],
    [['serve', 'chat-api', '--bot-script', path.join(dir, 'none.json')], `channel-conformance: the bot script ${path.join(dir, 'none.json')} does not exist`],
    [
      ['serve', 'chat-api', '--bot-script', bad],
      'channel-conformance: the bot script bad.json: rule 1 (query "a"), reply 1 of type "image" needs "imageUrl" (a string)',
    ],
  ];
  try {
    for (const [args, says] of cases) {
      const r = await runCli(args, { timeoutMs: 60_000 });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0], args.join(' ')).toBe(says);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      cleanup(r);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
