/**
 * The client channel server of the Omnichannel document, as a fastify factory testable with
 * `app.inject()`: the end channel's server that forwards its visitors' messages to the platform
 * (poster.ts) and receives the agent's messages at `{Channel webhook URL}/send_message`
 * (send-message.ts). The driver endpoints (driver.ts) stand in for the visitors and the settings.
 * @module
 */

import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { catalogue } from './mutants.ts';
import { ClientState } from './state.ts';
import { Poster } from './poster.ts';
import { EventFactory } from './visitor-events.ts';
import { registerSendMessage } from './send-message.ts';
import { registerDriver } from './driver.ts';

export interface BuildOptions {
  mutant?: string;
  variation?: string;
  /** The "Channel webhook: Token" expected as `Authorization: Token {token}`; null: unique-URL authorization. */
  clientToken: string | null;
  /** Path of the Channel webhook URL under the origin ('' or '/something', no trailing slash). */
  basePath?: string;
  /** One readable line per exchange; never given tokens or the platform's inbound URL. */
  log?: (line: string) => void;
  /** Injected state, so that the caller (tests) can look inside. */
  state?: ClientState;
  /** Timeout of each post to the platform. */
  postTimeoutMs?: number;
  bodyLimit?: number;
}

/** The path of the Channel webhook URL in the path-prefix variation (a unique URL of the kind the document allows). */
export const PREFIX_OF_VARIATION = '/channel/c0ffee42';

export function basePathFor(opts: { mutant?: string; variation?: string }): string {
  const sw = catalogue.switches(opts);
  return sw.variation('path-prefix') ? PREFIX_OF_VARIATION : '';
}

export interface ClientServer extends FastifyInstance {
  /** Resolves when every queued post to the platform has been made or has failed (tests). */
  postsIdle(): Promise<void>;
}

export function build(opts: BuildOptions): ClientServer {
  const sw = catalogue.switches(opts);
  const log = opts.log ?? (() => undefined);
  const state = opts.state ?? new ClientState();
  const poster = new Poster({ sw, log, timeoutMs: opts.postTimeoutMs });
  const events = new EventFactory(sw);

  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? 1024 * 1024, return503OnClosing: false });
  // Every body as text, whatever (or whether) its content type: the handlers parse it themselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Not found.' }));
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = err.statusCode ?? 500;
    // Client errors (a body too large, a broken body stream) keep their 4xx; the rest is ours.
    if (status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
    log(`error: ${err.code ?? err.name} → 500`);
    return reply.code(500).send({ error: 'Internal server error.' });
  });

  registerSendMessage(app, { state, sw, clientToken: opts.clientToken, basePath: opts.basePath ?? basePathFor(opts), log });
  registerDriver(app, { state, poster, events, log });

  app.addHook('onClose', async () => poster.close());
  return Object.assign(app, { postsIdle: () => poster.idle() });
}
