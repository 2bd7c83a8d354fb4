import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ReferenceOptions } from '../types.ts';
import { basePathFor, switches, type Switches } from './mutants.ts';
import { DESTINATIONS, OperatorState, type Session } from './state.ts';
import { EventFactory } from './events.ts';
import { WebhookSender } from './webhook-sender.ts';
import { registerDriver } from './driver.ts';
import {
  BadRequest,
  isAbsoluteHttpUrl,
  objectBody,
  optionalSize,
  optionalString,
  parseJson,
  preChatFields,
  requireString,
} from './request-body.ts';

/**
 * The reference engagement platform: the Operator API server of the seed documents
 * (000_7e10e15c1a66dcd6.txt, 001_8408f8b31a66f68f.txt, 002_076e16f58a013e4f.txt) and the driver of
 * interface.md. Malformed requests get 4xx, never 5xx (unless a mutant says otherwise).
 */
export interface BuildOptions extends ReferenceOptions {
  /** Path prefix of the API routes (not of the driver). Default: that of the variation, else none. */
  basePath?: string;
}

/** `{channel}` of the default name "{channel} {userId}": this platform's name for the bot channel. */
const CHANNEL = 'chatbot';

interface Deps {
  state: OperatorState;
  sw: Switches;
  /** The name the agent sees for a client who gave none. */
  defaultName: (userId: string) => string;
}

export function build(opts: BuildOptions = {}): FastifyInstance {
  const sw = switches(opts);
  const log = opts.log ?? (() => undefined);
  const basePath = (opts.basePath ?? basePathFor(opts)).replace(/\/+$/, '');

  // "If no value is passed, the agent will see {channel} {userId} as the name."
  const defaultName = (userId: string): string => (sw.mutant('default-name-anonymous') ? 'Anonymous' : `${CHANNEL} ${userId}`);
  const state = new OperatorState(defaultName);
  const sender = new WebhookSender({ sw, log });
  const app = Fastify({ logger: false });

  installBodyParsing(app, sw);
  installErrorAnswers(app, sw);
  app.addHook('onResponse', async (req, reply) => {
    log(`${req.method} ${req.url} -> ${reply.statusCode}`);
  });
  app.addHook('onClose', async () => {
    await sender.close();
  });

  void app.register((r, _o, done) => {
    registerApi(r, { state, sw, defaultName });
    done();
  }, { prefix: basePath });
  registerDriver(app, { state, events: new EventFactory(sw), sender, sw, log });
  return app;
}

/** JSON bodies only: a body that does not parse is 400 (assumptions.md: 4xx), one place for the rule. */
function installBodyParsing(app: FastifyInstance, sw: Switches): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch {
      const err = new BadRequest('the body is not valid JSON') as BadRequest & { statusCode: number; mutant?: boolean };
      if (sw.mutant('bad-json-500')) Object.assign(err, { statusCode: 500, mutant: true });
      done(err, undefined);
    }
  });
}

/** Every error becomes a 4xx with `{"error": "..."}`: fastify's own 4xx kept, anything else 400. */
function installErrorAnswers(app: FastifyInstance, sw: Switches): void {
  app.setErrorHandler((err, _req, reply) => {
    const e = err as { statusCode?: number; message?: string; mutant?: boolean };
    let status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 400;
    if (e.mutant && typeof e.statusCode === 'number') status = e.statusCode;
    void reply.code(status).send(withExtras(sw, { error: e.message || 'bad request' }));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(withExtras(sw, { error: `no route for ${req.method} ${req.url.split('?')[0]}` }));
  });
}

/** The extra-fields variation: an unknown field in every answer body. */
function withExtras<T extends object>(sw: Switches, body: T): T {
  return sw.variation('extra-fields') ? { ...body, requestId: randomUUID() } : body;
}

/** A successful POST: 200 `{}`, or 204 without a body under the answers-204 variation. */
function ok(sw: Switches, reply: FastifyReply): FastifyReply {
  if (sw.variation('answers-204')) return reply.code(204).send();
  return reply.code(200).send(withExtras(sw, {}));
}

/** The URL events go to, as stored by setWebhook. */
function webhookTarget(sw: Switches, url: string): string {
  const u = new URL(url);
  if (sw.mutant('webhook-query-dropped')) u.search = '';
  if (sw.mutant('webhook-path-truncated')) u.pathname = u.pathname.replace(/\/[^/]*\/?$/, '') || '/';
  return sw.mutant('webhook-query-dropped') || sw.mutant('webhook-path-truncated') ? u.toString() : url;
}

/** The mandatory userId (the missing-user-id-accepted mutant makes one up instead of refusing). */
function userIdOf(sw: Switches, b: Record<string, unknown>): string {
  if (sw.mutant('missing-user-id-accepted') && b.userId === undefined) return 'anonymous';
  return requireString(b, 'userId');
}

