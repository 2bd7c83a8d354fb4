/**
 * Per-client reads and writes: history (getHistory), message statuses (getMessageStatus,
 * updateMessageStatus, updateMessageStatuses) and the not-read count (getNotReadCount).
 * State lives in routes-state.ts because it parses its body itself.
 * @module
 */

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ChatContext } from './context.ts';
import { MESSAGE_STATUSES, type MessageStatus } from './store.ts';
import { isObject } from './routes-requests.ts';

type ClientParams = { token: string; clientId: string };
type MessageParams = ClientParams & { questionId: string };

/** Registers the per-client routes under `base`. */
export function clientRoutes(app: FastifyInstance, ctx: ChatContext, base: string): void {
  const { sw } = ctx;
  const client = `${base}/client/:clientId`;

  app.get<{ Params: ClientParams }>(`${client}/history`, async (request) => {
    const { token, clientId } = request.params;
    let entries = await ctx.store.history(token, clientId);
    if (sw.mutant('history-all-clients')) {
      for (const other of ctx.clients) if (other !== clientId) entries.push(...(await ctx.store.history(token, other)));
    }
    if (sw.mutant('history-drops-last')) entries = entries.slice(0, -1);
    // history-dedups-repeated-query: of the entries with the same query, only the newest is listed.
    if (sw.mutant('history-dedups-repeated-query'))
      entries = entries.filter((e, i) => e.query === undefined || !entries.slice(i + 1).some((l) => l.query === e.query));
    if (sw.mutant('history-capped-250')) entries = entries.slice(-250);
    const nulls = sw.variation('nulls');
    const list = entries.map(({ questionId, timestamp, ...rest }) => ({
      questionId,
      timestamp,
      ...(nulls ? { query: null, event: null } : {}),
      ...rest,
    }));
    return sw.variation('history-object') ? { history: list } : list;
  });

  // The status-read-cached mutant's cache: the first status answered for a message, for ever.
  const cache = new Map<string, MessageStatus>();
  app.get<{ Params: MessageParams }>(`${client}/message/:questionId/status`, async (request, reply) => {
    const { token, clientId, questionId } = request.params;
    let status = await ctx.store.status(token, clientId, questionId);
    if (sw.mutant('status-read-cached') && status !== undefined) {
      const key = JSON.stringify([token, clientId, questionId]);
      status = cache.get(key) ?? status;
      cache.set(key, status);
    }
    if (status !== undefined) {
      return sw.variation('nulls') ? { status, timestamp: null } : { status };
    }
    if (sw.mutant('status-unknown-question-200')) return { status: 'SENT' };
    return reply.code(404).send({ error: 'unknown questionId for this client' });
  });

  app.post<{ Params: MessageParams }>(`${client}/message/:questionId/status`, async (request, reply) => {
    const { token, clientId, questionId } = request.params;
    const body = request.body;
    if (!isObject(body)) return reply.code(400).send({ error: 'the body must be a JSON object' });
    if (sw.mutant('status-wrong-type-500') && body.status !== undefined && typeof body.status !== 'string')
      throw new TypeError('body.status.toUpperCase is not a function');
    if (!isStatus(body.status)) {
      if (sw.mutant('status-bad-accepted')) return done(ctx, reply);
      return reply.code(400).send({ error: `status must be one of ${MESSAGE_STATUSES.join(', ')}` });
    }
    if ((await ctx.store.status(token, clientId, questionId)) === undefined) {
      return reply.code(404).send({ error: 'unknown questionId for this client' });
    }
    if (body.status === 'READ' && sw.mutant('status-read-refused')) return reply.code(400).send({ error: 'READ cannot be set here' });
    if (serverSide(ctx, body.status)) return reply.code(400).send({ error: `${body.status} is set by the server` });
    if (!sw.mutant('status-update-ignored')) await ctx.store.setStatuses(token, clientId, [{ questionId, status: body.status }]);
    return done(ctx, reply);
  });

  app.post<{ Params: ClientParams }>(`${client}/message-statuses`, async (request, reply) => {
    const { token, clientId } = request.params;
    const body = request.body;
    if (isObject(body) && body.statuses === undefined && sw.mutant('batch-missing-statuses-accepted')) return done(ctx, reply);
    if (sw.mutant('status-wrong-type-500') && isObject(body) && body.statuses !== undefined && !Array.isArray(body.statuses))
      throw new TypeError('body.statuses.entries is not a function');
    if (sw.mutant('empty-batch-500') && isObject(body) && Array.isArray(body.statuses) && body.statuses.length === 0)
      throw new TypeError("Cannot read properties of undefined (reading 'questionId')");
    if (!isObject(body) || !Array.isArray(body.statuses)) {
      return reply.code(400).send({ error: 'the body must be {"statuses": [{"questionId", "status"}]}' });
    }
    if (body.statuses.length > 1 && sw.mutant('batch-single-item-only')) return reply.code(400).send({ error: 'one status at a time' });
    // Everything is checked before anything is applied: a batch is all or nothing.
    const updates: { questionId: string; status: MessageStatus }[] = [];
    for (const [i, item] of body.statuses.entries()) {
      if (isObject(item) && !isStatus(item.status) && sw.mutant('batch-bad-status-accepted')) continue;
      if (!isObject(item) || typeof item.questionId !== 'string' || !isStatus(item.status)) {
        return reply.code(400).send({ error: `statuses[${i}] must be {"questionId": string, "status": one of ${MESSAGE_STATUSES.join(', ')}}` });
      }
      if (serverSide(ctx, item.status)) return reply.code(400).send({ error: `statuses[${i}]: ${item.status} is set by the server` });
      if ((await ctx.store.status(token, clientId, item.questionId)) === undefined) {
        return reply.code(404).send({ error: `statuses[${i}].questionId is unknown for this client` });
      }
      updates.push({ questionId: item.questionId, status: item.status });
    }
    if (!sw.mutant('batch-statuses-ignored')) await ctx.store.setStatuses(token, clientId, updates);
    return done(ctx, reply);
  });

  // The highest count answered per client: only the not-read-count-stale mutant reads it.
  const highest = new Map<string, number>();
  app.get<{ Params: ClientParams }>(`${client}/message-not-read-count`, async (request, reply) => {
    const { token, clientId } = request.params;
    let count = 0;
    for (const e of await ctx.store.history(token, clientId)) {
      const status = await ctx.store.status(token, clientId, e.questionId);
      if (sw.mutant('not-read-count-ignores-async') && ctx.asyncAnswered.has(e.questionId)) continue;
      if (status !== 'READ' || sw.mutant('not-read-count-counts-read')) count++;
    }
    if (sw.mutant('not-read-count-stale')) {
      const key = JSON.stringify([token, clientId]);
      count = Math.max(count, highest.get(key) ?? 0);
      highest.set(key, count);
    }
    if (sw.variation('count-bare')) return reply.type('application/json').send(JSON.stringify(count));
    return { count, ...(sw.variation('nulls') ? { clientId: null } : {}) };
  });
}

/** status-server-side-refused: SENT and NOT_SENT are refused from the client. */
function serverSide(ctx: ChatContext, status: MessageStatus): boolean {
  const { sw } = ctx;
  return sw.mutant('status-server-side-refused') && (status === 'SENT' || status === 'NOT_SENT');
}

function isStatus(v: unknown): v is MessageStatus {
  return typeof v === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(v);
}

/** The success answer of a write: 200 {} (or 204 without a body in the answers-204 variation). */
export function done(ctx: ChatContext, reply: FastifyReply): FastifyReply {
  const { sw } = ctx;
  return sw.variation('answers-204') ? reply.code(204).send() : reply.code(200).send({});
}
