import { expect } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { build } from '../../reference/omnichannel/server.ts';
import { ChannelStore } from '../../reference/omnichannel/channels.ts';
import { catalogue, type MutantId } from '../../reference/omnichannel/mutants.ts';
import { NO_ACTIVE_CHANNEL } from '../../reference/omnichannel/error-table.ts';
import { Receiver, type Delivery } from '../../harness/receiver/receiver.ts';
import { mutantTableTests, type Probe } from './reference-common-catalogue.ts';

/**
 * The Omnichannel reference's mutant table (the scheme of ./reference-common-catalogue.ts): per
 * mutant, a probe that holds on the reference and fails on the mutant. A probe posts inbound events
 * through `inject` and reads the answer, what the agent received (the driver's inbox), or the
 * send_message the agent's echo script made to a client server on loopback. Every mutant of this
 * reference has a probe.
 */

type Json = Record<string, any>;

const TOKEN = 'tok-active';
const INACTIVE = 'tok-inactive';
const CLIENT_TOKEN = 'client-secret-7f3c';
const HOOK = '/hook';
/** The statuses the document lists for the inbound endpoint: no mutant answers another. */
const LISTED = [200, 400, 404, 500];
/** How long a probe waits for the agent's send_message (or for a download that must not come). */
const SEND_MS = 2000;
const QUIET_MS = 500;

const VISITOR = {
  id: 'visitor-17',
  fields: { name: 'Anna', login: 'anna.k', phone: '+41791234567', email: 'anna@example.com', site: 'https://shop.example.com' },
};
const FILE = { id: 'file-77', state: 'ready', name: 'invoice.pdf', content_type: 'application/pdf', size: 48213, url: 'https://files.example.com/invoice.pdf' };
const FILE_TEXT = `file:${FILE.content_type}|${FILE.id}|${FILE.url}`;

interface Target {
  a: FastifyInstance;
  client: Receiver;
  /** Everything the client server received, at its send_message or elsewhere. */
  received: Delivery[];
  statuses: number[];
}

const event = (over: Json = {}, message: Json = {}): Json => ({
  event: 'new_message',
  chat_id: 900,
  visitor: VISITOR,
  message: { id: 'msg-1', kind: 'visitor', text: 'Hello', ...message },
  ...over,
});
const fileEvent = (data: Json = {}): Json => event({}, { kind: 'file_visitor', text: undefined, data: { ...FILE, ...data } });
const buttonEvent = (): Json => event({}, { kind: 'keyboard_response', text: undefined, data: { button: { id: 'b-1', text: 'Yes please' } } });
const without = (o: Json, key: string): Json => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

async function post(t: Target, body: unknown, opts: { token?: string; raw?: string } = {}): Promise<{ status: number; body: Json | undefined }> {
  const res = await t.a.inject({
    method: 'POST',
    url: `/connector/omnichannel/omnichannel_message/${opts.token ?? TOKEN}/bot_api_webhook`,
    headers: { 'content-type': 'application/json' },
    payload: opts.raw ?? JSON.stringify(body),
  });
  t.statuses.push(res.statusCode);
  return { status: res.statusCode, body: res.body === '' ? undefined : (JSON.parse(res.body) as Json) };
}
const status = async (t: Target, body: unknown, opts: { token?: string; raw?: string } = {}) => (await post(t, body, opts)).status;

async function inbox(t: Target, chatId: string | number): Promise<{ messages: Array<{ text: string }>; variables: Json }> {
  return (await t.a.inject({ method: 'GET', url: `/__driver/omnichannel/inbox?chat_id=${encodeURIComponent(String(chatId))}` })).json();
}
/** The texts the agent received in chat 900 after `body` was posted. */
async function received(t: Target, body: unknown, chatId: string | number = 900): Promise<string[]> {
  await post(t, body);
  return (await inbox(t, chatId)).messages.map((m) => m.text);
}
const variables = async (t: Target) => {
  await post(t, event());
  return (await inbox(t, 900)).variables;
};

