import type { FastifyInstance } from 'fastify';
import { build } from '../../reference/operator-api/server.ts';
import { catalogue, type MutantId } from '../../reference/operator-api/mutants.ts';
import { mutantTableTests, type Probe } from './reference-common-catalogue.ts';
import { recordingServer, type Recorded, type RecordingServer } from './recording-server.ts';

/**
 * The Operator API mutant table (the scheme of ./reference-common-catalogue.ts): per mutant, a probe
 * through `inject` (and, for events, a receiver on loopback) that holds on the reference and fails on
 * the mutant. Left to the self-test, because their effect needs several users or actions racing:
 * event-wrong-user, events-reordered, events-lost-concurrent.
 */

type Delivery = Recorded;

interface Target {
  app: FastifyInstance;
  hook: RecordingServer;
}

const HOOK_PATH = '/hook/abc?tag=x';

const post = (t: Target, path: string, body: unknown) => t.app.inject({ method: 'POST', url: path, payload: body as object });
const status = async (t: Target, path: string, body: unknown) => (await post(t, path, body)).statusCode;
const is2xx = (s: number) => s >= 200 && s < 300;
const is4xx = (s: number) => s >= 400 && s < 500;

async function view(
  t: Target,
  userId: string,
): Promise<{ userName: string; attributes: Record<string, unknown>; messages: Array<Record<string, unknown>>; customData: unknown }> {
  return (await t.app.inject({ method: 'GET', url: `/__driver/operator/chat?userId=${encodeURIComponent(userId)}` })).json();
}

/** The last message the agent sees after the client's `sendText`/`sendFile`. */
async function clientSent(t: Target, path: '/sendText' | '/sendFile', body: Record<string, unknown>, userId = 'u1') {
  await post(t, path, { userId, ...body });
  return (await view(t, userId)).messages.at(-1) ?? {};
}

async function selected(t: Target, body: Record<string, unknown>) {
  await post(t, '/selectDestination', { userId: 'u1', destinationId: '1', ...body });
  return view(t, 'u1');
}

