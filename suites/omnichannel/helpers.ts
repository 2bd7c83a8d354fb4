import { randomInt } from 'node:crypto';
import type { IutClient, CallResult } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import { DriverError } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import type { ClientServer } from '../../fixtures/omnichannel.ts';
import { describe, isObject } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';

/** Shared steps of the Omnichannel scenarios. Each is a precondition, not a check of its own. */

export type ChatId = number | string;
export type Json = Record<string, unknown>;

/** The inbound path of the document, for the wrong-URL variants built from it. */
export function inboundPath(token: string): string {
  return `/connector/omnichannel/omnichannel_message/${encodeURIComponent(token)}/bot_api_webhook`;
}

/** A fresh chat_id, an integer as the document types it (below 2^31: fits any integer column). */
export function freshChatId(): number {
  return randomInt(1, 2 ** 31);
}

/** A visitor with every field of the document's Visitor object, fresh per call. */
export function visitorOf(fresh: Fresh): { id: string; fields: Record<string, string> } {
  const tag = fresh.id('v');
  return {
    id: tag,
    fields: { name: 'Анна', login: `login-${tag}`, phone: '+41791234567', email: `${tag}@example.com`, site: `https://shop.example.com/${tag}` },
  };
}

/** A valid `new_message` of kind visitor (the document's "Text" message view). */
export function textEvent(fresh: Fresh, chatId: unknown, text: string, visitor: Json = visitorOf(fresh)): Json {
  return { event: 'new_message', chat_id: chatId, visitor, message: { id: fresh.id('msg'), kind: 'visitor', text } };
}

export interface FileData {
  id: string;
  state: string;
  name: string;
  content_type: string;
  size: number;
  url: string;
}

/** A file's data as the document's "File" message view has it, fresh, in the given state. */
export function fileData(fresh: Fresh, state = 'ready'): FileData {
  const id = fresh.id('file');
  return { id, state, name: 'invoice.pdf', content_type: 'application/pdf', size: 48213, url: `https://files.example.com/${id}/invoice.pdf` };
}

export function fileEvent(fresh: Fresh, chatId: ChatId, data: FileData): Json {
  return { event: 'new_message', chat_id: chatId, visitor: visitorOf(fresh), message: { id: fresh.id('msg'), kind: 'file_visitor', data } };
}

export function buttonEvent(fresh: Fresh, chatId: ChatId, button: { id: string; text: string }): Json {
  return { event: 'new_message', chat_id: chatId, visitor: visitorOf(fresh), message: { id: fresh.id('msg'), kind: 'keyboard_response', data: { button } } };
}

export function without(body: Json, key: string): Json {
  const copy = { ...body };
  delete copy[key];
  return copy;
}

/** POST one event to the inbound endpoint of the channel with this token. */
export function postEvent(api: IutClient, token: string, body: unknown): Promise<CallResult> {
  return api.call('postInboundEvent', { pathParams: { token }, body });
}

/** POST raw text, labelled as JSON, to the inbound endpoint (malformed-input checks). */
export function postRaw(api: IutClient, token: string, raw: string): Promise<CallResult> {
  return api.call('postInboundEvent', { pathParams: { token }, raw, headers: { 'content-type': 'application/json' } });
}

// ---------------------------------------------------------------------------------------------
// What the agent received: the driver's GET omnichannel/inbox (interface.md).

export interface AgentInbox {
  messages: string[];
  variables: Record<string, unknown>;
}

export async function agentInbox(driver: DriverClient, chatId: ChatId): Promise<AgentInbox> {
  const body = await driver.get('omnichannel/inbox', { chat_id: String(chatId) });
  if (!isObject(body) || !Array.isArray(body.messages)) {
    throw new DriverError(`the driver's GET omnichannel/inbox answered ${JSON.stringify(body)?.slice(0, 120)}, not {messages, variables}`);
  }
  // Lenient: a bare string per message is read as its text.
  const messages = body.messages.map((m) => (typeof m === 'string' ? m : isObject(m) && typeof m.text === 'string' ? m.text : JSON.stringify(m)));
  return { messages, variables: isObject(body.variables) ? body.variables : {} };
}

