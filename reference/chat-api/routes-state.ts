/**
 * POST and GET /chatapi/{token}/client/{clientId}/state (saveState, loadState). Registered in its own
 * plugin: it reads the body as text, whatever its Content-Type says, and parses the JSON itself, so
 * that "not JSON" and "JSON but not an object" are decided here, in one place.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { ChatContext } from './context.ts';
import { done } from './routes-client.ts';
import { isObject } from './routes-requests.ts';

/** The state-truncated-large mutant's limit. The reference itself takes bodies up to BODY_LIMIT. */
const MUTANT_STATE_LIMIT = 64 * 1024;

/** Registers saveState and loadState under `base`, in the plugin of their own. */
export async function stateRoutes(app: FastifyInstance, ctx: ChatContext, base: string): Promise<void> {
  const { sw } = ctx;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, next) => next(null, body));
  const path = `${base}/client/:clientId/state`;
  // The state-per-channel mutant keeps one state for every client of the channel.
  const keyOf = (clientId: string) => (sw.mutant('state-per-channel') ? '*' : clientId);

  app.post<{ Params: { token: string; clientId: string } }>(path, async (request, reply) => {
    const { token } = request.params;
    const clientId = keyOf(request.params.clientId);
    const text = typeof request.body === 'string' ? request.body : '';
    if (sw.mutant('state-truncated-large') && Buffer.byteLength(text) > MUTANT_STATE_LIMIT) {
      return reply.code(413).send({ error: 'state too large' });
    }
    let state: unknown;
    try {
      state = JSON.parse(text);
    } catch {
      if (sw.mutant('state-bad-json-accepted')) return done(ctx, reply);
      return reply.code(400).send({ error: 'the body must be valid JSON' });
    }
    if (!isObject(state)) return reply.code(400).send({ error: 'the state must be a JSON object' });
    if (sw.mutant('state-refuses-nested') && Object.values(state).some((v) => typeof v === 'object' && v !== null)) {
      return reply.code(400).send({ error: 'state values must be strings, numbers or booleans' });
    }
    if (sw.mutant('state-dot-keys-nested')) state = nestDots(state) as Record<string, unknown>;
    const previous = sw.mutant('state-merged') ? await ctx.store.loadState(token, clientId) : undefined;
    try {
      await ctx.store.saveState(token, clientId, isObject(previous) && isObject(state) ? { ...previous, ...state } : state);
    } catch (e) {
      // JSON.parse takes any depth, serialising again does not: a state nested thousands of levels
      // deep overflows the stack (RangeError). The client's error, not an internal one.
      if (e instanceof RangeError) return reply.code(400).send({ error: 'the state is nested too deeply' });
      throw e;
    }
    return done(ctx, reply);
  });

  app.get<{ Params: { token: string; clientId: string } }>(path, async (request, reply) => {
    const { token } = request.params;
    const state = await ctx.store.loadState(token, keyOf(request.params.clientId));
    // Never saved: an empty state, or 404 in the state-never-saved-404 variation (chat-state-never-saved).
    if (state === undefined) {
      if (sw.mutant('state-unsaved-500')) return reply.code(500).send({ error: 'internal error' });
      return sw.variation('state-never-saved-404') ? reply.code(404).send({ error: 'no state saved for this client' }) : {};
    }
    const out = sw.mutant('state-not-deep-equal') ? arraysToObjects(state) : state;
    // Sent as text: the state is returned exactly as stored, with no serializer in between.
    const text = JSON.stringify(out);
    return reply.type('application/json').send(sw.mutant('state-double-encoded') ? JSON.stringify(text) : text);
  });
}

/** state-dot-keys-nested: a key "a.b" is stored as the path a → b, as a document store's dotted paths would. */
function nestDots(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(nestDots);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const parts = k.split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) {
      if (!isObject(at[p])) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[parts[parts.length - 1]!] = nestDots(x);
  }
  return out;
}

/** state-not-deep-equal: every array comes back as an object keyed by index. */
function arraysToObjects(v: unknown): unknown {
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), arraysToObjects(x)]));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, arraysToObjects(x)]));
  return v;
}
