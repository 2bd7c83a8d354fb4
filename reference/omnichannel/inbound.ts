/**
 * The inbound endpoint, `POST /connector/omnichannel/omnichannel_message/{token}/bot_api_webhook`,
 * and the document's error table, checked in this order (docs/readings omni-one-rule-at-a-time: each
 * rule is checked alone, so the order only matters when several apply):
 *
 *   1. body not valid JSON, or not a JSON object      → 500 ("other errors" of the request JSON)
 *   2. unknown token or inactive channel              → 400 {"error": "There is no active channel for received event."}
 *   3. chat_id or message missing                     → 400 (missing parameter)
 *   4. visitor or visitor.id missing                  → 400
 *   5. event missing                                  → 400 (read as a missing parameter)
 *   6. chat_id an object, array or other non-scalar   → 500
 *   7. event other than new_message                   → 200, ignored
 *   8. message.kind other than the three              → 200, ignored
 *   9. a parameter the kind needs missing             → 400; a file not ready → 200, ignored
 *  10. otherwise                                      → 200 {}, and the agent receives the text
 *
 * The accepts-202-204 variation answers the valid events of 9 and 10 with 202 or 204 instead (any 2xx:
 * docs/readings gen-2xx-for-200); the rows whose status the document names keep it.
 *
 * The mutants that only reshape the refusals of rows 1 and 2 live in response-mutants.ts.
 *
 * The answers come from error-table.ts, which states these rows in this order for the fake platform
 * of the omnichannel-client suite too; test/unit/fakes-tables.spec.ts holds this handler to it.
 * @module
 */

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ChannelStore } from './channels.ts';
import { Inbox } from './inbox.ts';
import type { Agent, ChatId } from './agent.ts';
import type { Switches } from './mutants.ts';
import { agentText, channelVariables, isMessageKind, isObject, type JsonObject } from './translate.ts';
import { INBOUND_ANSWERS, NO_ACTIVE_CHANNEL } from './error-table.ts';
import { parseJson } from '../common/json.ts';

/** The inbound endpoint's route, as fastify writes it. */
export const INBOUND_PATH = '/connector/omnichannel/omnichannel_message/:token/bot_api_webhook';

export { NO_ACTIVE_CHANNEL };

export interface InboundDeps {
  channels: ChannelStore;
  inbox: Inbox;
  agent: Agent;
  sw: Switches;
  log: (line: string) => void;
}

/** Error codes of the error-extra-fields variation; their values mean nothing to a client. */
const EXTRA_CODES = { noChannel: 4001, missing: 4002, badJson: 5001, badChatId: 5002 } as const;

