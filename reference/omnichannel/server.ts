/**
 * The Omnichannel reference implementation as a fastify factory, testable with `app.inject()`.
 *
 * The document lists only 200, 400, 404 and 500 for the inbound endpoint, so nothing of fastify's own
 * (400 for bad JSON, 413 for a big body, 415 for another content type, 400 for a bad URL, 503 while
 * closing) may leak: bodies are taken as text whatever their content type and parsed by the handler,
 * and the error handler maps what is left onto the documented statuses.
 * @module
 */

import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { ChannelStore } from './channels.ts';
import { Inbox } from './inbox.ts';
import { Agent } from './agent.ts';
import { catalogue } from './mutants.ts';
import { registerInbound } from './inbound.ts';
import { installResponseMutants } from './response-mutants.ts';
import { registerDriver } from './driver.ts';

export interface BuildOptions {
  mutant?: string;
  variation?: string;
  /** One readable line per exchange; never given tokens or webhook URLs. */
  log?: (line: string) => void;
  /** Injected stores, so that the caller (index.ts, tests) can pre-create channels and look inside. */
  channels?: ChannelStore;
  inbox?: Inbox;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
}

/** ~1 MB: generous for one chat event. A bigger body is answered 500, see the error handler. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function build(opts: BuildOptions = {}): FastifyInstance {
  const sw = catalogue.switches(opts);
  const log = opts.log ?? (() => undefined);
  const channels = opts.channels ?? new ChannelStore();
  const inbox = opts.inbox ?? new Inbox({ extraEntries: sw.variation('inbox-extra-entries') });
  const agent = new Agent(sw, log);

  const notFound = (url: string, reply: FastifyReply) => {
    if (sw.mutant('wrong-url-400') && url.startsWith('/connector/')) {
      return reply.code(400).send({ error: 'Bad request.' });
    }
    return reply.code(404).send({ error: 'Not found.' });
  };

  const app = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Long tokens must still reach the handler (and get the no-active-channel 400), not fastify's
    // 414; the URL as a whole is bounded by Node's header size limit anyway.
    routerOptions: { maxParamLength: 65536 },
    return503OnClosing: false,
    // A URL fastify cannot decode (`/connector/%zz`) or route is a wrong URL: 404, not 400 or 414.
    frameworkErrors: (err, request, reply) => {
      if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH') return notFound(request.url, reply);
      return (reply as FastifyReply).code(500).send({ error: 'Internal server error.' });
    },
    // Requests Node cannot even parse (broken framing, headers over the limit, a client too slow):
    // 400 instead of fastify's 408 and 431, which the document does not list.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const body = JSON.stringify({ error: 'Malformed HTTP request.' });
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      }
      socket.destroy();
    },
  });

  // Every body as text, whatever (or whether) its content type: the handlers parse it themselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setNotFoundHandler((request, reply) => notFound(request.url, reply));

  app.setErrorHandler((err: FastifyError, request, reply) => {
    // Body-stage errors on a path that matches no route: the URL is what is wrong.
    if (request.is404) return notFound(request.url, reply);
    const status = err.statusCode ?? 500;
    if (request.url.startsWith('/__driver/') && status >= 400 && status < 500) {
      return reply.code(400).send({ error: err.message });
    }
    // Inbound: a body too large (413) or a broken body stream (400) is one of the "other errors"
    // of the request body; anything else is an internal error. Both are 500 in the document.
    log(`error: ${err.code ?? err.name} → 500`);
    const text = status === 413 ? 'Request body too large.' : status < 500 ? 'Request body could not be read.' : 'Internal server error.';
    return reply.code(500).send(sw.variation('error-extra-fields') ? { error: text, code: 5000 } : { error: text });
  });

  registerInbound(app, { channels, inbox, agent, sw, log });
  installResponseMutants(app, sw);
  registerDriver(app, { channels, inbox, agent, log });

  app.addHook('onClose', async () => agent.stop());
  return app;
}
