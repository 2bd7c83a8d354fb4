/**
 * Agent events: what the engagement platform posts to the webhook when the agent acts.
 * Every check here needs the driver to make the agent act (the driver protocol, operator-api).
 */
import { check } from '../../fixtures/operator-api.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import { ensure, ensureEqual, ensureNoSchemaErrors, describe } from '../../harness/checks/ensure.ts';
import { ensureTextAmong } from '../../harness/checks/text-diff.ts';
import { CHARACTER_TEXTS, LAYOUT_TEXTS } from '../../fixtures/payloads/texts.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Receiver } from '../../harness/receiver/receiver.ts';
import { isHttpUrl, isObject } from '../../harness/checks/json.ts';
import { agentFile, agentTextArrives, ensureSame, eventFor, eventOf, eventSchemaErrors, openChat, shown, waitForTexts } from './helpers.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';
import { precondition } from '../../harness/checks/precondition.ts';

check(
  {
    id: 'operator-api.events.posted-as-json-object',
    title: 'each event is one POST with Content-Type application/json and a JSON object body',
    level: 'MUST',
    doc: 'readings',
    section: 'op-events-json-object',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const d = await agentTextArrives(api, driver, deliveries, userId, 'Hello from the agent');
    ensureEqual(d.method, 'POST', 'the HTTP method of the event delivery');
    ensure(
      /^application\/json\b/i.test(d.contentType),
      `the event was posted with Content-Type ${describe(d.contentType)}, expected application/json`,
      'application/json',
      d.contentType,
    );
    ensure(
      d.isJson && isObject(d.json),
      `the event body is ${Array.isArray(d.json) ? 'a JSON array' : 'not a JSON object'}, expected one JSON object`,
      'a JSON object',
      d.rawBody.slice(0, 200),
    );
  },
);

/** The agent writes each text; each must arrive, exactly, in a TextMessage for the user. */
async function textsReachWebhook(
  api: IutClient,
  driver: DriverClient,
  deliveries: DeliveryWatcher,
  fresh: Fresh,
  texts: Record<string, string>,
): Promise<void> {
  driver.require();
  const userId = fresh.id();
  await openChat(api, userId);
  const list = Object.entries(texts);
  for (const [, text] of list) await driver.post('operator/agent-text', { userId, text });
  const got = await deliveries.waitForCount(eventFor(userId, 'TextMessage'), list.length, `TextMessage events for user ${userId}`, (d) => [
    eventOf(d).id,
    eventOf(d).text,
  ]);
  const received = got.map((d) => eventOf(d).text).filter((t): t is string => typeof t === 'string');
  // Like with like: the received text that corresponds, and where it first differs.
  for (const [label, text] of list) ensureTextAmong(received, text, `the text with ${label} did not arrive unchanged in a TextMessage`);
}

check(
  {
    id: 'operator-api.TextMessage.text-intact',
    title: "a TextMessage carries the agent's text character for character (non-ASCII, emoji, quotes, 4 KB)",
    level: 'MUST',
    doc: 'readings',
    section: 'gen-text-characters',
    rule: 'op.TextMessage.text-characters',
  },
  async ({ api, driver, deliveries, fresh }) => textsReachWebhook(api, driver, deliveries, fresh, CHARACTER_TEXTS),
);

check(
  {
    id: 'operator-api.TextMessage.text-layout-intact',
    title: "a TextMessage keeps the line endings, markup and surrounding whitespace of the agent's text",
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-layout',
    rule: 'op.TextMessage.text-layout',
  },
  async ({ api, driver, deliveries, fresh }) => textsReachWebhook(api, driver, deliveries, fresh, LAYOUT_TEXTS),
);

/** The agent attaches a file (served by the receiver) and the FileMessage for it arrives. */
async function agentSendsFile(
  api: IutClient,
  driver: DriverClient,
  deliveries: DeliveryWatcher,
  receiver: Receiver,
  userId: string,
  file: { name: string; size: number; comment: string },
): Promise<Record<string, unknown>> {
  driver.require();
  await openChat(api, userId);
  await driver.post('operator/agent-file', { userId, url: agentFile(receiver, file.name, file.size), ...file });
  return eventOf(await deliveries.waitFor(eventFor(userId, 'FileMessage'), `a FileMessage for user ${userId}`));
}