/** The deliveries one agent action causes (`n` expected; waits up to 2 s, then gives what came). */
async function agent(t: Target, action: string, body: Record<string, unknown>, n = 1): Promise<Delivery[]> {
  const before = t.hook.received.length;
  await post(t, `/__driver/operator/${action}`, { userId: 'u1', ...body });
  const deadline = Date.now() + 2000;
  while (t.hook.received.length < before + n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // A duplicate would come right after the first: a short grace period lets it arrive.
  await new Promise((r) => setTimeout(r, 50));
  return t.hook.received.slice(before);
}

async function event(t: Target, action: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const [d] = await agent(t, action, body);
  return JSON.parse(d!.raw);
}

const FILE = { url: 'http://files.example/a/report.pdf', name: 'Отчёт.pdf', size: 2048, comment: 'Привет' };
const destinations = async (t: Target) =>
  (await t.app.inject({ method: 'GET', url: '/getDestinations' })).json().destinations as Array<Record<string, unknown>>;

const probes: Partial<Record<MutantId, Probe<Target>>> = {
  // getDestinations (reshaped by reference/operator-api/response-mutants.ts)
  'destinations-has-online-string': async (t) => (await destinations(t)).every((d) => typeof d.hasOnline === 'boolean'),
  'destinations-missing-name': async (t) => (await destinations(t)).every((d) => typeof d.name === 'string'),
  'destinations-bare-array': async (t) => Array.isArray(await destinations(t)),
  'destinations-not-json': async (t) =>
    (await t.app.inject({ method: 'GET', url: '/getDestinations' })).headers['content-type']!.toString().startsWith('application/json'),
  // the answers of the methods
  'set-webhook-answers-500': async (t) => is2xx(await status(t, '/setWebhook', { url: `${t.hook.base}/other` })),
  'close-chat-500': async (t) => is2xx(await status(t, '/closeChat', { userId: 'u1', text: 'bye' })),
  'send-text-500': async (t) => is2xx(await status(t, '/sendText', { userId: 'u1', text: 'hi' })),
  'bad-json-500': async (t) =>
    is4xx((await t.app.inject({ method: 'POST', url: '/sendText', headers: { 'content-type': 'application/json' }, payload: '{"userId":' })).statusCode),
  'set-webhook-url-optional': async (t) => is4xx(await status(t, '/setWebhook', {})),
  'missing-field-accepted': async (t) => is4xx(await status(t, '/sendText', { userId: 'u1' })),
  'missing-user-id-accepted': async (t) => is4xx(await status(t, '/sendText', { text: 'hi' })),
  'send-file-url-optional': async (t) => is4xx(await status(t, '/sendFile', { userId: 'u1' })),
  'close-chat-text-optional': async (t) => is4xx(await status(t, '/closeChat', { userId: 'u1' })),
  'select-destination-default-group': async (t) => is4xx(await status(t, '/selectDestination', { userId: 'u1' })),
  'send-file-size-refused': async (t) => is2xx(await status(t, '/sendFile', { userId: 'u1', url: FILE.url, size: 12 })),
  'send-file-requires-optional': async (t) => is2xx(await status(t, '/sendFile', { userId: 'u1', url: FILE.url })),
  'select-destination-requires-optional': async (t) => is2xx(await status(t, '/selectDestination', { userId: 'u1', destinationId: '1' })),
  'select-destination-custom-data-refused': async (t) =>
    is2xx(await status(t, '/selectDestination', { userId: 'u1', destinationId: '1', customData: { a: 1 } })),
  'pre-chat-string-refused': async (t) => is2xx(await status(t, '/selectDestination', { userId: 'u1', destinationId: '1', attributes: '{"plan":"gold"}' })),
  'empty-attributes-refused': async (t) => is2xx(await status(t, '/selectDestination', { userId: 'u1', destinationId: '1', attributes: {} })),
  'pre-chat-string-not-json-500': async (t) => (await status(t, '/selectDestination', { userId: 'u1', destinationId: '1', attributes: 'plain text' })) < 500,
  'combining-text-500': async (t) => is2xx(await status(t, '/sendText', { userId: 'u1', text: 'e\u0301' })),
  'file-name-header-500': async (t) => is2xx(await status(t, '/sendFile', { userId: 'u1', url: FILE.url, fileName: 'é.pdf' })),
  'close-chat-unknown-user-500': async (t) => (await status(t, '/closeChat', { userId: 'never-seen', text: 'bye' })) < 500,
  'webhook-url-decoded': async (t) => (await status(t, '/setWebhook', { url: `${t.hook.base}/a%zz` })) < 500,
  'refusal-echoes-user-id': async (t) => is4xx(await status(t, '/sendText', { userId: 'ü€' })),
  // what the agent sees
  'hidden-attributes-leak': async (t) => !('secret' in (await selected(t, { attributes: { a: 1 }, hiddenAttributes: { secret: 1 } })).attributes),
  'attributes-dropped': async (t) => (await selected(t, { attributes: { plan: 'gold' } })).attributes.plan === 'gold',
  'pre-chat-string-ignored': async (t) => (await selected(t, { attributes: '{"plan":"gold"}' })).attributes.plan === 'gold',
  'custom-data-dropped': async (t) => JSON.stringify((await selected(t, { customData: { a: 1 } })).customData) === '{"a":1}',
  'default-name-anonymous': async (t) => (await selected(t, {})).userName.endsWith(' u1'),
  'user-name-ignored': async (t) => (await selected(t, { userName: 'Jane' })).userName === 'Jane',
  'hidden-attributes-leak-on-retransfer': async (t) => {
    await selected(t, { hiddenAttributes: { secret: 1 } });
    return !('secret' in (await selected(t, {})).attributes);
  },
  'send-text-not-recorded': async (t) => (await clientSent(t, '/sendText', { text: 'hi' })).text === 'hi',
  'send-text-unicode-mangled': async (t) => (await clientSent(t, '/sendText', { text: 'Привет' })).text === 'Привет',
  'send-text-trimmed': async (t) => (await clientSent(t, '/sendText', { text: ' a\r\nb ' })).text === ' a\r\nb ',
  'send-file-url-lost': async (t) => (await clientSent(t, '/sendFile', { url: FILE.url })).url === FILE.url,
  'user-id-case-folded': async (t) => (await clientSent(t, '/sendText', { text: 'hi' }, 'User-A')).text === 'hi',
  // the events (webhook set to the receiver by open())
  'webhook-query-dropped': async (t) => (await agent(t, 'agent-text', { text: 'x' }))[0]?.path === HOOK_PATH,
  'webhook-path-truncated': async (t) => (await agent(t, 'agent-text', { text: 'x' }))[0]?.path.startsWith('/hook/abc') ?? false,
  'event-wrong-method': async (t) => (await agent(t, 'agent-text', { text: 'x' }))[0]?.method === 'POST',
  'event-wrong-content-type': async (t) => (await agent(t, 'agent-text', { text: 'x' }))[0]?.contentType?.startsWith('application/json') ?? false,
  'event-array-body': async (t) => !Array.isArray(await event(t, 'agent-text', { text: 'x' })),
  'event-duplicated': async (t) => (await agent(t, 'agent-text', { text: 'x' })).length === 1,
  'event-id-reused': async (t) => (await event(t, 'agent-text', { text: 'x' })).id !== (await event(t, 'agent-text', { text: 'y' })).id,
  'event-text-truncated': async (t) => (await event(t, 'agent-text', { text: 'x'.repeat(1500) })).text.length === 1500,
  'event-text-trimmed': async (t) => (await event(t, 'agent-text', { text: ' x ' })).text === ' x ',
  'event-missing-avatar': async (t) => typeof (await event(t, 'agent-text', { text: 'x' })).employee?.avatarUrl === 'string',
  'numeric-user-id-number': async (t) => (await event(t, 'agent-text', { userId: '12345', text: 'x' })).userId === '12345',
  'file-size-string': async (t) => (await event(t, 'agent-file', FILE)).size === 2048,
  'file-size-kilobytes': async (t) => (await event(t, 'agent-file', FILE)).size === 2048,
  'file-missing-comment': async (t) => (await event(t, 'agent-file', FILE)).comment === FILE.comment,
  'file-comment-mangled': async (t) => (await event(t, 'agent-file', FILE)).comment === FILE.comment,
  'file-url-not-link': async (t) => (await event(t, 'agent-file', FILE)).url === FILE.url,
  'file-name-from-url': async (t) => (await event(t, 'agent-file', FILE)).name === FILE.name,
  'transfer-has-online-string': async (t) => (await event(t, 'agent-transfer', { destinationId: '2' })).destination.hasOnline === false,
  'transfer-missing-destination-name': async (t) => (await event(t, 'agent-transfer', { destinationId: '2' })).destination.name === 'Agent group 2',
  'transfer-destination-name-is-id': async (t) => {
    const listed = (await destinations(t)).find((d) => d.destinationId === '2');
    return (await event(t, 'agent-transfer', { destinationId: '2' })).destination.name === listed?.name;
  },
  'closed-wrong-type': async (t) => (await event(t, 'agent-close', {})).type === 'Closed',
  'set-webhook-ignored': async (t) => {
    await post(t, '/setWebhook', { url: `${t.hook.base}/second` });
    return (await agent(t, 'agent-text', { text: 'x' }))[0]?.path === '/second';
  },
};

mutantTableTests<MutantId, Target>({
  suite: 'operator-api',
  catalogue,
  probes,
  open: async (mutant) => {
    const app = build(mutant ? { mutant } : {});
    const hook = await recordingServer();
    await app.inject({ method: 'POST', url: '/setWebhook', payload: { url: `${hook.base}${HOOK_PATH}` } });
    return { app, hook };
  },
  close: async ({ app, hook }) => {
    await app.close();
    await hook.close();
  },
  refuses: (opts) => build(opts),
});
