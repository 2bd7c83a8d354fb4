/**
 * The reference engagement platform: the Operator API server of the seed documents
 * (the Operator API pages of Aimylogic, Tovie DialogStudio and JAICP) and the driver
 * protocol of the README. Malformed requests get 4xx, never 5xx (unless a mutant says otherwise).
 * @module
 */

import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ReferenceOptions } from '../types.ts';
import { catalogue, type Switches } from './mutants.ts';
import { DESTINATIONS, OperatorState, type Session } from './state.ts';
import { EventFactory } from './events.ts';
import { WebhookSender } from './webhook-sender.ts';
import { registerDriver } from './driver.ts';
import { RESPONSE_MUTANTS } from './response-mutants.ts';
import { installResponseMutants } from '../common/response-mutants.ts';
import { BadRequest, isAbsoluteHttpUrl, objectBody, optionalSize, optionalString, parseJson, preChatFields, requireString } from './request-body.ts';

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

/** The path prefix of the API routes: `/operator/v1` under the path-prefix variation, else none. */
export function basePathFor(opts: Pick<ReferenceOptions, 'mutant' | 'variation'>): string {
  const sw = catalogue.switches(opts);
  return sw.variation('path-prefix') ? '/operator/v1' : '';
}

export function build(opts: BuildOptions = {}): FastifyInstance {
  const sw = catalogue.switches(opts);
  const log = opts.log ?? (() => undefined);
  const basePath = (opts.basePath ?? basePathFor(opts)).replace(/\/+$/, '');

  // "If no value is passed, the agent will see {channel} {userId} as the name."
  const defaultName = (userId: string): string => (sw.mutant('default-name-anonymous') ? 'Anonymous' : `${CHANNEL} ${userId}`);
  const state = new OperatorState(
    defaultName,
    {
      nulls: sw.variation('nulls-for-absent'),
      systemEntries: sw.variation('chat-system-entries'),
    },
    sw.mutant('hidden-attributes-leak-on-retransfer'),
  );
  const sender = new WebhookSender({ sw, log });
  const app = Fastify({ logger: false });

  installBodyParsing(app, sw);
  installErrorAnswers(app, sw);
  installResponseMutants(app, sw, RESPONSE_MUTANTS, basePath);
  app.addHook('onResponse', async (req, reply) => {
    log(`${req.method} ${req.url} -> ${reply.statusCode}`);
  });
  app.addHook('onClose', async () => {
    await sender.close();
  });

  void app.register(
    (r, _o, done) => {
      registerApi(r, { state, sw, defaultName });
      done();
    },
    { prefix: basePath },
  );
  registerDriver(app, { state, events: new EventFactory(sw), sender, sw, log });
  return app;
}

