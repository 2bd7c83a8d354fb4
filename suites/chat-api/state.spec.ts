/**
 * POST and GET /chatapi/{token}/client/{clientId}/state (saveState, loadState): "Subsequent requests
 * to the GET method will return this object as is. Its contents are not checked."
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import { ensure2xx, ensureEqual, ensureJsonBody, ensureNoSchemaErrors, ensureStatus } from '../../harness/checks/ensure.ts';
import { TRICKY_TEXTS } from '../../fixtures/payloads/texts.ts';

const SECTION = 'Saving and loading the chat application state';

async function save(chat: ChatApi, clientId: string, state: unknown, what: string): Promise<void> {
  ensure2xx(await chat.call('saveState', { pathParams: { clientId }, body: state }), what);
}

async function load(chat: ChatApi, clientId: string): Promise<unknown> {
  const res = await chat.call('loadState', { pathParams: { clientId } });
  ensureStatus(res, 200, 'GET state after a save');
  return ensureJsonBody(res, 'GET state after a save');
}

check(
  {
    id: 'chat-api.state.round-trips-unchanged',
    title: 'a saved state with nested objects, arrays, numbers, booleans, null and Unicode comes back deep-equal',
    level: 'MUST',
    doc: 'chatApi',
    section: SECTION,
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const state = {
      page: 'checkout',
      widget: { open: true, minimized: false, position: { x: 12, y: -3.5 }, unread: [1, 2, 3] },
      cart: [
        { sku: 'A-1', qty: 2, price: 19.99, tags: ['gift', 'fragile'] },
        { sku: 'B-2', qty: 1, price: 0, tags: [] },
      ],
      matrix: [[1, [2, [3]]], [], [{}]],
      nothing: null,
      empty: {},
      texts: TRICKY_TEXTS,
      'ключ 🔑': 'значение',
      '日本語のキー': ['値', { 'nested key ü': 'ö' }],
    };
    await save(chat, clientId, state, 'POST state');
    const got = await load(chat, clientId);
    ensureEqual(got, state, 'the state GET returned');
  },
);

check(
  {
    id: 'chat-api.state.round-trips-100-kb',
    title: 'a saved state of 100 KB comes back deep-equal',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Chat API: POST state stores any JSON object; GET returns it unchanged, deep-equal',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const state: Record<string, string> = {};
    // 200 keys of 512 characters (Latin, Cyrillic, emoji): a little over 100 KB of JSON.
    const chars = [...'Conformance state — Состояние 🚀 '.repeat(20)];
    for (let i = 0; i < 200; i++) state[`key${String(i).padStart(3, '0')}`] = [...`${i}:`, ...chars].slice(0, 512).join('');
    await save(chat, clientId, state, `POST state with a ${Math.round(Buffer.byteLength(JSON.stringify(state)) / 1024)} KB body`);
    const got = await load(chat, clientId);
    ensureEqual(got, state, 'the 100 KB state GET returned');
  },
);

check(
  {
    id: 'chat-api.state.replaced-by-next-save',
    title: 'after a second save, GET returns the second object as is, not a merge of both',
    level: 'MUST',
    doc: 'chatApi',
    section: SECTION,
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    await save(chat, clientId, { step: 'first', coupon: 'SPRING' }, 'the first POST state');
    const second = { step: 'second', language: 'de' };
    await save(chat, clientId, second, 'the second POST state');
    ensureEqual(await load(chat, clientId), second, 'the state GET returned after a second save');
  },
);

check(
  {
    id: 'chat-api.state.load-matches-schema',
    title: 'GET state answers 200 with a JSON object',
    level: 'MUST',
    doc: 'chatApi',
    section: SECTION,
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    await save(chat, clientId, { page: 'home', visits: 3 }, 'POST state');
    const res = await chat.call('loadState', { pathParams: { clientId } });
    ensureStatus(res, 200, 'GET state');
    ensureJsonBody(res, 'GET state');
    ensureNoSchemaErrors(res.schemaErrors, 'the answer of GET state');
  },
);

check(
  {
    id: 'chat-api.state.never-saved-empty-or-404',
    title: 'GET state for a client that never saved one answers 200 {} or 404',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Chat API: a state never saved: 200 {} or 404',
  },
  async ({ chat, fresh }) => {
    const res = await chat.call('loadState', { pathParams: { clientId: fresh.id() } });
    ensureStatus(res, [200, 404], 'GET state for a client that never saved one');
    if (res.status === 200) {
      const body = ensureJsonBody(res, 'GET state for a client that never saved one');
      ensureEqual(body, {}, 'the state of a client that never saved one');
    }
  },
);