check(
  {
    // The id predates the reading that the url may be the platform's own copy; ids are never renamed.
    id: 'operator-api.FileMessage.fields-intact',
    title: 'a FileMessage carries an http(s) url for the file and the name of the file the agent attached',
    level: 'MUST',
    doc: 'readings',
    section: 'op-filemessage-link',
  },
  async ({ api, driver, deliveries, fresh, receiver }) => {
    const name = 'résumé 2026 "final".pdf';
    const e = await agentSendsFile(api, driver, deliveries, receiver, fresh.id(), { name, size: 2048, comment: 'Your file' });
    // The platform may store the file and link its own copy (reading op-filemessage-rehosted).
    ensure(isHttpUrl(e.url), `FileMessage.url is ${shown(e.url)}, expected an absolute http(s) link to the file`, 'an http(s) URL', e.url);
    ensureSame(e.name, name, 'FileMessage.name');
  },
);

check(
  {
    id: 'operator-api.FileMessage.comment-intact',
    title: "a FileMessage carries the agent's comment character for character",
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: FileMessage',
    quote: 'comment | string | Yes | Comment to the file being sent.',
  },
  async ({ api, driver, deliveries, fresh, receiver }) => {
    const comment = `Ваш файл "готов" ✅ ${fresh.id('c')}`;
    const e = await agentSendsFile(api, driver, deliveries, receiver, fresh.id(), { name: 'invoice.pdf', size: 64, comment });
    ensureSame(e.comment, comment, 'FileMessage.comment');
  },
);

check(
  {
    id: 'operator-api.FileMessage.size-intact',
    title: 'a FileMessage carries the size in bytes of the file the agent attached (an integer or a numeric string)',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: FileMessage',
    quote: 'size | integer | Yes | File size in bytes.',
  },
  async ({ api, driver, deliveries, fresh, receiver }) => {
    const size = 7341;
    const e = await agentSendsFile(api, driver, deliveries, receiver, fresh.id(), { name: 'scan.png', size, comment: 'scan' });
    // Both the table's integer and the example's numeric string conform (reading op-string-size-has-online).
    const ok = e.size === size || e.size === String(size);
    ensure(ok, `FileMessage.size is ${shown(e.size)}, expected ${size} (the file's size in bytes), as an integer or a numeric string`, size, e.size);
  },
);

check(
  {
    id: 'operator-api.FileMessage.size-is-integer',
    title: 'FileMessage.size is a JSON integer, as the parameter table types it',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-typed-size-has-online',
  },
  async ({ api, driver, deliveries, fresh, receiver }) => {
    // The example's numeric string passes every MUST check (op-string-size-has-online); the table's type is the SHOULD.
    const e = await agentSendsFile(api, driver, deliveries, receiver, fresh.id(), { name: 'a.txt', size: 12, comment: 'typed' });
    ensure(Number.isInteger(e.size), `FileMessage.size is ${shown(e.size)}, expected a JSON integer`, 12, e.size);
  },
);

/** The agent transfers a fresh user's chat to the agent group it was opened with; the SelectDestination event for it arrives. */
async function agentTransfers(
  api: IutClient,
  driver: DriverClient,
  deliveries: DeliveryWatcher,
  userId: string,
): Promise<{ event: Record<string, unknown>; destinationId: string }> {
  driver.require();
  const destinationId = await openChat(api, userId);
  await driver.post('operator/agent-transfer', { userId, destinationId });
  const event = eventOf(await deliveries.waitFor(eventFor(userId, 'SelectDestination'), `a SelectDestination event for user ${userId}`));
  return { event, destinationId };
}

