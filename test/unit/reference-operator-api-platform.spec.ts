import { test, expect } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { build } from '../../reference/operator-api-platform/server.ts';
import { start } from '../../reference/operator-api-platform/index.ts';
import { catalogue, variations, type MutantId } from '../../reference/operator-api-platform/mutants.ts';
import { mutantTableTests, type Probe } from './reference-common-catalogue.ts';
import { validatorsFor } from '../../harness/validation/validators.ts';

/**
 * The reference chatbot platform with an Operator API channel: the Chat API, the driver and the
 * webhook through `inject` (no sockets); its requests to the engagement platform reach a small fake
 * engagement platform on loopback.
 */

const TOKEN = 'unit-token-0123456789abcdef';
const GROUPS = [
  { destinationId: '11', name: 'Sales', hasOnline: false },
  { destinationId: '12', name: 'Support', hasOnline: true },
];
const EMPLOYEE = { employeeId: 'e1', firstName: 'Ada', lastName: 'Agent', avatarUrl: 'http://cdn.test/a.png' };
const validators = validatorsFor('operator-api-platform');

interface Call {
  method: string;
  path: string;
  contentType?: string;
  body: any;
}

/** A fake engagement platform: records every call, answers getDestinations with GROUPS, the rest 200 {}. */
async function fakeEngagement() {
  const calls: Call[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        body = raw;
      }
      calls.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'], body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url?.endsWith('/getDestinations') ? { destinations: GROUPS } : {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
  return {
    apiUrl,
    calls,
    of: (op: string) => calls.filter((c) => c.path === `/api/v2/${op}`),
    /** Wait until `n` calls of `op` have arrived (the platform calls in the background). */
    async waitFor(op: string, n = 1): Promise<Call[]> {
      const deadline = Date.now() + 3000;
      while (calls.filter((c) => c.path === `/api/v2/${op}`).length < n) {
        if (Date.now() > deadline) throw new Error(`only ${calls.filter((c) => c.path === `/api/v2/${op}`).length} of ${n} ${op} calls arrived`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return calls.filter((c) => c.path === `/api/v2/${op}`);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type Fake = Awaited<ReturnType<typeof fakeEngagement>>;

function post(app: FastifyInstance, url: string, body: unknown, raw?: string) {
  return app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: raw ?? JSON.stringify(body) });
}

async function say(app: FastifyInstance, clientId: string, query: string, base = '') {
  const res = await post(app, `${base}/chatapi/${TOKEN}`, { clientId, query });
  expect(res.statusCode).toBe(200);
  return res.json() as { data: { replies: Array<{ text?: string }> } };
}

async function agentEvents(app: FastifyInstance, clientId: string, base = ''): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `${base}/chatapi/${TOKEN}/events?clientId=${clientId}&ts=0` });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** Connect the channel to the fake engagement platform; returns the webhook path (under the app). */
async function connect(app: FastifyInstance, fake: Fake, n = 1): Promise<string> {
  expect((await post(app, '/__driver/platform/operator-channel', { apiUrl: fake.apiUrl })).statusCode).toBe(202);
  const url = (await fake.waitFor('setWebhook', n))[n - 1]!.body.url as string;
  return new URL(url).pathname;
}

/** Transfer a client (after a first text); returns its userId. */
async function transfer(app: FastifyInstance, fake: Fake, clientId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const before = fake.of('selectDestination').length;
  await say(app, clientId, 'Hello');
  expect((await post(app, '/__driver/platform/transfer', { clientId, ...extra })).statusCode).toBe(202);
  const calls = await fake.waitFor('selectDestination', before + 1);
  return calls[before]!.body.userId as string;
}

test.describe('operator-api-platform reference', () => {
  let app: FastifyInstance;
  let fake: Fake;
  const lines: string[] = [];
  test.beforeEach(async () => {
    lines.length = 0;
    fake = await fakeEngagement();
    app = build({ token: TOKEN, log: (l) => lines.push(l) });
  });
  test.afterEach(async () => {
    await app.close();
    await fake.close();
  });

  test('the Chat API of the composed reference still answers (bot, unknown token)', async () => {
    const body = await say(app, 'c0', 'hello');
    expect(body.data.replies[0]?.text).toBe('Hello! How can I help you?');
    expect((await post(app, '/chatapi/not-the-token', { clientId: 'c0', query: 'hi' })).statusCode).toBe(404);
  });

  test('the driver refuses malformed actions, and a transfer before the channel is connected', async () => {
    expect((await post(app, '/__driver/platform/operator-channel', { apiUrl: 'not a url' })).statusCode).toBe(400);
    expect((await post(app, '/__driver/platform/operator-channel', {})).statusCode).toBe(400);
    expect((await post(app, '/__driver/platform/transfer', { clientId: 'c1' })).statusCode).toBe(409);
    await connect(app, fake);
    expect((await post(app, '/__driver/platform/transfer', {})).statusCode).toBe(400);
    expect((await post(app, '/__driver/platform/client-file', { clientId: 'c1' })).statusCode).toBe(400);
    expect((await post(app, '/__driver/platform/client-close', { text: 'x' })).statusCode).toBe(400);
  });

  test('connecting calls setWebhook with the documented URL form, then getDestinations', async () => {
    const path = await connect(app, fake);
    expect(path).toMatch(/^\/chatapi\/webhook\/operatorapi\/[0-9a-f]{32}$/);
    const [setWebhook] = fake.of('setWebhook');
    expect(setWebhook!.method).toBe('POST');
    expect(setWebhook!.contentType).toBe('application/json');
    expect(validators.validate('SetWebhookRequest', setWebhook!.body, 'setWebhook')).toEqual([]);
    expect(setWebhook!.body.url).toMatch(/^http:\/\/localhost(:80)?\/chatapi\/webhook\/operatorapi\//);
    const [groups] = await fake.waitFor('getDestinations');
    expect(groups!.method).toBe('GET');
    expect(fake.calls.map((c) => c.path)).toEqual(['/api/v2/setWebhook', '/api/v2/getDestinations']);
  });

  test('a transfer calls selectDestination with a stable userId, the chosen group and the pre-chat fields', async () => {
    await connect(app, fake);
    await fake.waitFor('getDestinations');
    const userId = await transfer(app, fake, 'c1', { destinationId: '11', userName: 'Ann Lee', attributes: { plan: 'gold' }, hiddenAttributes: { crm: '42' } });
    const [sel] = fake.of('selectDestination');
    expect(sel!.body).toEqual({ userId, destinationId: '11', userName: 'Ann Lee', attributes: { plan: 'gold' }, hiddenAttributes: { crm: '42' } });
    expect(validators.validate('SelectDestinationRequest', sel!.body, 'selectDestination')).toEqual([]);
    expect(userId).not.toBe('c1');
    // Without a chosen group: the first online group getDestinations listed. Same client: same userId.
    await post(app, '/__driver/platform/client-close', { clientId: 'c1' });
    expect(await transfer(app, fake, 'c1')).toBe(userId);
    expect(fake.of('selectDestination')[1]!.body.destinationId).toBe('12');
    expect(await transfer(app, fake, 'c2')).not.toBe(userId);
  });

  test('while transferred, client texts go to sendText unchanged and the bot is silent; before, the bot answers', async () => {
    await connect(app, fake);
    const before = await say(app, 'c3', 'What is the time?');
    expect(before.data.replies).toHaveLength(1);
    const userId = await transfer(app, fake, 'c3');
    const text = 'Привет 👋🏽 "quoted" \\ \n\ttab';
    const during = await say(app, 'c3', text);
    expect(during.data.replies).toEqual([]);
    const [sendText] = await fake.waitFor('sendText');
    expect(sendText!.body).toEqual({ userId, text });
    expect(fake.of('sendText').some((c) => c.body.text === 'What is the time?')).toBe(false);
  });

  test('the query "operator" transfers the client to an agent', async () => {
    await connect(app, fake);
    const res = await say(app, 'c4', 'operator');
    expect(res.data.replies[0]?.text).toContain('agent');
    const [sel] = await fake.waitFor('selectDestination');
    expect(typeof sel!.body.userId).toBe('string');
    await say(app, 'c4', 'I need help');
    expect((await fake.waitFor('sendText'))[0]!.body.text).toBe('I need help');
  });

  test('client-file calls sendFile; client-close calls closeChat (default text) and gives the dialog back to the bot', async () => {
    await connect(app, fake);
    const userId = await transfer(app, fake, 'c5');
    await post(app, '/__driver/platform/client-file', { clientId: 'c5', url: 'http://files.test/a.pdf', fileName: 'a.pdf', size: 12 });
    expect((await fake.waitFor('sendFile'))[0]!.body).toEqual({ userId, url: 'http://files.test/a.pdf', fileName: 'a.pdf', size: 12 });
    await post(app, '/__driver/platform/client-close', { clientId: 'c5' });
    const [close] = await fake.waitFor('closeChat');
    expect(close!.body).toEqual({ userId, text: 'The user closed the dialog' });
    expect(validators.validate('CloseChatRequest', close!.body, 'closeChat')).toEqual([]);
    expect((await say(app, 'c5', 'back to the bot')).data.replies).toHaveLength(1);
  });

  test('the webhook: an unknown apiKey is 404, also before the channel is connected', async () => {
    const event = { id: 'e1', userId: 'u', type: 'Closed', employee: EMPLOYEE };
    expect((await post(app, '/chatapi/webhook/operatorapi/anything', event)).statusCode).toBe(404);
    const path = await connect(app, fake);
    expect((await post(app, path.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)), event)).statusCode).toBe(404);
  });

  const MALFORMED: Array<[string, unknown, string?]> = [
    ['not JSON', undefined, '{"id": "e1", "userId": '],
    ['an array', [{ id: 'e1', userId: 'u', type: 'Closed', employee: EMPLOYEE }]],
    ['no id', { userId: 'u', type: 'Closed', employee: EMPLOYEE }],
    ['no userId', { id: 'e1', type: 'Closed', employee: EMPLOYEE }],
    ['no type', { id: 'e1', userId: 'u', employee: EMPLOYEE }],
    ['an unknown type', { id: 'e1', userId: 'u', type: 'Typing', employee: EMPLOYEE }],
    ['a TextMessage without text', { id: 'e1', userId: 'u', type: 'TextMessage', employee: EMPLOYEE }],
    ['a TextMessage without employee', { id: 'e1', userId: 'u', type: 'TextMessage', text: 'hi' }],
    ['an employee without avatarUrl', { id: 'e1', userId: 'u', type: 'Closed', employee: { ...EMPLOYEE, avatarUrl: undefined } }],
    ['a FileMessage without size', { id: 'e1', userId: 'u', type: 'FileMessage', url: 'http://f', name: 'f', comment: '', employee: EMPLOYEE }],
    ['a FileMessage with size "two"', { id: 'e1', userId: 'u', type: 'FileMessage', url: 'http://f', name: 'f', size: 'two', comment: '', employee: EMPLOYEE }],
    ['a SelectDestination without destination', { id: 'e1', userId: 'u', type: 'SelectDestination' }],
    [
      'a SelectDestination with hasOnline "yes"',
      { id: 'e1', userId: 'u', type: 'SelectDestination', destination: { destinationId: '1', name: 'g', hasOnline: 'yes' } },
    ],
  ];
  for (const [label, body, raw] of MALFORMED) {
    test(`the webhook refuses ${label} with 400`, async () => {
      const path = await connect(app, fake);
      const res = await post(app, path, body, raw);
      expect(res.statusCode).toBe(400);
      expect(typeof res.json().error).toBe('string');
    });
  }

  test('the webhook accepts the four events, in the typed and the example forms, with 200 and an empty body', async () => {
    const path = await connect(app, fake);
    const userId = await transfer(app, fake, 'c6');
    const events = [
      { id: 'e1', userId, type: 'TextMessage', text: 'Hi, Ada here', employee: EMPLOYEE },
      { id: 'e2', userId, type: 'FileMessage', url: 'http://f/a.pdf', name: 'a.pdf', size: 2, comment: 'c', employee: EMPLOYEE },
      { id: 'e3', userId, type: 'FileMessage', url: 'http://f/b.pdf', name: 'b.pdf', size: '2', comment: 'c', employee: EMPLOYEE },
      { id: 'e4', userId, type: 'SelectDestination', destination: { destinationId: '12', name: 'Support', hasOnline: 'true' } },
      { id: 'e5', userId, type: 'SelectDestination', destination: { destinationId: '11', name: 'Sales', hasOnline: false }, employee: EMPLOYEE },
      { id: 'e6', userId, type: 'Closed', employee: EMPLOYEE },
    ];
    for (const e of events) {
      const res = await post(app, path, e);
      expect(res.statusCode, e.id).toBe(200);
      expect(res.body, e.id).toBe('');
    }
    // Unknown userIds are accepted too (not specified): nothing happens.
    expect((await post(app, path, { ...events[0], userId: 'nobody' })).statusCode).toBe(200);
  });

  test("events take effect: the agent's text and file link reach /events, Closed gives the dialog back to the bot", async () => {
    const path = await connect(app, fake);
    const userId = await transfer(app, fake, 'c7');
    const text = 'Здравствуйте 👩‍💻 <b>hi</b>';
    await post(app, path, { id: 'e1', userId, type: 'TextMessage', text, employee: EMPLOYEE });
    await post(app, path, {
      id: 'e2',
      userId,
      type: 'FileMessage',
      url: 'http://f/guide.pdf',
      name: 'guide.pdf',
      size: 9,
      comment: 'Our guide',
      employee: EMPLOYEE,
    });
    const events = JSON.parse(await agentEvents(app, 'c7')) as { events: Array<{ event: { data: { replies: Array<{ text: string }> } } }> };
    const texts = events.events.map((e) => e.event.data.replies[0]!.text);
    expect(texts[0]).toBe(text);
    expect(texts[1]).toContain('http://f/guide.pdf');
    expect((await say(app, 'c7', 'still there?')).data.replies).toEqual([]);
    await post(app, path, { id: 'e3', userId, type: 'Closed', employee: EMPLOYEE });
    expect((await say(app, 'c7', 'hello again')).data.replies).toHaveLength(1);
    expect(fake.of('sendText').map((c) => c.body.text)).toEqual(['still there?']);
  });

  test('log lines never carry the apiKey or the channel token', async () => {
    const path = await connect(app, fake);
    const key = path.split('/').pop()!;
    const userId = await transfer(app, fake, 'c8');
    await post(app, path, { id: 'e1', userId, type: 'TextMessage', text: 'hi', employee: EMPLOYEE });
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.some((l) => l.includes('/chatapi/webhook/operatorapi/***'))).toBe(true);
    for (const l of lines) {
      expect(l).not.toContain(key);
      expect(l).not.toContain(TOKEN);
    }
  });
});

