import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { arbitraryFor, type Schema } from '../../harness/generated/arbitraries.ts';
import { readSpec } from '../../harness/validation/spec-loader.ts';
import { validatorsFor } from '../../harness/validation/validators.ts';
import { build } from '../../reference/chat-api/server.ts';
import { DEFAULT_BOT_SCRIPT, parseBotScript, scriptAnswer, BotScriptError } from '../../reference/chat-api/bot-script.ts';

/**
 * The Chat API simulator against specs/chat-api.yaml (issue 14, item 4): every client request the
 * spec's schemas accept, the simulator accepts (2xx, and an answer its response schema accepts); a
 * numeric clientId is read as its decimal string; the bot's script and its default, which shows each
 * documented reply type.
 */
const SEED = 20261129;
const TOKEN = 'simulator-token-0123456789';
const schemas = (readSpec('chat-api').components?.schemas ?? {}) as Record<string, Schema>;
const resolve = (ref: string) => schemas[ref.replace('#/components/schemas/', '')];
const v = validatorsFor('chat-api');
const validRequests = arbitraryFor({ $ref: 'ChatRequest' }, resolve).filter((b) => v.validate('ChatRequest', b, 'body').length === 0) as fc.Arbitrary<
  Record<string, unknown>
>;

test('every request body ChatRequest accepts, POST /chatapi/{token} and /async accept, and the answers match their schemas', async () => {
  const app = build({ token: TOKEN });
  try {
    await fc.assert(
      fc.asyncProperty(validRequests, async (body) => {
        const sync = await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}`, payload: body });
        expect(sync.statusCode, `POST ${JSON.stringify(body)}: ${sync.body}`).toBe(200);
        expect(v.validate('ChatResponse', sync.json(), 'answer'), JSON.stringify(body)).toEqual([]);
        expect(sync.json().clientId).toBe(body.clientId);
        const async_ = await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}/async`, payload: body });
        expect(async_.statusCode, `POST /async ${JSON.stringify(body)}: ${async_.body}`).toBe(200);
      }),
      { seed: SEED, numRuns: 150 },
    );
    // The cases the issue names, whatever the generator draws.
    for (const body of [
      { clientId: 'c', query: '' },
      { clientId: 'c', event: '' },
      { clientId: 'c', query: '', event: 'start' },
      { clientId: 'c', query: 'x', data: {} },
    ]) {
      const r = await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}`, payload: body });
      expect(v.validate('ChatRequest', body, 'body'), JSON.stringify(body)).toEqual([]);
      expect(r.statusCode, `${JSON.stringify(body)}: ${r.body}`).toBe(200);
    }
  } finally {
    await app.close();
  }
});

test('every query string the simplified GET documents, the simulator accepts', async () => {
  const app = build({ token: TOKEN });
  const params = fc.record({
    clientId: arbitraryFor({ type: 'string', minLength: 1 }, resolve) as fc.Arbitrary<string>,
    text: arbitraryFor({ type: 'string' }, resolve) as fc.Arbitrary<string>,
    kind: fc.constantFrom('query', 'event'),
  });
  try {
    await fc.assert(
      fc.asyncProperty(params, async ({ clientId, text, kind }) => {
        const r = await app.inject({ method: 'GET', url: `/chatapi/${TOKEN}`, query: { clientId, [kind]: text } });
        expect(r.statusCode, `GET clientId=${JSON.stringify(clientId)} ${kind}=${JSON.stringify(text)}: ${r.body}`).toBe(200);
        expect(r.json().clientId).toBe(clientId);
      }),
      { seed: SEED, numRuns: 100 },
    );
  } finally {
    await app.close();
  }
});

test('what the spec refuses stays refused: no clientId, neither query nor event, a clientId of another type than string or number', async () => {
  const app = build({ token: TOKEN });
  try {
    for (const body of [
      { query: 'x' },
      { clientId: 'c' },
      { clientId: '', query: 'x' },
      { clientId: { not: 'a string' }, query: 'x' },
      { clientId: true, query: 'x' },
      { clientId: 1.5, query: 'x' },
      { clientId: 'c', query: 5 },
    ]) {
      const r = await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}`, payload: body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await app.inject({ method: 'GET', url: `/chatapi/${TOKEN}?clientId=c` })).statusCode).toBe(400);
  } finally {
    await app.close();
  }
});

test('a numeric clientId is read as its decimal string, answered as a string and logged', async () => {
  const lines: string[] = [];
  const app = build({ token: TOKEN, log: (l) => lines.push(l) });
  try {
    const r = await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}`, payload: { clientId: 123456, query: 'hello' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().clientId).toBe('123456');
    expect(lines.some((l) => l.includes('clientId 123456 is a JSON number') && l.includes('"123456"'))).toBe(true);
    const history = await app.inject({ method: 'GET', url: `/chatapi/${TOKEN}/client/123456/history` });
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Hello! How can I help you?');
    const a = await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}/async`, payload: { clientId: 7, event: 'start' } });
    expect(a.statusCode, a.body).toBe(200);
  } finally {
    await app.close();
  }
});