function registerApi(r: FastifyInstance, { state, sw, defaultName }: Deps): void {
  r.post('/setWebhook', async (req, reply) => {
    const b = objectBody(req.body);
    if (sw.mutant('set-webhook-url-optional') && b.url === undefined) return ok(sw, reply);
    const url = requireString(b, 'url');
    if (!isAbsoluteHttpUrl(url)) throw new BadRequest('the field "url" must be an absolute http(s) URL');
    if (!(sw.mutant('set-webhook-ignored') && state.webhookUrl !== undefined)) {
      state.webhookUrl = webhookTarget(sw, url);
    }
    if (sw.mutant('set-webhook-answers-500')) return reply.code(500).send({ error: 'internal error' });
    return ok(sw, reply);
  });

  r.get('/getDestinations', async (_req, reply) => {
    const destinations = DESTINATIONS.map((g) => {
      const d: Record<string, unknown> = { ...g };
      if (sw.mutant('destinations-has-online-string')) d.hasOnline = String(g.hasOnline);
      if (sw.mutant('destinations-missing-name')) delete d.name;
      if (sw.variation('extra-fields')) d.description = `Agents of ${g.name}`;
      return d;
    });
    if (sw.mutant('destinations-bare-array')) return reply.send(destinations);
    if (sw.mutant('destinations-status-201')) return reply.code(201).send({ destinations });
    return reply.send(withExtras(sw, { destinations }));
  });

  r.post('/selectDestination', async (req, reply) => {
    const b = objectBody(req.body);
    const userId = userIdOf(sw, b);
    const destinationId = sw.mutant('select-destination-default-group') && b.destinationId === undefined ? '1' : requireString(b, 'destinationId');
    if (sw.mutant('select-destination-custom-data-refused') && b.customData !== undefined) {
      throw new BadRequest('the field "customData" is not supported');
    }
    if (sw.mutant('select-destination-requires-optional')) {
      requireString(b, 'userName');
      if (b.attributes === undefined) throw new BadRequest('the field "attributes" is missing');
    }
    // A blank userName counts as none: the agent gets the default name.
    const given = optionalString(b, 'userName')?.trim() ? optionalString(b, 'userName') : undefined;
    const attributes = sw.mutant('attributes-dropped') ? {} : (preChatFields(b.attributes) ?? {});
    const hiddenAttributes = preChatFields(b.hiddenAttributes) ?? {};
    const session: Session = {
      destinationId,
      userName: given !== undefined && !sw.mutant('user-name-ignored') ? given : defaultName(userId),
      // hiddenAttributes "will not be sent to the agent": kept apart from what the agent sees.
      attributes: sw.mutant('hidden-attributes-leak') ? { ...attributes, ...hiddenAttributes } : attributes,
      hiddenAttributes,
      customData: b.customData,
    };
    state.startSession(userId, session);
    return ok(sw, reply);
  });

  r.post('/sendText', async (req, reply) => {
    if (sw.mutant('send-text-500')) return reply.code(500).send({ error: 'internal error' });
    const b = objectBody(req.body);
    const userId = userIdOf(sw, b);
    const text = sw.mutant('missing-field-accepted') ? optionalString(b, 'text') : requireString(b, 'text');
    if (!sw.mutant('send-text-not-recorded')) {
      const seen = text !== undefined && sw.mutant('send-text-unicode-mangled') ? text.replace(/[^\x00-\x7f]/gu, '?') : text;
      state.addMessage(userId, seen === undefined ? { from: 'client' } : { from: 'client', text: seen });
    }
    return ok(sw, reply);
  });

  r.post('/sendFile', async (req, reply) => {
    const b = objectBody(req.body);
    const userId = userIdOf(sw, b);
    const url = sw.mutant('send-file-url-optional') ? (optionalString(b, 'url') ?? '') : requireString(b, 'url');
    const fileName = optionalString(b, 'fileName');
    if (sw.mutant('send-file-size-refused') && b.size !== undefined) throw new BadRequest('the field "size" is not supported');
    if (sw.mutant('send-file-requires-optional')) {
      if (fileName === undefined) throw new BadRequest('the field "fileName" is missing');
      if (optionalSize(b, 'size') === undefined) throw new BadRequest('the field "size" is missing');
    }
    state.addMessage(userId, {
      from: 'client',
      ...(sw.mutant('send-file-url-lost') ? {} : { url }),
      ...(fileName !== undefined ? { text: fileName } : {}),
    });
    return ok(sw, reply);
  });

  r.post('/closeChat', async (req, reply) => {
    const b = objectBody(req.body);
    const userId = userIdOf(sw, b);
    const text = sw.mutant('close-chat-text-optional') ? optionalString(b, 'text') : requireString(b, 'text');
    state.close(userId, text);
    if (sw.mutant('close-chat-500')) return reply.code(500).send({ error: 'internal error' });
    return ok(sw, reply);
  });
}
