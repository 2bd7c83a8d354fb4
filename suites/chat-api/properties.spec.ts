/**
 * Generated checks of the Chat API (issue 12): requests drawn from the JSON Schemas of
 * specs/chat-api.yaml with fast-check (harness/generated/arbitraries.ts), client ids and question
 * ids from `identifier()` (reserved URL characters, numeric-looking strings, non-ASCII), run with
 * the run's seed and budget (`--seed`, `--generate`), each failure shrunk to a minimal request.
 *
 *  - A valid request (the suite's validator accepts it) is never answered 5xx, and a 2xx answer
 *    matches the schema the spec documents (MUST, citing the rule the operation's scenario
 *    response-schema or accepts-example check cites). A 4xx is not a failure: a server may refuse an
 *    unusual but valid input (a NUL, 2,000 characters).
 *  - An invalid request (one defect: a mandatory field missing, a wrong type, a value outside an
 *    enum) is answered 4xx, never 5xx (SHOULD, gen-malformed-4xx).
 *  - What the requests cause is graded too: the webhook items of async requests and the events of
 *    GET /events match their schemas (MUST).
 */
import { received } from '../../harness/checks/ensure.ts';
import fc from 'fast-check';
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import type { CheckMeta } from '../../fixtures/conformance.ts';
import { generation } from '../../harness/config/run-config.ts';
import { checkProperty } from '../../harness/generated/property-check.ts';
import { applyDefect, defects, identifier, pathIdentifier, text, type Defect } from '../../harness/generated/arbitraries.ts';
import { fail } from '../../harness/checks/failure.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import { ensureRefused, ensureValidAnswer, is2xxStatus, jsonEqual, objectsOf, resolve, shown, valuesOf } from './generated-helpers.ts';
import { heldOpen, itemsOf, pollCapMs, questionIdIn, tsBefore } from './helpers.ts';

const STATE_SECTION = 'Saving and loading the chat application state';
const AS_IS = 'Subsequent requests to the GET method will return this object as is.';

type Meta = Pick<CheckMeta, 'level' | 'doc' | 'section' | 'quote'>;
const reading = (section: string): Meta => ({ level: 'MUST', doc: 'readings', section });

/** The rule each operation's answers are held to: the one its scenario schema (or example) check cites. */
const ANSWER_RULE: Record<string, Meta & { schema?: string }> = {
  sendRequest: { ...reading('chat-answer-shape'), schema: 'ChatResponse' },
  sendRequestAsync: { ...reading('chat-async-answer'), schema: 'AsyncResponse' },
  getHistory: { ...reading('chat-history'), schema: 'History' },
  loadState: { level: 'MUST', doc: 'chatApi', section: STATE_SECTION, quote: AS_IS, schema: 'State' },
  getNotReadCount: { ...reading('chat-not-read-count'), schema: 'NotReadCount' },
  getMessageStatus: { ...reading('chat-status-get'), schema: 'StatusBody' },
  updateMessageStatus: {
    level: 'MUST',
    doc: 'chatApi',
    section: 'Updating the message status',
    quote: 'In the request body, specify a new value for the status field.',
  },
  updateMessageStatuses: {
    level: 'MUST',
    doc: 'chatApi',
    section: 'Updating statuses of several messages',
    quote: 'In the request body, specify the statuses field — an array of JSON objects.',
  },
};

/** A client request body of the spec, for a generated client id. */
function chatRequests(validators: Parameters<typeof objectsOf>[1]) {
  return fc
    .tuple(objectsOf('ChatRequest', validators), identifier())
    .map(([body, clientId]): Record<string, unknown> & { clientId: string } => ({ ...body, clientId }));
}

/** Send a plain request for this client, so that its reads have something to show; its questionId or undefined. */
async function seed(chat: ChatApi, clientId: string): Promise<string | undefined> {
  const res = await chat.call('sendRequest', { body: { clientId, query: 'Hello' } });
  return is2xxStatus(res) ? questionIdIn(res.json) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The three request methods

for (const op of ['sendRequest', 'sendRequestAsync'] as const) {
  const rule = ANSWER_RULE[op]!;
  const path = op === 'sendRequest' ? 'POST /chatapi/{token}' : 'POST /chatapi/{token}/async';
  check(
    {
      id: `chat-api.${op}.generated-valid-not-5xx`,
      title: `${path} answers no generated valid request with 5xx, and its 2xx answers match ${rule.schema}`,
      ...rule,
    },
    async ({ chat, run, validators, evidence }) => {
      await checkProperty({
        ...generation(run),
        evidence,
        arbitrary: chatRequests(validators),
        predicate: async (body) => ensureValidAnswer(await chat.call(op, { body }), `${path} with ${shown(body)}`, rule.schema, validators),
        describeInput: (b) => `the body ${shown(b)}`,
      });
    },
  );
}

check(
  {
    id: 'chat-api.sendRequestSimple.generated-valid-not-5xx',
    title: 'GET /chatapi/{token} answers no generated clientId with a query or an event with 5xx, and its 2xx answers match SimpleResponse',
    ...reading('chat-simple-get'),
  },
  async ({ chat, run, validators, evidence }) => {
    const params = fc.record({ clientId: identifier(), kind: fc.constantFrom('query', 'event'), value: text(1, 200) });
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: params,
      predicate: async ({ clientId, kind, value }) => {
        const query = { clientId, [kind]: value };
        ensureValidAnswer(await chat.call('sendRequestSimple', { query }), `GET /chatapi/{token} with ${shown(query)}`, 'SimpleResponse', validators);
      },
      describeInput: ({ clientId, kind, value }) => `the query parameters ${shown({ clientId, [kind]: value })}`,
    });
  },
);

