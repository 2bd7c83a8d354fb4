import { test, expect } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateDriverAnswer } from '../../harness/validation/driver-spec.ts';
import { DriverClient, DriverError, refusalReason } from '../../harness/driver/driver-client.ts';
import { Redactor } from '../../harness/secrets/redactor.ts';

/** Driver answers are validated against specs/driver.yaml; a 404 skip says what the driver refused. */
const ANSWERS: Array<{ endpoint: string; body: unknown; problems: string[] }> = [
  { endpoint: 'operator/chat', body: { userName: 'Ann', attributes: {}, messages: [{ from: 'client', text: 'hi' }], closed: false }, problems: [] },
  {
    endpoint: 'operator/chat',
    body: { userName: null, attributes: null, messages: [{ from: 'agent', text: null, url: null }], closed: null, customData: 'x' },
    problems: [],
  },
  { endpoint: 'operator/chat', body: { userName: 'Ann', closed: false }, problems: ["the driver's GET operator/chat answer messages is required"] },
  { endpoint: 'operator/chat', body: { messages: [], closed: 'no' }, problems: ["the driver's GET operator/chat answer closed must be one of boolean, null"] },
  { endpoint: 'operator/chat', body: [], problems: ["the driver's GET operator/chat answer must be object"] },
  { endpoint: 'omnichannel/inbox', body: { messages: [{ text: 'a' }, 'b'], variables: { $name: 'x' } }, problems: [] },
  { endpoint: 'omnichannel/inbox', body: { messages: [] }, problems: [] },
  { endpoint: 'omnichannel/inbox', body: { variables: {} }, problems: ["the driver's GET omnichannel/inbox answer messages is required"] },
  { endpoint: 'omnichannel/inbox', body: { messages: 'hello' }, problems: ["the driver's GET omnichannel/inbox answer messages must be array"] },
  { endpoint: 'client/visitor-inbox', body: { messages: [{ kind: 'operator', text: 'hi' }, 'plain'] }, problems: [] },
  { endpoint: 'client/visitor-inbox', body: {}, problems: ["the driver's GET client/visitor-inbox answer messages is required"] },
];

for (const [i, row] of ANSWERS.entries()) {
  test(`driver answer ${i + 1}: GET ${row.endpoint} ${JSON.stringify(row.body).slice(0, 60)}`, () => {
    const got = validateDriverAnswer('GET', row.endpoint, row.body);
    if (row.problems.length === 0) expect(got).toEqual([]);
    else for (const p of row.problems) expect(got.join(' | ')).toContain(p.replace(/ must be .*/, ''));
    for (const s of got) expect(s).toContain(`GET ${row.endpoint}`);
  });
}

test('an action answer is not validated (any 2xx body)', () => {
  expect(validateDriverAnswer('POST', 'operator/agent-text', 'anything')).toEqual([]);
});

const REFUSALS: Array<{ refused: unknown; accepted: unknown; says: string }> = [
  { refused: { token: 't2', active: false }, accepted: undefined, says: 'the driver does not support omnichannel/channel' },
  {
    refused: { token: 't2', webhookUrl: 'http://a', webhookToken: null, active: false },
    accepted: { token: 't1', webhookUrl: 'http://a', webhookToken: null, active: true },
    says: 'the driver refused omnichannel/channel with active: false (404); it accepted active: true',
  },
  {
    refused: { token: 't2', webhookToken: 'k', active: true },
    accepted: { token: 't1', webhookToken: null, active: true },
    says: 'the driver refused omnichannel/channel with webhookToken: a string (404); it accepted webhookToken: null',
  },
  {
    refused: { token: 't2' },
    accepted: { token: 't1' },
    says: 'the driver refused omnichannel/channel (404), though it accepted it earlier in this run with a body of the same shape',
  },
];

for (const [i, row] of REFUSALS.entries()) {
  test(`refusal reason ${i + 1}: ${row.says.slice(0, 60)}`, () => {
    const says = refusalReason('omnichannel/channel', row.refused, row.accepted);
    expect(says).toBe(row.says);
    expect(says).not.toMatch(/undefined|\[object Object\]/);
  });
}

/** A driver that answers from a table: path → [status, body]. */
async function fakeDriver(answers: Record<string, [number, unknown]>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    req.resume();
    req.on('end', () => {
      const a = answers[key];
      if (!a) return res.writeHead(404).end('{}');
      let body = a[1];
      if (typeof body === 'function') body = (body as (r: unknown) => unknown)(req);
      res.writeHead(a[0], { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function client(baseUrl: string, skips: string[]): DriverClient {
  return new DriverClient({
    baseUrl,
    timeoutMs: 2000,
    redactor: new Redactor(),
    log: () => undefined,
    skip: (reason) => {
      skips.push(reason);
      throw new Error(`skipped: ${reason}`);
    },
  });
}

test('a malformed read answer is a DriverError naming the endpoint; a well-formed one is returned', async () => {
  const d = await fakeDriver({ 'GET /omnichannel/inbox': [200, { variables: {} }], 'GET /operator/chat': [200, { messages: [], closed: false }] });
  try {
    const c = client(d.url, []);
    const err = await c.get('omnichannel/inbox', { chat_id: '1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect((err as Error).message).toContain("the driver's GET omnichannel/inbox answered a body specs/driver.yaml does not allow");
    expect((err as Error).message).toContain('messages is required');
    expect((err as Error).message).toContain('status 200, body {"variables":{}}');
    expect(await c.get('operator/chat', { userId: 'u' })).toEqual({ messages: [], closed: false });
  } finally {
    await d.close();
  }
});

test('a 404 after the same endpoint was accepted with another body skips naming what was refused', async () => {
  let active = true;
  const d = await fakeDriver({});
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const b = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { active: boolean };
      res.writeHead(b.active ? 200 : 404, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const skips: string[] = [];
    const c = client(url, skips);
    await c.post('omnichannel/channel', { token: 'a', webhookUrl: null, webhookToken: null, active });
    active = false;
    await c.post('omnichannel/channel', { token: 'b', webhookUrl: null, webhookToken: null, active }).catch(() => undefined);
    await client(url, skips)
      .post('omnichannel/agent-message', { chat_id: 1, text: 'x' })
      .catch(() => undefined);
    expect(skips).toEqual([
      'the driver refused omnichannel/channel with active: false (404); it accepted active: true',
      'the driver does not support omnichannel/agent-message',
    ]);
  } finally {
    await d.close();
    await new Promise((r) => server.close(r));
  }
});
