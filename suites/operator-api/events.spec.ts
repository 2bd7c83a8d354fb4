/**
 * Agent events: what the engagement platform posts to the webhook when the agent acts.
 * Every check here needs the driver to make the agent act (interface.md, operator-api driver).
 */
import { check } from '../../fixtures/operator-api.ts';
import { ensure, ensureEqual, ensureNoSchemaErrors, describe } from '../../harness/checks/ensure.ts';
import { TRICKY_TEXTS } from '../../fixtures/payloads/texts.ts';
import { eventFor, eventOf, eventSchemaErrors, openChat, waitForTexts } from './helpers.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';

check(
  {
    id: 'operator-api.events.posted-as-json-object',
    title: 'each event is one POST with Content-Type application/json and a JSON object body',
    level: 'MUST',
    doc: 'assumptions',
    section: 'Operator API: one event per POST, the body a JSON object, Content-Type application/json',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    await driver.post('operator/agent-text', { userId, text: 'Hello from the agent' });
    const d = await deliveries.waitFor(eventFor(userId), `the TextMessage for user ${userId}`);
    ensureEqual(d.method, 'POST', 'the HTTP method of the event delivery');
    ensure(/^application\/json\b/i.test(d.contentType), `the event was posted with Content-Type ${describe(d.contentType)}, expected application/json`, 'application/json', d.contentType);
    ensure(d.isJson && typeof d.json === 'object' && d.json !== null && !Array.isArray(d.json), `the event body is ${Array.isArray(d.json) ? 'a JSON array' : 'not a JSON object'}, expected one JSON object`, 'a JSON object', d.rawBody.slice(0, 200));
  },
);


check(
  {
    id: 'operator-api.TextMessage.text-intact',
    title: "a TextMessage carries exactly the agent's text (non-ASCII, emoji, quotes, 4 KB)",
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: TextMessage',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    const texts = Object.entries(TRICKY_TEXTS);
    for (const [, text] of texts) await driver.post('operator/agent-text', { userId, text });
    const got = await deliveries.waitForCount(eventFor(userId, 'TextMessage'), texts.length, `TextMessage events for user ${userId}`, (d) => [eventOf(d).id, eventOf(d).text]);
    const received = got.map((d) => eventOf(d).text);
    for (const [label, text] of texts) {
      ensure(received.includes(text), `the text with ${label} did not arrive unchanged in a TextMessage`, text, received);
    }
  },
);


check(
  {
    id: 'operator-api.FileMessage.fields-intact',
    title: "a FileMessage carries the agent's url, name, size and comment unchanged",
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: FileMessage',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const file = { url: `https://cdn.example.test/${fresh.id('f')}/résumé.pdf?x=1&y=2`, name: 'résumé 2026.pdf', size: 734003, comment: 'Ваш файл "готов" ✅' };
    await openChat(api, userId);
    await driver.post('operator/agent-file', { userId, ...file });
    const e = eventOf(await deliveries.waitFor(eventFor(userId, 'FileMessage'), `a FileMessage for user ${userId}`));
    ensureEqual(e.url, file.url, 'FileMessage.url');
    ensureEqual(e.name, file.name, 'FileMessage.name');
    ensureEqual(e.comment, file.comment, 'FileMessage.comment');
    // A numeric string is accepted here (the documents' example); the typed form is its own SHOULD check.
    ensure(String(e.size) === String(file.size), `FileMessage.size is ${describe(e.size)}, expected ${file.size}`, file.size, e.size);
  },
);

check(
  {
    id: 'operator-api.FileMessage.size-is-integer',
    title: 'FileMessage.size is a JSON integer, as the parameter table types it',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Operator API: FileMessage.size integer (typed form SHOULD)',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    await driver.post('operator/agent-file', { userId, url: 'https://cdn.example.test/a.txt', name: 'a.txt', size: 12, comment: '' });
    const e = eventOf(await deliveries.waitFor(eventFor(userId, 'FileMessage'), `a FileMessage for user ${userId}`));
    ensure(Number.isInteger(e.size), `FileMessage.size is ${describe(e.size)}, expected a JSON integer`, 12, e.size);
  },
);



check(
  {
    id: 'operator-api.SelectDestination.names-destination',
    title: 'a SelectDestination event names the agent group the agent chose',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: SelectDestination',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const destinationId = await openChat(api, userId);
    await driver.post('operator/agent-transfer', { userId, destinationId });
    const e = eventOf(await deliveries.waitFor(eventFor(userId, 'SelectDestination'), `a SelectDestination event for user ${userId}`));
    const dest = e.destination as Record<string, unknown> | undefined;
    ensureEqual(dest?.destinationId, destinationId, 'SelectDestination.destination.destinationId');
  },
);