async function until(t: Target, count: number, ms: number): Promise<Delivery[]> {
  const deadline = Date.now() + ms;
  while (t.received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return t.received;
}
/** The send_message the echo script makes for the visitor event `body` (undefined: none came). */
async function sent(t: Target, body: unknown): Promise<Delivery | undefined> {
  await post(t, body);
  return (await until(t, 1, SEND_MS))[0];
}
const sentMessage = async (t: Target, text: string) => (await sent(t, event({}, { text })))?.json as Json | undefined;

const probes: Partial<Record<MutantId, Probe<Target>>> = {
  // the no-active-channel rule
  'unknown-token-200': async (t) => (await status(t, event(), { token: 'nope' })) === 400,
  'inactive-channel-processed': async (t) => (await status(t, event(), { token: INACTIVE })) === 400,
  'no-channel-error-text': async (t) => (await post(t, event(), { token: 'nope' })).body?.error === NO_ACTIVE_CHANNEL,
  'no-channel-error-key': async (t) => (await post(t, event(), { token: INACTIVE })).body?.error === NO_ACTIVE_CHANNEL,
  'no-channel-404': async (t) => (await status(t, event(), { token: INACTIVE })) === 400,
  // missing parameters
  'missing-chat-id-200': async (t) => (await status(t, without(event(), 'chat_id'))) === 400,
  'missing-message-200': async (t) => (await status(t, without(event(), 'message'))) === 400,
  'missing-visitor-200': async (t) => (await status(t, without(event(), 'visitor'))) === 400,
  'missing-visitor-id-200': async (t) => (await status(t, event({ visitor: { fields: {} } }))) === 400,
  'visitor-fields-required': async (t) => (await status(t, event({ visitor: { id: VISITOR.id } }))) === 200,
  'empty-fields-refused': async (t) => (await status(t, event({ visitor: { id: VISITOR.id, fields: {} } }))) === 200,
  // routing
  'wrong-url-400': async (t) => (await status(t, event(), { token: 'x/other' })) === 404,
  // invalid event or kind: 200, ignored
  'invalid-event-400': async (t) => (await status(t, event({ event: 'typing' }))) === 200,
  'invalid-kind-400': async (t) => (await status(t, event({}, { kind: 'sticker' }))) === 200,
  'invalid-event-processed': async (t) => (await received(t, event({ event: 'typing' }))).length === 0,
  'invalid-kind-processed': async (t) => (await received(t, event({}, { kind: 'sticker' }))).length === 0,
  'ignored-value-in-header-500': async (t) => (await status(t, event({ event: 'тип' }))) === 200,
  // other errors of the request JSON; a valid event
  'bad-json-400': async (t) => (await status(t, undefined, { raw: '{nope' })) === 500,
  'chat-id-object-200': async (t) => (await status(t, event({ chat_id: { id: 900 } }))) === 500,
  'string-chat-id-rejected': async (t) => (await status(t, event({ chat_id: 'chat-900' }))) === 200,
  'processed-answered-500': async (t) => (await status(t, event())) === 200,
  'bidi-or-combining-500': async (t) => (await status(t, event({}, { text: 'cafe\u0301 \u200fok' }))) === 200,
  'nul-text-500': async (t) => (await status(t, event({}, { text: 'a\u0000b' }))) === 200,
  'chat-id-decoded': async (t) => (await received(t, event({ chat_id: 'a%2Fb' }), 'a%2Fb')).length === 1,
  'file-url-parsed-500': async (t) => (await status(t, fileEvent({ url: 'invoice.pdf' }))) === 200,
  // what the agent receives
  'file-not-ready-delivered': async (t) => (await received(t, fileEvent({ state: 'upload' }))).length === 0,
  'file-format-swapped': async (t) => (await received(t, fileEvent()))[0] === FILE_TEXT,
  'file-type-empty': async (t) => (await received(t, fileEvent()))[0] === FILE_TEXT,
  'file-type-from-extension': async (t) => (await received(t, fileEvent()))[0] === FILE_TEXT,
  'keyboard-sends-id': async (t) => (await received(t, buttonEvent()))[0] === 'Yes please',
  'text-trimmed': async (t) => (await received(t, event({}, { text: '  hi there\r\n' })))[0] === '  hi there\r\n',
  'text-truncated': async (t) => (await received(t, event({}, { text: 'a'.repeat(1200) })))[0]?.length === 1200,
  'text-unicode-stripped': async (t) => (await received(t, event({}, { text: 'Grüße 👋' })))[0] === 'Grüße 👋',
  'astral-mangled': async (t) => (await received(t, event({}, { text: 'Fraktur \u{1D518} and \u{2070E}' })))[0] === 'Fraktur \u{1D518} and \u{2070E}',
  'chats-by-visitor': async (t) => {
    await post(t, event({ chat_id: 901 }));
    return (await received(t, event({ chat_id: 900 }))).length === 1;
  },
  'file-downloaded': async (t) => {
    await post(t, fileEvent({ url: `${t.client.baseUrl}/files/invoice.pdf` }));
    // The echo reply comes either way; a download would come beside it.
    return (await until(t, 2, QUIET_MS)).every((d) => !d.path.startsWith('/files/'));
  },
  // channel variables
  'var-visitor-id-missing': async (t) => (await variables(t)).channel_visitor_id === VISITOR.id,
  'var-chat-id-no-suffix': async (t) => (await variables(t)).channel_chat_id === '900|omnichannel',
  'var-phone-from-login': async (t) => (await variables(t)).channel_visitor_phone === VISITOR.fields.phone,
  'var-firstname-missing': async (t) => (await variables(t)).channel_visitor_firstname === VISITOR.fields.name,
  'var-account-from-visitor-id': async (t) => (await variables(t)).channel_visitor_account === VISITOR.fields.login,
  'var-email-missing': async (t) => (await variables(t)).channel_visitor_email === VISITOR.fields.email,
  'var-source-missing': async (t) => (await variables(t)).channel_visitor_source === VISITOR.fields.site,
  // the agent's send_message
  'agent-silent': async (t) => (await sent(t, event())) !== undefined,
  'send-message-wrong-path': async (t) => (await sent(t, event()))?.path === `${HOOK}/send_message`,
  'send-message-put': async (t) => (await sent(t, event()))?.method === 'POST',
  'send-message-text-plain': async (t) => (await sent(t, event()))?.contentType.startsWith('application/json') ?? false,
  'send-message-bearer': async (t) => (await sent(t, event()))?.headers.authorization === `Token ${CLIENT_TOKEN}`,
  'send-message-no-auth': async (t) => (await sent(t, event()))?.headers.authorization === `Token ${CLIENT_TOKEN}`,
  'unique-url-requires-token': async (t) => {
    const set = await t.a.inject({
      method: 'POST',
      url: '/__driver/omnichannel/channel',
      payload: { token: TOKEN, webhookUrl: `${t.client.baseUrl}${HOOK}`, webhookToken: null, active: true },
    });
    return set.statusCode === 200 && (await sent(t, event())) !== undefined;
  },
  'send-message-chat-id-stringified': async (t) => ((await sent(t, event()))?.json as Json | undefined)?.chat_id === 900,
  'send-message-chat-id-parsed': async (t) => ((await sent(t, event({ chat_id: '900' })))?.json as Json | undefined)?.chat_id === '900',
  'long-numeric-chat-id-as-number': async (t) => ((await sent(t, event({ chat_id: '12345678901' })))?.json as Json | undefined)?.chat_id === '12345678901',
  'send-message-missing-kind': async (t) => (await sentMessage(t, 'hi'))?.message.kind === 'operator',
  'keyboard-as-text': async (t) => (await sentMessage(t, '/keyboard'))?.message.kind === 'keyboard',
  'agent-text-ascii-only': async (t) => (await sentMessage(t, 'Grüße 👋'))?.message.text === 'You said: Grüße 👋',
  'agent-text-trimmed': async (t) => (await sentMessage(t, 'hi\r\nthere  '))?.message.text === 'You said: hi\r\nthere  ',
  'agent-links-removed': async (t) => (await sentMessage(t, 'see https://x.example/a'))?.message.text === 'You said: see https://x.example/a',
};

mutantTableTests<MutantId, Target>({
  suite: 'omnichannel',
  catalogue,
  probes,
  open: async (mutant) => {
    const client = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
    const got: Delivery[] = [];
    client.onDelivery((d) => got.push(d));
    client.onStray((d) => got.push(d));
    client.endpoint('send_message', `${HOOK}/send_message`);
    const channels = new ChannelStore();
    channels.upsert({ token: TOKEN, webhookUrl: `${client.baseUrl}${HOOK}`, webhookToken: CLIENT_TOKEN, active: true });
    channels.upsert({ token: INACTIVE, webhookUrl: `${client.baseUrl}${HOOK}`, webhookToken: CLIENT_TOKEN, active: false });
    return { a: build({ channels, ...(mutant ? { mutant } : {}) }), client, received: got, statuses: [] };
  },
  close: async ({ a, client, statuses }) => {
    await a.close();
    await client.close();
    // Whatever rule a mutant breaks, it still answers only statuses the document lists.
    expect(statuses.filter((s) => !LISTED.includes(s))).toEqual([]);
  },
  refuses: (opts) => build(opts),
});