check(
  {
    id: 'operator-api.SelectDestination.has-online-is-boolean',
    title: 'SelectDestination.destination.hasOnline is a JSON boolean, as the parameter table types it',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-typed-size-has-online',
  },
  async ({ api, driver, deliveries, fresh }) => {
    const { event: e } = await agentTransfers(api, driver, deliveries, fresh.id());
    const hasOnline = (e.destination as Record<string, unknown> | undefined)?.hasOnline;
    ensure(typeof hasOnline === 'boolean', `destination.hasOnline is ${shown(hasOnline)}, expected true or false`, 'a boolean', hasOnline);
  },
);

check(
  {
    id: 'operator-api.SelectDestination.names-destination',
    title: 'a SelectDestination event names the agent group the agent chose',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: SelectDestination',
    quote: 'SelectDestination | Selected routing destination.',
  },
  async ({ api, driver, deliveries, fresh }) => {
    const { event: e, destinationId } = await agentTransfers(api, driver, deliveries, fresh.id());
    const dest = e.destination as Record<string, unknown> | undefined;
    ensureSame(dest?.destinationId, destinationId, 'SelectDestination.destination.destinationId');
  },
);

/**
 * The name getDestinations gives the agent group `destinationId`, or undefined. Lenient like the
 * precondition that found the group: the answer's shape is judged by its own check.
 */
async function listedGroupName(api: IutClient, destinationId: string): Promise<unknown> {
  const res = await api.call('getDestinations');
  const body = res.json;
  const list: unknown[] = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.destinations) ? body.destinations : [];
  return list.filter(isObject).find((d) => String(d.destinationId) === destinationId)?.name;
}

check(
  {
    id: 'operator-api.SelectDestination.names-group',
    title: 'the destination of a SelectDestination event carries the name getDestinations lists for that agent group',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: SelectDestination',
    quote: 'name | string | Yes | Agent group name.',
  },
  async ({ api, driver, deliveries, fresh }) => {
    const { event: e } = await agentTransfers(api, driver, deliveries, fresh.id());
    const dest = e.destination as Record<string, unknown> | undefined;
    const name = dest?.name;
    // A missing name is the schema check's failure, and which group the event names is
    // names-destination's: here only whether the name is the one listed for the group it names.
    precondition(typeof name === 'string', 'the SelectDestination event carries no destination.name (judged by operator-api.SelectDestination.matches-schema)');
    const id = dest?.destinationId;
    precondition(
      typeof id === 'string' || typeof id === 'number',
      'the SelectDestination event carries no destination.destinationId (judged by operator-api.SelectDestination.matches-schema)',
    );
    const destinationId = String(id);
    const listed = await listedGroupName(api, destinationId);
    precondition(
      typeof listed === 'string',
      `getDestinations lists no name for agent group ${destinationId} (judged by operator-api.getDestinations.response-matches-schema)`,
    );
    ensureSame(name, listed, `SelectDestination.destination.name of agent group ${destinationId}`);
  },
);

check(
  {
    id: 'operator-api.events.ids-unique',
    title: 'every agent action gives an event with its own id',
    level: 'MUST',
    doc: 'readings',
    section: 'op-event-ids-unique',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    const texts = [fresh.id('a'), fresh.id('b'), fresh.id('c')];
    for (const text of texts) await driver.post('operator/agent-text', { userId, text });
    await driver.post('operator/agent-close', { userId });
    const got = await deliveries.waitForCount(eventFor(userId), texts.length + 1, `events for user ${userId}`);
    // One id per action: a repeated delivery of the same event is another check's business.
    const idByAction = new Map<string, unknown>();
    for (const d of got) {
      const e = eventOf(d);
      const action = e.type === 'Closed' ? 'close' : String(e.text);
      if (!idByAction.has(action)) idByAction.set(action, e.id);
    }
    const ids = [...idByAction.values()];
    ensure(new Set(ids.map((i) => JSON.stringify(i))).size === ids.length, `distinct agent actions share event ids: ${describe(ids)}`, 'distinct ids', ids);
  },
);

