/**
 * Generated checks of the Omnichannel inbound endpoint (issue 12): events drawn from the schemas of
 * specs/omnichannel.yaml with fast-check (generated-helpers.ts), one property per rule, run with the
 * run's seed and budget (`--seed`, `--generate`), each failure shrunk to a minimal request.
 *
 *  - A valid `new_message` of each kind the spec defines (visitor, file_visitor, keyboard_response),
 *    with Unicode of every kind, long values, ids with reserved characters and visitor fields absent
 *    or empty, is never answered 5xx: the document's table keeps 500 for incorrect JSON and internal
 *    errors. A 4xx is not a failure there (a platform may refuse a NUL or 2,000 characters); ordinary
 *    valid events, whose visitor fields are absent, empty or partial, are accepted with 2xx
 *    (generated-plain-2xx, SHOULD as omni-visitor-fields), and a visitor's text that was accepted
 *    reaches the agent with its characters intact.
 *  - An event with one defect gets the status the document's table gives it: a missing chat_id or
 *    message 400 (MUST), a missing visitor or visitor.id 400 (SHOULD), an event or kind outside the
 *    documented ones exactly 200 (MUST), a chat_id that is an object or array 500 (SHOULD).
 *  - The agent's send_message calls in the chats these events open (the driver makes the agent write
 *    a generated text, as the scenario checks do) match SendMessageRequest and carry the chat_id
 *    received, same value and JSON type (the level of omnichannel.send_message.matches-schema).
 */
import fc from 'fast-check';
import { check } from '../../fixtures/omnichannel.ts';
import type { CheckMeta } from '../../fixtures/conformance.ts';
import { generation } from '../../harness/config/run-config.ts';
import { checkProperty } from '../../harness/generated/property-check.ts';
import { text } from '../../harness/generated/arbitraries.ts';
import { fail } from '../../harness/checks/failure.ts';
import { answerOf } from '../../harness/checks/ensure.ts';
import { is2xx } from '../../harness/checks/status.ts';
import type { CallResult } from '../../harness/http/iut-client.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import { isDeepStrictEqual } from 'node:util';
import { DriverError } from '../../harness/driver/driver-client.ts';
import { agentWrites, freshChatId, pollInbox, postEvent, sendMessageBody } from './helpers.ts';
import { KINDS, anyInboundEvent, charactersOnly, chatIds, inboundEvents, plainEvents, shown, withoutPath, type Json } from './generated-helpers.ts';

const ERROR_TABLE = 'Platform response when a request is unsuccessful';
type Meta = Pick<CheckMeta, 'level' | 'doc' | 'section' | 'quote'>;
const table = (quote: string): Meta => ({ level: 'MUST', doc: 'omnichannel', section: ERROR_TABLE, quote });
/**
 * A valid event is accepted (the MUST reading omni-valid-2xx); these checks hold it to less — no 5xx,
 * since a platform may refuse an unusual input with a 4xx — so that reading is their citation. The
 * table's 500 rows name incorrect JSON and internal errors, neither of which a valid event is.
 */
const NOT_5XX: Meta = { level: 'MUST', doc: 'readings', section: 'omni-valid-2xx' };

function ensureAnswer(res: CallResult, what: string): number {
  if (res.status === undefined) fail(`${what} got no answer (${res.error ?? 'no status'})`, 'an answer', res.error ?? 'nothing');
  return res.status;
}

/** A valid event: not 5xx; a 2xx answer matches InboundAccepted (what the spec documents for it). */
function ensureValidAnswer(res: CallResult, what: string): void {
  const status = ensureAnswer(res, what);
  if (status >= 500)
    fail(`${what} ${answerOf(res)}, a server error, to an event the spec calls valid`, 'not 5xx (2xx, or 4xx for an input the platform will not take)', status);
  if (status < 300 && res.schemaErrors.length)
    fail(`${what} ${answerOf(res)}, which does not match InboundAccepted: ${res.schemaErrors[0]}`, 'InboundAccepted', res.json ?? res.text);
}