/**
 * Poll the agent's inbox for the chat until `done` holds; fail with a sentence when it does not
 * within the budget. The first look is immediate: a platform that records synchronously costs one call.
 */
export async function waitForInbox(driver: DriverClient, chatId: ChatId, done: (i: AgentInbox) => boolean, what: string, timeoutMs: number): Promise<AgentInbox> {
  const deadline = Date.now() + timeoutMs;
  let pause = 10;
  for (;;) {
    const inbox = await agentInbox(driver, chatId);
    if (done(inbox)) return inbox;
    const left = deadline - Date.now();
    if (left <= 0) {
      fail(`${what} did not reach the agent within ${timeoutMs} ms (the agent has ${inbox.messages.length} messages from chat ${chatId}: ${describe(inbox.messages)})`, what, inbox.messages);
    }
    await new Promise((r) => setTimeout(r, Math.min(pause, left)));
    pause = Math.min(pause * 2, 200);
  }
}

/**
 * After an event that must be ignored, send a plain text on the same chat and wait until IT reaches
 * the agent: everything the agent got from the chat before it is then known, with no fixed wait.
 * Returns the inbox at that moment.
 */
export async function inboxAfterMarker(api: IutClient, driver: DriverClient, fresh: Fresh, token: string, chatId: ChatId, timeoutMs: number): Promise<AgentInbox> {
  const marker = fresh.id('marker');
  await postEvent(api, token, textEvent(fresh, chatId, marker));
  return waitForInbox(driver, chatId, (i) => i.messages.includes(marker), `the text message "${marker}" sent after it on the same chat`, timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// The agent's send_message calls, as the fake client server receives them.

/** The chat_id of a send_message body (tolerating an array around one message, judged elsewhere). */
export function chatIdOf(d: Delivery): unknown {
  const b = d.json;
  const one = Array.isArray(b) && b.length === 1 ? b[0] : b;
  return isObject(one) ? one.chat_id : undefined;
}

/**
 * Predicate: a send_message for this chat (chat_id compared as text: its JSON type is judged by its
 * own check). It matches at any known endpoint, and at an unknown path too, so that a reply posted to
 * a path the suite never gave out fails at once instead of after the whole budget.
 */
export function replyFor(chatId: ChatId): (d: Delivery) => boolean {
  return (d) => {
    const c = chatIdOf(d);
    return (typeof c === 'string' || typeof c === 'number') && String(c) === String(chatId);
  };
}

/**
 * Make the agent answer: post a valid visitor text on a fresh chat and wait for the send_message for
 * that chat. Every document-conformant agent channel answers through send_message; what the agent
 * says is the platform's business, so only the request itself is judged.
 */
export async function agentReply(
  api: IutClient,
  deliveries: DeliveryWatcher,
  fresh: Fresh,
  token: string,
  server: ClientServer,
  chatId: ChatId = freshChatId(),
): Promise<Delivery> {
  await postEvent(api, token, textEvent(fresh, chatId, `Hello, ${fresh.id('q')}`));
  const d = await deliveries.waitFor(replyFor(chatId), `the agent's send_message for chat ${JSON.stringify(chatId)}`);
  if (d.endpoint !== server.endpoint) {
    fail(`the agent's send_message for chat ${JSON.stringify(chatId)} reached another channel's client server (endpoint ${d.endpoint}), not this channel's`, server.endpoint, d.endpoint);
  }
  return d;
}

/** The message body of a send_message (tolerating an array around one message). */
export function sendMessageBody(d: Delivery): unknown {
  const b = d.json;
  return Array.isArray(b) && b.length === 1 ? b[0] : b;
}