check(
  {
    id: 'operator-api.events.no-duplicates',
    title: 'one agent action gives exactly one delivery',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-one-delivery-in-order',
  },
  async ({ api, driver, deliveries, fresh, run, receiver }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    await driver.post('operator/agent-text', { userId, text: fresh.id('once') });
    await driver.post('operator/agent-file', { userId, url: agentFile(receiver, 'x.png', 1), name: 'x.png', size: 1, comment: 'x' });
    await deliveries.waitForCount(eventFor(userId), 2, `events for user ${userId}`);
    // Give a repeated delivery time to show up; passing means none came within this window.
    await new Promise((r) => setTimeout(r, quietWindowMs(run.timeoutMs)));
    const all = deliveries.seen(eventFor(userId));
    ensure(all.length === 2, `2 agent actions gave ${all.length} deliveries`, 2, all.length);
  },
);

check(
  {
    id: 'operator-api.events.per-user-order',
    title: "one user's events arrive in the order the agent acted",
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-one-delivery-in-order',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    const texts = ['first', 'second', 'third', 'fourth'].map((t) => `${t} ${fresh.id('m')}`);
    for (const text of texts) await driver.post('operator/agent-text', { userId, text });
    const got = await waitForTexts(deliveries, userId, texts);
    ensureEqual(
      got.map((d) => eventOf(d).text),
      texts,
      'the order of the TextMessage texts',
    );
  },
);

check(
  {
    id: 'operator-api.events.right-user',
    title: 'each event carries the userId of the chat the agent acted in',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events',
    quote: 'userId | string | Yes | Client ID.',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const users = [fresh.id('u'), fresh.id('u')];
    for (const u of users) await openChat(api, u);
    const sent: Array<[string, string]> = [];
    for (const u of [users[0], users[1], users[0], users[1]]) {
      const text = fresh.id('t');
      sent.push([u, text]);
      await driver.post('operator/agent-text', { userId: u, text });
    }
    for (const [u, text] of sent) {
      const d = await deliveries.waitFor((x) => eventOf(x).text === text, `the TextMessage with text ${text}`);
      ensureSame(eventOf(d).userId, u, `the userId of the event for the agent's message ${text}`);
    }
  },
);

/**
 * One schema check per event type: the agent acts through the driver, the event arrives, and it is
 * validated against its schema in specs/operator-api.yaml.
 */
const SCHEMA_CHECKS: Array<{
  type: string;
  title: string;
  act: (userId: string, destinationId: string, receiver: Receiver) => [string, Record<string, unknown>];
}> = [
  {
    type: 'TextMessage',
    title: 'a TextMessage event has id, userId, type, text and a complete employee',
    act: (userId) => ['operator/agent-text', { userId, text: 'How can I help?' }],
  },
  {
    type: 'FileMessage',
    title: 'a FileMessage event has url, name, size, comment and a complete employee',
    act: (userId, _d, receiver) => [
      'operator/agent-file',
      { userId, url: agentFile(receiver, 'guide.pdf', 2048), name: 'guide.pdf', size: 2048, comment: 'Our guide' },
    ],
  },
  { type: 'Closed', title: 'a Closed event has id, userId, type and a complete employee', act: (userId) => ['operator/agent-close', { userId }] },
  {
    type: 'SelectDestination',
    title: 'a SelectDestination event has id, userId, type, a complete destination and, if any, a complete employee',
    act: (userId, destinationId) => ['operator/agent-transfer', { userId, destinationId }],
  },
];

for (const e of SCHEMA_CHECKS) {
  check(
    { id: `operator-api.${e.type}.matches-schema`, title: e.title, level: 'MUST', doc: 'readings', section: 'op-event-fields', rule: `op.${e.type}.shape` },
    async ({ api, driver, deliveries, fresh, validators, coverage, receiver }) => {
      driver.require();
      const userId = fresh.id();
      const destinationId = await openChat(api, userId);
      const [endpoint, body] = e.act(userId, destinationId, receiver);
      await driver.post(endpoint, body);
      const d = await deliveries.waitFor(eventFor(userId, e.type), `a ${e.type} event for user ${userId}`);
      ensureNoSchemaErrors(eventSchemaErrors(validators, deliveries, coverage, { ...d, json: eventOf(d) }, e.type), `the ${e.type} event`);
    },
  );
}