test.describe('operator-api-platform reference, variations and mutants', () => {
  test('path-prefix: the Chat API and the webhook live under /chatadapter, as the webhook URL says', async () => {
    const fake = await fakeEngagement();
    const app = build({ token: TOKEN, variation: 'path-prefix' });
    try {
      const path = await connect(app, fake);
      expect(path).toMatch(/^\/chatadapter\/chatapi\/webhook\/operatorapi\/[0-9a-f]{32}$/);
      await say(app, 'c1', 'hello', '/chatadapter');
      expect((await post(app, '/__driver/platform/transfer', { clientId: 'c1' })).statusCode).toBe(202);
      const userId = (await fake.waitFor('selectDestination'))[0]!.body.userId;
      expect((await post(app, path, { id: 'e1', userId, type: 'TextMessage', text: 'prefixed', employee: EMPLOYEE })).statusCode).toBe(200);
      expect(await agentEvents(app, 'c1', '/chatadapter')).toContain('prefixed');
    } finally {
      await app.close();
      await fake.close();
    }
  });

  test('api-key-per-connection: a new connection gets a new apiKey, the old one is then unknown', async () => {
    const fake = await fakeEngagement();
    const app = build({ token: TOKEN, variation: 'api-key-per-connection' });
    try {
      const first = await connect(app, fake, 1);
      const second = await connect(app, fake, 2);
      expect(second).not.toBe(first);
      const event = { id: 'e1', userId: 'u', type: 'Closed', employee: EMPLOYEE };
      expect((await post(app, first, event)).statusCode).toBe(404);
      expect((await post(app, second, event)).statusCode).toBe(200);
    } finally {
      await app.close();
      await fake.close();
    }
  });

  test('attributes-as-json-strings and extra-fields stay valid against the spec', async () => {
    for (const variation of ['attributes-as-json-strings', 'extra-fields']) {
      const fake = await fakeEngagement();
      const app = build({ token: TOKEN, variation });
      try {
        await connect(app, fake);
        await transfer(app, fake, 'c1', { userName: 'A', attributes: { a: '1' }, hiddenAttributes: { h: '2' } });
        const body = fake.of('selectDestination')[0]!.body;
        expect(validators.validate('SelectDestinationRequest', body, variation), variation).toEqual([]);
        if (variation === 'attributes-as-json-strings') {
          expect(JSON.parse(body.attributes)).toEqual({ a: '1' });
          expect(JSON.parse(body.customData)).toEqual({ channel: 'chatapi', clientId: 'c1' });
        }
      } finally {
        await app.close();
        await fake.close();
      }
    }
  });

  test('nulls-for-absent: the optional fields without a value are sent as null, and stay valid against the spec', async () => {
    const fake = await fakeEngagement();
    const app = build({ token: TOKEN, variation: 'nulls-for-absent' });
    try {
      await connect(app, fake);
      const userId = await transfer(app, fake, 'c1');
      const sel = fake.of('selectDestination')[0]!.body;
      expect(sel).toMatchObject({ userId, userName: null, attributes: null, hiddenAttributes: null, customData: null });
      expect(validators.validate('SelectDestinationRequest', sel, 'selectDestination')).toEqual([]);
      await post(app, '/__driver/platform/client-file', { clientId: 'c1', url: 'http://files.test/v.ogg' });
      const [file] = await fake.waitFor('sendFile');
      expect(file!.body).toEqual({ userId, url: 'http://files.test/v.ogg', fileName: null, size: null });
      expect(validators.validate('SendFileRequest', file!.body, 'sendFile')).toEqual([]);
    } finally {
      await app.close();
      await fake.close();
    }
  });

  test("client-file-rehosted: sendFile links the platform's own copy, which redirects to the client's file", async () => {
    const fake = await fakeEngagement();
    const app = build({ token: TOKEN, variation: 'client-file-rehosted' });
    try {
      await connect(app, fake);
      await transfer(app, fake, 'c1');
      await post(app, '/__driver/platform/client-file', { clientId: 'c1', url: 'http://files.test/a b.pdf?sig=1', fileName: 'a b.pdf', size: 3 });
      const [file] = await fake.waitFor('sendFile');
      expect(file!.body.url).toMatch(/^http:\/\/localhost(:80)?\/operator-files\/[0-9a-f]{16}\/a%20b\.pdf$/);
      expect(file!.body).toMatchObject({ fileName: 'a b.pdf', size: 3 });
      const copy = await app.inject({ method: 'GET', url: new URL(file!.body.url as string).pathname });
      expect([copy.statusCode, copy.headers.location]).toEqual([302, 'http://files.test/a b.pdf?sig=1']);
      expect((await app.inject({ method: 'GET', url: '/operator-files/0000000000000000/x' })).statusCode).toBe(404);
    } finally {
      await app.close();
      await fake.close();
    }
  });

  test('webhook-answers-204: valid events are answered with assorted 2xx statuses', async () => {
    const fake = await fakeEngagement();
    const app = build({ token: TOKEN, variation: 'webhook-answers-204' });
    try {
      const path = await connect(app, fake);
      const userId = await transfer(app, fake, 'c1');
      const answers = [];
      for (const e of [
        { id: 'e1', userId, type: 'TextMessage', text: 'hi', employee: EMPLOYEE },
        { id: 'e2', userId, type: 'FileMessage', url: 'http://f/a', name: 'a', size: 1, comment: '', employee: EMPLOYEE },
        { id: 'e3', userId, type: 'SelectDestination', destination: { destinationId: '11', name: 'Sales', hasOnline: true } },
        { id: 'e4', userId, type: 'Closed', employee: EMPLOYEE },
      ]) {
        const res = await post(app, path, e);
        answers.push([res.statusCode, res.body]);
      }
      expect(answers).toEqual([
        [204, ''],
        [202, '{"queued":true}'],
        [204, ''],
        [201, 'ok'],
      ]);
      expect((await post(app, path, { id: 'e5', userId })).statusCode).toBe(400);
    } finally {
      await app.close();
      await fake.close();
    }
  });

  test('start() serves on loopback and returns the suite, target, driver and token', async () => {
    const ref = await start({ variation: 'path-prefix' });
    try {
      expect(ref.suite).toBe('operator-api-platform');
      expect(ref.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/chatadapter$/);
      expect(ref.driver).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__driver$/);
      const res = await fetch(`${ref.target}/chatapi/${ref.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'x', query: 'hello' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await ref.close();
    }
  });

  test('the variations prove the FREEDOM readings of the suite', () => {
    // The FREEDOM readings of the operator-api-platform suite are each taken by some variation.
    const proven = new Set(variations.flatMap((v) => v.proves ?? []));
    for (const anchor of ['gen-null-absent', 'gen-2xx-for-200', 'op-platform-pre-chat-forms', 'op-platform-client-file-rehosted'])
      expect(proven.has(anchor), anchor).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The mutant table (the scheme of ./reference-common-catalogue.ts): per mutant, a probe that holds on
// the reference and fails on the mutant. Left to the self-test: operator-answer-200-only (it needs an
// engagement platform that answers 202, which this fake never does).

interface Platform {
  app: FastifyInstance;
  fake: Fake;
  /** The webhook path the channel gave setWebhook (undefined if no usable one came). */
  hook?: string;
}

/** The calls of `op` that arrive within a short while (fewer than `n` if the platform never makes them). */
async function soon(fake: Fake, op: string, n = 1): Promise<Call[]> {
  return fake.waitFor(op, n).catch(() => fake.of(op));
}

/** Transfer a client after a first text; returns the selectDestination call, if any came. */
async function transferred(p: Platform, clientId: string, extra: Record<string, unknown> = {}): Promise<Call | undefined> {
  const before = p.fake.of('selectDestination').length;
  await post(p.app, `/chatapi/${TOKEN}`, { clientId, query: 'Hello' });
  await post(p.app, '/__driver/platform/transfer', { clientId, ...extra });
  return (await soon(p.fake, 'selectDestination', before + 1))[before];
}

/** The sendText call a client text makes during a transfer. */
async function textSent(p: Platform, text: string): Promise<Call | undefined> {
  await transferred(p, 'c1');
  await post(p.app, `/chatapi/${TOKEN}`, { clientId: 'c1', query: text });
  return (await soon(p.fake, 'sendText'))[0];
}

async function fileSent(p: Platform): Promise<Call | undefined> {
  await transferred(p, 'c1');
  await post(p.app, '/__driver/platform/client-file', { clientId: 'c1', url: 'http://files.test/a.pdf', fileName: 'a.pdf', size: 12 });
  return (await soon(p.fake, 'sendFile'))[0];
}

async function closeSent(p: Platform, text?: string): Promise<Call | undefined> {
  await transferred(p, 'c1');
  await post(p.app, '/__driver/platform/client-close', { clientId: 'c1', ...(text === undefined ? {} : { text }) });
  return (await soon(p.fake, 'closeChat'))[0];
}

/** The status the webhook answers an event for a transferred client (`event` gets its userId). */
async function webhookStatus(p: Platform, event: Record<string, unknown>, raw?: string): Promise<number> {
  const userId = (await transferred(p, 'c1'))?.body.userId;
  return (await post(p.app, p.hook!, { id: 'e1', userId, employee: EMPLOYEE, ...event }, raw)).statusCode;
}

/** What the client reads from /events after the agent's event. */
async function clientGot(p: Platform, event: Record<string, unknown>): Promise<string> {
  await webhookStatus(p, event);
  return agentEvents(p.app, 'c1');
}

const FILE_EVENT = { type: 'FileMessage', url: 'http://f/guide.pdf', name: 'guide.pdf', size: 9, comment: 'Our guide' };

const probes: Partial<Record<MutantId, Probe<Platform>>> = {
  // connecting: setWebhook, getDestinations
  'set-webhook-not-called': async (p) => (await soon(p.fake, 'setWebhook')).length === 1,
  'set-webhook-get': async (p) => (await soon(p.fake, 'setWebhook'))[0]?.method === 'POST',
  'set-webhook-field-renamed': async (p) => typeof (await soon(p.fake, 'setWebhook'))[0]?.body?.url === 'string',
  'set-webhook-relative-url': async (p) => /^https?:\/\//.test((await soon(p.fake, 'setWebhook'))[0]?.body?.url),
  'set-webhook-undocumented-path': async (p) => p.hook?.startsWith('/chatapi/webhook/operatorapi/') ?? false,
  'requests-text-plain': async (p) => (await soon(p.fake, 'setWebhook'))[0]?.contentType === 'application/json',
  'api-url-path-dropped': async (p) => (await soon(p.fake, 'setWebhook')).length === 1,
  'get-destinations-post': async (p) => (await soon(p.fake, 'getDestinations'))[0]?.method === 'GET',
  // selectDestination
  'select-destination-not-called': async (p) => (await transferred(p, 'c1')) !== undefined,
  'select-destination-ignores-choice': async (p) => (await transferred(p, 'c1', { destinationId: '12' }))?.body.destinationId === '12',
  'select-destination-number-id': async (p) => (await transferred(p, 'c1', { destinationId: '12' }))?.body.destinationId === '12',
  'user-name-dropped': async (p) => (await transferred(p, 'c1', { userName: 'Ann Lee' }))?.body.userName === 'Ann Lee',
  'attributes-dropped': async (p) => (await transferred(p, 'c1', { attributes: { plan: 'gold' } }))?.body.attributes?.plan === 'gold',
  'hidden-attributes-in-attributes': async (p) => {
    const call = await transferred(p, 'c1', { attributes: { plan: 'gold' }, hiddenAttributes: { crm: '42' } });
    return JSON.stringify(call?.body.attributes) === '{"plan":"gold"}';
  },
  'hidden-attributes-dropped': async (p) => (await transferred(p, 'c1', { hiddenAttributes: { crm: '42' } }))?.body.hiddenAttributes?.crm === '42',
  'user-id-per-transfer': async (p) => {
    const first = (await transferred(p, 'c1'))?.body.userId;
    await post(p.app, '/__driver/platform/client-close', { clientId: 'c1' });
    return first !== undefined && (await transferred(p, 'c1'))?.body.userId === first;
  },
  'user-id-shared': async (p) => (await transferred(p, 'c1'))?.body.userId !== (await transferred(p, 'c2'))?.body.userId,
  // sendText, sendFile, closeChat
  'send-text-not-forwarded': async (p) => (await textSent(p, 'hi')) !== undefined,
  'send-text-field-renamed': async (p) => (await textSent(p, 'hi'))?.body.text === 'hi',
  'send-text-unicode-mangled': async (p) => (await textSent(p, 'Привет'))?.body.text === 'Привет',
  'send-text-trimmed': async (p) => (await textSent(p, ' a\r\nb '))?.body.text === ' a\r\nb ',
  'send-text-truncated': async (p) => (await textSent(p, 'x'.repeat(1100)))?.body.text.length === 1100,
  'send-text-client-id': async (p) => {
    const userId = (await transferred(p, 'c1'))?.body.userId;
    await post(p.app, `/chatapi/${TOKEN}`, { clientId: 'c1', query: 'hi' });
    return (await soon(p.fake, 'sendText'))[0]?.body.userId === userId;
  },
  'send-text-before-transfer': async (p) => {
    await post(p.app, `/chatapi/${TOKEN}`, { clientId: 'c1', query: 'to the bot' });
    await transferred(p, 'c1');
    return !p.fake.of('sendText').some((c) => c.body.text === 'to the bot');
  },
  'send-file-not-called': async (p) => (await fileSent(p)) !== undefined,
  'send-file-url-relative': async (p) => (await fileSent(p))?.body.url === 'http://files.test/a.pdf',
  'send-file-size-string': async (p) => (await fileSent(p))?.body.size === 12,
  'send-file-name-dropped': async (p) => (await fileSent(p))?.body.fileName === 'a.pdf',
  'close-chat-not-called': async (p) => (await closeSent(p)) !== undefined,
  'close-chat-no-text': async (p) => typeof (await closeSent(p))?.body.text === 'string',
  'close-chat-text-ignored': async (p) => (await closeSent(p, 'bye'))?.body.text === 'bye',
  'close-chat-array-body': async (p) => !Array.isArray((await closeSent(p))?.body),
  // the webhook's answers
  'webhook-text-500': async (p) => (await webhookStatus(p, { type: 'TextMessage', text: 'hi' })) === 200,
  'webhook-file-refused': async (p) => (await webhookStatus(p, FILE_EVENT)) === 200,
  'webhook-size-string-refused': async (p) => (await webhookStatus(p, { ...FILE_EVENT, size: '9' })) === 200,
  'webhook-closed-refused': async (p) => (await webhookStatus(p, { type: 'Closed' })) === 200,
  'webhook-select-destination-refused': async (p) => (await webhookStatus(p, { type: 'SelectDestination', destination: GROUPS[1] })) === 200,
  'webhook-has-online-string-refused': async (p) =>
    (await webhookStatus(p, { type: 'SelectDestination', destination: { ...GROUPS[1], hasOnline: 'true' } })) === 200,
  'webhook-bad-json-500': async (p) => (await webhookStatus(p, {}, '{"id": "e1", "userId": ')) === 400,
  'webhook-missing-user-id-accepted': async (p) => (await webhookStatus(p, { type: 'TextMessage', text: 'hi', userId: undefined })) === 400,
  'webhook-missing-text-accepted': async (p) => (await webhookStatus(p, { type: 'TextMessage' })) === 400,
  'webhook-any-api-key': async (p) =>
    (await post(p.app, p.hook!.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)), { id: 'e1', userId: 'u', type: 'Closed', employee: EMPLOYEE })).statusCode === 404,
  // what the client gets from the agent
  'agent-text-not-delivered': async (p) => (await clientGot(p, { type: 'TextMessage', text: 'agent here' })).includes('agent here'),
  'agent-text-trimmed': async (p) => (await clientGot(p, { type: 'TextMessage', text: '  agent here  ' })).includes('"  agent here  "'),
  'agent-text-mangled': async (p) => (await clientGot(p, { type: 'TextMessage', text: 'Привет' })).includes('Привет'),
  'agent-file-not-delivered': async (p) => (await clientGot(p, FILE_EVENT)).includes('http://f/guide.pdf'),
  'closed-ignored': async (p) => {
    await webhookStatus(p, { type: 'Closed' });
    await post(p.app, `/chatapi/${TOKEN}`, { clientId: 'c1', query: 'back to the bot' });
    await new Promise((r) => setTimeout(r, 100));
    return p.fake.of('sendText').length === 0;
  },
};

mutantTableTests<MutantId, Platform>({
  suite: 'operator-api-platform',
  catalogue,
  probes,
  open: async (mutant) => {
    const fake = await fakeEngagement();
    const app = build({ token: TOKEN, ...(mutant ? { mutant } : {}) });
    await post(app, '/__driver/platform/operator-channel', { apiUrl: fake.apiUrl });
    const url = (await soon(fake, 'setWebhook'))[0]?.body?.url;
    let hook: string | undefined;
    try {
      hook = new URL(url).pathname;
    } catch {
      hook = undefined;
    }
    await soon(fake, 'getDestinations');
    return { app, fake, hook };
  },
  close: async ({ app, fake }) => {
    await app.close();
    await fake.close();
  },
  refuses: (opts) => build(opts),
});
