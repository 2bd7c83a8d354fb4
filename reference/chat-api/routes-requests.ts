/**
 * The routes of a client's requests to the bot: sendRequest, sendRequestSimple and sendRequestAsync.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { ChatContext } from './context.ts';
import { answerRequest, background, deliver, newQuestionId, numericAsNumber, sleep, webhookItem, type ClientRequest } from './conversation.ts';
import { isObject } from '../common/json.ts';

/** How long the async-202 variation waits before it answers a request it has accepted. */
export const ASYNC_202_DELAY_MS = 200;
/** How long one async request takes in the async-one-at-a-time mutant. */
const ONE_AT_A_TIME_MS = 300;

/**
 * The three ways a client sends a request: POST /chatapi/{token} (sendRequest), the simplified
 * GET /chatapi/{token} (sendRequestSimple) and POST /chatapi/{token}/async (sendRequestAsync).
 */
export function requestRoutes(app: FastifyInstance, ctx: ChatContext, base: string): void {
  const { sw } = ctx;
  const nulls = sw.variation('nulls');

  app.post<{ Params: { token: string } }>(base, async (request, reply) => {
    const parsed = readClientRequest(ctx, request.body, false);
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    if (parsed.cid !== undefined && sw.mutant('cid-rejected')) return reply.code(400).send({ error: 'unknown field cid' });
    const token = request.params.token;
    const a = await answerRequest(ctx, token, parsed, 'sync');
    const echoCid = parsed.cid !== undefined;
    let data: Record<string, unknown> = a.data;
    if (nulls) data = { ...data, nlpClass: null, confidence: null };
    return {
      clientId: sw.mutant('answer-client-id-internal') ? `client-${[...ctx.clients].indexOf(parsed.clientId) + 1}` : numericAsNumber(ctx, parsed.clientId),
      // What the request did not carry may be absent or null (chat-answer-shape, gen-null-absent).
      ...(nulls ? { query: parsed.query ?? null, event: parsed.event ?? null } : {}),
      questionId: a.questionId,
      data,
      timestamp: a.timestamp,
      token,
      ...(echoCid ? { cid: parsed.cid } : nulls ? { cid: null } : {}),
    };
  });

  // The simplified method echoes clientId, query and event; it is also a full request here (the bot
  // answers, history and status are written), which the readings leave open (chat-simple-get-kind):
  // the simple-get-echo variation only echoes.
  app.get<{ Params: { token: string }; Querystring: Record<string, unknown> }>(base, async (request, reply) => {
    const q = request.query;
    const parsed = readClientRequest(ctx, { clientId: q.clientId, query: q.query, event: q.event, cid: q.cid }, true);
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    const echo = !sw.mutant('simple-get-no-echo');
    const params = {
      clientId: parsed.clientId,
      ...(nulls ? { query: null, event: null, cid: parsed.cid ?? null } : {}),
      ...(echo && parsed.query !== undefined ? { query: parsed.query } : {}),
      ...(echo && parsed.event !== undefined ? { event: parsed.event } : {}),
    };
    if (sw.variation('simple-get-echo')) return params;
    const a = await answerRequest(ctx, request.params.token, parsed, 'simple');
    return { ...params, questionId: a.questionId, timestamp: a.timestamp, data: a.data };
  });

  // The async-one-at-a-time mutant's clients with a request in progress.
  const busy = new Set<string>();
  app.post<{ Params: { token: string } }>(`${base}/async`, async (request, reply) => {
    const parsed = readClientRequest(ctx, request.body, false);
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    if (sw.mutant('async-500')) return reply.code(500).send({ error: 'internal error' });
    if (sw.mutant('async-event-refused') && parsed.query === undefined) return reply.code(400).send({ error: 'query is required' });
    const token = request.params.token;
    // async-question-id-number: a numeric id, answered as a JSON number but stored and posted as a string.
    const numericId = sw.mutant('async-question-id-number') ? String(Date.now() * 1000 + Math.floor(Math.random() * 1000)) : undefined;
    const questionId = numericId ?? newQuestionId(ctx);
    const work = async () => {
      const a = await answerRequest(ctx, token, parsed, 'async', questionId);
      const item: Record<string, unknown> = {
        ...webhookItem(ctx, token, { clientId: parsed.clientId, questionId: a.questionId, data: a.data, timestamp: a.timestamp, cid: parsed.cid }),
      };
      if (sw.mutant('async-webhook-missing-token')) delete item.token;
      if (sw.mutant('async-webhook-wrong-question-id')) item.questionId = `${a.questionId}-other`;
      if (sw.mutant('async-webhook-wrong-client-id')) item.clientId = 'anonymous';
      // "An array of JSON objects will be sent to the webhook".
      if (!sw.mutant('async-webhook-missing')) deliver(ctx, token, sw.mutant('async-webhook-not-array') ? item : [item]);
    };
    if (sw.mutant('async-one-at-a-time')) {
      if (busy.has(parsed.clientId)) return reply.code(429).send({ error: 'a request of this client is still being processed' });
      busy.add(parsed.clientId);
      try {
        await sleep(ONE_AT_A_TIME_MS);
        await work();
      } finally {
        busy.delete(parsed.clientId);
      }
    } else if (sw.variation('async-202')) {
      // Accepted now, answered a little later (chat-async-202).
      background(ctx, async () => {
        await sleep(ASYNC_202_DELAY_MS);
        await work();
      });
    } else {
      await work();
    }
    // "you only get the message ID in response to the request".
    const id = numericId !== undefined ? Number(numericId) : questionId;
    const body = sw.mutant('async-returns-replies')
      ? { questionId: id, data: { replies: [{ type: 'text', text: 'answered on the webhook' }] } }
      : { questionId: id, ...(nulls ? { data: null, answer: null } : {}) };
    return reply.code(sw.variation('async-202') ? 202 : 200).send(body);
  });
}