function ensureExactly(res: CallResult, expected: number, what: string): void {
  const status = ensureAnswer(res, what);
  if (status !== expected) fail(`${what} ${answerOf(res)}, expected ${expected} (the document's table)`, expected, status);
}

const describeBody = (b: unknown) => `the body ${shown(b)}`;

/** How long shrinking may go on where each failing input waits for the agent's inbox. */
const SHRINK_BUDGET_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Valid events of every kind: never 5xx

for (const kind of KINDS) {
  check(
    {
      id: `omnichannel.${kind}.generated-valid-not-5xx`,
      title: `generated valid new_message events of kind ${kind} (any characters, long values, reserved and numeric-looking ids, visitor fields absent or empty) are never answered 5xx, and a 2xx answer matches InboundAccepted`,
      ...NOT_5XX,
    },
    async ({ api, agentChannel, run, validators, evidence }) => {
      await checkProperty({
        ...generation(run),
        evidence,
        arbitrary: inboundEvents(kind, validators),
        predicate: async (body) => ensureValidAnswer(await postEvent(api, agentChannel.token, body), `a ${kind} new_message`),
        describeInput: describeBody,
      });
    },
  );
}

check(
  {
    id: 'omnichannel.inbound.generated-plain-2xx',
    title: 'generated ordinary new_message events of every kind (printable ASCII, visitor fields absent, empty, partial or null) are accepted with 2xx',
    // SHOULD, the level of omnichannel.inbound.visitor-fields-optional: the events vary what the
    // visitor's fields hold, which omni-visitor-fields makes a SHOULD (omni-valid-2xx is its MUST).
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-visitor-fields',
  },
  async ({ api, agentChannel, run, validators, evidence }) => {
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: plainEvents(validators),
      predicate: async (body) => {
        const res = await postEvent(api, agentChannel.token, body);
        const status = ensureAnswer(res, 'an ordinary new_message');
        if (!is2xx(res)) fail(`an ordinary new_message ${answerOf(res)}, expected 2xx`, '2xx', status);
      },
      describeInput: describeBody,
    });
  },
);

check(
  {
    id: 'omnichannel.visitor.generated-text-intact',
    title:
      'a generated visitor text (non-ASCII, astral, right-to-left, combining characters, up to 2,000 characters) that was accepted reaches the agent with every character intact',
    level: 'MUST',
    doc: 'readings',
    section: 'omni-visitor-text',
  },
  async ({ api, agentChannel, driver, run, validators, evidence }) => {
    driver.require();
    // Characters only: layout (line endings, tabs, markup, surrounding whitespace) is gen-text-layout,
    // SHOULD, and control characters are no one's promise. Compared in NFC: a platform may normalise.
    const events = inboundEvents('visitor', validators, fc.constant(0)).filter((b) => charactersOnly(String((b.message as Json).text)));
    // Shrinking replays many failing texts. The first miss waits the whole --timeout; after it, a
    // look ends as soon as the chat shows any entry, plus a few times the slowest arrival seen, and
    // once SHRINK_BUDGET_MS has passed only the failing input itself is replayed.
    let missedAt: number | undefined;
    let lastFailing: string | undefined;
    let slowest = 0;
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: events,
      predicate: async (generated) => {
        const key = JSON.stringify(generated);
        if (missedAt !== undefined && key !== lastFailing && Date.now() - missedAt > SHRINK_BUDGET_MS) return;
        // A fresh chat per input, so that the inbox holds this text only.
        const chatId = freshChatId();
        const body: Json = { ...generated, chat_id: chatId };
        const sent = String((body.message as Json).text);
        const res = await postEvent(api, agentChannel.token, body);
        if (!is2xx(res)) return; // refused or failed: judged by omnichannel.visitor.generated-valid-not-5xx
        const same = (t: string) => t.normalize('NFC') === sent.normalize('NFC');
        const started = Date.now();
        let inbox = await pollInbox(driver, chatId, (i) => i.messages.some(same) || (missedAt !== undefined && i.messages.length > 0), run.timeoutMs);
        if (!inbox.messages.some(same) && missedAt !== undefined) inbox = await pollInbox(driver, chatId, (i) => i.messages.some(same), 3 * slowest + 20);
        if (inbox.messages.some(same)) {
          slowest = Math.max(slowest, Date.now() - started);
          return;
        }
        missedAt ??= Date.now();
        lastFailing = key;
        const got = inbox.messages.length === 1 ? inbox.messages[0] : inbox.messages;
        fail(`the visitor's text ${shown(sent)} did not reach the agent intact (the agent has ${shown(got)})`, sent, got);
      },
      describeInput: (b) => `the visitor text ${shown((b.message as Json).text)} (in a new_message on a fresh chat)`,
    });
  },
);

