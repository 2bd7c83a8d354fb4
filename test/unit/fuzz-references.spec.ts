import { test, expect } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { build as buildOperator } from '../../reference/operator-api/server.ts';
import { build as buildChat } from '../../reference/chat-api/server.ts';
import { build as buildOmni } from '../../reference/omnichannel/server.ts';
import { ChannelStore } from '../../reference/omnichannel/channels.ts';

/**
 * Fuzzed references (issue 6, part 4). Each bundled reference gets thousands of random and malformed
 * requests through fastify `inject`: bodies (random JSON, text, bytes that are not UTF-8, truncated or
 * deeply nested JSON, valid bodies with one field replaced or removed, prototype-pollution keys),
 * headers (content types, encodings, random names and values) and paths (known routes with odd
 * segments, encodings and query strings). Properties:
 *
 *  - no crash: every request gets an answer;
 *  - no 5xx, except the 500 the Omnichannel document prescribes for its inbound endpoint ("other
 *    errors" of the request body);
 *  - the state stays consistent: a chat, a client or an inbox set up before the fuzz reads back
 *    exactly as before, the reference still works normally, and no prototype was polluted.
 *
 * The existing property tests in reference-omnichannel.spec.ts and reference-chat-api.spec.ts check
 * status sets on single endpoints; these go wider (every route, headers, paths, the driver) and add
 * the state properties.
 */

/**
 * The scale of the fuzz: 2 × RUNS requests per reference's main property (plus smaller ones), about
 * 6,750 requests in all; the file takes about 15 s on 2 cores. FUZZ_RUNS=10000 for a long soak.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** fast-check's seed: fixed, so that a failure prints a run anyone can replay. */
const SEED = 20261129;

