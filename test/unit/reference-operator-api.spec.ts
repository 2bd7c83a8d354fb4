import { test, expect } from '@playwright/test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { build } from '../../reference/operator-api/server.ts';
import { start } from '../../reference/operator-api/index.ts';
import { variations } from '../../reference/operator-api/mutants.ts';
import { validatorsFor } from '../../harness/validation/validators.ts';
import { recordingServer } from './recording-server.ts';

/**
 * The Operator API reference: the happy path and the malformed cases through `inject` (no sockets),
 * and the webhook deliveries through a real listener on loopback.
 */

function call(app: FastifyInstance, method: 'GET' | 'POST', url: string, body?: unknown) {
  const opts: InjectOptions = { method, url };
  if (body !== undefined) {
    opts.payload = JSON.stringify(body);
    opts.headers = { 'content-type': 'application/json' };
  }
  return app.inject(opts);
}

async function chat(app: FastifyInstance, userId: string) {
  const res = await app.inject({ method: 'GET', url: `/__driver/operator/chat?userId=${encodeURIComponent(userId)}` });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    userName: string;
    attributes: Record<string, unknown>;
    messages: Array<Record<string, unknown>>;
    closed: boolean;
    customData: unknown;
  };
}

test.describe('operator-api reference, API methods', () => {
  let app: FastifyInstance;
  test.beforeEach(() => {
    app = build();
  });
  test.afterEach(async () => {
    await app.close();
  });

  test('setWebhook accepts an absolute http(s) URL and answers 200 {}', async () => {
    const res = await call(app, 'POST', '/setWebhook', { url: 'http://127.0.0.1:9/chatadapter/chatapi/webhook/operatorapi/k?x=1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
  });

  for (const url of ['/relative/path', 'ftp://example.com/x', 'not a url', 42]) {
    test(`setWebhook refuses the url ${JSON.stringify(url)} with 400`, async () => {
      const res = await call(app, 'POST', '/setWebhook', { url });
      expect(res.statusCode).toBe(400);
      expect(typeof res.json().error).toBe('string');
    });
  }

  test('getDestinations answers the fixed groups in the typed form', async () => {
    const res = await call(app, 'GET', '/getDestinations');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json();
    expect(validatorsFor('operator-api').validate('DestinationsResponse', body, 'getDestinations')).toEqual([]);
    expect(body.destinations).toHaveLength(3);
    expect(body.destinations[0]).toEqual({ destinationId: '1', name: 'Agent group 1', hasOnline: true });
  });

  test('what the client sends reaches the agent, hidden attributes never do', async () => {
    const sel = await call(app, 'POST', '/selectDestination', {
      userId: 'u1',
      destinationId: '1',
      userName: 'Jane Doe',
      attributes: { plan: 'gold' },
      hiddenAttributes: { secretKey: 'hidden-value' },
      customData: { any: ['thing'] },
    });
    expect(sel.statusCode).toBe(200);
    expect((await call(app, 'POST', '/sendText', { userId: 'u1', text: 'Привет 👋 ñ' })).statusCode).toBe(200);
    expect((await call(app, 'POST', '/sendFile', { userId: 'u1', url: 'http://files.example/a.pdf', fileName: 'a.pdf', size: 12 })).statusCode).toBe(200);
    expect((await call(app, 'POST', '/sendFile', { userId: 'u1', url: 'http://files.example/b.png' })).statusCode).toBe(200);
    expect((await call(app, 'POST', '/closeChat', { userId: 'u1', text: 'The user closed the dialog' })).statusCode).toBe(200);

    const view = await chat(app, 'u1');
    expect(view).toEqual({
      userName: 'Jane Doe',
      attributes: { plan: 'gold' },
      messages: [
        { from: 'client', text: 'Привет 👋 ñ' },
        { from: 'client', url: 'http://files.example/a.pdf', text: 'a.pdf' },
        { from: 'client', url: 'http://files.example/b.png' },
        { from: 'client', text: 'The user closed the dialog' },
      ],
      closed: true,
      customData: { any: ['thing'] },
    });
    expect(JSON.stringify(view)).not.toContain('hidden-value');
    expect(JSON.stringify(view)).not.toContain('secretKey');
  });

  test('attributes given as a JSON string are parsed; without userName the agent sees "{channel} {userId}"', async () => {
    const sel = await call(app, 'POST', '/selectDestination', {
      userId: 'u2',
      destinationId: '2',
      attributes: '{"key1":"value1"}',
      hiddenAttributes: '{"h":"hidden-value"}',
    });
    expect(sel.statusCode).toBe(200);
    const view = await chat(app, 'u2');
    expect(view.userName).toBe('chatbot u2');
    expect(view.attributes).toEqual({ key1: 'value1' });
    expect(JSON.stringify(view)).not.toContain('hidden-value');
  });

  test('sendText to a user without a session creates the chat', async () => {
    expect((await call(app, 'POST', '/sendText', { userId: 'u3', text: 'hi' })).statusCode).toBe(200);
    expect(await chat(app, 'u3')).toEqual({
      userName: 'chatbot u3',
      attributes: {},
      messages: [{ from: 'client', text: 'hi' }],
      closed: false,
      customData: {},
    });
  });

  test('the driver answers the empty view for an unknown user', async () => {
    expect(await chat(app, 'nobody')).toEqual({ userName: '', attributes: {}, messages: [], closed: false, customData: {} });
  });

  test('customData reaches the agent: an object as given, a string holding JSON as its object, other text as {text}', async () => {
    const cases: Array<[unknown, unknown]> = [
      [
        { orderId: 'o-1', tags: ['a'] },
        { orderId: 'o-1', tags: ['a'] },
      ],
      ['{"orderId":"o-2"}', { orderId: 'o-2' }],
      ['plain words', { text: 'plain words' }],
      ['{"__proto__":{"polluted":true},"k":1}', { k: 1 }],
    ];
    for (const [i, [given, shown]] of cases.entries()) {
      const userId = `cd${i}`;
      expect((await call(app, 'POST', '/selectDestination', { userId, destinationId: '1', customData: given })).statusCode).toBe(200);
      expect((await chat(app, userId)).customData).toEqual(shown);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('no message is lost under concurrent requests', async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `m${i}`);
    const answers = await Promise.all(texts.map((text) => call(app, 'POST', '/sendText', { userId: 'busy', text })));
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    const seen = (await chat(app, 'busy')).messages.map((m) => m.text);
    expect(seen.sort()).toEqual([...texts].sort());
  });
});

test.describe('operator-api reference, malformed requests get 4xx, never 5xx', () => {
  const valid: Record<string, Record<string, unknown>> = {
    '/setWebhook': { url: 'http://127.0.0.1:9/hook' },
    '/selectDestination': { userId: 'u', destinationId: '1' },
    '/sendText': { userId: 'u', text: 't' },
    '/sendFile': { userId: 'u', url: 'http://files.example/f' },
    '/closeChat': { userId: 'u', text: 't' },
  };
  let app: FastifyInstance;
  test.beforeAll(() => {
    app = build();
  });
  test.afterAll(async () => {
    await app.close();
  });

  for (const [path, body] of Object.entries(valid)) {
    test(`${path} answers 200 to a valid body`, async () => {
      expect((await call(app, 'POST', path, body)).statusCode).toBe(200);
    });

    for (const field of Object.keys(body)) {
      test(`${path} without the mandatory ${field} answers 400`, async () => {
        const { [field]: _dropped, ...rest } = body;
        const res = await call(app, 'POST', path, rest);
        expect(res.statusCode).toBe(400);
        expect(typeof res.json().error).toBe('string');
      });
      test(`${path} with a number as ${field} answers 400`, async () => {
        expect((await call(app, 'POST', path, { ...body, [field]: 7 })).statusCode).toBe(400);
      });
    }

    const raw: Array<[string, string, string | undefined]> = [
      ['a body that is not JSON', '{"userId": "u",', 'application/json'],
      ['an empty JSON body', '', 'application/json'],
      ['a JSON array', '[]', 'application/json'],
      ['JSON null', 'null', 'application/json'],
      ['a JSON string', '"text"', 'application/json'],
      ['a text/plain body', JSON.stringify(body), 'text/plain'],
      ['an XML body', '<x/>', 'application/xml'],
      ['no body at all', '', undefined],
    ];
    for (const [what, payload, contentType] of raw) {
      test(`${path} with ${what} answers 4xx`, async () => {
        const res = await app.inject({ method: 'POST', url: path, payload, headers: contentType ? { 'content-type': contentType } : {} });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(typeof res.json().error).toBe('string');
      });
    }
  }

  test('optional fields are optional: sendFile without fileName and size, selectDestination without extras', async () => {
    expect((await call(app, 'POST', '/sendFile', { userId: 'u', url: 'http://x.example/f' })).statusCode).toBe(200);
    expect((await call(app, 'POST', '/selectDestination', { userId: 'u', destinationId: '54321' })).statusCode).toBe(200);
  });

  test('an unknown path answers 404 with JSON', async () => {
    const res = await call(app, 'POST', '/nope', {});
    expect(res.statusCode).toBe(404);
    expect(typeof res.json().error).toBe('string');
  });
});

test.describe('operator-api reference, webhook events', () => {
  test('an agent-text event arrives at exactly the URL set, as one JSON object', async () => {
    const hook = await recordingServer();
    const ref = await start();
    try {
      const path = '/chatadapter/chatapi/webhook/operatorapi/abc123?tag=x%20y';
      const set = await fetch(`${ref.target}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${hook.base}${path}` }),
      });
      expect(set.status).toBe(200);
      const drive = await fetch(`${ref.driver}/operator/agent-text`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'w1', text: '  Здравствуйте 😀  ' }),
      });
      expect(drive.status).toBe(202);
      await hook.until(1);
      const [d] = hook.received;
      expect(d.method).toBe('POST');
      expect(d.path).toBe(path);
      expect(d.contentType).toContain('application/json');
      expect(d.body).toMatchObject({ userId: 'w1', type: 'TextMessage', text: '  Здравствуйте 😀  ' });
      expect(validatorsFor('operator-api').validate('TextMessageEvent', d.body, 'event')).toEqual([]);
    } finally {
      await ref.close();
      await hook.close();
    }
  });

  test("a user's events arrive in the order the agent acted, each valid and with its own id", async () => {
    const hook = await recordingServer();
    const ref = await start();
    try {
      await fetch(`${ref.target}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${hook.base}/hook` }),
      });
      const drive = (endpoint: string, body: unknown) =>
        fetch(`${ref.driver}/operator/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await drive('agent-text', { userId: 'w2', text: 'one' });
      await drive('agent-file', { userId: 'w2', url: 'http://files.example/f.pdf', name: 'f.pdf', size: 2048, comment: 'the file' });
      await drive('agent-transfer', { userId: 'w2', destinationId: '2' });
      await drive('agent-close', { userId: 'w2' });
      await hook.until(4);
      const bodies = hook.received.map((d) => d.body as Record<string, unknown>);
      expect(bodies.map((b) => b.type)).toEqual(['TextMessage', 'FileMessage', 'SelectDestination', 'Closed']);
      expect(new Set(bodies.map((b) => b.id)).size).toBe(4);
      expect(bodies[1]).toMatchObject({ url: 'http://files.example/f.pdf', name: 'f.pdf', size: 2048, comment: 'the file' });
      expect(bodies[2]).toMatchObject({ destination: { destinationId: '2', name: 'Agent group 2', hasOnline: false } });
      const v = validatorsFor('operator-api');
      for (const b of bodies) expect(v.validate('AgentEvent', b, 'event')).toEqual([]);
      const view = (await (await fetch(`${ref.driver}/operator/chat?userId=w2`)).json()) as { closed: boolean };
      expect(view.closed).toBe(true);
    } finally {
      await ref.close();
      await hook.close();
    }
  });
});

test.describe('operator-api reference, variations of the events', () => {
  /** Set the webhook, make the agent send a file and transfer the chat; return the two events. */
  async function fileAndTransfer(variation?: string) {
    const hook = await recordingServer();
    const ref = await start({ variation });
    try {
      const json = { 'content-type': 'application/json' };
      await fetch(`${ref.target}/setWebhook`, { method: 'POST', headers: json, body: JSON.stringify({ url: `${hook.base}/hook` }) });
      const drive = (endpoint: string, body: unknown) =>
        fetch(`${ref.driver}/operator/${endpoint}`, { method: 'POST', headers: json, body: JSON.stringify(body) });
      await drive('agent-file', { userId: 'v1', url: `${hook.base}/original/f.pdf?sig=1`, name: 'f 1.pdf', size: 2048, comment: 'c' });
      await drive('agent-transfer', { userId: 'v1', destinationId: '2' });
      await hook.until(2);
      const [file, transfer] = hook.received.map((d) => d.body as Record<string, any>);
      const v = validatorsFor('operator-api');
      expect(v.validate('FileMessageEvent', file, 'file')).toEqual([]);
      expect(v.validate('SelectDestinationEvent', transfer, 'transfer')).toEqual([]);
      // A rehosted link leads to the agent's file (here: a redirect to it); others are the agent's own.
      if (variation !== 'file-rehosted') return { file: file!, transfer: transfer! };
      const res = await fetch(file!.url as string, { redirect: 'manual' });
      return { file: file!, transfer: transfer!, status: res.status, location: res.headers.get('location') };
    } finally {
      await ref.close();
      await hook.close();
    }
  }

  test("file-rehosted: the FileMessage links the platform's own copy, which leads to the agent's file", async () => {
    const r = await fileAndTransfer('file-rehosted');
    expect(r.file.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/[0-9a-f-]{36}\/f%201\.pdf$/);
    expect(r.file.name).toBe('f 1.pdf');
    expect([r.status, r.location]).toEqual([302, expect.stringMatching(/\/original\/f\.pdf\?sig=1$/)]);
  });

  test('nulls-for-absent: SelectDestination carries employee null', async () => {
    const r = await fileAndTransfer('nulls-for-absent');
    expect(r.transfer.employee).toBeNull();
    expect(r.file.url).toMatch(/\/original\/f\.pdf\?sig=1$/);
  });
});

test.describe('operator-api reference, catalogue and variations', () => {
  test('the variations, and the FREEDOM readings they take', () => {
    expect(variations.map((v) => v.id).sort()).toEqual([
      'answers-204',
      'chat-system-entries',
      'delayed-delivery',
      'extra-fields',
      'file-rehosted',
      'html-payloads',
      'nulls-for-absent',
      'odd-2xx-answers',
      'path-prefix',
    ]);
    // The FREEDOM readings of the operator-api suite are each taken by some variation.
    const proven = new Set(variations.flatMap((v) => v.proves ?? []));
    for (const anchor of ['gen-null-absent', 'gen-2xx-for-200', 'gen-lists-searched', 'op-answer-any-2xx', 'op-filemessage-rehosted']) {
      expect(proven.has(anchor), anchor).toBe(true);
    }
  });

  test('path-prefix serves the API under /operator/v1 and the target says so', async () => {
    const ref = await start({ variation: 'path-prefix' });
    try {
      expect(ref.target).toMatch(/\/operator\/v1$/);
      expect(ref.driver).toMatch(/\/__driver$/);
      const res = await fetch(`${ref.target}/getDestinations`);
      expect(res.status).toBe(200);
    } finally {
      await ref.close();
    }
  });

  test('odd-2xx-answers: each method its own 2xx and body; getDestinations 201 with its JSON', async () => {
    const app = build({ variation: 'odd-2xx-answers' });
    try {
      const hook = await call(app, 'POST', '/setWebhook', { url: 'http://127.0.0.1:9/hook' });
      expect([hook.statusCode, hook.body, hook.headers['content-type']]).toEqual([201, 'ok', 'text/plain']);
      const sel = await call(app, 'POST', '/selectDestination', { userId: 'u', destinationId: '1' });
      expect([sel.statusCode, sel.json()]).toEqual([202, { status: 'queued' }]);
      const text = await call(app, 'POST', '/sendText', { userId: 'u', text: 't' });
      expect([text.statusCode, text.json()]).toEqual([200, 'ok']);
      expect((await call(app, 'POST', '/sendFile', { userId: 'u', url: 'http://f.example/a' })).statusCode).toBe(201);
      const close = await call(app, 'POST', '/closeChat', { userId: 'u', text: 'bye' });
      expect([close.statusCode, close.body]).toEqual([202, '']);
      const groups = await call(app, 'GET', '/getDestinations');
      expect(groups.statusCode).toBe(201);
      expect(validatorsFor('operator-api').validate('DestinationsResponse', groups.json(), 'getDestinations')).toEqual([]);
      // Malformed requests are still refused.
      expect((await call(app, 'POST', '/sendText', { userId: 'u' })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  test('nulls-for-absent: optional properties without a value are null in the view and the answers', async () => {
    const app = build({ variation: 'nulls-for-absent' });
    try {
      const ok = await call(app, 'POST', '/selectDestination', { userId: 'n1', destinationId: '1' });
      expect(ok.json()).toEqual({ error: null, data: null });
      await call(app, 'POST', '/sendText', { userId: 'n1', text: 'hi' });
      const view = await chat(app, 'n1');
      expect(view.messages).toEqual([{ from: 'client', text: 'hi', url: null }]);
      expect(view.customData).toBeNull();
      const groups = (await call(app, 'GET', '/getDestinations')).json() as { destinations: Array<Record<string, unknown>> };
      expect(groups.destinations.every((g) => g.description === null)).toBe(true);
      expect(validatorsFor('operator-api').validate('DestinationsResponse', groups, 'getDestinations')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('chat-system-entries: a greeting first and a delivery note after each client message', async () => {
    const app = build({ variation: 'chat-system-entries' });
    try {
      await call(app, 'POST', '/selectDestination', { userId: 's1', destinationId: '1' });
      await call(app, 'POST', '/sendText', { userId: 's1', text: 'hi' });
      const texts = (await chat(app, 's1')).messages.map((m) => `${m.from}: ${m.text}`);
      expect(texts).toEqual(['agent: Hello! An agent will join you shortly.', 'client: hi', 'agent: Delivered to the agent.']);
    } finally {
      await app.close();
    }
  });

  test('answers-204 answers successful POSTs with 204 and no body', async () => {
    const app = build({ variation: 'answers-204' });
    const res = await call(app, 'POST', '/sendText', { userId: 'u', text: 't' });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await call(app, 'GET', '/getDestinations')).statusCode).toBe(200);
    await app.close();
  });
});