/**
 * Validates a client request body (or the simplified method's query parameters). Returns the
 * request, or a sentence saying what is wrong (answered 400).
 */
function readClientRequest(ctx: ChatContext, raw: unknown, simple: boolean): ClientRequest | string {
  const { sw } = ctx;
  if (!isObject(raw)) return 'the body must be a JSON object';
  // wrong-type-500: a clientId of another type reaches string code unchecked (an internal error).
  if (sw.mutant('wrong-type-500') && raw.clientId !== undefined && typeof raw.clientId !== 'string') throw new TypeError('clientId.trim is not a function');
  let clientId: string;
  if (typeof raw.clientId === 'string' && raw.clientId !== '') clientId = raw.clientId;
  else if (typeof raw.clientId === 'number' && Number.isSafeInteger(raw.clientId)) {
    // Not a string by the spec, which neither requires accepting nor refusing it; a published help-desk
    // bridge sends one. Read as its decimal string, as lenient JSON binders do, and said in the log.
    clientId = String(raw.clientId);
    ctx.log(`clientId ${raw.clientId} is a JSON number, not a string: read as "${clientId}"`);
  } else if (raw.clientId === undefined && !simple && sw.mutant('missing-client-id-accepted')) clientId = '';
  else return 'clientId is required and must be a non-empty string';

  for (const field of ['query', 'event', 'cid'] as const) {
    if (raw[field] !== undefined && typeof raw[field] !== 'string') return `${field} must be a string`;
  }
  if (typeof raw.cid === 'string' && sw.mutant('cid-ascii-only') && !/^[\w.-]+$/.test(raw.cid)) return 'cid may hold only letters, digits, "-", "_" and "."';
  if (raw.data !== undefined && !isObject(raw.data)) return 'data must be a JSON object';
  // empty-data-500: an optional object sent empty is taken for a filled one (an internal error).
  if (sw.mutant('empty-data-500') && isObject(raw.data) && Object.keys(raw.data).length === 0)
    throw new TypeError("Cannot read properties of undefined (reading 'length')");
  // bidi-or-combining-500: text holding combining marks or bidirectional controls breaks a normaliser (an internal error).
  if (sw.mutant('bidi-or-combining-500') && [raw.query, raw.event].some((t) => typeof t === 'string' && /[\u0300-\u036f\u200e\u200f\u202a-\u202e]/.test(t))) {
    throw new RangeError('invalid text direction');
  }
  // An empty query or event is one all the same: the spec's ChatRequest accepts "" (a text like any other).
  const query = raw.query as string | undefined;
  const event = raw.event as string | undefined;
  if (query === undefined && event === undefined) {
    // Two mutants, two rules: the POST bodies' and the simplified GET's.
    const accepted = simple ? sw.mutant('simple-get-accepts-empty') : sw.mutant('missing-query-and-event-accepted');
    if (!accepted) return 'query or event is required';
  }
  return {
    clientId,
    ...(query !== undefined ? { query } : {}),
    ...(event !== undefined ? { event } : {}),
    ...(raw.data !== undefined ? { data: raw.data as Record<string, unknown> } : {}),
    ...(raw.cid !== undefined ? { cid: raw.cid as string } : {}),
  };
}

export { isObject };