type Method = NonNullable<InjectOptions['method']>;
const METHODS: Method[] = ['GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

interface Req {
  method: Method;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

// ----------------------------------------------------------------------------------------------
// Shared arbitraries.

/** Header values a client can send (visible ASCII and spaces, no control characters). */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((n) => !['content-length', 'transfer-encoding', 'host', 'connection'].includes(n));

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  '*/*',
  '',
  'garbage',
  ';;;',
  undefined,
);

/** Random headers, and a few that servers treat specially. */
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
    fc.record(
      {
        'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-garbage'),
        expect: fc.constantFrom('100-continue', 'nonsense'),
        accept: fc.oneof(headerValue, fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml;q=0.9')),
        'accept-encoding': fc.constantFrom('gzip', 'br', '*', 'x'),
        authorization: fc.oneof(headerValue, fc.constant('Token abc')),
        'x-forwarded-for': headerValue,
        'x-http-method-override': fc.constantFrom('DELETE', 'PUT', 'GET'),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([a, b]) => ({ ...a, ...b }));

/** Any JSON text, including awkward numbers and strings. */
const anyJsonText = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('1e999', '-0', '123456789012345678901234567890', '"\\ud800"', '"\\u0000"', 'null', 'true', '[]', '{}', '""'),
);

/** JSON nested up to 20,000 levels: arrays, objects, or both. */
const deep = fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('array', 'object', 'mixed')).map(([n, kind]) => {
  if (kind === 'array') return '['.repeat(n) + ']'.repeat(n);
  if (kind === 'object') return `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  return `${'{"a":['.repeat(n)}1${']}'.repeat(n)}`;
});

/** Every kind of body, around a valid one for the route. */
function bodies(route: Record<string, unknown>): fc.Arbitrary<string | Buffer> {
  // A route without a body (a GET) still gets bodies: around a small object.
  const valid = Object.keys(route).length ? route : { x: 1 };
  const keys = Object.keys(valid);
  const anything = fc.oneof(
    fc.jsonValue(),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', '\u0000', 'x'.repeat(10_000), -1, 0, 1.5, 2 ** 53 + 1, true, null, [], {}, ['a'], { a: { b: {} } }),
  );
  const json = JSON.stringify(valid);
  return fc.oneof(
    // Valid with one field replaced by anything, or removed, or one added.
    fc.tuple(fc.constantFrom(...keys), anything).map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
    fc.constantFrom(...keys).map((k) => {
      const copy = { ...valid };
      delete copy[k];
      return JSON.stringify(copy);
    }),
    fc.tuple(fc.string({ maxLength: 12 }), anything).map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
    // Prototype pollution attempts, at the top and one level down.
    fc.constantFrom(
      json.replace(/^\{/, '{"__proto__":{"polluted":"yes"},'),
      json.replace(/^\{/, '{"constructor":{"prototype":{"polluted":"yes"}},'),
      JSON.stringify({ ...valid, attributes: '{"__proto__":{"polluted":"yes"}}' }),
      JSON.stringify({ ...valid, attributes: { ['__proto__']: { polluted: 'yes' } } }).replace(
        '"attributes":{}',
        '"attributes":{"__proto__":{"polluted":"yes"}}',
      ),
    ),
    // Truncated, wrapped, nested, not JSON at all.
    fc.nat({ max: json.length - 1 }).map((n) => json.slice(0, n)),
    fc.constant(`[${json}]`),
    // Deeply nested, at the top or in one field (JSON.parse copes; a recursive copy or stringify may not).
    deep.map((nested) => nested),
    fc.tuple(fc.constantFrom(...keys), deep).map(([k, nested]) => JSON.stringify({ ...valid, [k]: '__DEEP__' }).replace('"__DEEP__"', nested)),
    anyJsonText,
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    fc.constant(Buffer.concat([Buffer.from(json.slice(0, -2)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])),
  );
}

/** A path segment: ordinary, empty, encoded, traversing, very long, or bad percent-encoding. */
const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
  fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s)),
  fc.string({ unit: 'binary', maxLength: 10 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('', '.', '..', '%2e%2e', '%2F', '%00', '%', '%zz', '%E0%A4%A', ';x=1', 'a'.repeat(3000), '__proto__', 'constructor'),
);

const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.stringMatching(/^[a-zA-Z]{1,8}$/), fc.constantFrom('userId', 'clientId', 'ts', 'all', 'cid', 'chat_id', 'query', 'event', '__proto__')),
        segment,
      ),
      { maxLength: 4 },
    )
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : '')),
  fc.constantFrom('?', '?&&', '?a', '?a=1&a=2&a=3', '?userId[]=x', '?userId=a&userId=b', '?clientId=%zz'),
);

/** A known route made odd: a segment replaced or appended, a trailing slash, doubled slashes, a query. */
function paths(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.constantFrom(...known), query).map(([p, q]) => p + q),
    fc.tuple(fc.constantFrom(...known), segment, query).map(([p, s, q]) => `${p}/${s}${q}`),
    fc.tuple(fc.constantFrom(...known), fc.nat(), segment).map(([p, i, s]) => {
      const parts = p.split('/');
      parts[1 + (i % Math.max(1, parts.length - 1))] = s;
      return parts.join('/');
    }),
    fc.constantFrom(...known).map((p) => `${p}/`),
    fc.constantFrom(...known).map((p) => p.replace(/\//g, '//')),
    fc.constantFrom(...known).map((p) => p.toUpperCase()),
    fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
    fc.constantFrom('/', '*', '/%', '/..%2f..%2fetc/passwd'),
  );
}

function request(route: fc.Arbitrary<{ method: Method; url: string; valid: Record<string, unknown> }>): fc.Arbitrary<Req> {
  return route.chain(({ method, url, valid }) =>
    fc
      .record({
        method: fc.oneof({ weight: 4, arbitrary: fc.constant(method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
        url: fc.oneof({ weight: 3, arbitrary: fc.constant(url) }, { weight: 2, arbitrary: paths([url.split('?')[0]]) }),
        ct: contentType,
        headers: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extraHeaders }),
        payload: fc.option(bodies(valid), { nil: undefined, freq: 8 }),
      })
      .map(({ method: m, url: u, ct, headers, payload }) => {
        const h: Record<string, string> = { ...headers };
        if (ct !== undefined) h['content-type'] = ct;
        const req: Req = { method: m, url: u, headers: h, payload: m === 'GET' || m === 'HEAD' ? undefined : payload };
        // A counterexample is printed in one short line, not as a 10,000-character body.
        return Object.assign(req, { [fc.toStringMethod]: () => describeReq(req) });
      }),
  );
}

/** Send one fuzzed request; a thrown error or a rejected promise is a crash. */
function send(app: FastifyInstance, r: Req) {
  return app.inject({ method: r.method, url: r.url, headers: r.headers, payload: r.payload });
}

function describeReq(r: Req): string {
  const body = r.payload === undefined ? '' : Buffer.isBuffer(r.payload) ? `<${r.payload.length} bytes>` : r.payload.slice(0, 120);
  return `${r.method} ${r.url.slice(0, 200)} ${JSON.stringify(r.headers).slice(0, 200)} ${body}`;
}

/**
 * The check inside the fuzz loops. Playwright's `expect` records a step per call (milliseconds each),
 * which over thousands of requests would dominate the run; a plain throw costs nothing.
 */
function must(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

function prototypesClean(): void {
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
}

/** A loopback webhook receiver that answers 200 and counts. */
async function sink(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => n,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// ----------------------------------------------------------------------------------------------
// Operator API.

test.describe('operator-api reference', () => {
  const KEEPER = 'keeper-Ω-7f3c';
  const USERS = fc.constantFrom('u1', 'u2', '', ' ', 'ünï 🎉', '1', 'x'.repeat(500));

  async function json(app: FastifyInstance, method: Method, url: string, body?: unknown) {
    const res = await app.inject({
      method,
      url,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.statusCode, body: res.body === '' ? undefined : (JSON.parse(res.body) as unknown) };
  }

  async function keeperChat(app: FastifyInstance) {
    const r = await json(app, 'GET', `/__driver/operator/chat?userId=${encodeURIComponent(KEEPER)}`);
    expect(r.status).toBe(200);
    return r.body as { userName: string; attributes: Record<string, unknown>; messages: unknown[]; closed: boolean };
  }

  async function withKeeper(app: FastifyInstance) {
    expect(
      (
        await json(app, 'POST', '/selectDestination', {
          userId: KEEPER,
          destinationId: '1',
          userName: 'Keeper',
          attributes: { plan: 'gold' },
          hiddenAttributes: { secret: 'h' },
        })
      ).status,
    ).toBe(200);
    expect((await json(app, 'POST', '/sendText', { userId: KEEPER, text: 'before the fuzz' })).status).toBe(200);
    expect((await json(app, 'POST', '/sendFile', { userId: KEEPER, url: 'https://files.example.com/k.pdf', fileName: 'k.pdf', size: 12 })).status).toBe(200);
    const chat = await keeperChat(app);
    expect(chat.messages).toHaveLength(2);
    return chat;
  }

  async function stillConsistent(app: FastifyInstance, before: Awaited<ReturnType<typeof keeperChat>>) {
    expect(await keeperChat(app), 'the chat opened before the fuzz is unchanged').toEqual(before);
    const dest = await json(app, 'GET', '/getDestinations');
    expect(dest.status).toBe(200);
    expect((dest.body as { destinations: unknown[] }).destinations).toHaveLength(3);
    expect((await json(app, 'POST', '/sendText', { userId: KEEPER, text: 'after the fuzz' })).status).toBe(200);
    expect((await keeperChat(app)).messages).toEqual([...before.messages, { from: 'client', text: 'after the fuzz' }]);
    prototypesClean();
  }

  test('the API: random and malformed requests get no 5xx and leave other chats alone', async () => {
    const app = buildOperator();
    const before = await withKeeper(app);
    const route = USERS.chain((userId) =>
      fc.constantFrom<{ method: Method; url: string; valid: Record<string, unknown> }>(
        { method: 'POST', url: '/setWebhook', valid: { url: 'http://127.0.0.1:9/chatadapter/chatapi/webhook/operatorapi/k' } },
        { method: 'GET', url: '/getDestinations', valid: {} },
        {
          method: 'POST',
          url: '/selectDestination',
          valid: { userId, destinationId: '2', userName: 'N', attributes: {}, hiddenAttributes: {}, customData: { a: 1 } },
        },
        { method: 'POST', url: '/sendText', valid: { userId, text: 'hi' } },
        { method: 'POST', url: '/sendFile', valid: { userId, url: 'https://x.example/f', fileName: 'f', size: 1 } },
        { method: 'POST', url: '/closeChat', valid: { userId, text: 'bye' } },
        { method: 'GET', url: `/__driver/operator/chat?userId=${encodeURIComponent(userId)}`, valid: {} },
      ),
    );
    await fc.assert(
      fc.asyncProperty(request(route), async (r) => {
        const res = await send(app, r);
        must(res.statusCode >= 200 && res.statusCode < 500, () => `${res.statusCode} for ${describeReq(r)}`);
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
    await stillConsistent(app, before);
    await app.close();
  });

  test('the driver: random and malformed agent actions get no 5xx and leave other chats alone', async () => {
    const hook = await sink();
    const app = buildOperator();
    const before = await withKeeper(app);
    expect((await json(app, 'POST', '/setWebhook', { url: hook.url })).status).toBe(200);
    const route = USERS.chain((userId) =>
      fc.constantFrom<{ method: Method; url: string; valid: Record<string, unknown> }>(
        { method: 'POST', url: '/__driver/operator/agent-text', valid: { userId, text: 'agent says' } },
        { method: 'POST', url: '/__driver/operator/agent-file', valid: { userId, url: 'https://x.example/a.pdf', name: 'a.pdf', size: 3, comment: 'c' } },
        { method: 'POST', url: '/__driver/operator/agent-close', valid: { userId } },
        { method: 'POST', url: '/__driver/operator/agent-transfer', valid: { userId, destinationId: '3' } },
        { method: 'GET', url: `/__driver/operator/chat?userId=${encodeURIComponent(userId)}`, valid: {} },
      ),
    );
    await fc.assert(
      fc.asyncProperty(request(route), async (r) => {
        const res = await send(app, r);
        must(res.statusCode < 500, () => `${res.statusCode} for ${describeReq(r)}`);
      }),
      { numRuns: RUNS / 2, seed: SEED },
    );
    await stillConsistent(app, before);
    await app.close();
    await hook.close();
  });
});

// ----------------------------------------------------------------------------------------------
// Chat API.

test.describe('chat-api reference', () => {
  const TOKEN = 'fuzz-token-4b1d-Qx';
  const KEEPER = 'keeper-Ω-2e9a';
  const base = `/chatapi/${TOKEN}`;

  async function json(app: FastifyInstance, method: Method, url: string, body?: unknown) {
    const res = await app.inject({
      method,
      url,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    let parsed: unknown;
    try {
      parsed = res.body === '' ? undefined : JSON.parse(res.body);
    } catch {
      parsed = res.body;
    }
    return { status: res.statusCode, body: parsed as any };
  }

  const k = (p: string) => `${base}/client/${encodeURIComponent(KEEPER)}${p}`;

  async function snapshot(app: FastifyInstance, questionIds: string[]) {
    const statuses: unknown[] = [];
    for (const q of questionIds) statuses.push(await json(app, 'GET', k(`/message/${encodeURIComponent(q)}/status`)));
    return {
      history: await json(app, 'GET', k('/history')),
      statuses,
      state: await json(app, 'GET', k('/state')),
      notRead: await json(app, 'GET', k('/message-not-read-count')),
      events: await json(app, 'GET', `${base}/events?clientId=${encodeURIComponent(KEEPER)}&ts=0&all=true`),
    };
  }

  test('every route: random and malformed requests get no 5xx; a client set up before keeps its history, statuses and state', async () => {
    const app = buildChat({ token: TOKEN });
    const q1 = (await json(app, 'POST', base, { clientId: KEEPER, query: 'first question' })).body.questionId as string;
    const q2 = (await json(app, 'POST', base, { clientId: KEEPER, query: 'second question' })).body.questionId as string;
    expect(typeof q1).toBe('string');
    expect((await json(app, 'POST', k(`/message/${encodeURIComponent(q1)}/status`), { status: 'READ' })).status).toBe(200);
    expect((await json(app, 'POST', k('/state'), { page: 'checkout', list: [1, 'two'] })).status).toBe(200);
    const before = await snapshot(app, [q1, q2]);
    expect(before.history.status).toBe(200);

    // Other clients only, but the keeper's question ids among the fuzzed ones: a client must not
    // reach another client's messages.
    const client = fc.constantFrom('c1', 'c2', '', ' ', 'ünï 🎉', 'x'.repeat(300), `${KEEPER}x`, KEEPER.toUpperCase());
    const question = fc.oneof(fc.constantFrom(q1, q2), fc.string({ maxLength: 12 }));
    const token = fc.oneof(
      { weight: 6, arbitrary: fc.constant(TOKEN) },
      { weight: 1, arbitrary: fc.constantFrom('wrong', `${TOKEN}x`, '', encodeURIComponent(`${TOKEN} `)) },
    );
    const route = fc.tuple(client, question, token).chain(([c, q, t]) => {
      const b = `/chatapi/${t}`;
      const cl = `${b}/client/${encodeURIComponent(c)}`;
      return fc.constantFrom<{ method: Method; url: string; valid: Record<string, unknown> }>(
        { method: 'POST', url: b, valid: { clientId: c, query: 'q', cid: 'cid-1' } },
        { method: 'POST', url: b, valid: { clientId: c, event: 'start', data: { a: 1 } } },
        { method: 'GET', url: `${b}?clientId=${encodeURIComponent(c)}&query=hello`, valid: {} },
        { method: 'POST', url: `${b}/async`, valid: { clientId: c, query: 'q' } },
        { method: 'GET', url: `${b}/events?clientId=${encodeURIComponent(c)}&ts=0&all=true`, valid: {} },
        { method: 'GET', url: `${cl}/history`, valid: {} },
        { method: 'POST', url: `${cl}/state`, valid: { any: 'state' } },
        { method: 'GET', url: `${cl}/state`, valid: {} },
        { method: 'GET', url: `${cl}/message/${encodeURIComponent(q)}/status`, valid: {} },
        { method: 'POST', url: `${cl}/message/${encodeURIComponent(q)}/status`, valid: { status: 'DELIVERED' } },
        { method: 'POST', url: `${cl}/message-statuses`, valid: { statuses: [{ questionId: q, status: 'NOT_SENT' }] } },
        { method: 'GET', url: `${cl}/message-not-read-count`, valid: {} },
        { method: 'POST', url: '/__driver/chat/agent-text', valid: { clientId: c, text: 'agent' } },
      );
    });
    await fc.assert(
      fc.asyncProperty(request(route), async (r) => {
        const res = await send(app, r);
        must(res.statusCode >= 200 && res.statusCode < 500, () => `${res.statusCode} for ${describeReq(r)}`);
        // An error never echoes the token (a 200 carries it by design: the answer's "token" field).
        must(res.statusCode < 400 || !res.body.includes(TOKEN), () => `the token echoed in an error: ${res.body.slice(0, 200)}`);
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );

    expect(await snapshot(app, [q1, q2]), 'the client set up before the fuzz is unchanged').toEqual(before);
    // Still working normally.
    const q3 = await json(app, 'POST', base, { clientId: KEEPER, query: 'after the fuzz' });
    expect(q3.status).toBe(200);
    const history = (await json(app, 'GET', k('/history'))).body;
    const entries = Array.isArray(history) ? history : (Object.values(history).find(Array.isArray) as unknown[]);
    expect(entries.length).toBeGreaterThan(Array.isArray(before.history.body) ? before.history.body.length : 0);
    prototypesClean();
    await app.close();
  });

  test('found by the fuzz: a state nested 10,000 levels deep is refused with 400, not a 500', async () => {
    const app = buildChat({ token: TOKEN });
    const deepState = `${'{"a":['.repeat(10_000)}1${']}'.repeat(10_000)}`;
    const res = await app.inject({ method: 'POST', url: k('/state'), headers: { 'content-type': 'application/json' }, payload: deepState });
    expect(res.statusCode).toBe(400);
    expect((await json(app, 'GET', k('/state'))).body).toEqual({});
    await app.close();
  });
});

// ----------------------------------------------------------------------------------------------
// Omnichannel.

test.describe('omnichannel reference', () => {
  const TOKEN = 'fuzz-omni-token-7a';
  const INACTIVE = 'fuzz-omni-inactive';
  const KEEPER_CHAT = 987_654_321;
  const inbound = (t: string) => `/connector/omnichannel/omnichannel_message/${t}/bot_api_webhook`;
  const event = (chatId: unknown, text: string) => ({
    event: 'new_message',
    chat_id: chatId,
    visitor: { id: 'visitor-1', fields: { name: 'Anna', login: 'anna', phone: '+4100', email: 'a@example.com', site: 'https://s.example' } },
    message: { id: 'm-1', kind: 'visitor', text },
  });

  async function post(app: FastifyInstance, t: string, body: unknown) {
    const res = await app.inject({ method: 'POST', url: inbound(t), headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    return res.statusCode;
  }

  async function inbox(app: FastifyInstance, chatId: string | number) {
    const res = await app.inject({ method: 'GET', url: `/__driver/omnichannel/inbox?chat_id=${encodeURIComponent(String(chatId))}` });
    expect(res.statusCode).toBe(200);
    return res.json() as { messages: Array<{ text: string }>; variables: Record<string, unknown> };
  }

  /** Where the document prescribes 500: the inbound endpoint, for the "other errors" of the request body. */
  const isInbound = (r: Req) => r.method === 'POST' && /^\/connector\/omnichannel\/omnichannel_message\/[^/]*\/bot_api_webhook(\?|$)/.test(r.url);

  test('inbound and driver: only the documented statuses, 500 only where the document prescribes it; an inbox built before is unchanged', async () => {
    const channels = new ChannelStore();
    channels.upsert({ token: TOKEN, webhookUrl: null, webhookToken: null, active: true });
    channels.upsert({ token: INACTIVE, webhookUrl: null, webhookToken: null, active: false });
    const app = buildOmni({ channels });
    expect(await post(app, TOKEN, event(KEEPER_CHAT, 'keeper: first'))).toBe(200);
    expect(await post(app, TOKEN, event(String(KEEPER_CHAT + 1), 'keeper: second chat'))).toBe(200);
    const before = [await inbox(app, KEEPER_CHAT), await inbox(app, KEEPER_CHAT + 1)];
    expect(before[0].messages).toEqual([{ text: 'keeper: first' }]);

    const chatId = fc.oneof(
      fc.constantFrom(4242, '4242', 0, -1, 1.5, '', 'abc'),
      fc.integer().filter((n) => n !== KEEPER_CHAT && n !== KEEPER_CHAT + 1),
    );
    const token = fc.oneof(
      { weight: 5, arbitrary: fc.constant(TOKEN) },
      { weight: 1, arbitrary: fc.constantFrom(INACTIVE, 'unknown', '', `${TOKEN}%20`) },
      { weight: 1, arbitrary: segment },
    );
    // Driver channel settings for other tokens only; URLs that lead nowhere (no reply leaves loopback).
    const driverToken = fc.constantFrom('other-token', INACTIVE, '', 'x'.repeat(200));
    const route = fc.tuple(chatId, token, driverToken).chain(([c, t, dt]) =>
      fc.constantFrom<{ method: Method; url: string; valid: Record<string, unknown> }>(
        { method: 'POST', url: inbound(t), valid: event(c, 'hello') },
        {
          method: 'POST',
          url: inbound(t),
          valid: {
            ...event(c, ''),
            message: {
              id: 'f',
              kind: 'file_visitor',
              data: { id: 'f1', state: 'ready', name: 'a.pdf', content_type: 'application/pdf', size: 1, url: 'https://x.example/a.pdf' },
            },
          },
        },
        {
          method: 'POST',
          url: inbound(t),
          valid: { ...event(c, ''), message: { id: 'b', kind: 'keyboard_response', data: { button: { id: 'b1', text: 'Yes' } } } },
        },
        {
          method: 'POST',
          url: '/__driver/omnichannel/channel',
          valid: { token: dt, webhookUrl: 'http://127.0.0.1:9/client', webhookToken: null, active: true },
        },
        { method: 'GET', url: `/__driver/omnichannel/inbox?chat_id=${encodeURIComponent(String(c))}`, valid: {} },
      ),
    );
    await fc.assert(
      fc.asyncProperty(request(route), async (r) => {
        const res = await send(app, r);
        const allowed = isInbound(r) ? [200, 400, 404, 500] : [200, 400, 404];
        must(allowed.includes(res.statusCode), () => `${res.statusCode} for ${describeReq(r)}`);
        if (res.statusCode >= 400 && r.method !== 'HEAD') {
          must(typeof (res.json() as { error?: unknown }).error === 'string', () => `no {"error"} body (${res.body.slice(0, 100)}) for ${describeReq(r)}`);
        }
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );

    expect([await inbox(app, KEEPER_CHAT), await inbox(app, KEEPER_CHAT + 1)], 'the inboxes built before the fuzz are unchanged').toEqual(before);
    expect(channels.get(TOKEN)).toMatchObject({ active: true, webhookUrl: null, webhookToken: null });
    // Still working normally.
    expect(await post(app, TOKEN, event(KEEPER_CHAT, 'keeper: after'))).toBe(200);
    expect((await inbox(app, KEEPER_CHAT)).messages).toEqual([...before[0].messages, { text: 'keeper: after' }]);
    prototypesClean();
    await app.close();
  });

  test('a malformed channel setting never changes the channel', async () => {
    const channels = new ChannelStore();
    channels.upsert({ token: TOKEN, webhookUrl: 'http://127.0.0.1:9/client', webhookToken: 'ctk', active: true });
    const app = buildOmni({ channels });
    const valid = { token: TOKEN, webhookUrl: 'http://127.0.0.1:9/client', webhookToken: 'ctk', active: true };
    const bad = fc.oneof(
      fc.constantFrom<[string, unknown]>(
        ['webhookUrl', 'not a url'],
        ['webhookUrl', 'ftp://x.example/'],
        ['webhookUrl', 5],
        ['webhookToken', 5],
        ['webhookToken', {}],
        ['active', 'yes'],
        ['active', 1],
        ['active', null],
      ),
      fc.tuple(
        fc.constantFrom('webhookUrl', 'webhookToken', 'active'),
        fc.oneof(fc.array(fc.jsonValue(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(bad, contentType, async ([key, value], ct) => {
        const res = await app.inject({
          method: 'POST',
          url: '/__driver/omnichannel/channel',
          headers: ct ? { 'content-type': ct } : {},
          payload: JSON.stringify({ ...valid, active: false, [key]: value }),
        });
        must(res.statusCode === 400, () => `${res.statusCode} for ${key}=${JSON.stringify(value)}`);
        must(JSON.stringify(channels.get(TOKEN)) === JSON.stringify(valid), () => `the channel changed to ${JSON.stringify(channels.get(TOKEN))}`);
      }),
      { numRuns: RUNS / 4, seed: SEED },
    );
    await app.close();
  });
});
