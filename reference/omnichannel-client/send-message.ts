/**
 * `POST {Channel webhook URL}/send_message`: the agent sends a message to the interlocutor (the
 * document's "Requests from the Platform to the client channel/server"). In this order:
 *
 *   1. header authorization: when a client token is set, `Authorization: Token {token}` (the scheme
 *      word in any case, as HTTP compares schemes: docs/readings omni-client-auth-scheme-case), else
 *      401 (the document's "Client-side authentication: Header"); without one, the URL itself
 *      authorizes ("Unique URL") and no header is looked at;
 *   2. a body that is not a JSON object                              → 400
 *   3. chat_id missing (or not an integer or a non-empty string)     → 400
 *   4. message missing, or a kind other than operator / keyboard / file_operator, or without the
 *      field its kind needs (operator: text; keyboard: buttons; file_operator: data.url) → 400
 *   5. otherwise the visitor of that chat receives it                → 200 {"result": "ok"}
 *
 * The message kinds follow Webim External Bot API 2.0 (docs/readings omni-send-message-body). Messages
 * to a chat no visitor has opened yet are delivered too (the document leaves "the agent writes first"
 * to the channel's discretion, omni-agent-first; the agent-first-refused variation refuses them).
 * The variations take the document's other freedoms: file-operator-refused (files travel as links,
 * omni-files-as-links), long-agent-text-cut (omni-long-agent-text), answers-2xx (gen-2xx-for-200).
 * @module
 */

import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Switches } from './mutants.ts';
import type { ChatId, ClientState, VisitorMessage } from './state.ts';
import { isObject, type JsonObject } from './visitor-events.ts';
import { parseJson } from '../common/json.ts';

/** The body of the 200 answer to a send_message that is accepted. */
export const SEND_MESSAGE_ANSWER = { result: 'ok' } as const;