test('the default script shows each documented reply type, and answers as the bot always did otherwise', async () => {
  const app = build({ token: TOKEN });
  const ask = async (payload: Record<string, unknown>) =>
    (await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}`, payload: { clientId: 'me', ...payload } })).json().data;
  try {
    const types = new Map<string, string[]>();
    for (const q of ['text', 'buttons', 'image', 'file', 'carousel', 'agent']) {
      const data = await ask({ query: q });
      expect(v.validate('ResponseData', data, q)).toEqual([]);
      expect(typeof data.answer).toBe('string');
      types.set(
        q,
        data.replies.map((r: { type: string }) => r.type),
      );
    }
    expect(types.get('text')).toEqual(['text']);
    expect(types.get('buttons')).toEqual(['text', 'buttons']);
    expect(types.get('image')).toEqual(['image']);
    expect(types.get('file')).toEqual(['file']);
    expect(types.get('carousel')).toEqual(['carousel']);
    expect(types.get('agent')).toEqual(['text', 'switch']);
    // Unchanged: the answers the suite was built against.
    expect(await ask({ query: ' Hello ' })).toEqual({
      replies: [{ type: 'text', text: 'Hello! How can I help you?', state: '/Hello' }],
      answer: 'Hello! How can I help you?',
    });
    expect(await ask({ query: 'anything' })).toEqual({
      replies: [{ type: 'text', text: 'You said: anything', state: '/CatchAll' }],
      answer: 'You said: anything',
    });
    expect(await ask({ event: 'start', query: 'x' })).toEqual({
      replies: [{ type: 'text', text: 'Welcome! Ask me anything.', state: '/Start' }],
      answer: 'Welcome! Ask me anything.',
    });
    expect(await ask({ event: 'other' })).toEqual({
      replies: [{ type: 'text', text: 'Event received: other', state: '/Event' }],
      answer: 'Event received: other',
    });
  } finally {
    await app.close();
  }
});

test('a bot script replaces the default one; a broken script is refused naming the rule', async () => {
  const script = parseBotScript({
    '//': 'a comment',
    rules: [
      {
        query: 'menu',
        state: '/Menu',
        replies: [
          { type: 'text', text: 'Menu for {query}' },
          { type: 'buttons', buttons: [{ text: 'A' }] },
        ],
      },
      { event: '*', replies: [{ type: 'image', imageUrl: 'https://example.com/{event}.png' }] },
    ],
  });
  const app = build({ token: TOKEN, botScript: script });
  try {
    const menu = (await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}`, payload: { clientId: 'me', query: 'MENU' } })).json().data;
    expect(menu).toEqual({
      replies: [
        { type: 'text', text: 'Menu for MENU', state: '/Menu' },
        { type: 'buttons', buttons: [{ text: 'A' }], state: '/Menu' },
      ],
      answer: 'Menu for MENU',
    });
    const ev = (await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}`, payload: { clientId: 'me', event: 'x' } })).json().data;
    expect(ev.replies).toEqual([{ type: 'image', imageUrl: 'https://example.com/x.png' }]);
    const other = (await app.inject({ method: 'POST', url: `/chatapi/${TOKEN}`, payload: { clientId: 'me', query: 'other' } })).json().data;
    expect(other.answer).toBe('You said: other');
  } finally {
    await app.close();
  }
  expect(scriptAnswer(DEFAULT_BOT_SCRIPT, { query: 'file' }).replies[0]).toMatchObject({ type: 'file', fileUrl: expect.stringMatching(/^https:/) });
  const refused: Array<[unknown, RegExp]> = [
    [[], /must be a JSON object with "rules"/],
    [{ rules: [{ replies: [{ type: 'text', text: 'x' }] }] }, /^rule 1 needs exactly one of "query".*"event"/],
    [{ rules: [{ query: 'a', replies: [{ type: 'image' }] }] }, /^rule 1 \(query "a"\), reply 1 of type "image" needs "imageUrl"/],
    [{ rules: [{ query: 'a', replies: [] }] }, /"replies" must be a non-empty list/],
    [{ rules: [{ event: 'a', replies: [{ type: 'text', text: 3 }] }] }, /needs "text" \(a string\)/],
    [{ rules: [{ query: 'a', reply: [] }] }, /unknown key "reply"/],
  ];
  for (const [raw, says] of refused) expect(() => parseBotScript(raw), JSON.stringify(raw)).toThrow(says);
  expect(() => parseBotScript([])).toThrow(BotScriptError);
});
