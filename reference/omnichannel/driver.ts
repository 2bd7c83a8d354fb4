/**
 * The omnichannel driver endpoints of the README's driver protocol, under `/__driver`: what a real platform does in
 * its agent-channel settings window and agent console, exposed for automation.
 *
 *   POST /__driver/omnichannel/channel  {"token","webhookUrl","webhookToken","active"} → 200 {"ok": true}
 *   GET  /__driver/omnichannel/inbox?chat_id=ID → 200 {"messages": [{"text"}], "variables": {...}}
 *   POST /__driver/omnichannel/agent-message {"chat_id","text"?,"buttons"?: [[{"id","text"}]]} → 200 {"ok": true}
 *        the agent writes that in the chat (a send_message follows); 400 for a chat it never received
 *        anything from (it would not know the chat's channel)
 *
 * Other `/__driver/...` paths are 404 ("not supported"), from the server's not-found handler.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { ChannelStore } from './channels.ts';
import type { Inbox } from './inbox.ts';
import type { Agent, AgentWrite, Button } from './agent.ts';
import { isObject } from './translate.ts';
import { isHttpUrl } from '../common/json.ts';

export const DRIVER_PREFIX = '/__driver';

export interface DriverDeps {
  channels: ChannelStore;
  inbox: Inbox;
  agent: Agent;
  log: (line: string) => void;
}

function parseBody(raw: unknown): unknown {
  try {
    return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Rows of buttons, each {id: non-empty string or number, text: string}; a sentence when malformed. */
function parseButtons(v: unknown): Button[][] | string {
  const bad = 'buttons must be a non-empty array of rows of {"id", "text"}';
  if (!Array.isArray(v) || v.length === 0) return bad;
  const rows: Button[][] = [];
  for (const row of v) {
    if (!Array.isArray(row) || row.length === 0) return bad;
    const out: Button[] = [];
    for (const b of row) {
      if (!isObject(b) || typeof b.text !== 'string') return bad;
      if (!((typeof b.id === 'string' && b.id !== '') || (typeof b.id === 'number' && Number.isFinite(b.id)))) return bad;
      out.push({ id: b.id, text: b.text });
    }
    rows.push(out);
  }
  return rows;
}

/** The driver's agent-message body, validated: the chat_id and what to write, or a sentence. */
export function parseAgentMessage(body: unknown): { chatId: string | number; write: AgentWrite } | string {
  if (!isObject(body)) return 'Body must be a JSON object.';
  const chatId = body.chat_id;
  if (!((typeof chatId === 'string' && chatId !== '') || (typeof chatId === 'number' && Number.isFinite(chatId)))) {
    return 'chat_id must be a number or a non-empty string.';
  }
  const write: AgentWrite = {};
  if (body.text !== undefined && body.text !== null) {
    if (typeof body.text !== 'string') return 'text must be a string.';
    write.text = body.text;
  }
  if (body.buttons !== undefined && body.buttons !== null) {
    const buttons = parseButtons(body.buttons);
    if (typeof buttons === 'string') return `${buttons}.`;
    write.buttons = buttons;
  }
  if (write.text === undefined && write.buttons === undefined) return 'text or buttons is required.';
  return { chatId, write };
}

export function registerDriver(app: FastifyInstance, d: DriverDeps): void {
  app.post(`${DRIVER_PREFIX}/omnichannel/channel`, async (request, reply) => {
    // Bodies arrive as text (server.ts parses nothing itself).
    const body = parseBody(request.body);
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

  app.post(`${DRIVER_PREFIX}/omnichannel/agent-message`, async (request, reply) => {
    const parsed = parseAgentMessage(parseBody(request.body));
    if (typeof parsed === 'string') return reply.code(400).send({ error: parsed });
    const origin = d.inbox.origin(parsed.chatId);
    if (!origin) return reply.code(400).send({ error: 'The agent has no chat with this chat_id (no visitor message reached it).' });
    // The chat_id as the client server sent it (same JSON type), on the chat's own channel.
    d.agent.write(d.channels.get(origin.token), origin.chatId, parsed.write);
    d.log(`driver: the agent writes in chat ${String(origin.chatId)}`);
    return reply.code(200).send({ ok: true });
  });
}