export interface SendMessageDeps {
  state: ClientState;
  sw: Switches;
  /** The "Channel webhook: Token" expected in the header; null: unique-URL authorization. */
  clientToken: string | null;
  /** Path prefix of the Channel webhook URL ('' or '/something'). */
  basePath: string;
  log: (line: string) => void;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Authorization = 'ok' | 'missing' | 'wrong';

function authorization(header: string | undefined, clientToken: string | null, sw: Switches): Authorization {
  if (clientToken === null) return 'ok';
  if (header === undefined) return 'missing';
  const parts = /^(\S+) +(.*)$/s.exec(header);
  if (!parts) return 'wrong';
  const [, scheme, credential] = parts;
  let schemeOk: boolean;
  if (sw.mutant('send-message-bearer-only')) schemeOk = scheme === 'Bearer';
  else if (sw.mutant('send-message-scheme-case-sensitive')) schemeOk = scheme === 'Token';
  else schemeOk = scheme.toLowerCase() === 'token';
  return schemeOk && sameSecret(credential, clientToken) ? 'ok' : 'wrong';
}

const URL_IN_TEXT = /https?:\/\/\S+/g;

/** The agent's text as this instance shows it to the visitor (the mutants and variations of the text). */
function shownText(text: string, sw: Switches): string {
  let t = text;
  if (sw.mutant('operator-text-ascii-only')) t = t.replace(/[^\x00-\x7f]/g, '');
  if (sw.mutant('operator-text-trimmed')) t = t.replace(/\r\n/g, '\n').trim();
  if (sw.mutant('operator-links-removed')) t = t.replace(URL_IN_TEXT, '[link]');
  // Code points, not UTF-16 units, so that a surrogate pair is never split.
  if (sw.variation('long-agent-text-cut') && Array.from(t).length > 1000) t = Array.from(t).slice(0, 1000).join('');
  return t;
}

function isChatId(v: unknown): v is ChatId {
  return (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v !== '');
}

/** What the visitor receives of a valid message, or why the message is invalid. */
function visitorMessage(message: JsonObject, sw: Switches): VisitorMessage | string {
  switch (message.kind) {
    case 'operator': {
      if (typeof message.text !== 'string') return 'an operator message needs a text';
      return { kind: 'operator', text: shownText(message.text, sw) };
    }
    case 'keyboard': {
      if (!Array.isArray(message.buttons) || message.buttons.length === 0) return 'a keyboard message needs buttons';
      if (sw.mutant('keyboard-buttons-dropped')) return { kind: 'keyboard' };
      const buttons = structuredClone(message.buttons) as unknown[];
      if (sw.variation('inbox-plain')) return { kind: 'keyboard', buttons: labels(buttons) };
      return { kind: 'keyboard', buttons };
    }
    case 'file_operator': {
      if (sw.variation('file-operator-refused')) return 'file_operator is not supported: files travel as links in a text';
      const data = message.data;
      if (!isObject(data) || typeof data.url !== 'string') return 'a file_operator message needs data.url';
      if (sw.variation('inbox-plain')) return { kind: 'file_operator', text: data.url };
      return { kind: 'file_operator', data: structuredClone(data) };
    }
    default:
      return 'message.kind must be operator, keyboard or file_operator';
  }
}

/** Button labels, flattened (the inbox-plain variation shows buttons as the visitor sees them). */
function labels(rows: unknown[]): string[] {
  return rows.flat(2).flatMap((b) => (typeof b === 'string' ? [b] : isObject(b) && typeof b.text === 'string' ? [b.text] : []));
}

export function registerSendMessage(app: FastifyInstance, d: SendMessageDeps): void {
  const { sw, state } = d;

  const answer = (reply: FastifyReply, status: number, body: JsonObject | undefined, note: string) => {
    d.log(`send_message: ${note} → ${status}`);
    if (body === undefined) return reply.code(status).send();
    return reply.code(status).send(body);
  };
  const refused = (reply: FastifyReply, note: string) =>
    answer(reply, sw.variation('refuses-403') ? 403 : 401, { error: 'Invalid or missing Authorization header.' }, note);

  app.post(`${d.basePath}/send_message`, async (request, reply) => {
    // 1. Authorization. The header's value is never logged.
    const header = request.headers.authorization;
    const auth = sw.mutant('send-message-no-auth-check') ? 'ok' : authorization(header, d.clientToken, sw);
    const deliverAnyway = auth === 'wrong' && sw.mutant('send-message-refuses-then-delivers');
    if (auth === 'missing' && !sw.mutant('send-message-accepts-missing-header')) return refused(reply, 'no Authorization header');
    if (auth === 'wrong' && !deliverAnyway) return refused(reply, 'wrong Authorization header');

    // 2–4. The body.
    const body = parseJson(request.body);
    if (!isObject(body)) return answer(reply, 400, { error: 'The body must be a JSON object.' }, 'body not a JSON object');
    if (body.chat_id === undefined || body.chat_id === null) {
      if (sw.mutant('send-message-missing-chat-id-accepted')) return answer(reply, 200, { ...SEND_MESSAGE_ANSWER }, 'no chat_id, ignored');
      return answer(reply, 400, { error: 'Missing required parameter: chat_id.' }, 'no chat_id');
    }
    if (!isChatId(body.chat_id)) return answer(reply, 400, { error: 'chat_id must be an integer or a string.' }, 'bad chat_id');
    const chatId = body.chat_id;
    if (body.message === undefined || body.message === null) {
      if (sw.mutant('send-message-missing-message-accepted')) return answer(reply, 200, { ...SEND_MESSAGE_ANSWER }, `chat ${chatId}: no message, ignored`);
      return answer(reply, 400, { error: 'Missing required parameter: message.' }, `chat ${chatId}: no message`);
    }
    if (!isObject(body.message)) return answer(reply, 400, { error: 'message must be an object.' }, `chat ${chatId}: bad message`);
    if (body.message.kind === 'keyboard' && sw.mutant('keyboard-refused')) {
      return answer(reply, 400, { error: 'Unsupported message kind.' }, `chat ${chatId}: keyboard refused`);
    }
    const received = visitorMessage(body.message, sw);
    if (typeof received === 'string') return answer(reply, 400, { error: `${received}.` }, `chat ${chatId}: ${received}`);

    if (deliverAnyway) {
      state.deliver(chatId, received);
      return refused(reply, `chat ${chatId}: wrong Authorization header (delivered anyway)`);
    }
    // "Messages will reach the interlocutor if the agent writes first in an existing chat: at the discretion of the channel."
    if (!state.knows(chatId) && sw.variation('agent-first-refused')) {
      return answer(reply, 404, { error: 'No such chat.' }, `chat ${chatId}: unknown chat`);
    }

    // 5. Delivered to the visitor.
    if (!(received.kind === 'operator' && sw.mutant('operator-not-delivered'))) {
      state.deliver(chatId, received);
      if (sw.mutant('send-message-to-visitor')) for (const other of state.chatsOfSameVisitor(chatId)) state.deliver(other, structuredClone(received));
    }
    const note = `chat ${chatId}: ${received.kind}`;
    if (sw.variation('answers-2xx')) return received.kind === 'keyboard' ? answer(reply, 204, undefined, note) : answer(reply, 202, { status: 'queued' }, note);
    if (sw.variation('nulls')) return answer(reply, 200, { ...SEND_MESSAGE_ANSWER, error: null }, note);
    return answer(reply, 200, sw.variation('answers-empty-body') ? undefined : { ...SEND_MESSAGE_ANSWER }, note);
  });
}