// ---------------------------------------------------------------------------------------------
// Events with one defect: the table's status

const REQUIRED = ['chat_id', 'message'] as const;

check(
  {
    id: 'omnichannel.inbound.generated-missing-required-400',
    title: 'a generated valid new_message of any kind without chat_id or without message is answered 400',
    ...table('A required parameter is missing in the request body'),
  },
  async ({ api, agentChannel, run, validators, evidence }) => {
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: fc.record({ body: anyInboundEvent(validators), field: fc.constantFrom(...REQUIRED) }),
      predicate: async ({ body, field }) =>
        ensureExactly(await postEvent(api, agentChannel.token, withoutPath(body, field)), 400, `a new_message without ${field}`),
      describeInput: ({ body, field }) => `the body ${shown(withoutPath(body, field))} (without ${field})`,
    });
  },
);

check(
  {
    id: 'omnichannel.inbound.generated-missing-visitor-400',
    title: 'a generated valid new_message of any kind without visitor or without visitor.id is answered 400',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-missing-visitor',
  },
  async ({ api, agentChannel, run, validators, evidence }) => {
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: fc.record({ body: anyInboundEvent(validators), field: fc.constantFrom('visitor', 'visitor.id') }),
      predicate: async ({ body, field }) =>
        ensureExactly(await postEvent(api, agentChannel.token, withoutPath(body, field)), 400, `a new_message without ${field}`),
      describeInput: ({ body, field }) => `the body ${shown(withoutPath(body, field))} (without ${field})`,
    });
  },
);

/**
 * A string outside a list: the enum-like values of the table's "invalid event or kind". Never empty
 * or blank: a platform may read those as a missing parameter (400), which the readings leave open
 * (omni-one-rule-at-a-time).
 */
const otherThan = (values: readonly string[]) =>
  fc.oneof(text(1, 40), fc.constantFrom('NEW_MESSAGE', 'new_message ', 'Visitor', 'file', 'message')).filter((s) => s.trim() !== '' && !values.includes(s));

check(
  {
    id: 'omnichannel.inbound.generated-invalid-event-or-kind-200',
    title: 'a generated valid new_message whose event, or whose message.kind, is another string is answered 200',
    ...table('Incorrect JSON of the request body: invalid event or kind parameter'),
  },
  async ({ api, agentChannel, run, validators, evidence }) => {
    const broken = fc.oneof(
      fc
        .record({ body: anyInboundEvent(validators), event: otherThan(['new_message']) })
        .map(({ body, event }) => ({ body: { ...body, event } as Json, what: `event ${shown(event)}` })),
      fc
        .record({ body: anyInboundEvent(validators), kind: otherThan(KINDS) })
        .map(({ body, kind }) => ({ body: { ...body, message: { ...(body.message as Json), kind } } as Json, what: `message.kind ${shown(kind)}` })),
    );
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: broken,
      predicate: async ({ body, what }) => ensureExactly(await postEvent(api, agentChannel.token, body), 200, `a new_message with ${what}`),
      describeInput: ({ body }) => describeBody(body),
    });
  },
);

