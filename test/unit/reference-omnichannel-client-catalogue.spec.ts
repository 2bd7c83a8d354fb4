import { build, type ClientServer } from '../../reference/omnichannel-client/server.ts';
import { catalogue, type MutantId } from '../../reference/omnichannel-client/mutants.ts';
import { Receiver, type Delivery } from '../../harness/receiver/receiver.ts';
import { mutantTableTests, type Probe } from './reference-common-catalogue.ts';

/**
 * The client channel server's mutant table (the scheme of ./reference-common-catalogue.ts): per
 * mutant, a probe that holds on the reference and fails on the mutant. A probe either makes a visitor
 * act and reads what a fake platform on loopback received, or calls send_message through `inject`
 * and reads its status and what the visitor got. Every mutant of this reference has a probe.
 */

type Json = Record<string, any>;

const CLIENT_TOKEN = 'client-token-5e2a91';
const TOKEN = 'inbound-token';
const AUTH = { authorization: `Token ${CLIENT_TOKEN}` };
const VISITOR = {
  id: 'visitor-17',
  fields: { name: 'Anna', login: 'anna.k', phone: '+41791234567', email: 'anna@example.com', site: 'https://shop.example.com' },
};
const FILE = { id: 'file-77', state: 'ready', name: 'invoice.pdf', content_type: 'application/pdf', size: 48213, url: 'https://files.example.com/invoice.pdf' };

interface Target {
  a: ClientServer;
  platform: Receiver;
  /** Everything the fake platform received, at its endpoint or elsewhere. */
  received: Delivery[];
}

/** What the platform received for the visitor's actions (all posted before it returns). */
async function posted(t: Target, ...acts: Json[]): Promise<Delivery[]> {
  for (const act of acts) await t.a.inject({ method: 'POST', url: '/__driver/client/visitor-message', payload: { chatId: 101, visitor: VISITOR, ...act } });
  await t.a.postsIdle();
  return t.received;
}

/** The one posted event of a visitor action, as JSON. */
async function postedEvent(t: Target, act: Json): Promise<Json> {
  const [d] = await posted(t, act);
  return d!.json as Json;
}
const message = async (t: Target, act: Json) => (await postedEvent(t, act)).message as Json;
const text = (s: string) => ({ kind: 'visitor', text: s });