/** JSON bodies only: a body that does not parse is 400 (reading gen-malformed-4xx), one place for the rule. */
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
  app.setErrorHandler((err, req, reply) => {
    const e = err as { statusCode?: number; message?: string; mutant?: boolean };
    let status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 400;
    if (e.mutant && typeof e.statusCode === 'number') status = e.statusCode;
    // The mutant writes the userId into a header, which only printable Latin-1 survives.
    const echoed = (req.body as { userId?: unknown } | undefined)?.userId;
    if (sw.mutant('refusal-echoes-user-id') && typeof echoed === 'string' && /[^\t\x20-\x7e\xa0-\xff]/.test(echoed)) status = 500;
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

/** The odd-2xx-answers variation: per method, a 2xx status and a body of its own (any 2xx is success). */
const ODD_ANSWERS: Record<string, { status: number; type?: string; body?: string }> = {
  setWebhook: { status: 201, type: 'text/plain', body: 'ok' },
  selectDestination: { status: 202, type: 'application/json', body: '{"status":"queued"}' },
  sendText: { status: 200, type: 'application/json', body: '"ok"' },
  sendFile: { status: 201, type: 'text/plain', body: 'accepted' },
  closeChat: { status: 202 },
};

/** A successful POST of `op`: 200 `{}`, or what the answer variations say. */
function ok(sw: Switches, reply: FastifyReply, op: string): FastifyReply {
  if (sw.variation('answers-204')) return reply.code(204).send();
  const odd = sw.variation('odd-2xx-answers') ? ODD_ANSWERS[op] : undefined;
  if (odd) {
    if (odd.type) void reply.type(odd.type);
    return reply.code(odd.status).send(odd.body ?? '');
  }
  if (sw.variation('nulls-for-absent')) return reply.code(200).send({ error: null, data: null });
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

/** Where a client's message is filed: the user's chat (the user-id-case-folded mutant: the lower-cased id's). */
function filedUnder(sw: Switches, userId: string): string {
  return sw.mutant('user-id-case-folded') ? userId.toLowerCase() : userId;
}

/** Whether `decodeURI` accepts the url (the webhook-url-decoded mutant's failure). */
function decodes(url: string): boolean {
  try {
    decodeURI(url);
    return true;
  } catch {
    return false;
  }
}

function isEmptyObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
}

function registerApi(r: FastifyInstance, { state, sw, defaultName }: Deps): void {
  r.post('/setWebhook', async (req, reply) => {
    const b = objectBody(req.body);
    if (sw.mutant('set-webhook-url-optional') && b.url === undefined) return ok(sw, reply, 'setWebhook');
    const url = requireString(b, 'url');
    if (sw.mutant('webhook-url-decoded') && !decodes(url)) return reply.code(500).send({ error: 'URIError: URI malformed' });
    if (!isAbsoluteHttpUrl(url)) throw new BadRequest('the field "url" must be an absolute http(s) URL');
    if (!(sw.mutant('set-webhook-ignored') && state.webhookUrl !== undefined)) {
      state.webhookUrl = webhookTarget(sw, url);
    }
    return ok(sw, reply, 'setWebhook');
  });

  r.get('/getDestinations', async (_req, reply) => {
    const destinations = DESTINATIONS.map((g) => {
      const d: Record<string, unknown> = { ...g };
      if (sw.variation('extra-fields')) d.description = `Agents of ${g.name}`;
      if (sw.variation('nulls-for-absent')) d.description = null;
      return d;
    });
    // The document shows the body and names no status: any 2xx with it conforms.
    if (sw.variation('odd-2xx-answers')) return reply.code(201).send({ destinations });
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
    if (sw.mutant('pre-chat-string-not-json-500') && [b.attributes, b.hiddenAttributes].some((v) => typeof v === 'string' && preChatFields(v) === undefined)) {
      return reply.code(500).send({ error: 'SyntaxError: Unexpected token' });
    }
    if (sw.mutant('empty-attributes-refused') && [b.attributes, b.hiddenAttributes].some((v) => isEmptyObject(v))) {
      throw new BadRequest('attributes must not be empty');
    }
    if (sw.mutant('pre-chat-string-refused') && (typeof b.attributes === 'string' || typeof b.hiddenAttributes === 'string')) {
      throw new BadRequest('attributes and hiddenAttributes must be objects');
    }
    // A blank userName counts as none: the agent gets the default name.
    const given = optionalString(b, 'userName')?.trim() ? optionalString(b, 'userName') : undefined;
    const ignored = sw.mutant('attributes-dropped') || (sw.mutant('pre-chat-string-ignored') && typeof b.attributes === 'string');
    const attributes = ignored ? {} : (preChatFields(b.attributes) ?? {});
    const hiddenAttributes = preChatFields(b.hiddenAttributes) ?? {};
    const session: Session = {
      destinationId,
      userName: given !== undefined && !sw.mutant('user-name-ignored') ? given : defaultName(userId),
      // hiddenAttributes "will not be sent to the agent": kept apart from what the agent sees.
      attributes: sw.mutant('hidden-attributes-leak') ? { ...attributes, ...hiddenAttributes } : attributes,
      hiddenAttributes,
      customData: sw.mutant('custom-data-dropped') ? undefined : b.customData,
    };
    state.startSession(userId, session);
    return ok(sw, reply, 'selectDestination');
  });

  r.post('/sendText', async (req, reply) => {
    if (sw.mutant('send-text-500')) return reply.code(500).send({ error: 'internal error' });
    const b = objectBody(req.body);
    const userId = userIdOf(sw, b);
    const text = sw.mutant('missing-field-accepted') ? optionalString(b, 'text') : requireString(b, 'text');
    if (sw.mutant('combining-text-500') && text !== undefined && /[\p{M}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(text)) {
      return reply.code(500).send({ error: 'internal error' });
    }
    if (!sw.mutant('send-text-not-recorded')) {
      let seen = text;
      if (seen !== undefined && sw.mutant('send-text-unicode-mangled')) seen = seen.replace(/[^\x00-\x7f]/gu, '?');
      if (seen !== undefined && sw.mutant('send-text-trimmed')) seen = seen.trim().replace(/\r\n/g, '\n');
      state.addMessage(filedUnder(sw, userId), seen === undefined ? { from: 'client' } : { from: 'client', text: seen });
    }
    return ok(sw, reply, 'sendText');
  });

  r.post('/sendFile', async (req, reply) => {
    const b = objectBody(req.body);
    const userId = userIdOf(sw, b);
    const url = sw.mutant('send-file-url-optional') ? (optionalString(b, 'url') ?? '') : requireString(b, 'url');
    const fileName = optionalString(b, 'fileName');
    if (sw.mutant('file-name-header-500') && fileName !== undefined && /[^\x20-\x7e]/.test(fileName)) {
      return reply.code(500).send({ error: 'TypeError: Invalid character in header content ["Content-Disposition"]' });
    }
    if (sw.mutant('send-file-size-refused') && b.size !== undefined) throw new BadRequest('the field "size" is not supported');
    if (sw.mutant('send-file-requires-optional')) {
      if (fileName === undefined) throw new BadRequest('the field "fileName" is missing');
      if (optionalSize(b, 'size') === undefined) throw new BadRequest('the field "size" is missing');
    }
    state.addMessage(filedUnder(sw, userId), {
      from: 'client',
      ...(sw.mutant('send-file-url-lost') ? {} : { url }),
      ...(fileName !== undefined ? { text: fileName } : {}),
    });
    return ok(sw, reply, 'sendFile');
  });

  r.post('/closeChat', async (req, reply) => {
    const b = objectBody(req.body);
    const userId = userIdOf(sw, b);
    const text = sw.mutant('close-chat-text-optional') ? optionalString(b, 'text') : requireString(b, 'text');
    if (sw.mutant('close-chat-unknown-user-500') && !state.hasChat(userId))
      return reply.code(500).send({ error: 'TypeError: Cannot read properties of undefined' });
    state.close(userId, text);
    return ok(sw, reply, 'closeChat');
  });
}