check(
  {
    id: 'omnichannel.inbound.generated-chat-id-structured-500',
    title: 'a generated valid new_message whose chat_id is a JSON object or array is answered 500',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-chat-id-structured-500',
  },
  async ({ api, agentChannel, run, validators, evidence }) => {
    const structured = fc.oneof(fc.array(fc.oneof(chatIds, fc.constant(null)), { maxLength: 3 }), fc.dictionary(text(0, 10), chatIds, { maxKeys: 3 }));
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: fc.record({ body: anyInboundEvent(validators), chatId: structured }).map(({ body, chatId }) => ({ ...body, chat_id: chatId }) as Json),
      predicate: async (body) => ensureExactly(await postEvent(api, agentChannel.token, body), 500, `a new_message whose chat_id is ${shown(body.chat_id)}`),
      describeInput: describeBody,
    });
  },
);

// ---------------------------------------------------------------------------------------------
// What the events cause: the agent's send_message in the chats they open

check(
  {
    id: 'omnichannel.send_message.generated-matches-schema',
    title:
      "the agent's send_message in chats opened by generated events (integer and string chat_ids of every shape) matches SendMessageRequest and carries the chat_id received, same value and JSON type",
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-send-message-body',
  },
  async ({ api, agentChannel, driver, deliveries, fresh, run, validators, evidence }) => {
    driver.require();
    // Whether a send_message arrives at all is omnichannel.send_message.reaches-client-server's rule:
    // after one that does not, later ones are looked for only among what has arrived.
    let waitMs = deliveries.timeoutMs;
    // Events the agent receives (a file not ready is held back), with non-empty chat_ids: the driver
    // addresses a chat by its chat_id.
    const events = anyInboundEvent(
      validators,
      chatIds.filter((c) => c !== ''),
    ).filter((b) => {
      const m = b.message as Json;
      return m.kind !== 'file_visitor' || (m.data as Json).state === 'ready';
    });
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: fc.record({ body: events, reply: text(0, 900) }),
      predicate: async ({ body, reply }) => {
        const res = await postEvent(api, agentChannel.token, body);
        // A refused event opens no chat (judged by the generated-valid-not-5xx checks).
        if (!is2xx(res)) return;
        const chatId = body.chat_id;
        const marker = fresh.id('gen');
        const from = deliveries.receiver.nextSeq;
        try {
          await agentWrites(driver, chatId, { text: `${marker} ${reply}` });
        } catch (e) {
          // The driver knows no such chat: the event did not reach the agent (the rule of the
          // scenario checks of each kind), so the agent has nowhere to write.
          if (e instanceof DriverError) return;
          throw e;
        }
        // Found by its marker wherever it went: its chat_id is what is judged.
        const carrying = (x: Delivery) => x.rawBody.includes(marker);
        const d: Delivery | undefined = deliveries.seen(carrying)[0] ?? (await deliveries.receiver.waitFor(carrying, waitMs, from));
        if (!d) {
          waitMs = 0;
          return;
        }
        const sent = sendMessageBody(d);
        const errors = d.isJson ? validators.validate('SendMessageRequest', sent, 'send_message body') : ['the send_message body is not JSON'];
        deliveries.annotate(d, errors);
        if (errors.length)
          fail(
            `the agent's send_message for chat ${shown(chatId)} does not match SendMessageRequest: ${errors[0]}`,
            'SendMessageRequest',
            d.rawBody.slice(0, 300),
          );
        const echoed = (sent as Json).chat_id;
        if (!isDeepStrictEqual(echoed, chatId)) {
          fail(
            `the agent's send_message for chat ${shown(chatId)} carries the chat_id ${shown(echoed)}, expected the one received, same value and JSON type`,
            chatId,
            echoed,
          );
        }
      },
      describeInput: ({ body, reply }) => `the event ${shown(body)}, then the agent writes "<marker> " + ${shown(reply)}`,
    });
  },
);
