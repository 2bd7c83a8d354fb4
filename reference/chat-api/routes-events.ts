/**
 * The events route, GET /chatapi/{token}/events (getEvents): a client's events, at most EVENTS_CAP an
 * answer, held open while there are none under the long-polling variation.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { ChatContext } from './context.ts';
import type { ChatEvent } from './store.ts';

/** "The method response length is limited to 250 messages." */
export const EVENTS_CAP = 250;
/** How long the long-polling variation holds a request that has nothing to return. */
export const LONG_POLL_MS = 25_000;

interface EventsQuery {
  clientId: string;
  ts?: number;
  all: boolean;
  cid?: string;
}

/** GET /chatapi/{token}/events (getEvents). */
export function eventsRoutes(app: FastifyInstance, ctx: ChatContext, base: string): void {
  const { sw } = ctx;
  app.get<{ Params: { token: string }; Querystring: Record<string, unknown> }>(`${base}/events`, async (request, reply) => {
    const q = readEventsQuery(request.query);
    if (typeof q === 'string') return reply.code(400).send({ error: q });
    const token = request.params.token;
    const deadline = Date.now() + LONG_POLL_MS;
    let chosen = await select(ctx, token, q);
    while (chosen.length === 0 && sw.variation('long-polling') && Date.now() < deadline && !ctx.bus.isClosed) {
      await ctx.bus.wait(token, q.clientId, deadline - Date.now());
      chosen = await select(ctx, token, q);
    }
    // Nothing to return: {"events": []}, or 204 without a body in the events-empty-204 variation (chat-events-empty).
    if (chosen.length === 0 && sw.variation('events-empty-204')) return reply.code(204).send();
    return { events: chosen.map((e) => ({ type: typeName(ctx, e), event: eventBody(ctx, e) })) };
  });
}

/** Type names are not specified (chat-events-types): the event-type-names variation uses others. */
function typeName(ctx: ChatContext, e: ChatEvent): string {
  const { sw } = ctx;
  if (!sw.variation('event-type-names')) return e.type;
  return e.kind === 'agent' ? 'OPERATOR_MESSAGE' : 'BOT_ANSWER';
}

function eventBody(ctx: ChatContext, e: ChatEvent): Record<string, unknown> {
  const { sw } = ctx;
  const nulls = sw.variation('nulls');
  return {
    ...(e.questionId !== undefined ? { questionId: e.questionId } : nulls ? { questionId: null } : {}),
    timestamp: e.timestamp,
    data: e.data,
    ...(nulls ? { cid: e.cid ?? null } : {}),
  };
}

/**
 * Picks the events to return and advances the client's cursor past what this call has covered.
 * With `ts`: the events at or after it. Without: those stored since this client's previous
 * /events call. Then the filters; then, oldest first, at most 250 (a client can page on with the
 * `ts` of the last one it got).
 */
async function select(ctx: ChatContext, token: string, q: EventsQuery): Promise<ChatEvent[]> {
  const { sw } = ctx;
  const stored = await ctx.store.events(token, q.clientId);
  const cursor = await ctx.store.eventCursor(token, q.clientId);
  let inRange: ChatEvent[];
  if (q.ts === undefined) inRange = stored.filter((e) => e.seq > cursor);
  else if (sw.mutant('events-ts-ignored')) inRange = stored;
  else inRange = stored.filter((e) => e.time >= q.ts!);

  let includeBot = q.all;
  if (sw.mutant('events-all-ignored')) includeBot = false;
  if (sw.mutant('events-default-includes-bot')) includeBot = true;
  // Two readings of `cid` conform (chat-events-cid-readings): only that connection's bot responses
  // (here), or all but those (the cid-excludes-own variation).
  const excludeOwn = sw.variation('cid-excludes-own');
  const matching = inRange.filter((e) => {
    // Agent replies belong to no connection: shown whatever `all` says, and with a cid here (not in cid-excludes-own).
    if (e.kind === 'agent') return q.cid === undefined || !excludeOwn;
    if (!includeBot) return false;
    if (q.cid === undefined || sw.mutant('cid-filter-ignored')) return true;
    return excludeOwn ? e.cid !== q.cid : e.cid === q.cid;
  });

  const capped = sw.mutant('events-no-cap') ? matching : matching.slice(0, EVENTS_CAP);
  const covered = capped.length < matching.length ? capped[capped.length - 1]!.seq : (stored.at(-1)?.seq ?? 0);
  if (covered > cursor) await ctx.store.setEventCursor(token, q.clientId, covered);
  return capped;
}

function readEventsQuery(raw: Record<string, unknown>): EventsQuery | string {
  if (typeof raw.clientId !== 'string' || raw.clientId === '') return 'clientId is required';
  let ts: number | undefined;
  if (raw.ts !== undefined) {
    if (typeof raw.ts !== 'string' || !/^\d{1,16}$/.test(raw.ts)) return 'ts must be milliseconds since the epoch';
    ts = Number(raw.ts);
  }
  let all = false;
  if (raw.all !== undefined) {
    if (raw.all === 'true' || raw.all === '1') all = true;
    else if (raw.all === 'false' || raw.all === '0') all = false;
    else return 'all must be true or false';
  }
  if (raw.cid !== undefined && typeof raw.cid !== 'string') return 'cid must be a string';
  return { clientId: raw.clientId, ...(ts !== undefined ? { ts } : {}), all, ...(raw.cid !== undefined ? { cid: raw.cid as string } : {}) };
}
