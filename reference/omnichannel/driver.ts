import type { FastifyInstance } from 'fastify';
import type { ChannelStore } from './channels.ts';
import type { Inbox } from './inbox.ts';
import { isObject } from './translate.ts';

/**
 * The omnichannel driver endpoints of interface.md, under `/__driver`: what a real platform does in
 * its agent-channel settings window and agent console, exposed for automation.
 *
 *   POST /__driver/omnichannel/channel  {"token","webhookUrl","webhookToken","active"} → 200 {"ok": true}
 *   GET  /__driver/omnichannel/inbox?chat_id=ID → 200 {"messages": [{"text"}], "variables": {...}}
 *
 * Other `/__driver/...` paths are 404 ("not supported"), from the server's not-found handler.
 */
export const DRIVER_PREFIX = '/__driver';

export interface DriverDeps {
  channels: ChannelStore;
  inbox: Inbox;
  log: (line: string) => void;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function registerDriver(app: FastifyInstance, d: DriverDeps): void {
  app.post(`${DRIVER_PREFIX}/omnichannel/channel`, async (request, reply) => {
    // Bodies arrive as text (server.ts parses nothing itself).
    let body: unknown;
    try {
      body = typeof request.body === 'string' ? JSON.parse(request.body) : undefined;
    } catch {
      body = undefined;
    }
    if (!isObject(body)) return reply.code(400).send({ error: 'Body must be a JSON object.' });
    const { token, webhookUrl = null, active = true } = body;
    // An empty token field is an unfilled field: unique-URL authorization, as with null.
    const webhookToken = body.webhookToken === '' || body.webhookToken === undefined ? null : body.webhookToken;
    if (typeof token !== 'string' || token === '') return reply.code(400).send({ error: 'token must be a non-empty string.' });
    if (webhookUrl !== null && (typeof webhookUrl !== 'string' || !isHttpUrl(webhookUrl))) {
      return reply.code(400).send({ error: 'webhookUrl must be an http(s) URL or null.' });
    }
    if (webhookToken !== null && typeof webhookToken !== 'string') {
      return reply.code(400).send({ error: 'webhookToken must be a string or null.' });
    }
    if (typeof active !== 'boolean') return reply.code(400).send({ error: 'active must be a boolean.' });
    d.channels.upsert({ token, webhookUrl, webhookToken, active });
    // Neither the token nor the URL in the log: both may be secrets.
    d.log(`driver: channel ${active ? 'active' : 'inactive'}, ${webhookToken === null ? 'unique-URL' : 'header'} authorization`);
    return reply.code(200).send({ ok: true });
  });

  app.get<{ Querystring: { chat_id?: string | string[] } }>(`${DRIVER_PREFIX}/omnichannel/inbox`, async (request, reply) => {
    const chatId = request.query.chat_id;
    if (typeof chatId !== 'string') return reply.code(400).send({ error: 'chat_id query parameter is required (once).' });
    return reply.code(200).send(d.inbox.view(chatId));
  });
}
