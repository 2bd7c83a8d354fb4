import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ChatContext } from './context.ts';
import { answerRequest, deliver, type ClientRequest, type WebhookItem } from './conversation.ts';

/**
 * The three ways a client sends a request: POST /chatapi/{token} (sendRequest), the simplified
 * GET /chatapi/{token} (sendRequestSimple) and POST /chatapi/{token}/async (sendRequestAsync).
 */
export function requestRoutes(app: FastifyInstance, ctx: ChatContext, base: string): void {
  app.post<{ Params: { token: string } }>(base, async (request, reply) => {
    const parsed = readClientRequest(ctx, request.body, false);
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    if (parsed.cid !== undefined && ctx.m.has('cid-rejected')) return reply.code(400).send({ error: 'unknown field cid' });
    const token = request.params.token;
    const a = await answerRequest(ctx, token, parsed);
    const echoCid = parsed.cid !== undefined && !ctx.m.has('cid-not-echoed');
    return {
      clientId: parsed.clientId,
      questionId: a.questionId,
      data: a.data,
      timestamp: ctx.m.has('timestamp-epoch-number') ? Date.parse(a.timestamp) : a.timestamp,
      token,
      ...(echoCid ? { cid: parsed.cid } : {}),
    };
  });

  // The simplified method echoes clientId, query and event; it is also a full request here (the
  // bot answers, history and status are written), which assumptions.md leaves open.
  app.get<{ Params: { token: string }; Querystring: Record<string, unknown> }>(base, async (request, reply) => {
    const q = request.query;
    const parsed = readClientRequest(ctx, { clientId: q.clientId, query: q.query, event: q.event, cid: q.cid }, true);
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    const a = await answerRequest(ctx, request.params.token, parsed);
    const echo = !ctx.m.has('simple-get-no-echo');
    return {
      clientId: parsed.clientId,
      ...(ctx.m.has('simple-get-nulls') ? { query: null, event: null } : {}),
      ...(echo && parsed.query !== undefined ? { query: parsed.query } : {}),
      ...(echo && parsed.event !== undefined ? { event: parsed.event } : {}),
      questionId: a.questionId,
      timestamp: a.timestamp,
      data: a.data,
    };
  });

  app.post<{ Params: { token: string } }>(`${base}/async`, async (request, reply) => {
    const parsed = readClientRequest(ctx, request.body, false);
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    if (ctx.m.has('async-500')) return reply.code(500).send({ error: 'internal error' });
    const token = request.params.token;
    // async-question-id-number: a numeric id, answered as a JSON number but stored and posted as a string.
    const numericId = ctx.m.has('async-question-id-number') ? String(Date.now() * 1000 + Math.floor(Math.random() * 1000)) : undefined;
    const a = await answerRequest(ctx, token, parsed, numericId);
    const item: WebhookItem = {
      ...(ctx.m.has('async-webhook-missing-token') ? {} : { token }),
      clientId: parsed.clientId,
      questionId: ctx.m.has('async-webhook-wrong-question-id') ? randomUUID() : a.questionId,
      data: a.data,
      timestamp: a.timestamp,
      blockForm: false,
    };
    if (!ctx.m.has('async-webhook-missing')) {
      // "An array of JSON objects will be sent to the webhook".
      deliver(ctx, token, ctx.m.has('async-webhook-not-array') ? item : [item]);
    }
    // "you only get the message ID in response to the request".
    const questionId = numericId !== undefined ? Number(numericId) : a.questionId;
    return ctx.m.has('async-returns-replies') ? { questionId, data: { replies: a.data.replies } } : { questionId };
  });
}

/**
 * Validates a client request body (or the simplified method's query parameters). Returns the
 * request, or a sentence saying what is wrong (answered 400).
 */
function readClientRequest(ctx: ChatContext, raw: unknown, simple: boolean): ClientRequest | string {
  if (!isObject(raw)) return 'the body must be a JSON object';
  let clientId: string;
  if (typeof raw.clientId === 'string' && raw.clientId !== '') clientId = raw.clientId;
  else if (raw.clientId === undefined && !simple && ctx.m.has('missing-client-id-accepted')) clientId = '';
  else return 'clientId is required and must be a non-empty string';

  for (const field of ['query', 'event', 'cid'] as const) {
    if (raw[field] !== undefined && typeof raw[field] !== 'string') return `${field} must be a string`;
  }
  if (raw.data !== undefined && !isObject(raw.data)) return 'data must be a JSON object';
  // An empty query or event says nothing: it counts as absent.
  const query = raw.query === '' ? undefined : (raw.query as string | undefined);
  const event = raw.event === '' ? undefined : (raw.event as string | undefined);
  if (query === undefined && event === undefined) {
    // Two mutants, two rules: the POST bodies' and the simplified GET's.
    const accepted = simple ? ctx.m.has('simple-get-accepts-empty') : ctx.m.has('missing-query-and-event-accepted');
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

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
