/**
 * The omnichannel-client driver endpoints (suites/omnichannel-client/README.md), under `/__driver`:
 * what a real client channel server does in its settings and what its visitors do, for automation.
 *
 *   POST /__driver/client/platform        {"url","token"}   → 200 {"ok": true}
 *   POST /__driver/client/visitor-message {"chatId","visitor","kind","text"?,"file"?,"button"?} → 202 {"ok": true}
 *   GET  /__driver/client/visitor-inbox?chat_id=ID → 200 {"messages": [...]}
 *
 * Other `/__driver/...` paths are 404 ("not supported"), from the server's not-found handler.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { ClientState } from './state.ts';
import type { Poster } from './poster.ts';
import { parseVisitorAction, isObject, type EventFactory } from './visitor-events.ts';
import { isHttpUrl, parseJson } from '../common/json.ts';

export const DRIVER_PREFIX = '/__driver';

export interface DriverDeps {
  state: ClientState;
  poster: Poster;
  events: EventFactory;
  log: (line: string) => void;
}

export function registerDriver(app: FastifyInstance, d: DriverDeps): void {
  app.post(`${DRIVER_PREFIX}/client/platform`, async (request, reply) => {
    const body = parseJson(request.body);
    if (!isObject(body)) return reply.code(400).send({ error: 'The body must be a JSON object.' });
    if (!isHttpUrl(body.url)) return reply.code(400).send({ error: 'url must be an http(s) URL.' });
    if (typeof body.token !== 'string' || body.token === '') return reply.code(400).send({ error: 'token must be a non-empty string.' });
    d.state.platform = { url: body.url, token: body.token };
    // Neither the token nor the URL in the log: the inbound URL made of them is a secret.
    d.log('driver: platform configured');
    return reply.code(200).send({ ok: true });
  });

  app.post(`${DRIVER_PREFIX}/client/visitor-message`, async (request, reply) => {
    const action = parseVisitorAction(parseJson(request.body));
    if (typeof action === 'string') return reply.code(400).send({ error: `${action}.` });
    const platform = d.state.platform;
    if (!platform) return reply.code(409).send({ error: 'No platform configured: POST client/platform first.' });
    d.state.open(action.chatId, action.visitor.id);
    const event = d.events.eventFor(action);
    if (!('skip' in event)) d.state.alias(event.chat_id, action.chatId);
    if ('skip' in event) {
      d.log(`driver: visitor ${action.kind} in chat ${String(action.chatId)} not posted (${event.skip})`);
    } else {
      d.log(`driver: visitor ${action.kind} in chat ${String(action.chatId)}`);
      d.poster.enqueue(platform, event);
    }
    return reply.code(202).send({ ok: true });
  });

  app.get<{ Querystring: { chat_id?: string | string[] } }>(`${DRIVER_PREFIX}/client/visitor-inbox`, async (request, reply) => {
    const chatId = request.query.chat_id;
    if (typeof chatId !== 'string') return reply.code(400).send({ error: 'chat_id query parameter is required (once).' });
    return reply.code(200).send({ messages: d.state.inbox(chatId) });
  });
}
