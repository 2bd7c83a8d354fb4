/**
 * Agent events: the suite, as the engagement platform, posts them to the webhook the platform gave
 * in setWebhook, for a client the platform transferred; the platform accepts them, and what the agent
 * says reaches the client through the Chat API.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { describe, ensure, ensure2xx } from '../../harness/checks/ensure.ts';
import { TRICKY_TEXTS } from '../../fixtures/payloads/texts.ts';
import {
  closedEvent,
  fileMessage,
  mentions,
  pollClientEvents,
  selectDestinationEvent,
  stringsIn,
  textMessage,
  transferredClient,
  tsBefore,
} from './helpers.ts';

/** One "accepted" check per event type, each in the typed form of the document's tables. */
const EVENTS: Array<{ type: string; make: (id: string, userId: string, group: { destinationId: string; name: string }) => Record<string, unknown> }> = [
  { type: 'TextMessage', make: (id, userId) => textMessage(id, userId, 'Hello, this is Ada from support.') },
  { type: 'FileMessage', make: (id, userId) => fileMessage(id, userId) },
  { type: 'Closed', make: (id, userId) => closedEvent(id, userId) },
  // As the document's example: without employee.
  { type: 'SelectDestination', make: (id, userId, g) => selectDestinationEvent(id, userId, { destinationId: g.destinationId, name: g.name, hasOnline: true }) },
];

for (const e of EVENTS) {
  check(
    {
      id: `operator-api-platform.${e.type}.accepted`,
      title: `the platform's webhook accepts a ${e.type} event for a transferred client with a 2xx status`,
      level: 'MUST',
      doc: 'operator',
      section: `Passing events: ${e.type}`,
    },
    async ({ steps, agent, fresh }) => {
      const t = await transferredClient(steps, fresh.id('client'));
      const res = await agent.post(e.make(fresh.id('evt'), t.userId, steps.engagement.destinations[2]!));
      ensure2xx(res, `the webhook, given a ${e.type} event`);
    },
  );
}

check(
  {
    id: 'operator-api-platform.FileMessage.accepts-size-string',
    title: 'the webhook accepts a FileMessage whose size is a numeric string, as in the document\'s example',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: FileMessage',
  },
  async ({ steps, agent, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    ensure2xx(await agent.post(fileMessage(fresh.id('evt'), t.userId, '2')), 'the webhook, given a FileMessage with "size": "2"');
  },
);

check(
  {
    id: 'operator-api-platform.SelectDestination.accepts-has-online-string',
    title: 'the webhook accepts a SelectDestination whose hasOnline is "true", as in the document\'s example',
    level: 'MUST',
    doc: 'operator',
    section: 'Passing events: SelectDestination',
  },
  async ({ steps, agent, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const g = steps.engagement.destinations[0]!;
    const event = selectDestinationEvent(fresh.id('evt'), t.userId, { destinationId: g.destinationId, name: g.name, hasOnline: 'true' });
    ensure2xx(await agent.post(event), 'the webhook, given a SelectDestination with "hasOnline": "true"');
  },
);

check(
  {
    id: 'operator-api-platform.TextMessage.reaches-client',
    title: "the agent's text of a TextMessage reaches the client in GET /events",
    level: 'MUST',
    doc: 'chatApi',
    section: 'Fetching asynchronous events in the chat',
  },
  async ({ steps, agent, fresh, run }) => {
    const started = Date.now();
    const t = await transferredClient(steps, fresh.id('client'));
    const text = `Agent reply ${fresh.id('r')}: I can help with that.`;
    await agent.post(textMessage(fresh.id('evt'), t.userId, text));
    const r = await pollClientEvents(steps.chat, run, t.clientId, tsBefore(started), (events) => events.some((x) => mentions(x, text)));
    ensure(r.found, `GET /events lists ${r.events.length} agent events for client ${t.clientId}, none with the agent's text ${describe(text)}`, text, r.events);
  },
);

check(
  {
    id: 'operator-api-platform.TextMessage.text-intact',
    title: "the client sees exactly the agent's text (non-ASCII, emoji, quotes, newlines, 4 KB)",
    level: 'MUST',
    doc: 'chatApi',
    section: 'Fetching asynchronous events in the chat',
  },
  async ({ steps, agent, fresh, run }) => {
    const started = Date.now();
    const t = await transferredClient(steps, fresh.id('client'));
    const texts = Object.entries(TRICKY_TEXTS);
    for (const [, text] of texts) await agent.post(textMessage(fresh.id('evt'), t.userId, text));
    const seen = (events: unknown[]) => new Set(events.flatMap((x) => stringsIn(x)));
    const r = await pollClientEvents(steps.chat, run, t.clientId, tsBefore(started), (events) => {
      const all = seen(events);
      return texts.every(([, text]) => all.has(text));
    });
    const all = seen(r.events);
    for (const [label, text] of texts) {
      ensure(all.has(text), `the agent's text with ${label} did not reach the client unchanged in GET /events`, text, r.events);
    }
  },
);