check(
  {
    id: 'operator-api.SelectDestination.has-online-is-boolean',
    title: 'SelectDestination.destination.hasOnline is a JSON boolean, as the parameter table types it',
    level: 'SHOULD',
    doc: 'assumptions',
    section: 'Operator API: destination.hasOnline boolean (typed form SHOULD)',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const destinationId = await openChat(api, userId);
    await driver.post('operator/agent-transfer', { userId, destinationId });
    const e = eventOf(await deliveries.waitFor(eventFor(userId, 'SelectDestination'), `a SelectDestination event for user ${userId}`));
    const hasOnline = (e.destination as Record<string, unknown> | undefined)?.hasOnline;
    ensure(typeof hasOnline === 'boolean', `destination.hasOnline is ${describe(hasOnline)}, expected true or false`, 'a boolean', hasOnline);
  },
);

check(
  {
    id: 'operator-api.events.ids-unique',
    title: 'every agent action gives an event with its own id',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: request parameters (id)',
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
    doc: 'assumptions',
    section: 'Operator API: one agent action gives one delivery',
  },
  async ({ api, driver, deliveries, fresh, run }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    await driver.post('operator/agent-text', { userId, text: fresh.id('once') });
    await driver.post('operator/agent-file', { userId, url: 'https://cdn.example.test/x.png', name: 'x.png', size: 1, comment: 'x' });
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
    doc: 'assumptions',
    section: 'Operator API: events of one user arrive in the order the agent acted',
  },
  async ({ api, driver, deliveries, fresh }) => {
    driver.require();
    const userId = fresh.id();
    await openChat(api, userId);
    const texts = ['first', 'second', 'third', 'fourth'].map((t) => `${t} ${fresh.id('m')}`);
    for (const text of texts) await driver.post('operator/agent-text', { userId, text });
    const got = await waitForTexts(deliveries, userId, texts);
    ensureEqual(got.map((d) => eventOf(d).text), texts, 'the order of the TextMessage texts');
  },
);

check(
  {
    id: 'operator-api.events.right-user',
    title: 'each event carries the userId of the chat the agent acted in',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: request parameters (userId)',
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
      ensureEqual(eventOf(d).userId, u, `the userId of the event for the agent's message ${text}`);
    }
  },
);

/**
 * One schema check per event type: the agent acts through the driver, the event arrives, and it is
 * validated against its schema in specs/operator-api.yaml.
 */
const SCHEMA_CHECKS: Array<{ type: string; title: string; act: (userId: string, destinationId: string) => [string, Record<string, unknown>] }> = [
  { type: 'TextMessage', title: 'a TextMessage event has id, userId, type, text and a complete employee', act: (userId) => ['operator/agent-text', { userId, text: 'How can I help?' }] },
  {
    type: 'FileMessage',
    title: 'a FileMessage event has url, name, size, comment and a complete employee',
    act: (userId) => ['operator/agent-file', { userId, url: 'https://cdn.example.test/guide.pdf', name: 'guide.pdf', size: 2048, comment: 'Our guide' }],
  },
  { type: 'Closed', title: 'a Closed event has id, userId, type and a complete employee', act: (userId) => ['operator/agent-close', { userId }] },
  {
    type: 'SelectDestination',
    title: 'a SelectDestination event has id, userId, type and a complete destination',
    act: (userId, destinationId) => ['operator/agent-transfer', { userId, destinationId }],
  },
];

for (const e of SCHEMA_CHECKS) {
  check(
    { id: `operator-api.${e.type}.matches-schema`, title: e.title, level: 'MUST', doc: 'operator', section: `Passing events: ${e.type}` },
    async ({ api, driver, deliveries, fresh, validators, coverage }) => {
      driver.require();
      const userId = fresh.id();
      const destinationId = await openChat(api, userId);
      const [endpoint, body] = e.act(userId, destinationId);
      await driver.post(endpoint, body);
      const d = await deliveries.waitFor(eventFor(userId, e.type), `a ${e.type} event for user ${userId}`);
      ensureNoSchemaErrors(eventSchemaErrors(validators, deliveries, coverage, { ...d, json: eventOf(d) }, e.type), `the ${e.type} event`);
    },
  );
}