for (const op of ['sendRequest', 'sendRequestAsync'] as const) {
  const path = op === 'sendRequest' ? 'POST /chatapi/{token}' : 'POST /chatapi/{token}/async';
  check(
    {
      id: `chat-api.${op}.generated-invalid-4xx`,
      title: `${path} answers 4xx, never 5xx, to a generated request with one defect (clientId missing or of another type)`,
      level: 'SHOULD',
      doc: 'readings',
      section: 'gen-malformed-4xx',
    },
    async ({ chat, run, validators, evidence }) => {
      const broken = fc.tuple(chatRequests(validators), fc.constantFrom(...defects({ $ref: 'ChatRequest' }, resolve)));
      await checkProperty({
        ...generation(run),
        evidence,
        arbitrary: broken.map(([b, d]) => ({ body: applyDefect(b, d), defect: d })),
        predicate: async ({ body, defect }) => ensureRefused(await chat.call(op, { body }), `${path} with ${defectWords(defect)} (${shown(body)})`),
        describeInput: ({ body }) => `the body ${shown(body)}`,
      });
    },
  );
}

function defectWords(d: Defect): string {
  if (d.kind === 'missing') return `no ${d.field}`;
  return `${d.field} = ${shown(d.value)}`;
}

// ---------------------------------------------------------------------------------------------
// What requests cause: webhook items and events

/** A delivery holding an item with this questionId. */
const withQuestion = (q: string) => (d: Delivery) => itemsOf(d).some((i) => questionIdIn(i) === q);

check(
  {
    id: 'chat-api.sendRequestAsync.generated-webhook-matches-schema',
    title: "the webhook items answering generated async requests match WebhookItem and carry the request's clientId",
    ...reading('chat-async-webhook'),
  },
  async ({ chat, run, validators, evidence, deliveries }) => {
    // Whether a delivery arrives at all is answer-reaches-webhook's rule: after one that does not, later
    // ones are only looked for among what has arrived (a silent webhook costs one wait, not twenty).
    let waitMs = deliveries.timeoutMs;
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: chatRequests(validators),
      predicate: async (body) => {
        const res = await chat.call('sendRequestAsync', { body });
        ensureValidAnswer(res, `POST /chatapi/{token}/async with ${shown(body)}`, 'AsyncResponse', validators);
        const q = is2xxStatus(res) ? questionIdIn(res.json) : undefined;
        if (q === undefined) return;
        const d = deliveries.seen(withQuestion(q))[0] ?? (await deliveries.receiver.waitFor(withQuestion(q), waitMs, deliveries.receiver.nextSeq));
        if (!d) {
          waitMs = 0;
          return;
        }
        deliveries.record(d, 'expected');
        const errors = d.isJson ? validators.validate('WebhookBatch', d.json, 'webhook body') : ['the webhook body is not JSON'];
        if (errors.length) fail(`the webhook delivery answering ${q} does not match WebhookBatch: ${errors[0]}`, 'WebhookBatch', d.rawBody.slice(0, 300));
        const item = itemsOf(d).find((i) => questionIdIn(i) === q);
        if (!jsonEqual(item?.clientId, body.clientId)) {
          fail(
            `the webhook item answering ${q} carries the clientId ${shown(item?.clientId)}, expected ${shown(body.clientId)}`,
            body.clientId,
            received(item?.clientId),
          );
        }
      },
      describeInput: (b) => `the body ${shown(b)}`,
    });
  },
);

