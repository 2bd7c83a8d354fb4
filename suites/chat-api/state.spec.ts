/**
 * POST and GET /chatapi/{token}/client/{clientId}/state (saveState, loadState): "Subsequent requests
 * to the GET method will return this object as is. Its contents are not checked." The document names
 * no status: any 2xx conforms (gen-2xx-for-200).
 */
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import { describe, ensure, ensure2xx, ensureEqual, ensureJsonBody, ensureNoSchemaErrors, isObject } from '../../harness/checks/ensure.ts';
import { CHARACTER_TEXTS } from '../../fixtures/payloads/texts.ts';

const SECTION = 'Saving and loading the chat application state';
const AS_IS = 'Subsequent requests to the GET method will return this object as is.';

async function save(chat: ChatApi, clientId: string, state: unknown, what: string): Promise<void> {
  ensure2xx(await chat.call('saveState', { pathParams: { clientId }, body: state }), what);
}

async function load(chat: ChatApi, clientId: string): Promise<unknown> {
  const res = await chat.call('loadState', { pathParams: { clientId } });
  ensure2xx(res, 'GET state after a save');
  return ensureJsonBody(res, 'GET state after a save');
}

/** Save a state for a fresh client and hold GET to return it deep-equal. */
async function ensureRoundTrip(chat: ChatApi, clientId: string, state: unknown, saveWhat: string, gotWhat: string): Promise<void> {
  await save(chat, clientId, state, saveWhat);
  ensureEqual(await load(chat, clientId), state, gotWhat);
}

check(
  {
    id: 'chat-api.state.round-trips-unchanged',
    title: 'a saved state with nested objects, arrays, numbers, booleans, null and non-ASCII text, emoji and quotes comes back deep-equal',
    level: 'MUST',
    doc: 'chatApi',
    section: SECTION,
    quote: AS_IS,
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
      texts: CHARACTER_TEXTS,
      'ключ 🔑': 'значение',
      日本語のキー: ['値', { 'nested key ü': 'ö' }],
    };
    await ensureRoundTrip(chat, clientId, state, 'POST state', 'the state GET returned');
  },
);

check(
  {
    id: 'chat-api.state.round-trips-100-kb',
    title: 'a saved state of 100 KB comes back deep-equal',
    level: 'SHOULD',
    doc: 'readings',
    section: 'chat-state-large',
  },
  async ({ chat, fresh }) => {
    const clientId = fresh.id();
    const state: Record<string, string> = {};
    // 200 keys of 512 characters (Latin, Cyrillic, emoji): a little over 100 KB of JSON.
    const chars = [...'Conformance state — Состояние 🚀 '.repeat(20)];
    for (let i = 0; i < 200; i++) state[`key${String(i).padStart(3, '0')}`] = [...`${i}:`, ...chars].slice(0, 512).join('');
    await ensureRoundTrip(
      chat,
      clientId,
      state,
      `POST state with a ${Math.round(Buffer.byteLength(JSON.stringify(state)) / 1024)} KB body`,
      'the 100 KB state GET returned',
    );
  },
);

check(
  {
    id: 'chat-api.state.replaced-by-next-save',
    title: 'after a second save, GET returns the second object as is, not a merge of both',
    level: 'MUST',
    doc: 'chatApi',
    section: SECTION,
    quote: AS_IS,
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
    title: 'GET state after a save answers 2xx with a JSON object',
    level: 'MUST',
    doc: 'chatApi',
    section: SECTION,
    quote: AS_IS,
  },
  async ({ chat, fresh, validators }) => {
    const clientId = fresh.id();
    await save(chat, clientId, { page: 'home', visits: 3 }, 'POST state');
    const res = await chat.call('loadState', { pathParams: { clientId } });
    ensure2xx(res, 'GET state');
    const body = ensureJsonBody(res, 'GET state');
    ensureNoSchemaErrors(validators.validate('State', body, 'response body of loadState'), 'the answer of GET state');
  },
);

check(
  {
    id: 'chat-api.state.kept-per-client',
    title: "the state one client saved does not replace another client's",
    level: 'MUST',
    doc: 'chatApi',
    section: SECTION,
    quote: 'The following methods allow saving and loading the chat application state during the conversation with the client',
  },
  async ({ chat, fresh }) => {
    const [first, second] = [fresh.id(), fresh.id()];
    const mine = { page: 'checkout', owner: first };
    await save(chat, first, mine, `POST state of client ${first}`);
    await save(chat, second, { page: 'home', owner: second }, `POST state of client ${second}`);
    ensureEqual(await load(chat, first), mine, `the state of client ${first} after client ${second} saved its own`);
  },
);

check(
  {
    id: 'chat-api.state.never-saved-empty-or-404',
    title: 'GET state for a client that never saved one answers 2xx with {} (or no body), or 404',
    level: 'SHOULD',
    doc: 'readings',
    section: 'chat-state-never-saved-answer',
  },
  async ({ chat, fresh }) => {
    const res = await chat.call('loadState', { pathParams: { clientId: fresh.id() } });
    if (res.status === 404) return; // chat-state-never-saved: 404 conforms.
    ensure2xx(res, 'GET state for a client that never saved one');
    if ((res.text ?? '').trim() === '') return; // 204: nothing saved, nothing to give.
    const body = ensureJsonBody(res, 'GET state for a client that never saved one');
    ensure(isObject(body) && Object.keys(body).length === 0, `the state of a client that never saved one is ${describe(body)}, expected {} (or 404)`, {}, body);
  },
);