function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Combining marks and bidirectional controls: what the bidi-or-combining-500 mutant's normaliser chokes on. */
const BIDI_OR_COMBINING = /[\p{M}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The ignored-value-in-header-500 mutant echoes an ignored event or kind in a header: only printable ASCII fits. */
function printableAscii(v: unknown): boolean {
  return typeof v !== 'string' || /^[\x20-\x7e]*$/.test(v);
}

function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

export function registerInbound(app: FastifyInstance, d: InboundDeps): void {
  const { sw } = d;

  // The chats-by-visitor mutant files every message of a visitor under the first chat it wrote in.
  const firstChatOf = new Map<string, string>();
  const chatKey = (chatId: ChatId, visitor: JsonObject): string => {
    const key = Inbox.key(chatId);
    if (!sw.mutant('chats-by-visitor') || typeof visitor.id !== 'string') return key;
    if (!firstChatOf.has(visitor.id)) firstChatOf.set(visitor.id, key);
    return firstChatOf.get(visitor.id)!;
  };

  // The file-downloaded mutant fetches the file it was told about (loopback only: a mutant never
  // reaches out of the machine), as a platform that stores or scans uploads would.
  const download = (message: JsonObject): void => {
    const url = isObject(message.data) && typeof message.data.url === 'string' ? message.data.url : undefined;
    if (!url || !isLoopback(url)) return;
    void fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) })
      .then((res) => res.body?.cancel())
      .catch(() => undefined);
  };

  const errorBody = (text: string, code: number): JsonObject => {
    if (sw.variation('error-extra-fields')) return { error: text, code };
    // Optional properties serialised as null (docs/readings gen-null-absent).
    if (sw.variation('nulls')) return { error: text, code: null, details: null };
    return { error: text };
  };
  const OK: JsonObject = sw.variation('nulls') ? { result: null } : {};

  /** `body` undefined: no body at all (a 204). */
  const answer = (reply: FastifyReply, status: number, body: JsonObject | undefined, note: string) => {
    d.log(`inbound: ${note} → ${status}`);
    return body === undefined ? reply.code(status).send() : reply.code(status).send(body);
  };
  /** A valid event accepted: 200, or 202 / 204 in the accepts-202-204 variation. */
  const accepted = (reply: FastifyReply, how: 'delivered' | 'held', note: string) => {
    if (!sw.variation('accepts-202-204')) return answer(reply, 200, OK, note);
    return how === 'held' ? answer(reply, 202, { status: 'accepted' }, note) : answer(reply, 204, undefined, note);
  };

  /** The mutants that answer a missing parameter 200 and ignore the event, one parameter each. */
  const ignoredWhenMissing = (parameter: string): boolean =>
    (parameter === 'chat_id' && sw.mutant('missing-chat-id-200')) ||
    (parameter === 'message' && sw.mutant('missing-message-200')) ||
    (parameter === 'visitor' && sw.mutant('missing-visitor-200')) ||
    (parameter === 'visitor.id' && sw.mutant('missing-visitor-id-200'));

  const missing = (reply: FastifyReply, parameter: string) => {
    if (ignoredWhenMissing(parameter)) return answer(reply, 200, OK, `missing ${parameter}, ignored`);
    const { status, error } = INBOUND_ANSWERS.missingParameter;
    return answer(reply, status, errorBody(error(parameter), EXTRA_CODES.missing), `missing ${parameter}`);
  };

  app.post<{ Params: { token: string } }>(INBOUND_PATH, async (request, reply) => {
    // 1. The body arrives as text whatever its content type (server.ts), so that bad JSON is ours to answer.
    const body = parseJson(request.body);
    if (!isObject(body)) {
      const { status, error } = INBOUND_ANSWERS.notJsonObject;
      return answer(reply, status, errorBody(error, EXTRA_CODES.badJson), 'body not JSON');
    }

    // 2. The channel: unknown token or inactive.
    const channel = d.channels.get(request.params.token);
    const usable =
      (channel === undefined && sw.mutant('unknown-token-200')) || (channel !== undefined && (channel.active || sw.mutant('inactive-channel-processed')));
    if (!usable) {
      const { status, error } = INBOUND_ANSWERS.noActiveChannel;
      return answer(reply, status, errorBody(error, EXTRA_CODES.noChannel), channel ? 'inactive channel' : 'unknown token');
    }

    // 3–5. Missing parameters.
    if (absent(body.chat_id)) return missing(reply, 'chat_id');
    if (absent(body.message)) return missing(reply, 'message');
    if (absent(body.visitor)) return missing(reply, 'visitor');
    const visitor = isObject(body.visitor) ? body.visitor : {};
    if (absent(visitor.id)) return missing(reply, 'visitor.id');
    if (sw.mutant('visitor-fields-required') && (!isObject(visitor.fields) || Object.values(visitor.fields).some((v) => v === null))) {
      return missing(reply, 'visitor.fields');
    }
    if (sw.mutant('empty-fields-refused') && isObject(visitor.fields) && Object.keys(visitor.fields).length === 0) {
      return missing(reply, 'visitor.fields');
    }
    if (absent(body.event)) return missing(reply, 'event');

    // 6. chat_id is documented as an integer; a string is accepted and echoed (docs/readings omni-chat-id-string).
    const rawChatId = body.chat_id;
    if (typeof rawChatId === 'string' && sw.mutant('string-chat-id-rejected')) {
      return answer(reply, 400, errorBody('chat_id must be an integer.', EXTRA_CODES.missing), 'string chat_id');
    }
    if (typeof rawChatId !== 'string' && !(typeof rawChatId === 'number' && Number.isFinite(rawChatId))) {
      if (sw.mutant('chat-id-object-200')) return answer(reply, 200, OK, 'chat_id not a scalar, ignored');
      const { status, error } = INBOUND_ANSWERS.chatIdNotScalar;
      return answer(reply, status, errorBody(error, EXTRA_CODES.badChatId), 'chat_id not a scalar');
    }
    let chatId: ChatId = rawChatId;
    if (sw.mutant('chat-id-decoded') && typeof chatId === 'string') {
      // A string chat_id percent-decoded as if it came from a URL: a malformed escape throws.
      try {
        chatId = decodeURIComponent(chatId);
      } catch {
        return answer(reply, 500, errorBody('Internal server error.', EXTRA_CODES.badJson), 'chat_id could not be decoded');
      }
    }

    // 7. "Incorrect JSON of the request body: invalid event or kind parameter — 200 OK."
    if (body.event !== 'new_message') {
      if (sw.mutant('ignored-value-in-header-500') && !printableAscii(body.event)) {
        return answer(reply, 500, errorBody('Internal server error.', EXTRA_CODES.badJson), `chat ${chatId}: invalid event could not be echoed`);
      }
      if (sw.mutant('invalid-event-400')) {
        return answer(reply, 400, errorBody('Unsupported event.', EXTRA_CODES.missing), `chat ${chatId}: invalid event`);
      }
      if (!sw.mutant('invalid-event-processed')) return answer(reply, 200, OK, `chat ${chatId}: invalid event, ignored`);
    }

    // 8. Invalid kind (a message that is not an object has no kind).
    const message = isObject(body.message) ? body.message : {};
    const kind = message.kind;
    if (!isMessageKind(kind)) {
      if (sw.mutant('ignored-value-in-header-500') && !printableAscii(kind)) {
        return answer(reply, 500, errorBody('Internal server error.', EXTRA_CODES.badJson), `chat ${chatId}: invalid kind could not be echoed`);
      }
      if (sw.mutant('invalid-kind-400')) {
        return answer(reply, 400, errorBody('Unsupported message kind.', EXTRA_CODES.missing), `chat ${chatId}: invalid kind`);
      }
      if (sw.mutant('invalid-kind-processed') && typeof message.text === 'string') {
        d.inbox.record(chatId, message.text, channelVariables(chatId, visitor, sw), request.params.token);
        d.agent.answer(channel, chatId, message.text);
      }
      return answer(reply, 200, OK, `chat ${chatId}: invalid kind, ignored`);
    }

    // 9. What the agent receives.
    const t = agentText(kind, message, sw);
    if (t.outcome === 'missing') return missing(reply, t.parameter);
    if (t.outcome === 'crash') return answer(reply, 500, errorBody('Internal server error.', EXTRA_CODES.badJson), `chat ${chatId}: ${t.reason}`);
    if (t.outcome === 'ignore') return accepted(reply, 'held', `chat ${chatId}: ${kind} ignored (${t.reason})`);
    if (sw.mutant('bidi-or-combining-500') && kind === 'visitor' && BIDI_OR_COMBINING.test(t.text)) {
      return answer(reply, 500, errorBody('Internal server error.', EXTRA_CODES.badJson), `chat ${chatId}: text could not be normalised`);
    }
    if (sw.mutant('nul-text-500') && t.text.includes('\u0000')) {
      return answer(reply, 500, errorBody('Internal server error.', EXTRA_CODES.badJson), `chat ${chatId}: text could not be stored`);
    }

    // 10. Delivered: the agent gets the text with the channel variables, and its script answers.
    d.inbox.record(chatId, t.text, channelVariables(chatId, visitor, sw), request.params.token, chatKey(chatId, visitor));
    d.agent.answer(channel, chatId, t.text);
    if (kind === 'file_visitor' && sw.mutant('file-downloaded')) download(message);
    if (sw.mutant('processed-answered-500'))
      return answer(reply, 500, errorBody('Internal server error.', EXTRA_CODES.badJson), `chat ${chatId}: ${kind} delivered`);
    return accepted(reply, 'delivered', `chat ${chatId}: ${kind} delivered`);
  });
}
