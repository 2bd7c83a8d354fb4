/**
 * The Chat API reference as a fastify app (`build`), with its options and the base paths it serves
 * under.
 * @module
 */

import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { ReferenceOptions } from '../types.ts';
import { DEFAULT_BOT_SCRIPT } from './bot-script.ts';
import type { AnswerHook, ChatContext } from './context.ts';
import { driverRoutes } from './driver.ts';
import { EventBus } from './event-bus.ts';
import { catalogue } from './mutants.ts';
import { RESPONSE_MUTANTS } from './response-mutants.ts';
import { installResponseMutants } from '../common/response-mutants.ts';
import { clientRoutes } from './routes-client.ts';
import { eventsRoutes } from './routes-events.ts';
import { requestRoutes } from './routes-requests.ts';
import { stateRoutes } from './routes-state.ts';
import { MemoryChatStore, type ChatStore } from './store.ts';

/** The base path of the path-prefix variation: `{target}` then ends in a path. */
export const PREFIX_BASE_PATH = '/chatadapter';
/** Comfortably above the 1 MB states the suite may save. */
export const BODY_LIMIT = 8 * 1024 * 1024;

export interface ChatBuildOptions extends ReferenceOptions {
  /** Path before /chatapi, e.g. "/chatadapter". Default: "" (or /chatadapter in the path-prefix variation). */
  basePath?: string;
  store?: ChatStore;
  /** Optional: answers a client request instead of the bot (see AnswerHook). */
  answer?: AnswerHook;
}

/**
 * The Chat API reference as a fastify app, testable with `app.inject()`. Serves
 * `{basePath}/chatapi/{token}...` for the one channel token it knows, and the driver under /__driver.
 */
export function build(opts: ChatBuildOptions = {}): FastifyInstance {
  const sw = catalogue.switches(opts);
  const ctx: ChatContext = {
    token: opts.token ?? randomBytes(16).toString('hex'),
    store: opts.store ?? new MemoryChatStore(),
    bus: new EventBus(),
    sw,
    log: opts.log ?? (() => {}),
    pending: new Set(),
    clients: new Set(),
    asyncAnswered: new Set(),
    answer: opts.answer,
    botScript: opts.botScript ?? DEFAULT_BOT_SCRIPT,
  };
  const base = `${resolveBasePath(opts)}/chatapi/:token`;

  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    // Client ids come from the client app and may be long; a trailing slash changes nothing.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // A saved state must come back deep-equal, "__proto__" and "constructor" keys included. JSON.parse
    // makes them plain own properties; no route merges client objects into others.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    // A URL the router cannot read (bad percent-encoding, an over-long id) is the client's error too,
    // answered in the same shape as every other one and without echoing the URL (it holds the token).
    frameworkErrors: (err, _request, reply) => {
      const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      void (reply as FastifyReply).code(status).send({ error: err.code === 'FST_ERR_BAD_URL' ? 'malformed URL' : 'malformed request' });
    },
  });

  // Malformed input of any kind is the client's error: 4xx with a reason, never a 5xx.
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = err.statusCode;
    if (sw.mutant('bad-json-500') && err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return reply.code(500).send({ error: 'internal error' });
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
    if (err.code?.startsWith('FST_ERR_CTP') || err.validation) return reply.code(400).send({ error: err.message });
    ctx.log(`internal error: ${err.message}`);
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));
  installResponseMutants(app, sw, RESPONSE_MUTANTS, resolveBasePath(opts));

  app.addHook('onResponse', async (request, reply) => {
    ctx.log(`${request.method} ${redact(request.url, ctx.token)} -> ${reply.statusCode}`);
  });
  app.addHook('preClose', async () => ctx.bus.wakeAll());
  app.addHook('onClose', async () => {
    await Promise.allSettled([...ctx.pending]);
  });

  app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      const token = (request.params as { token?: string }).token;
      if (token === ctx.token || sw.mutant('unknown-token-accepted')) return;
      if (sw.mutant('unknown-token-500')) return reply.code(500).send({ error: 'internal error' });
      return reply.code(404).send({ error: 'unknown token' });
    });
    // client-id-decoded-twice: the router has decoded the path once; this decodes it again ("a%2Fb" becomes
    // "a/b", and a "%" that no longer starts an escape throws: an internal error).
    if (sw.mutant('client-id-decoded-twice')) {
      api.addHook('preHandler', async (request) => {
        const params = request.params as { clientId?: string };
        if (params.clientId !== undefined) params.clientId = decodeURIComponent(params.clientId);
      });
    }
    requestRoutes(api, ctx, base);
    eventsRoutes(api, ctx, base);
    clientRoutes(api, ctx, base);
    await api.register(async (stateApi) => stateRoutes(stateApi, ctx, base));
  });
  app.register(async (driver) => driverRoutes(driver, ctx));

  return app;
}

/** The path before /chatapi, without a trailing slash ("" at the root). */
export function resolveBasePath(opts: ChatBuildOptions): string {
  const sw = catalogue.switches(opts);
  return (opts.basePath ?? (sw.variation('path-prefix') ? PREFIX_BASE_PATH : '')).replace(/\/+$/, '');
}

/** The token is a secret: log lines carry a placeholder instead. */
function redact(url: string, token: string): string {
  if (token === '') return url;
  return url.split(token).join('***').split(encodeURIComponent(token)).join('***');
}
