import { test, expect } from '@playwright/test';
import type { OpenAPIV3_1 } from 'openapi-types';
import SwaggerParser from '@apidevtools/swagger-parser';
import fc from 'fast-check';
import { readSpec, specPath } from '../../harness/validation/spec-loader.ts';
import { validatorsFor } from '../../harness/validation/validators.ts';
import { variations } from '../../reference/chat-api/mutants.ts';
import { SLOW_BOT_MS } from '../../reference/chat-api/conversation.ts';
import { api, countOf, entriesOf, httpTarget, injectTarget, sleep, webhookReceiver, type Target } from './chat-api-test-kit.ts';

/**
 * The Chat API reference: every route's happy path and malformed cases, first through `inject`
 * (no sockets), then the same tests over loopback HTTP against `start({variation: 'path-prefix'})`
 * (everything under /chatadapter). Answers are validated against specs/chat-api.yaml as the suite
 * will validate them.
 */

const v = validatorsFor('chat-api');
/** fast-check's seed: fixed, so that a failure prints a run anyone can replay. */
const SEED = 20261129;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

test.describe('specs/chat-api.yaml', () => {
  test('validates with swagger-parser', async () => {
    await expect(SwaggerParser.validate(specPath('chat-api'))).resolves.toBeTruthy();
  });

  test('has every operation of the brief', () => {
    const spec = readSpec('chat-api');
    const ids = Object.values(spec.paths ?? {}).flatMap((item) =>
      (['get', 'post'] as const).map((m) => (item as OpenAPIV3_1.PathItemObject)[m]?.operationId).filter(Boolean),
    );
    expect(ids.sort()).toEqual(
      [
        'sendRequest',
        'sendRequestSimple',
        'sendRequestAsync',
        'getEvents',
        'getHistory',
        'saveState',
        'loadState',
        'getMessageStatus',
        'updateMessageStatus',
        'updateMessageStatuses',
        'getNotReadCount',
      ].sort(),
    );
    expect(Object.keys(spec.webhooks ?? {})).toEqual(['asyncReply']);
  });

  test('every media-type example, request and response, validates against its schema', () => {
    const spec = readSpec('chat-api');
    let seen = 0;
    const visit = (where: string, content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined) => {
      for (const media of Object.values(content ?? {})) {
        const ref = (media.schema as { $ref?: string } | undefined)?.$ref;
        if (!ref) continue;
        expect(media.example, `${where} has an example`).toBeDefined();
        expect(v.validate(ref.split('/').pop()!, media.example, where), where).toEqual([]);
        seen++;
      }
    };
    for (const group of [spec.paths ?? {}, spec.webhooks ?? {}]) {
      for (const [p, item] of Object.entries(group)) {
        for (const m of ['get', 'post'] as const) {
          const op = (item as OpenAPIV3_1.PathItemObject)[m];
          if (!op) continue;
          visit(`${m} ${p} request`, (op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content);
          for (const [status, r] of Object.entries(op.responses ?? {})) {
            visit(`${m} ${p} ${status}`, (r as OpenAPIV3_1.ResponseObject).content);
          }
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(14);
  });

  test('Timestamp takes ISO 8601 with and without an offset, and nothing else', () => {
    for (const ok of ['2022-09-28T12:32:13.262', '2022-09-28T12:32:13.262Z', '2022-09-28T15:32:13+03:00', '2022-09-28T12:32']) {
      expect(v.validate('Timestamp', ok, 'timestamp'), ok).toEqual([]);
    }
    for (const bad of [1664368333262, '28.09.2022 12:32', '2022-09-28', 'yesterday']) {
      expect(v.validate('Timestamp', bad, 'timestamp'), String(bad)).not.toEqual([]);
    }
  });

  test('NotReadCount and History take both accepted forms', () => {
    expect(v.validate('NotReadCount', 3, 'c')).toEqual([]);
    expect(v.validate('NotReadCount', { count: 3, note: 'x' }, 'c')).toEqual([]);
    expect(v.validate('NotReadCount', -1, 'c')).not.toEqual([]);
    expect(v.validate('NotReadCount', { count: 1.5 }, 'c')).not.toEqual([]);
    expect(v.validate('History', [{ questionId: 'q', timestamp: '2022-09-28T12:32:13.262' }], 'h')).toEqual([]);
    expect(v.validate('History', { history: [] }, 'h')).toEqual([]);
    expect(v.validate('History', [{ questionId: 'q' }], 'h')).not.toEqual([]);
  });
});

const setups: Array<{ title: string; make: () => Promise<Target> }> = [
  { title: 'through inject', make: () => injectTarget() },
  { title: 'over HTTP under /chatadapter (path-prefix)', make: () => httpTarget({ variation: 'path-prefix' }) },
];

for (const setup of setups) {
  test.describe(`chat-api reference ${setup.title}`, () => {
    let t: Target;
    let a: ReturnType<typeof api>;
    test.beforeEach(async () => {
      t = await setup.make();
      a = api(t);
    });
    test.afterEach(async () => {
      await t.close();
    });

    test('sendRequest answers the bot reply with a fresh questionId, an ISO timestamp and the cid', async () => {
      const r1 = await a.send({ clientId: 'c1', query: 'hello', cid: 'conn-1' });
      expect(r1.status).toBe(200);
      expect(r1.contentType).toContain('application/json');
      expect(v.validate('ChatResponse', r1.body, 'sendRequest')).toEqual([]);
      expect(r1.body).toMatchObject({ clientId: 'c1', cid: 'conn-1', token: t.token });
      expect(r1.body.timestamp).toMatch(ISO_UTC);
      expect(r1.body.data.replies[0]).toEqual({ type: 'text', text: 'Hello! How can I help you?', state: '/Hello' });
      expect(r1.body.data.answer).toBe('Hello! How can I help you?');

      const r2 = await a.send({ clientId: 'c1', query: 'how are you?' });
      expect(r2.body.data.replies[0]).toMatchObject({ type: 'text', text: 'You said: how are you?' });
      expect(r2.body).not.toHaveProperty('cid');
      expect(r2.body.questionId).not.toBe(r1.body.questionId);

      const r3 = await a.send({ clientId: 'c1', event: 'start', data: { from: 'app' } });
      expect(r3.status).toBe(200);
      expect(r3.body.data.replies[0].type).toBe('text');
    });

    const badRequests: Array<[string, unknown]> = [
      ['without clientId', { query: 'hi' }],
      ['with an empty clientId', { clientId: '', query: 'hi' }],
      // A whole-number clientId is read as its decimal string (lenient binders do); a fraction is not an id.
      ['with a fractional clientId', { clientId: 1.5, query: 'hi' }],
      ['with neither query nor event', { clientId: 'c1' }],
      ['with a non-string query', { clientId: 'c1', query: 5 }],
      ['with a non-object data', { clientId: 'c1', query: 'hi', data: [1] }],
      ['with a non-string cid', { clientId: 'c1', query: 'hi', cid: {} }],
      ['that is an array', [{ clientId: 'c1', query: 'hi' }]],
      ['that is null', null],
    ];
    for (const [what, body] of badRequests) {
      test(`sendRequest and sendRequestAsync refuse a body ${what} with 400`, async () => {
        for (const r of [await a.send(body), await a.sendAsync(body)]) {
          expect(r.status).toBe(400);
          expect(typeof r.body.error).toBe('string');
        }
      });
    }

    test('sendRequest refuses a body that is not JSON with 400, and a wrong media type with 4xx', async () => {
      expect((await t.call('POST', a.base, { raw: '{"clientId": "c1", ', contentType: 'application/json' })).status).toBe(400);
      expect((await t.call('POST', a.base, { raw: '', contentType: 'application/json' })).status).toBe(400);
      const xml = await t.call('POST', a.base, { raw: '<x/>', contentType: 'application/xml' });
      expect(xml.status).toBeGreaterThanOrEqual(400);
      expect(xml.status).toBeLessThan(500);
    });

    test('an unknown token is answered 404 on every path, before the body is looked at', async () => {
      const other = '/chatapi/not-the-token';
      const cases: Array<['GET' | 'POST', string, unknown]> = [
        ['POST', other, { clientId: 'c1', query: 'hi' }],
        ['GET', `${other}?clientId=c1&query=hi`, undefined],
        ['POST', `${other}/async`, { clientId: 'c1', query: 'hi' }],
        ['GET', `${other}/events?clientId=c1`, undefined],
        ['GET', `${other}/client/c1/history`, undefined],
        ['POST', `${other}/client/c1/state`, { a: 1 }],
        ['GET', `${other}/client/c1/state`, undefined],
        ['GET', `${other}/client/c1/message/q/status`, undefined],
        ['POST', `${other}/client/c1/message/q/status`, { status: 'READ' }],
        ['POST', `${other}/client/c1/message-statuses`, { statuses: [] }],
        ['GET', `${other}/client/c1/message-not-read-count`, undefined],
      ];
      for (const [method, path, json] of cases) {
        const r = await t.call(method, path, json === undefined ? undefined : { json });
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(typeof r.body.error).toBe('string');
      }
      expect((await t.call('POST', other, { raw: '{bad', contentType: 'application/json' })).status).toBe(404);
    });

    test('sendRequestSimple echoes clientId and the query or event, and refuses neither', async () => {
      const q = await a.simple(`clientId=c1&query=${encodeURIComponent('hi there')}`);
      expect(q.status).toBe(200);
      expect(v.validate('SimpleResponse', q.body, 'sendRequestSimple')).toEqual([]);
      expect(q.body).toMatchObject({ clientId: 'c1', query: 'hi there' });
      const e = await a.simple('clientId=c1&event=start');
      expect(e.body).toMatchObject({ clientId: 'c1', event: 'start' });
      expect(e.body).not.toHaveProperty('query');
      // `query=` is an empty text, which the spec allows (tested in chat-api-simulator.spec.ts).
      for (const qs of ['clientId=c1', 'query=hi', '', 'clientId=c1&clientId=c2&query=hi']) {
        const r = await a.simple(qs);
        expect(r.status, qs).toBe(400);
      }
    });

    test('sendRequestAsync answers only the questionId and records the answer', async () => {
      const r = await a.sendAsync({ clientId: 'c2', query: 'hi', cid: 'x' });
      expect(r.status).toBe(200);
      expect(v.validate('AsyncResponse', r.body, 'sendRequestAsync')).toEqual([]);
      expect(Object.keys(r.body)).toEqual(['questionId']);
      const h = await a.history('c2');
      expect(entriesOf(h.body).map((e) => e.questionId)).toEqual([r.body.questionId]);
    });

    test('the webhook receives the async answer, and an agent reply, as JSON arrays', async () => {
      const hook = await webhookReceiver();
      try {
        expect((await a.webhook(hook.url)).status).toBe(200);
        const r = await a.sendAsync({ clientId: 'c3', query: 'hello' });
        const d = await hook.waitFor((x) => Array.isArray(x.body) && (x.body as any[]).some((i) => i.questionId === r.body.questionId));
        expect(d.path).toBe('/hook?k=1');
        expect(d.contentType).toContain('application/json');
        expect(v.validate('WebhookBatch', d.body, 'webhook')).toEqual([]);
        const item = (d.body as any[])[0];
        expect(item).toMatchObject({ token: t.token, clientId: 'c3', questionId: r.body.questionId, blockForm: false });
        expect(item.data.replies[0]).toMatchObject({ type: 'text', text: 'Hello! How can I help you?' });
        expect(item.timestamp).toMatch(ISO_UTC);

        expect((await a.agent('c3', 'Hi, I am Anna — ваш оператор 👋')).status).toBe(200);
        const agentDelivery = await hook.waitFor((x) => (x.body as any[])[0]?.data?.answer === 'Hi, I am Anna — ваш оператор 👋');
        expect(v.validate('WebhookBatch', agentDelivery.body, 'webhook')).toEqual([]);
        expect((agentDelivery.body as any[])[0]).toMatchObject({ token: t.token, clientId: 'c3' });
        expect((agentDelivery.body as any[])[0].questionId).not.toBe(r.body.questionId);
      } finally {
        await hook.close();
      }
    });

    test('without a Webhook URL an async request still answers and nothing breaks', async () => {
      const r = await a.sendAsync({ clientId: 'c4', event: 'start' });
      expect(r.status).toBe(200);
      expect((await a.agent('c4', 'hi')).status).toBe(200);
    });

    test('the driver refuses malformed bodies with 400', async () => {
      for (const body of [{}, { url: 'ftp://x' }, { url: '/relative' }, { url: 5 }]) {
        expect((await t.driver('/chat/webhook', body)).status).toBe(400);
      }
      for (const body of [{}, { clientId: 'c1' }, { text: 'x' }, { clientId: 'c1', text: 5 }]) {
        expect((await t.driver('/chat/agent-text', body)).status).toBe(400);
      }
    });

    test('getEvents: agent replies by default, bot responses with all=true, cid filters bot responses', async () => {
      const ts = Date.now() - 1000;
      const mine = await a.send({ clientId: 'e1', query: 'one', cid: 'A' });
      const other = await a.send({ clientId: 'e1', query: 'two', cid: 'B' });
      const none = await a.send({ clientId: 'e1', query: 'three' });
      await a.agent('e1', 'agent here');

      const byDefault = await a.events(`clientId=e1&ts=${ts}`);
      expect(byDefault.status).toBe(200);
      expect(v.validate('EventsResponse', byDefault.body, 'getEvents')).toEqual([]);
      expect(byDefault.body.events.map((e: any) => e.type)).toEqual(['agentReply']);
      expect(byDefault.body.events[0].event.data.answer).toBe('agent here');
      expect((await a.events(`clientId=e1&ts=${ts}&all=false`)).body.events).toHaveLength(1);

      const all = await a.events(`clientId=e1&ts=${ts}&all=true`);
      expect(all.body.events.map((e: any) => e.event.questionId)).toEqual([
        mine.body.questionId,
        other.body.questionId,
        none.body.questionId,
        expect.any(String),
      ]);
      const onlyA = await a.events(`clientId=e1&ts=${ts}&all=true&cid=A`);
      expect(onlyA.body.events.map((e: any) => e.type)).toEqual(['botResponse', 'agentReply']);
      expect(onlyA.body.events[0].event.questionId).toBe(mine.body.questionId);

      const later = await a.events(`clientId=e1&ts=${Date.now() + 60_000}&all=true`);
      expect(later.body.events).toEqual([]);
      expect((await a.events(`clientId=nobody&ts=0&all=true`)).body.events).toEqual([]);
    });

    test("getEvents without ts returns what arrived since this client's previous call", async () => {
      await a.agent('e2', 'first');
      expect((await a.events('clientId=e2')).body.events).toHaveLength(1);
      expect((await a.events('clientId=e2')).body.events).toHaveLength(0);
      await a.agent('e2', 'second');
      const next = (await a.events('clientId=e2')).body.events;
      expect(next.map((e: any) => e.event.data.answer)).toEqual(['second']);
    });

    test('getEvents answers at most 250 events, the oldest first', async () => {
      const ts = Date.now() - 1000;
      for (let i = 0; i < 260; i++) await a.agent('e3', `m${i}`);
      const r = await a.events(`clientId=e3&ts=${ts}`);
      expect(r.body.events).toHaveLength(250);
      expect(r.body.events[0].event.data.answer).toBe('m0');
      expect(r.body.events[249].event.data.answer).toBe('m249');
    });

    test('getEvents refuses a missing clientId, a ts that is not milliseconds and an all that is not boolean', async () => {
      for (const qs of ['ts=0', 'clientId=e1&ts=yesterday', 'clientId=e1&ts=-5', 'clientId=e1&all=maybe']) {
        expect((await a.events(qs)).status, qs).toBe(400);
      }
    });

    test('getHistory lists every answered questionId with its timestamp', async () => {
      const ids: string[] = [];
      ids.push((await a.send({ clientId: 'h1', query: 'a' })).body.questionId);
      ids.push((await a.sendAsync({ clientId: 'h1', event: 'start' })).body.questionId);
      ids.push((await a.simple('clientId=h1&query=b')).body.questionId);
      await a.send({ clientId: 'someone-else', query: 'x' });
      const r = await a.history('h1');
      expect(r.status).toBe(200);
      expect(v.validate('History', r.body, 'getHistory')).toEqual([]);
      expect(Array.isArray(r.body)).toBe(true);
      expect(r.body.map((e: any) => e.questionId)).toEqual(ids);
      for (const e of r.body) expect(e.timestamp).toMatch(ISO_UTC);
      expect(r.body[0]).toMatchObject({ query: 'a', data: { answer: 'You said: a' } });
      expect((await a.history('never-seen')).body).toEqual([]);
    });

    test('saveState stores any JSON object and loadState returns it deep-equal', async () => {
      expect((await a.loadState('s1')).body).toEqual({});
      const state = {
        page: 'checkout',
        list: [1, 'two', null, { three: [3] }, [], {}],
        nested: { deep: { deeper: { x: -1.5e-7, t: true, f: false } } },
        unicode: 'ünïcödé 你好 🎉 \u0000 \n',
        '': 'empty key',
        constructor: { prototype: 'x' },
      };
      // "__proto__" must come back as the ordinary key JSON makes of it.
      const raw = JSON.stringify(state).replace(/^\{/, '{"__proto__":{"polluted":true},');
      expect((await a.saveState('s1', { raw, contentType: 'application/json' })).status).toBe(200);
      const back = await a.loadState('s1');
      expect(back.status).toBe(200);
      expect(back.text).toBe(raw);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();

      expect((await a.saveState('s1', { json: { replaced: true } })).body).toEqual({});
      expect((await a.loadState('s1')).body).toEqual({ replaced: true });
      expect((await a.loadState('s2')).body).toEqual({});
    });

    test('any JSON object comes back as saved (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), async (state) => {
          const raw = JSON.stringify(state);
          expect((await a.saveState('prop', { raw, contentType: 'application/json' })).status).toBe(200);
          expect((await a.loadState('prop')).text).toBe(raw);
        }),
        { numRuns: 100, seed: SEED },
      );
    });

    test('saveState keeps a state of 1 MB and more', async () => {
      const big = { blob: 'x'.repeat(1024 * 1024), items: Array.from({ length: 2000 }, (_, i) => ({ i, s: `item ${i}` })) };
      expect((await a.saveState('s3', { json: big })).status).toBe(200);
      expect((await a.loadState('s3')).body).toEqual(big);
    });

    test('saveState refuses a body that is not JSON, and JSON that is not an object, with 400', async () => {
      for (const [raw, contentType] of [
        ['{"a": 1', 'application/json'],
        ['', 'application/json'],
        ['not json', 'text/plain'],
        ['[1, 2]', 'application/json'],
        ['"text"', 'application/json'],
        ['null', 'application/json'],
        ['42', 'application/json'],
      ]) {
        const r = await a.saveState('s4', { raw: raw!, contentType });
        expect(r.status, raw).toBe(400);
      }
      expect((await a.loadState('s4')).body).toEqual({});
    });

    test('message statuses: SENT at first, set one, set several, refuse bad ones', async () => {
      const q1 = (await a.send({ clientId: 'm1', query: 'a' })).body.questionId;
      const q2 = (await a.send({ clientId: 'm1', query: 'b' })).body.questionId;
      const s = await a.status('m1', q1);
      expect(s.status).toBe(200);
      expect(v.validate('StatusBody', s.body, 'getMessageStatus')).toEqual([]);
      expect(s.body).toEqual({ status: 'SENT' });

      const set = await a.setStatus('m1', q1, { status: 'DELIVERED' });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({});
      expect((await a.status('m1', q1)).body).toEqual({ status: 'DELIVERED' });

      for (const body of [{ status: 'FOO' }, { status: 'read' }, {}, { status: 1 }, [{ status: 'READ' }]]) {
        expect((await a.setStatus('m1', q1, body)).status, JSON.stringify(body)).toBe(400);
      }
      expect((await a.status('m1', q1)).body).toEqual({ status: 'DELIVERED' });
      expect((await a.status('m1', 'no-such-question')).status).toBe(404);
      expect((await a.setStatus('m1', 'no-such-question', { status: 'READ' })).status).toBe(404);
      expect((await a.status('someone-else', q1)).status).toBe(404);

      const batch = await a.setStatuses('m1', {
        statuses: [
          { questionId: q1, status: 'READ' },
          { questionId: q2, status: 'NOT_SENT' },
        ],
      });
      expect(batch.status).toBe(200);
      expect((await a.status('m1', q1)).body).toEqual({ status: 'READ' });
      expect((await a.status('m1', q2)).body).toEqual({ status: 'NOT_SENT' });

      // All or nothing: one bad item and no status changes.
      const bad = await a.setStatuses('m1', {
        statuses: [
          { questionId: q1, status: 'SENT' },
          { questionId: q2, status: 'FOO' },
        ],
      });
      expect(bad.status).toBe(400);
      expect((await a.status('m1', q1)).body).toEqual({ status: 'READ' });
      expect((await a.setStatuses('m1', { statuses: [{ questionId: 'nope', status: 'READ' }] })).status).toBe(404);
      for (const body of [{}, { statuses: {} }, { statuses: [5] }, { statuses: [{ status: 'READ' }] }]) {
        expect((await a.setStatuses('m1', body)).status, JSON.stringify(body)).toBe(400);
      }
      expect((await a.setStatuses('m1', { statuses: [] })).status).toBe(200);
    });

    test('the not-read count counts the bot messages not READ, down to 0', async () => {
      expect((await a.notRead('n1')).body).toEqual({ count: 0 });
      const ids: string[] = [];
      for (const q of ['a', 'b', 'c']) ids.push((await a.send({ clientId: 'n1', query: q })).body.questionId);
      const r = await a.notRead('n1');
      expect(r.status).toBe(200);
      expect(v.validate('NotReadCount', r.body, 'getNotReadCount')).toEqual([]);
      expect(countOf(r.body)).toBe(3);
      await a.setStatus('n1', ids[0]!, { status: 'READ' });
      expect(countOf((await a.notRead('n1')).body)).toBe(2);
      await a.setStatus('n1', ids[1]!, { status: 'DELIVERED' });
      expect(countOf((await a.notRead('n1')).body)).toBe(2);
      await a.setStatuses('n1', { statuses: ids.map((questionId) => ({ questionId, status: 'READ' })) });
      expect(countOf((await a.notRead('n1')).body)).toBe(0);
    });

    test('unknown paths are 404, unreadable URLs 400', async () => {
      expect((await t.call('GET', `${a.base}/nothing-here`)).status).toBe(404);
      expect((await t.call('POST', `${a.base}/events`, { json: {} })).status).toBe(404);
      const bad = await t.call('GET', `${a.base}/client/%E0%A4%A/history`);
      expect(bad.status).toBe(400);
      expect(bad.text).not.toContain(t.token);
    });

    test('no body, however malformed, gets a 5xx', async () => {
      const paths = [a.base, `${a.base}/async`, `${a.base}/client/f/state`, `${a.base}/client/f/message/q/status`, `${a.base}/client/f/message-statuses`];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), fc.string()), async (path, value) => {
          const r = await t.call('POST', path, typeof value === 'string' ? { raw: value, contentType: 'application/json' } : { json: value });
          expect(r.status, `${path} ${JSON.stringify(value)}`).toBeLessThan(500);
        }),
        { numRuns: 150, seed: SEED },
      );
    });
  });
}