async function send(t: Target, body: unknown, headers: Record<string, string> = AUTH): Promise<number> {
  const res = await t.a.inject({
    method: 'POST',
    url: '/send_message',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
  return res.statusCode;
}
async function inbox(t: Target, chatId: number): Promise<Json[]> {
  return (await t.a.inject({ method: 'GET', url: `/__driver/client/visitor-inbox?chat_id=${chatId}` })).json().messages;
}
/** What the visitor of chat 101 sees after the agent sends `msg` there. */
async function seen(t: Target, msg: Json): Promise<Json | undefined> {
  await send(t, { chat_id: 101, message: msg });
  return (await inbox(t, 101)).at(-1);
}
const operator = (s: string) => ({ kind: 'operator', text: s });
const KEYBOARD = { kind: 'keyboard', buttons: [[{ id: '1', text: 'Yes' }]] };

const probes: Partial<Record<MutantId, Probe<Target>>> = {
  // how visitor events are posted
  'never-posts': async (t) => (await posted(t, text('hi'))).length === 1,
  'posts-wrong-path': async (t) => (await posted(t, text('hi')))[0]?.path.endsWith(`/${TOKEN}/bot_api_webhook`) ?? false,
  'posts-put': async (t) => (await posted(t, text('hi')))[0]?.method === 'POST',
  'posts-text-plain': async (t) => (await posted(t, text('hi')))[0]?.contentType === 'application/json',
  'posts-array': async (t) => !Array.isArray((await posted(t, text('hi')))[0]?.json),
  'event-wrong-name': async (t) => (await postedEvent(t, text('hi'))).event === 'new_message',
  'chat-id-string': async (t) => (await postedEvent(t, text('hi'))).chat_id === 101,
  'chat-id-sequence': async (t) => (await postedEvent(t, text('hi'))).chat_id === 101,
  // the visitor
  'visitor-id-per-message': async (t) => (await postedEvent(t, text('hi'))).visitor.id === VISITOR.id,
  'visitor-id-constant': async (t) => (await postedEvent(t, text('hi'))).visitor.id === VISITOR.id,
  'visitor-fields-dropped': async (t) => (await postedEvent(t, text('hi'))).visitor.fields?.name === 'Anna',
  'visitor-phone-from-login': async (t) => (await postedEvent(t, text('hi'))).visitor.fields?.phone === VISITOR.fields.phone,
  // the message
  'message-id-missing': async (t) => typeof (await message(t, text('hi'))).id === 'string',
  'message-id-per-chat': async (t) => {
    const [a, b] = await posted(t, text('one'), text('two'));
    return (a!.json as Json).message.id !== (b!.json as Json).message.id;
  },
  'visitor-kind-text': async (t) => (await message(t, text('hi'))).kind === 'visitor',
  'text-truncated-1000': async (t) => (await message(t, text('x'.repeat(1100)))).text.length === 1100,
  'text-non-ascii-stripped': async (t) => (await message(t, text('Привет'))).text === 'Привет',
  'text-html-escaped': async (t) => (await message(t, text('<b>&</b>'))).text === '<b>&</b>',
  'file-as-text': async (t) => (await message(t, { kind: 'file_visitor', file: FILE })).kind === 'file_visitor',
  'file-size-string': async (t) => (await message(t, { kind: 'file_visitor', file: FILE })).data?.size === FILE.size,
  'file-content-type-from-name': async (t) => (await message(t, { kind: 'file_visitor', file: FILE })).data?.content_type === FILE.content_type,
  'file-state-always-ready': async (t) => (await message(t, { kind: 'file_visitor', file: { ...FILE, state: 'upload' } })).data?.state === 'upload',
  'button-kind-visitor': async (t) => (await message(t, { kind: 'keyboard_response', button: { id: 'b1', text: 'Yes' } })).kind === 'keyboard_response',
  'button-text-for-id': async (t) => (await message(t, { kind: 'keyboard_response', button: { id: 'b1', text: 'Yes' } })).data?.button?.id === 'b1',
  // send_message: authorization
  'send-message-bearer-only': async (t) => (await send(t, { chat_id: 101, message: operator('x') })) === 200,
  'send-message-scheme-case-sensitive': async (t) =>
    (await send(t, { chat_id: 101, message: operator('x') }, { authorization: `token ${CLIENT_TOKEN}` })) === 200,
  'send-message-no-auth-check': async (t) => (await send(t, { chat_id: 101, message: operator('x') }, { authorization: 'Token wrong' })) === 401,
  'send-message-accepts-missing-header': async (t) => (await send(t, { chat_id: 101, message: operator('x') }, {})) === 401,
  'send-message-refuses-then-delivers': async (t) => {
    await send(t, { chat_id: 101, message: operator('forged') }, { authorization: 'Token wrong' });
    return (await inbox(t, 101)).length === 0;
  },
  // send_message: the body
  'send-message-missing-chat-id-accepted': async (t) => (await send(t, { message: operator('x') })) === 400,
  'send-message-missing-message-accepted': async (t) => (await send(t, { chat_id: 101 })) === 400,
  'keyboard-refused': async (t) => (await send(t, { chat_id: 101, message: KEYBOARD })) === 200,
  // what the visitor receives
  'operator-not-delivered': async (t) => (await seen(t, operator('hello')))?.text === 'hello',
  'operator-text-ascii-only': async (t) => (await seen(t, operator('Привет')))?.text === 'Привет',
  'operator-links-removed': async (t) => (await seen(t, operator('see https://x.example/a')))?.text === 'see https://x.example/a',
  'operator-text-trimmed': async (t) => (await seen(t, operator('  a\r\nb  ')))?.text === '  a\r\nb  ',
  'keyboard-buttons-dropped': async (t) => JSON.stringify((await seen(t, KEYBOARD))?.buttons) === JSON.stringify(KEYBOARD.buttons),
  'send-message-to-visitor': async (t) => {
    await posted(t, text('one'), { chatId: 102, ...text('two') });
    await send(t, { chat_id: 101, message: operator('only 101') });
    return (await inbox(t, 102)).length === 0;
  },
};

mutantTableTests<MutantId, Target>({
  suite: 'omnichannel-client',
  catalogue,
  probes,
  open: async (mutant) => {
    const platform = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
    const received: Delivery[] = [];
    platform.onDelivery((d) => received.push(d));
    platform.onStray((d) => received.push(d));
    platform.endpoint(TOKEN, `/connector/omnichannel/omnichannel_message/${TOKEN}/bot_api_webhook`);
    const a = build({ clientToken: CLIENT_TOKEN, ...(mutant ? { mutant } : {}) });
    await a.inject({ method: 'POST', url: '/__driver/client/platform', payload: { url: platform.baseUrl, token: TOKEN } });
    return { a, platform, received };
  },
  close: async ({ a, platform }) => {
    await a.close();
    await platform.close();
  },
  refuses: (opts) => build({ clientToken: null, ...opts }),
});
