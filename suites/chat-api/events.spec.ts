/**
 * GET /chatapi/{token}/events (getEvents): asynchronous events of a client's chat.
 *
 * Every poll sends `ts` (what "since the last request" means without it is not clear: reading
 * chat-events-no-ts). Where `ts` must separate events, the suite keeps a margin of at least a second
 * on both sides, since whether an event's time is when its request arrived or when it was answered is
 * not specified (chat-events-time). The server may hold a poll open while there is nothing to return,
 * or answer it 204 or `{"events": []}`: all read as "no events" (helpers.ts, pollEvents).
 */
import { check } from '../../fixtures/chat-api.ts';
import { describe, ensure, ensure2xx, ensureJsonBody, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { sleep } from '../../harness/checks/poll.ts';
import { ask, condenseEvidence, describePoll, eventMentions, heldOpen, is2xx, pollCapMs, pollEvents, TS_MARGIN_MS, tsBefore } from './helpers.ts';

const FETCHING = 'Fetching asynchronous events in the chat';
const FILTERING = 'Event filtering';
const ALL_QUOTE =
  'This method accepts an all parameter which determines whether all events in the channel should be returned or agent replies only (the default behavior).';

check(
  {
    id: 'chat-api.events.response-matches-schema',
    title: 'GET /events answers 2xx with {"events": [{"type", "event": {"timestamp", "data"}}]}',
    level: 'MUST',
    doc: 'readings',
    section: 'chat-events-shape',
  },
  async ({ chat, fresh, run, validators }) => {
    const started = Date.now();
    const clientId = fresh.id();
    await ask(chat, clientId, 'What are your opening hours?');
    await ask(chat, clientId, 'And on Sundays?');
    const res = await chat.call('getEvents', { query: { clientId, ts: tsBefore(started), all: true }, timeoutMs: pollCapMs(run) });
    const empty = heldOpen(res) || (is2xx(res) && (res.text ?? '').trim() === '');
    precondition(
      !empty,
      'GET /events with all=true answered no events although the bot had answered the client twice (judged by chat-api.events.all-includes-bot-responses)',
    );
    ensure2xx(res, 'GET /events');
    const body = ensureJsonBody(res, 'GET /events');
    ensureNoSchemaErrors(validators.validate('EventsResponse', body, 'response body of getEvents'), 'the answer of GET /events');
  },
);

check(
  {
    id: 'chat-api.events.agent-reply-listed',
    title: "an agent's reply to a client appears in GET /events",
    level: 'MUST',
    doc: 'chatApi',
    section: FETCHING,
    quote: 'A response from an agent.',
  },
  async ({ chat, driver, fresh, run }) => {
    driver.require();
    const started = Date.now();
    const clientId = fresh.id();
    await ask(chat, clientId, 'Can a person help me?');
    const text = `Agent reply ${fresh.id('r')}: glad to help!`;
    await driver.post('chat/agent-text', { clientId, text });
    // Agent replies are what GET /events returns by default (without all).
    const poll = await pollEvents(chat, run, { clientId, ts: tsBefore(started) });
    ensure(
      poll.events.some((e) => eventMentions(e, { text })),
      `GET /events lists ${describePoll(poll)} for client ${clientId}, none with the agent's reply ${describe(text)}`,
      text,
      poll.events,
    );
  },
);

check(
  {
    id: 'chat-api.events.all-includes-bot-responses',
    title: 'GET /events with all=true lists the bot responses to the client',
    level: 'MUST',
    doc: 'chatApi',
    section: FILTERING,
    quote: ALL_QUOTE,
  },
  async ({ chat, fresh, run }) => {
    const started = Date.now();
    const clientId = fresh.id();
    await ask(chat, clientId, `Bot, answer me ${fresh.id('q')}`);
    const poll = await pollEvents(chat, run, { clientId, ts: tsBefore(started), all: true });
    // The client is fresh and only the bot has spoken to it: any event is (about) the bot response.
    ensure(
      poll.events.length > 0,
      `GET /events with all=true lists ${describePoll(poll)} after the bot answered client ${clientId}, expected the bot response`,
      'the bot response',
      poll.events,
    );
  },
);

check(
  {
    id: 'chat-api.events.default-agent-replies-only',
    title: 'GET /events without all, or with all=false, lists no bot responses',
    level: 'MUST',
    doc: 'chatApi',
    section: FILTERING,
    quote: ALL_QUOTE,
  },
  async ({ chat, fresh, run }) => {
    const started = Date.now();
    const clientId = fresh.id();
    await ask(chat, clientId, `Only the bot answers this ${fresh.id('q')}`);
    // No agent has spoken to this fresh client: "agent replies only" leaves nothing to list.
    for (const [label, all] of [
      ['without all', undefined],
      ['with all=false', false],
    ] as const) {
      const poll = await pollEvents(chat, run, { clientId, ts: tsBefore(started), all });
      ensure(
        poll.events.length === 0,
        `GET /events ${label} lists ${poll.events.length} events for a client only the bot has answered: ${describe(poll.events)}; expected agent replies only (none)`,
        [],
        poll.events,
      );
    }
  },
);

check(
  {
    id: 'chat-api.events.ts-excludes-earlier-events',
    title: 'GET /events with ts lists no event from more than a second before that time',
    level: 'MUST',
    doc: 'chatApi',
    section: FILTERING,
    quote: 'The ts parameter defines the time starting from which events should be filtered.',
  },
  async ({ chat, fresh, run }) => {
    const clientId = fresh.id();
    const early = `early question ${fresh.id('q')}`;
    const first = await ask(chat, clientId, early);
    // One second after the early request was answered, then one more second before the late one.
    const ts = Date.now() + TS_MARGIN_MS;
    await sleep(ts + TS_MARGIN_MS - Date.now());
    const late = await ask(chat, clientId, `late question ${fresh.id('q')}`);
    const mark = { text: early, questionId: first.questionId === late.questionId ? undefined : first.questionId };
    const poll = await pollEvents(chat, run, { clientId, ts, all: true });
    const stale = poll.events.filter((e) => eventMentions(e, mark));
    ensure(
      stale.length === 0,
      `GET /events with ts=${ts} lists the bot response to a request answered more than a second before ts: ${describe(stale[0])}`,
      `events at or after ${ts}`,
      stale,
    );
  },
);

check(
  {
    id: 'chat-api.events.cid-filters',
    title: "GET /events with a cid lists that connection's bot response and not another connection's, or the other way round: it does not ignore cid",
    level: 'MUST',
    doc: 'readings',
    section: 'chat-events-cid-filters',
  },
  async ({ chat, fresh, run }) => {
    const started = Date.now();
    const clientId = fresh.id();
    const [mine, other] = [fresh.id('cid'), fresh.id('cid')];
    const ownText = `on this connection ${fresh.id('q')}`;
    const own = await ask(chat, clientId, ownText, { cid: mine });
    const foreignText = `on another connection ${fresh.id('q')}`;
    const foreign = await ask(chat, clientId, foreignText, { cid: other });
    // A questionId shared by both cannot tell them apart (judged by question-ids-unique): texts still can.
    const shared = own.questionId === foreign.questionId;
    const ownMark = { text: ownText, questionId: shared ? undefined : own.questionId };
    const foreignMark = { text: foreignText, questionId: shared ? undefined : foreign.questionId };

    const whole = await pollEvents(chat, run, { clientId, ts: tsBefore(started), all: true });
    const listed = (p: { events: unknown[] }, m: typeof ownMark) => p.events.some((e) => eventMentions(e, m));
    precondition(
      listed(whole, ownMark) && listed(whole, foreignMark),
      'GET /events with all=true and no cid does not list both bot responses (judged by chat-api.events.all-includes-bot-responses)',
    );

    // Either reading conforms (chat-events-cid-readings): only this connection's, or all but this connection's.
    const poll = await pollEvents(chat, run, { clientId, ts: tsBefore(started), all: true, cid: mine });
    const [hasOwn, hasForeign] = [listed(poll, ownMark), listed(poll, foreignMark)];
    ensure(
      hasOwn !== hasForeign,
      hasOwn
        ? `GET /events with cid lists the bot responses of both connections, as it does without cid: the cid is ignored`
        : `GET /events with cid lists ${describePoll(poll)}, neither the bot response of that connection nor that of another: expected one of them`,
      'the bot response of this connection only, or of the other connection only',
      poll.events,
    );
  },
);

check(
  {
    id: 'chat-api.events.at-most-250',
    title: 'GET /events lists at most 250 events',
    level: 'MUST',
    doc: 'chatApi',
    section: FETCHING,
    quote: 'The method response length is limited to 250 messages.',
  },
  async ({ chat, fresh, run, evidence }) => {
    const started = Date.now();
    const clientId = fresh.id();
    const total = 260;
    const mark = evidence.length;
    for (let i = 0; i < total; i += 10) {
      const batch = Array.from({ length: Math.min(10, total - i) }, (_, j) => chat.call('sendRequest', { body: { clientId, query: `question ${i + j + 1}` } }));
      const answers = await Promise.all(batch);
      const refused = answers.find((r) => r.status === undefined || r.status < 200 || r.status > 299);
      precondition(!refused, `POST /chatapi/{token} was not accepted (${refused?.status ?? refused?.error}) while making ${total} events`);
    }
    condenseEvidence(evidence, mark, 2, `POST /chatapi/{token} (${total} requests of client ${clientId})`);
    const poll = await pollEvents(chat, run, { clientId, ts: tsBefore(started), all: true });
    ensure(
      poll.events.length <= 250,
      `GET /events lists ${poll.events.length} events after ${total} bot responses, expected at most 250`,
      'at most 250',
      poll.events.length,
    );
  },
);