test.describe('chat-api reference variations', () => {
  test('the catalogue lists the variations, each proving a freedom', () => {
    expect(variations.map((x) => x.id).sort()).toEqual([
      'agent-reply-in-history',
      'agent-reply-unanswered',
      'answers-204',
      'async-202',
      'cid-excludes-own',
      'count-bare',
      'event-type-names',
      'events-empty-204',
      'history-object',
      'long-polling',
      'nulls',
      'path-prefix',
      'simple-get-echo',
      'slow-bot-arrival-time',
      'state-never-saved-404',
      'status-starts-delivered',
      'status-starts-not-sent',
      'timestamps-no-offset',
    ]);
    for (const x of variations) expect(x.proves?.length ?? 0, x.id).toBeGreaterThan(0);
  });

  test('history-object answers {"history": [...]}', async () => {
    const t = await injectTarget({ variation: 'history-object' });
    const a = api(t);
    const q = (await a.send({ clientId: 'c', query: 'x' })).body.questionId;
    const r = await a.history('c');
    expect(v.validate('History', r.body, 'getHistory')).toEqual([]);
    expect(r.body).toEqual({ history: [expect.objectContaining({ questionId: q })] });
    await t.close();
  });

  test('count-bare answers a bare integer', async () => {
    const t = await injectTarget({ variation: 'count-bare' });
    const a = api(t);
    await a.send({ clientId: 'c', query: 'x' });
    const r = await a.notRead('c');
    expect(r.text).toBe('1');
    expect(r.contentType).toContain('application/json');
    expect(v.validate('NotReadCount', r.body, 'getNotReadCount')).toEqual([]);
    await t.close();
  });

  test('answers-204 answers the writes 204 without a body', async () => {
    const t = await injectTarget({ variation: 'answers-204' });
    const a = api(t);
    const q = (await a.send({ clientId: 'c', query: 'x' })).body.questionId;
    for (const r of [
      await a.saveState('c', { json: { a: 1 } }),
      await a.setStatus('c', q, { status: 'READ' }),
      await a.setStatuses('c', { statuses: [{ questionId: q, status: 'DELIVERED' }] }),
    ]) {
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
    }
    expect((await a.status('c', q)).body).toEqual({ status: 'DELIVERED' });
    await t.close();
  });

  test('async-202 answers 202 at once and the rest a little later: webhook, history, status, events', async () => {
    const hook = await webhookReceiver();
    const t = await injectTarget({ variation: 'async-202' });
    const a = api(t);
    try {
      await a.webhook(hook.url);
      const ts = Date.now() - 1000;
      const r = await a.sendAsync({ clientId: 'c', query: 'x' });
      expect(r.status).toBe(202);
      expect(Object.keys(r.body)).toEqual(['questionId']);
      const q = r.body.questionId;
      // Not answered yet: the answer comes ASYNC_202_DELAY_MS later.
      expect(entriesOf((await a.history('c')).body)).toEqual([]);
      expect((await a.status('c', q)).status).toBe(404);
      const d = await hook.waitFor((x) => (x.body as any[]).some((i) => i.questionId === q));
      expect(v.validate('WebhookBatch', d.body, 'webhook')).toEqual([]);
      expect(entriesOf((await a.history('c')).body).map((e) => e.questionId)).toEqual([q]);
      expect((await a.status('c', q)).body).toEqual({ status: 'SENT' });
      expect((await a.events(`clientId=c&ts=${ts}&all=true`)).body.events.map((e: any) => e.event.questionId)).toEqual([q]);
    } finally {
      await t.close();
      await hook.close();
    }
  });

  test('events-empty-204 answers an empty poll 204 without a body, and events as usual', async () => {
    const t = await injectTarget({ variation: 'events-empty-204' });
    const a = api(t);
    const empty = await a.events(`clientId=c&ts=${Date.now() - 1000}`);
    expect(empty.status).toBe(204);
    expect(empty.text).toBe('');
    await a.agent('c', 'hi');
    const r = await a.events(`clientId=c&ts=${Date.now() - 60_000}`);
    expect(r.status).toBe(200);
    expect(r.body.events).toHaveLength(1);
    await t.close();
  });

  test('event-type-names names the event types otherwise', async () => {
    const t = await injectTarget({ variation: 'event-type-names' });
    const a = api(t);
    await a.send({ clientId: 'c', query: 'x' });
    await a.agent('c', 'hi');
    const r = await a.events(`clientId=c&ts=${Date.now() - 60_000}&all=true`);
    expect(r.body.events.map((e: any) => e.type)).toEqual(['BOT_ANSWER', 'OPERATOR_MESSAGE']);
    expect(v.validate('EventsResponse', r.body, 'getEvents')).toEqual([]);
    await t.close();
  });

  test('cid-excludes-own leaves out the bot responses of that connection, and agent replies, when given a cid', async () => {
    const t = await injectTarget({ variation: 'cid-excludes-own' });
    const a = api(t);
    const ts = Date.now() - 1000;
    const mine = (await a.send({ clientId: 'e', query: 'one', cid: 'A' })).body.questionId;
    const other = (await a.send({ clientId: 'e', query: 'two', cid: 'B' })).body.questionId;
    const none = (await a.send({ clientId: 'e', query: 'three' })).body.questionId;
    await a.agent('e', 'agent here');
    const all = await a.events(`clientId=e&ts=${ts}&all=true`);
    expect(all.body.events.map((e: any) => e.event.questionId)).toEqual([mine, other, none, expect.any(String)]);
    const withA = await a.events(`clientId=e&ts=${ts}&all=true&cid=A`);
    expect(withA.body.events.map((e: any) => e.event.questionId)).toEqual([other, none]);
    expect(v.validate('EventsResponse', withA.body, 'getEvents')).toEqual([]);
    await t.close();
  });

  for (const variation of ['agent-reply-unanswered', 'nulls'] as const) {
    test(`${variation}: an agent reply carries no questionId, on the webhook and in GET /events, and is valid`, async () => {
      const hook = await webhookReceiver();
      const t = await injectTarget({ variation });
      const a = api(t);
      try {
        await a.webhook(hook.url);
        await a.agent('c', 'agent says');
        const d = await hook.waitFor(() => true);
        const item = (d.body as any[])[0];
        expect(item.questionId ?? undefined).toBeUndefined();
        expect(item).toMatchObject({ token: t.token, clientId: 'c', data: { answer: 'agent says' } });
        expect(v.validate('WebhookBatch', d.body, 'webhook')).toEqual([]);
        const ev = await a.events(`clientId=c&ts=${Date.now() - 60_000}`);
        expect(ev.body.events[0].event.questionId ?? undefined).toBeUndefined();
        expect(v.validate('EventsResponse', ev.body, 'getEvents')).toEqual([]);
        expect(entriesOf((await a.history('c')).body)).toEqual([]);
      } finally {
        await t.close();
        await hook.close();
      }
    });
  }

  test('agent-reply-in-history lists an agent reply in the history, with a status, counted as unread', async () => {
    const t = await injectTarget({ variation: 'agent-reply-in-history' });
    const a = api(t);
    await a.agent('c', 'agent says');
    const entries = entriesOf((await a.history('c')).body);
    expect(entries).toHaveLength(1);
    expect(v.validate('History', entries, 'getHistory')).toEqual([]);
    expect((await a.status('c', entries[0]!.questionId as string)).body).toEqual({ status: 'SENT' });
    expect(countOf((await a.notRead('c')).body)).toBe(1);
    await t.close();
  });

  test('nulls serialises every optional property as null, and every answer still validates', async () => {
    const hook = await webhookReceiver();
    const t = await injectTarget({ variation: 'nulls' });
    const a = api(t);
    try {
      await a.webhook(hook.url);
      const r = await a.send({ clientId: 'c', query: 'x' });
      expect(r.body).toMatchObject({ cid: null, event: null, query: 'x', data: { nlpClass: null, answer: 'You said: x' } });
      expect(v.validate('ChatResponse', r.body, 'sendRequest')).toEqual([]);
      const s = await a.simple('clientId=c&event=start');
      expect(s.body).toMatchObject({ query: null, event: 'start', cid: null });
      expect(v.validate('SimpleResponse', s.body, 'sendRequestSimple')).toEqual([]);
      const as = await a.sendAsync({ clientId: 'c', query: 'y' });
      expect(as.body).toEqual({ questionId: expect.any(String), data: null, answer: null });
      expect(v.validate('AsyncResponse', as.body, 'sendRequestAsync')).toEqual([]);
      const d = await hook.waitFor((x) => (x.body as any[]).some((i) => i.questionId === as.body.questionId));
      expect((d.body as any[])[0]).toMatchObject({ blockForm: null, cid: null });
      expect(v.validate('WebhookBatch', d.body, 'webhook')).toEqual([]);
      const h = await a.history('c');
      expect(h.body[0]).toMatchObject({ query: 'x', event: null });
      expect(v.validate('History', h.body, 'getHistory')).toEqual([]);
      const st = await a.status('c', r.body.questionId);
      expect(st.body).toEqual({ status: 'SENT', timestamp: null });
      expect(v.validate('StatusBody', st.body, 'getMessageStatus')).toEqual([]);
      const n = await a.notRead('c');
      expect(n.body).toEqual({ count: 3, clientId: null });
      expect(countOf(n.body)).toBe(3);
      const ev = await a.events(`clientId=c&ts=${Date.now() - 60_000}&all=true`);
      expect(ev.body.events[0].event.cid).toBeNull();
      expect(v.validate('EventsResponse', ev.body, 'getEvents')).toEqual([]);
    } finally {
      await t.close();
      await hook.close();
    }
  });

  for (const [variation, status] of [
    ['status-starts-delivered', 'DELIVERED'],
    ['status-starts-not-sent', 'NOT_SENT'],
  ] as const) {
    test(`${variation}: a new message starts in ${status}, and counts as unread`, async () => {
      const t = await injectTarget({ variation });
      const a = api(t);
      const q = (await a.send({ clientId: 'c', query: 'x' })).body.questionId;
      expect((await a.status('c', q)).body).toEqual({ status });
      expect(countOf((await a.notRead('c')).body)).toBe(1);
      await t.close();
    });
  }

  test('timestamps-no-offset writes every timestamp without an offset, as the document does', async () => {
    const hook = await webhookReceiver();
    const t = await injectTarget({ variation: 'timestamps-no-offset' });
    const a = api(t);
    try {
      await a.webhook(hook.url);
      const noOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;
      const r = await a.send({ clientId: 'c', query: 'x' });
      expect(r.body.timestamp).toMatch(noOffset);
      expect(v.validate('ChatResponse', r.body, 'sendRequest')).toEqual([]);
      await a.sendAsync({ clientId: 'c', query: 'y' });
      const d = await hook.waitFor(() => true);
      expect((d.body as any[])[0].timestamp).toMatch(noOffset);
      expect(entriesOf((await a.history('c')).body)[0]!.timestamp).toMatch(noOffset);
      expect((await a.events(`clientId=c&ts=${Date.now() - 60_000}&all=true`)).body.events[0].event.timestamp).toMatch(noOffset);
    } finally {
      await t.close();
      await hook.close();
    }
  });

  test('state-never-saved-404 answers 404 for a state never saved, and the state once saved', async () => {
    const t = await injectTarget({ variation: 'state-never-saved-404' });
    const a = api(t);
    expect((await a.loadState('c')).status).toBe(404);
    await a.saveState('c', { json: { a: 1 } });
    expect((await a.loadState('c')).body).toEqual({ a: 1 });
    await t.close();
  });

  test('simple-get-echo only echoes: no questionId, no history entry, no event', async () => {
    const t = await injectTarget({ variation: 'simple-get-echo' });
    const a = api(t);
    const r = await a.simple('clientId=c&query=x');
    expect(r.body).toEqual({ clientId: 'c', query: 'x' });
    expect(entriesOf((await a.history('c')).body)).toEqual([]);
    expect((await a.events(`clientId=c&ts=0&all=true`)).body.events).toEqual([]);
    await t.close();
  });

  test('slow-bot-arrival-time answers after SLOW_BOT_MS and times the event at the arrival of the request', async () => {
    const t = await injectTarget({ variation: 'slow-bot-arrival-time' });
    const a = api(t);
    const before = Date.now();
    const r = await a.send({ clientId: 'c', query: 'x' });
    const after = Date.now();
    expect(after - before).toBeGreaterThanOrEqual(SLOW_BOT_MS - 20);
    const at = Date.parse(r.body.timestamp);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThan(before + SLOW_BOT_MS);
    // ts just after the arrival leaves the event out, although the answer came later.
    expect((await a.events(`clientId=c&ts=${at + 1}&all=true`)).body.events).toEqual([]);
    expect((await a.events(`clientId=c&ts=${at}&all=true`)).body.events).toHaveLength(1);
    await t.close();
  });

  test('long-polling holds an empty poll and answers as soon as an event arrives', async () => {
    const t = await httpTarget({ variation: 'long-polling' });
    const a = api(t);
    const started = Date.now();
    const poll = a.events(`clientId=lp&ts=${started - 1000}`);
    await sleep(300);
    await a.agent('lp', 'wake up');
    const r = await poll;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.body.events.map((e: any) => e.event.data.answer)).toEqual(['wake up']);
    // A held poll does not keep close() waiting for 25 s.
    const held = a.events(`clientId=lp2&ts=${Date.now()}`);
    await sleep(100);
    const closing = Date.now();
    await t.close();
    await held.catch(() => undefined);
    expect(Date.now() - closing).toBeLessThan(5000);
  });

  test("the log gets one line per exchange and never the token or the webhook URL's path", async () => {
    const lines: string[] = [];
    const hook = await webhookReceiver();
    const t = await injectTarget({ log: (l) => lines.push(l) });
    const a = api(t);
    await a.webhook(hook.url);
    await a.sendAsync({ clientId: 'c', query: 'x' });
    await hook.waitFor(() => true);
    await a.events('clientId=c&ts=0');
    await t.call('GET', `/chatapi/${encodeURIComponent(t.token)}/client/c/history`);
    await t.close();
    await hook.close();
    expect(lines.some((l) => l.startsWith('POST /chatapi/***/async -> 200'))).toBe(true);
    // The webhook URL's origin only: its path and query may hold the integrator's secret.
    expect(lines.some((l) => /^webhook POST http:\/\/127\.0\.0\.1:\d+ -> 200$/.test(l))).toBe(true);
    for (const l of lines) {
      expect(l).not.toContain(t.token);
      expect(l).not.toContain('/hook');
    }
  });
});