check(
  {
    id: 'chat-api.getEvents.generated-events-match-schema',
    title: 'GET /events (all=true, with or without a generated cid) after generated requests answers no 5xx, and its 2xx answers match EventsResponse',
    ...reading('chat-events-shape'),
  },
  async ({ chat, run, validators, evidence }) => {
    // Two connections, so that whichever reading of cid the server takes (chat-events-cid-readings),
    // the poll has something to list and a long-polling server answers at once.
    const input = fc.record({ body: chatRequests(validators), other: text(1, 40), withCid: fc.boolean() });
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: input.filter(({ body, other }) => other !== body.cid),
      predicate: async ({ body, other, withCid }) => {
        const started = Date.now();
        const first = await chat.call('sendRequest', { body });
        ensureValidAnswer(first, `POST /chatapi/{token} with ${shown(body)}`, 'ChatResponse', validators);
        const cid = withCid && typeof body.cid === 'string' ? body.cid : undefined;
        // Nothing to list (the one request refused): no poll, which a long-polling server would hold.
        if (cid === undefined && !is2xxStatus(first)) return;
        if (cid !== undefined) {
          const second = await chat.call('sendRequest', { body: { clientId: body.clientId, query: 'Hello', cid: other } });
          ensureValidAnswer(second, 'POST /chatapi/{token} with a second cid', 'ChatResponse', validators);
        }
        const query = { clientId: body.clientId, ts: tsBefore(started), all: true, ...(cid !== undefined ? { cid } : {}) };
        const res = await chat.call('getEvents', { query, timeoutMs: pollCapMs(run) });
        if (heldOpen(res)) return; // a held poll reads as "no events" (chat-events-long-poll)
        ensureValidAnswer(res, `GET /events with ${shown(query)}`, 'EventsResponse', validators);
      },
      describeInput: ({ body, other, withCid }) =>
        withCid && typeof body.cid === 'string'
          ? `the body ${shown(body)}, a second request with cid ${shown(other)}, then GET /events all=true with the first cid`
          : `the body ${shown(body)}, then GET /events all=true`,
    });
  },
);

// ---------------------------------------------------------------------------------------------
// Per-client reads and writes, for generated client ids (path parameters)

for (const op of ['getHistory', 'loadState', 'getNotReadCount'] as const) {
  const rule = ANSWER_RULE[op]!;
  // The history is read after a request (half of the inputs), so that its entries are validated too;
  // a state or a count is read for the client as it is (a client never seen has one too).
  const asking = op === 'getHistory' ? fc.boolean() : fc.constant(false);
  check(
    {
      id: `chat-api.${op}.generated-valid-not-5xx`,
      title: `${op} answers no generated clientId (reserved characters, numeric-looking, non-ASCII) with 5xx, and its 2xx answers match ${rule.schema}`,
      ...rule,
    },
    async ({ chat, run, validators, evidence }) => {
      await checkProperty({
        ...generation(run),
        evidence,
        arbitrary: fc.record({ clientId: pathIdentifier(), asked: asking }),
        predicate: async ({ clientId, asked }) => {
          if (asked) await seed(chat, clientId);
          ensureValidAnswer(await chat.call(op, { pathParams: { clientId } }), `${op} for clientId ${shown(clientId)}`, rule.schema, validators);
        },
        describeInput: ({ clientId, asked }) => `clientId ${shown(clientId)}${asked ? ' (after one request)' : ''}`,
      });
    },
  );
}

check(
  {
    id: 'chat-api.getMessageStatus.generated-valid-not-5xx',
    title: 'GET message status answers no generated clientId and questionId with 5xx, and its 2xx answers match StatusBody',
    ...ANSWER_RULE.getMessageStatus!,
  },
  async ({ chat, run, validators, evidence }) => {
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: fc.record({ clientId: pathIdentifier(), other: fc.option(pathIdentifier(), { nil: undefined }) }),
      predicate: async ({ clientId, other }) => {
        // The questionId the bot answered, or a generated one (an unknown id: 404 is expected, 5xx never).
        const questionId = other ?? (await seed(chat, clientId)) ?? 'unknown';
        const res = await chat.call('getMessageStatus', { pathParams: { clientId, questionId } });
        ensureValidAnswer(res, `GET message status for clientId ${shown(clientId)} and questionId ${shown(questionId)}`, 'StatusBody', validators);
      },
      describeInput: ({ clientId, other }) => `clientId ${shown(clientId)}, questionId ${other === undefined ? 'of its answer' : shown(other)}`,
    });
  },
);

check(
  {
    id: 'chat-api.updateMessageStatus.generated-valid-not-5xx',
    title: 'POST message status answers no generated clientId and status with 5xx',
    ...ANSWER_RULE.updateMessageStatus!,
  },
  async ({ chat, run, validators, evidence }) => {
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: fc.record({ clientId: pathIdentifier(), body: objectsOf('StatusBody', validators), other: fc.option(pathIdentifier(), { nil: undefined }) }),
      predicate: async ({ clientId, body, other }) => {
        // The questionId the bot answered, or a generated one (unknown: 404 is expected, 5xx never).
        const questionId = other ?? (await seed(chat, clientId)) ?? 'unknown';
        ensureValidAnswer(
          await chat.call('updateMessageStatus', { pathParams: { clientId, questionId }, body }),
          `POST message status ${shown(body)} for clientId ${shown(clientId)}`,
          undefined,
          validators,
        );
      },
      describeInput: ({ clientId, body, other }) =>
        `clientId ${shown(clientId)}, questionId ${other === undefined ? 'of its answer' : shown(other)}, the body ${shown(body)}`,
    });
  },
);

