import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:net';
import { startReference } from '../../reference/index.ts';
import type { RunResults } from '../../harness/report/results.ts';
import { ROOT, tempReportDir } from './cli.ts';

/**
 * `--driver manual`, with a test playing the person: the CLI runs in a tmux pseudo-terminal, the test
 * reads its prompts from the screen and performs each action through the reference's own driver (as a
 * person would in the agent console), and presses Enter to skip one prompt.
 */
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

test.skip(!hasTmux, 'tmux is not installed (.ci/run installs it)');

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

/**
 * Play the person: start `cmd` in a tmux session, hand each new prompt line (">>> …") to `answer`,
 * until the command prints EXIT:n or 150 s pass; returns the last screen. The session is killed after.
 */
async function walkPrompts(session: string, cmd: string, answer: (prompt: string) => Promise<void>): Promise<string> {
  tmux('new-session', '-d', '-s', session, '-x', '250', '-y', '60', cmd);
  const handled = new Set<string>();
  try {
    const deadline = Date.now() + 150_000;
    let screen = '';
    while (Date.now() < deadline) {
      screen = tmux('capture-pane', '-p', '-J', '-S', '-5000', '-t', session);
      if (/EXIT:\d+/.test(screen)) break;
      const prompts = screen.split('\n').filter((l) => l.startsWith('>>> '));
      for (const [i, p] of prompts.entries()) {
        const key = `${i}:${p}`;
        if (handled.has(key)) continue;
        handled.add(key);
        await answer(p);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return screen;
  } finally {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      /* already gone */
    }
  }
}

test('a person walked through the prompts makes the checks pass; a skipped prompt skips its check', async () => {
  test.setTimeout(180_000);
  const ref = await startReference('operator-api');
  const session = `cc-manual-${process.pid}-${Date.now()}`;
  const reportDir = tempReportDir('manual');
  const grep = 'TextMessage.matches-schema|events-reach-that-url|Closed.matches-schema|SelectDestination.names-destination|FileMessage.matches-schema';
  const cmd = `cd ${ROOT} && node bin/channel-conformance.mjs run operator-api --target ${ref.target} --driver manual --manual-wait 60 --grep '${grep}' --report ${reportDir}; echo "EXIT:$?"; sleep 60`;
  const performed: string[] = [];
  let skippedPrompt = '';
  const act = async (endpoint: string, body: unknown) => {
    const res = await fetch(`${ref.driver}/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBeLessThan(300);
    performed.push(endpoint);
  };
  try {
    const screen = await walkPrompts(session, cmd, async (p) => {
      const text = /answer the chat of user `([^`]+)` with the text `([^`]*)`/.exec(p);
      const file = /send user `([^`]+)` the file `([^`]+)` named `([^`]*)` \((\d+) bytes\) with the comment `([^`]*)`/.exec(p);
      const transfer = /transfer the chat of user `([^`]+)` to the agent group `([^`]+)`/.exec(p);
      if (text) await act('operator/agent-text', { userId: text[1], text: text[2] });
      else if (file) await act('operator/agent-file', { userId: file[1], url: file[2], name: file[3], size: Number(file[4]), comment: file[5] });
      else if (transfer) await act('operator/agent-transfer', { userId: transfer[1], destinationId: transfer[2] });
      else if (/close the chat of user/.test(p)) {
        skippedPrompt = p;
        tmux('send-keys', '-t', session, 'Enter');
      } else throw new Error(`a prompt the person does not understand: ${p}`);
    });
    expect(screen).toMatch(/EXIT:0/);
    expect(skippedPrompt).toContain('Waiting up to 60 s, press Enter to skip');
    expect(screen).toContain('✓ seen, going on');
    expect(screen).toContain('→ skipped');
    const results = JSON.parse(readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as RunResults;
    const status = Object.fromEntries(results.checks.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      'operator-api.Closed.matches-schema': 'skipped',
      'operator-api.FileMessage.matches-schema': 'passed',
      'operator-api.SelectDestination.names-destination': 'passed',
      'operator-api.TextMessage.matches-schema': 'passed',
      'operator-api.setWebhook.events-reach-that-url': 'passed',
    });
    expect(results.checks.find((c) => c.id === 'operator-api.Closed.matches-schema')!.message).toBe(
      'the manual action "operator/agent-close" was skipped at the prompt',
    );
    expect(performed.length).toBe(4);
    expect(existsSync(path.join(reportDir, 'index.html'))).toBe(true);
  } finally {
    await ref.close();
  }
});

/**
 * The omnichannel agent's messages by hand: the bridge cannot configure a channel (the suite falls back
 * to the channel the user configured, here by the test), and the person makes the agent write what
 * each prompt says, text or buttons, in the agent console (here: the reference's own driver).
 */
test('omnichannel by hand: the person writes what the prompts say, and the send_message checks pass', async () => {
  test.setTimeout(180_000);
  const clientToken = 'cc-manual-client-token-4e1f7a';
  const ref = await startReference('omnichannel', { clientToken });
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as { port: number };
      s.close(() => resolve(p));
    });
  });
  const set = await fetch(`${ref.driver}/omnichannel/channel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: ref.token, webhookUrl: `http://127.0.0.1:${port}`, webhookToken: clientToken, active: true }),
  });
  expect(set.status).toBe(200);
  const session = `cc-manual-omni-${process.pid}-${Date.now()}`;
  const reportDir = tempReportDir('manual-omni');
  const grep = 'send_message\\.(matches-schema|buttons|authorization-token)';
  const cmd =
    `cd ${ROOT} && node bin/channel-conformance.mjs run omnichannel --target ${ref.target} --token ${ref.token} --client-token ${clientToken} ` +
    `--receiver-port ${port} --driver manual --manual-wait 60 --grep '${grep}' --report ${reportDir}; echo "EXIT:$?"; sleep 60`;
  const performed: unknown[] = [];
  const write = async (body: Record<string, unknown>) => {
    const res = await fetch(`${ref.driver}/omnichannel/agent-message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
    performed.push(body);
  };
  try {
    const screen = await walkPrompts(session, cmd, async (p) => {
      const chat = /in the Omnichannel chat `([^`]+)` \(channel_chat_id `[^`]+`\)/.exec(p);
      if (!chat) throw new Error(`a prompt the person does not understand: ${p}`);
      const chatId = /^\d+$/.test(chat[1]) ? Number(chat[1]) : chat[1];
      const text = /write the text `([^`]*)`/.exec(p)?.[1];
      const buttonsPart = /send the buttons (.*?)\. Waiting/.exec(p)?.[1];
      const buttons = buttonsPart ? [[...buttonsPart.matchAll(/`([^`]*)` \(id `([^`]*)`\)/g)].map((m) => ({ id: m[2], text: m[1] }))] : undefined;
      await write({ chat_id: chatId, ...(text !== undefined ? { text } : {}), ...(buttons ? { buttons } : {}) });
    });
    expect(screen).toMatch(/EXIT:0/);
    expect(screen).toContain('✓ seen, going on');
    const results = JSON.parse(readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as RunResults;
    expect(Object.fromEntries(results.checks.map((c) => [c.id, c.status]))).toEqual({
      'omnichannel.send_message.authorization-token': 'passed',
      'omnichannel.send_message.buttons': 'passed',
      'omnichannel.send_message.matches-schema': 'passed',
    });
    // Two messages for the header check, one each for the others.
    expect(performed.length).toBe(4);
    expect(performed).toContainEqual(
      expect.objectContaining({ buttons: [[expect.objectContaining({ text: expect.stringContaining('Yes, please') }), expect.anything()]] }),
    );
  } finally {
    await ref.close();
  }
});
