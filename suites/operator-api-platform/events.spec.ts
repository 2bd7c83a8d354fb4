/**
 * Agent events: the suite, as the engagement platform, posts them to the webhook the platform gave
 * in setWebhook, for a client the platform transferred; the platform accepts them, and what the agent
 * says reaches the client through the Chat API.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import type { Agent, Steps } from '../../fixtures/operator-api-platform.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import type { RunConfig } from '../../harness/config/run-config.ts';
import { describe, ensure, ensure2xx } from '../../harness/checks/ensure.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';
import { CHARACTER_TEXTS, LAYOUT_TEXTS } from '../../fixtures/payloads/texts.ts';
import { sleep } from '../../harness/checks/poll.ts';
import {
  agentPostsFor,
  callMentioning,
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
const EVENTS: Array<{
  type: string;
  quote: string;
  make: (id: string, userId: string, group: { destinationId: string; name: string }) => Record<string, unknown>;
}> = [
  {
    type: 'TextMessage',
    quote: 'TextMessage | Text message from the agent.',
    make: (id, userId) => textMessage(id, userId, 'Hello, this is Ada from support.'),
  },
  { type: 'FileMessage', quote: 'FileMessage | Attached file from the agent.', make: (id, userId) => fileMessage(id, userId) },
  { type: 'Closed', quote: 'Closed | Message closed by the agent.', make: (id, userId) => closedEvent(id, userId) },
  // As the document's example: without employee.
  {
    type: 'SelectDestination',
    quote: 'SelectDestination | Selected routing destination.',
    make: (id, userId, g) => selectDestinationEvent(id, userId, { destinationId: g.destinationId, name: g.name, hasOnline: true }),
  },
];

for (const e of EVENTS) {
  check(
    {
      id: `operator-api-platform.${e.type}.accepted`,
      title: `the platform's webhook accepts a ${e.type} event for a transferred client with a 2xx status`,
      level: 'MUST',
      doc: 'operator',
      section: `Passing events: ${e.type}`,
      quote: e.quote,
      rule: `op.${e.type}.shape`,
    },
    async ({ steps, agent, fresh }) => {
      const { res } = await agentPostsFor(steps, agent, fresh, (id, userId) => e.make(id, userId, steps.engagement.destinations[2]!));
      ensure2xx(res, `the webhook, given a ${e.type} event`);
    },
  );
}

check(
  {
    id: 'operator-api-platform.FileMessage.accepts-size-string',
    title: "the webhook accepts a FileMessage whose size is a numeric string, as in the document's example",
    level: 'MUST',
    doc: 'readings',
    section: 'op-platform-accepts-example-forms',
  },
  async ({ steps, agent, fresh }) => {
    const { res } = await agentPostsFor(steps, agent, fresh, (id, userId) => fileMessage(id, userId, '2'));
    ensure2xx(res, 'the webhook, given a FileMessage with "size": "2"');
  },
);

check(
  {
    id: 'operator-api-platform.SelectDestination.accepts-has-online-string',
    title: 'the webhook accepts a SelectDestination whose hasOnline is "true", as in the document\'s example',
    level: 'MUST',
    doc: 'readings',
    section: 'op-platform-accepts-example-forms',
  },
  async ({ steps, agent, fresh }) => {
    const g = steps.engagement.destinations[0]!;
    const { res } = await agentPostsFor(steps, agent, fresh, (id, userId) =>
      selectDestinationEvent(id, userId, { destinationId: g.destinationId, name: g.name, hasOnline: 'true' }),
    );
    ensure2xx(res, 'the webhook, given a SelectDestination with "hasOnline": "true"');
  },
);

check(
  {
    id: 'operator-api-platform.TextMessage.reaches-client',
    title: "the agent's text of a TextMessage reaches the client in GET /events",
    level: 'MUST',
    doc: 'chatApi',
    section: 'Fetching asynchronous events in the chat',
    quote: 'A response from an agent.',
  },
  async ({ steps, agent, fresh, run }) => {
    const started = Date.now();
    const text = `Agent reply ${fresh.id('r')}: I can help with that.`;
    const { t } = await agentPostsFor(steps, agent, fresh, (id, userId) => textMessage(id, userId, text));
    const r = await pollClientEvents(steps.chat, run, t.clientId, tsBefore(started), (events) => events.some((x) => mentions(x, text)));
    ensure(r.found, `GET /events lists ${r.events.length} agent events for client ${t.clientId}, none with the agent's text ${describe(text)}`, text, r.events);
  },
);

/** The agent writes each text; each must appear, exactly, as a string of the client's agent events. */
async function textsReachClient(steps: Steps, agent: Agent, fresh: Fresh, run: RunConfig, texts: Record<string, string>): Promise<void> {
  const started = Date.now();
  const t = await transferredClient(steps, fresh.id('client'));
  const list = Object.entries(texts);
  for (const [, text] of list) await agent.post(textMessage(fresh.id('evt'), t.userId, text));
  const seen = (events: unknown[]) => new Set(events.flatMap((x) => stringsIn(x)));
  const r = await pollClientEvents(steps.chat, run, t.clientId, tsBefore(started), (events) => {
    const all = seen(events);
    return list.every(([, text]) => all.has(text));
  });
  const all = seen(r.events);
  for (const [label, text] of list) {
    ensure(all.has(text), `the agent's text with ${label} did not reach the client unchanged in GET /events`, text, r.events);
  }
}