check(
  {
    id: 'chat-api.updateMessageStatuses.generated-valid-not-5xx',
    title: 'POST message-statuses answers no generated batch (empty, repeated or unknown questionIds) with 5xx',
    ...ANSWER_RULE.updateMessageStatuses!,
  },
  async ({ chat, run, validators, evidence }) => {
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: fc.record({ clientId: pathIdentifier(), body: objectsOf('StatusesBody', validators), known: fc.boolean() }),
      predicate: async ({ clientId, body, known }) => {
        const q = known ? await seed(chat, clientId) : undefined;
        // Half of the batches name the questionId the bot answered in every item.
        const statuses = (body.statuses as Record<string, unknown>[]).map((s) => (known && q !== undefined ? { ...s, questionId: q } : s));
        const sent = { statuses };
        ensureValidAnswer(
          await chat.call('updateMessageStatuses', { pathParams: { clientId }, body: sent }),
          `POST message-statuses ${shown(sent)} for clientId ${shown(clientId)}`,
          undefined,
          validators,
        );
      },
      describeInput: ({ clientId, body, known }) =>
        `clientId ${shown(clientId)}, the body ${shown(body)}${known ? " (questionIds replaced by its answer's)" : ''}`,
    });
  },
);

for (const op of ['updateMessageStatus', 'updateMessageStatuses'] as const) {
  const schema = op === 'updateMessageStatus' ? 'StatusBody' : 'StatusesBody';
  const path = op === 'updateMessageStatus' ? 'POST message status' : 'POST message-statuses';
  check(
    {
      id: `chat-api.${op}.generated-invalid-4xx`,
      title: `${path} answers 4xx, never 5xx, to a generated body with one defect (a field missing, of another type or outside the enum)`,
      level: 'SHOULD',
      doc: 'readings',
      section: 'gen-malformed-4xx',
    },
    async ({ chat, run, validators, evidence }) => {
      const broken = fc.tuple(pathIdentifier(), objectsOf(schema, validators), fc.constantFrom(...defects({ $ref: schema }, resolve)));
      await checkProperty({
        ...generation(run),
        evidence,
        arbitrary: broken.map(([clientId, b, d]) => ({ clientId, body: applyDefect(b, d), defect: d })),
        predicate: async ({ clientId, body, defect }) => {
          // A body with a defect is refused whatever the message: an unknown questionId (404) is a 4xx too.
          const questionId = 'unknown-question';
          const pathParams: Record<string, string> = op === 'updateMessageStatus' ? { clientId, questionId } : { clientId };
          ensureRefused(await chat.call(op, { pathParams, body }), `${path} with ${defectWords(defect)} (${shown(body)})`);
        },
        describeInput: ({ clientId, body }) => `clientId ${shown(clientId)}, the body ${shown(body)}`,
      });
    },
  );
}

check(
  {
    id: 'chat-api.saveState.generated-round-trip',
    title: 'a generated state (keys with dots, deep values, any characters) saved with 2xx comes back deep-equal, and neither call is answered 5xx',
    level: 'MUST',
    doc: 'chatApi',
    section: STATE_SECTION,
    quote: AS_IS,
  },
  async ({ chat, run, validators, evidence }) => {
    await checkProperty({
      ...generation(run),
      evidence,
      arbitrary: fc.record({ clientId: pathIdentifier(), state: valuesOf('State', validators) }),
      predicate: async ({ clientId, state }) => {
        const saved = await chat.call('saveState', { pathParams: { clientId }, body: state });
        ensureValidAnswer(saved, `POST state ${shown(state)} for clientId ${shown(clientId)}`, undefined, validators);
        if (!is2xxStatus(saved)) return; // a server may refuse an unusual state with 4xx
        const loaded = await chat.call('loadState', { pathParams: { clientId } });
        ensureValidAnswer(loaded, `GET state for clientId ${shown(clientId)}`, 'State', validators);
        if (!is2xxStatus(loaded))
          fail(
            `GET state for clientId ${shown(clientId)} was answered ${loaded.status} after the state was saved with ${saved.status}`,
            'the saved state',
            loaded.status,
          );
        if (!jsonEqual(loaded.json, state)) fail(`GET state returns ${shown(loaded.json)}, not the saved ${shown(state)}`, state, loaded.json);
      },
      describeInput: ({ clientId, state }) => `clientId ${shown(clientId)}, the state ${shown(state)}`,
    });
  },
);