check(
  {
    id: 'operator-api-platform.TextMessage.text-intact',
    title: "the client sees the agent's text character for character (non-ASCII, emoji, quotes, 4 KB)",
    level: 'MUST',
    doc: 'readings',
    section: 'gen-text-characters',
    rule: 'op.TextMessage.text-characters',
  },
  async ({ steps, agent, fresh, run }) => textsReachClient(steps, agent, fresh, run, CHARACTER_TEXTS),
);

check(
  {
    id: 'operator-api-platform.TextMessage.text-layout-intact',
    title: "the client sees the line endings, markup and surrounding whitespace of the agent's text unchanged",
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-layout',
    rule: 'op.TextMessage.text-layout',
  },
  async ({ steps, agent, fresh, run }) => textsReachClient(steps, agent, fresh, run, LAYOUT_TEXTS),
);

check(
  {
    id: 'operator-api-platform.FileMessage.reaches-client',
    title: "an agent's FileMessage reaches the client in GET /events, naming the file or carrying its url or comment",
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-platform-agent-file-shown',
  },
  async ({ steps, agent, fresh, run }) => {
    const started = Date.now();
    let event: Record<string, unknown> = {};
    const { t } = await agentPostsFor(steps, agent, fresh, (id, userId) => (event = fileMessage(id, userId)));
    const marks = [event.url, event.name, event.comment].map(String);
    const r = await pollClientEvents(steps.chat, run, t.clientId, tsBefore(started), (events) => events.some((x) => marks.some((m) => mentions(x, m))));
    ensure(
      r.found,
      `GET /events lists ${r.events.length} agent events for client ${t.clientId}, none naming the agent's file ${describe(event.name)}, its url or its comment`,
      marks,
      r.events,
    );
  },
);

check(
  {
    id: 'operator-api-platform.Closed.ends-transfer',
    title: "after a Closed event, the client's next text is not sent to sendText",
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-platform-closed-ends-transfer',
  },
  async ({ steps, agent, fresh, run }) => {
    const { t, res } = await agentPostsFor(steps, agent, fresh, closedEvent);
    ensure2xx(res, 'the webhook, given a Closed event');
    // A platform may apply an event after answering it: give it the quiet window to do so.
    await sleep(quietWindowMs(run.timeoutMs));
    const text = `Back to the bot ${fresh.id('b')}`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.chat.send(t.clientId, text);
    await steps.deliveries.none(
      callMentioning(steps, 'sendText', mark, text),
      quietWindowMs(run.timeoutMs),
      'the text of a client whose chat the agent had closed was sent to sendText',
    );
  },
);
