/**
 * Shared steps of the Omnichannel scenarios. Each is a precondition, not a check of its own.
 * @module
 */

import type { TestInfo } from '@playwright/test';
import type { IutClient, CallResult } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import { DriverError } from '../../harness/driver/driver-client.ts';
import { quietWindowMs, type DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import { fileOf as fileData, freshChatId, visitorOf, type FileInfo as FileData } from '../../fixtures/payloads/omnichannel.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import type { ClientServer } from '../../fixtures/omnichannel.ts';
import { answerOf, describe, ensure, isObject } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { pollFor, pollUntil } from '../../harness/checks/poll.ts';
import { skipCheck } from '../../harness/checks/precondition.ts';

export { fileData, freshChatId, visitorOf, type FileData };

// The wording shared with the other suites: describe() and ensureEqual(), which say "absent" for a missing value.
export { describe as shown, ensureEqual as ensureSame } from '../../harness/checks/ensure.ts';

export type ChatId = number | string;
export type Json = Record<string, unknown>;

/** The inbound path of the document, for the wrong-URL variants built from it. */
export function inboundPath(token: string): string {
  return `/connector/omnichannel/omnichannel_message/${encodeURIComponent(token)}/bot_api_webhook`;
}

/** A valid `new_message` of kind visitor (the document's "Text" message view). */
export function textEvent(fresh: Fresh, chatId: unknown, text: string, visitor: Json = visitorOf(fresh)): Json {
  return { event: 'new_message', chat_id: chatId, visitor, message: { id: fresh.id('msg'), kind: 'visitor', text } };
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
// What the agent received: the driver's GET omnichannel/inbox. The inbox may hold other entries
// (greetings, system notes): it is searched, never indexed (docs/readings gen-lists-searched).

export interface AgentInbox {
  messages: string[];
  variables: Record<string, unknown>;
}

export async function agentInbox(driver: DriverClient, chatId: ChatId): Promise<AgentInbox> {
  const body = await driver.get('omnichannel/inbox', { chat_id: String(chatId) });
  if (!isObject(body) || !Array.isArray(body.messages)) {
    throw new DriverError(`the driver's GET omnichannel/inbox answered ${describe(body)}, not {messages, variables}`);
  }
  // Lenient: a bare string per message is read as its text.
  const messages = body.messages.map((m) => (typeof m === 'string' ? m : isObject(m) && typeof m.text === 'string' ? m.text : JSON.stringify(m)));
  return { messages, variables: isObject(body.variables) ? body.variables : {} };
}

/**
 * Poll the agent's inbox for the chat until `done` holds or the budget ends; returns the inbox of the
 * last look either way (the caller judges it). The first look is immediate: a platform that records
 * synchronously costs one call.
 */
export async function pollInbox(driver: DriverClient, chatId: ChatId, done: (i: AgentInbox) => boolean, timeoutMs: number): Promise<AgentInbox> {
  return (await pollFor(() => agentInbox(driver, chatId), done, inboxPace(timeoutMs))).value;
}

/** Look again after 10 ms, doubling up to 200 ms. */
const inboxPace = (timeoutMs: number) => ({ withinMs: timeoutMs, pauseMs: 10, maxPauseMs: 200 });

/** As pollInbox, but failing with a sentence when `done` never holds within the budget. */
export async function waitForInbox(
  driver: DriverClient,
  chatId: ChatId,
  done: (i: AgentInbox) => boolean,
  what: string,
  timeoutMs: number,
): Promise<AgentInbox> {
  const seen = (inbox: AgentInbox) => `the agent has ${inbox.messages.length} entries from chat ${chatId}: ${describe(inbox.messages)}`;
  return pollUntil(() => agentInbox(driver, chatId), done, { ...inboxPace(timeoutMs), what, missed: 'did not reach the agent', seen });
}

/**
 * After an event that must be ignored, send a plain text on the same chat and wait until IT reaches
 * the agent: everything the agent got from the chat before it is then known, with no fixed wait.
 * Returns the inbox at that moment.
 */
export async function inboxAfterMarker(
  api: IutClient,
  driver: DriverClient,
  fresh: Fresh,
  token: string,
  chatId: ChatId,
  timeoutMs: number,
): Promise<AgentInbox> {
  const marker = fresh.id('marker');
  await postEvent(api, token, textEvent(fresh, chatId, marker));
  return waitForInbox(driver, chatId, (i) => i.messages.includes(marker), `the text message "${marker}" sent after it on the same chat`, timeoutMs);
}

/**
 * Post an event the platform must ignore, then judge whether it reached the agent (`leakedIn` finds
 * its traces in the agent's inbox):
 * - with the driver's GET omnichannel/inbox: a marker text on the same chat, then the inbox
 *   (inboxAfterMarker): fail when it holds the ignored text;
 * - without one, from deliveries: the chat is fresh, so a send_message for it arriving within the
 *   quiet window after the ignored event (nothing else was sent in it) shows that the event reached
 *   the agent: fail. No send_message decides nothing (the agent may simply be silent, docs/readings
 *   omni-agent-script): skip, saying so.
 */
export async function ensureIgnored(
  c: { api: IutClient; driver: DriverClient; deliveries: DeliveryWatcher; fresh: Fresh; token: string; timeoutMs: number; skip: (reason: string) => never },
  chatId: ChatId,
  event: Json,
  what: string,
  leakedIn: (messages: string[]) => string[],
  /** Judge the platform's answer to the event first (e.g. a 2xx the document states). */
  answered?: (res: CallResult) => void,
): Promise<void> {
  const from = c.deliveries.receiver.nextSeq;
  const res = await postEvent(c.api, c.token, event);
  answered?.(res);
  const probe = await agentInboxIfSupported(c.driver, chatId);
  if (probe !== undefined) {
    const inbox = await inboxAfterMarker(c.api, c.driver, c.fresh, c.token, chatId, c.timeoutMs);
    const leaked = leakedIn(inbox.messages);
    ensure(leaked.length === 0, `${what} reached the agent: ${describe(leaked)}`, 'nothing', leaked);
    return;
  }
  const windowMs = quietWindowMs(c.timeoutMs);
  const reply = await c.deliveries.receiver.waitFor(replyFor(chatId), windowMs, from);
  if (reply) {
    c.deliveries.record(reply, 'must not happen: the agent answered a chat that only the ignored event opened');
    fail(
      `${what} reached the agent: it answered with a send_message for chat ${JSON.stringify(chatId)} (delivery #${reply.seq}), and nothing else was sent in that chat`,
      'no send_message for the chat',
      sendMessageBody(reply),
    );
  }
  c.skip(
    `the driver has no GET omnichannel/inbox, and no send_message for chat ${JSON.stringify(chatId)} arrived within ${windowMs} ms after ${what}: the agent may simply be silent (docs/readings omni-agent-script), so whether it reached the agent is unknown`,
  );
}

/** Skip the current check with a reason (wired to testInfo.skip). */
export function skipper(info: TestInfo): (reason: string) => never {
  return (reason) => skipCheck(reason, info);
}

/** The agent's inbox, or undefined when the driver has no GET omnichannel/inbox (or there is no driver). */
async function agentInboxIfSupported(driver: DriverClient, chatId: ChatId): Promise<AgentInbox | undefined> {
  const body = await driver.getIfSupported('omnichannel/inbox', { chat_id: String(chatId) });
  return body === undefined ? undefined : agentInbox(driver, chatId);
}

// ---------------------------------------------------------------------------------------------
// The agent's send_message calls, as the fake client server receives them. The agent writes only as
// its script decides (docs/readings omni-agent-script): the suite asks the driver to make it write
// (`POST omnichannel/agent-message`); a driver without it skips the check with that reason.

/** The message body of a send_message (tolerating an array around one message, judged by post-json). */
export function sendMessageBody(d: Delivery): unknown {
  const b = d.json;
  return Array.isArray(b) && b.length === 1 ? b[0] : b;
}

/** The chat_id of a send_message body. */
export function chatIdOf(d: Delivery): unknown {
  const one = sendMessageBody(d);
  return isObject(one) ? one.chat_id : undefined;
}

/** The `message` object of a send_message body, when it has one. */
export function messageOf(d: Delivery): Json | undefined {
  const one = sendMessageBody(d);
  return isObject(one) && isObject(one.message) ? one.message : undefined;
}

/** Every string inside a value, deeply. */
export function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (isObject(v)) return Object.values(v).flatMap(strings);
  return [];
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

/** Predicate: a send_message for this chat that carries the marker somewhere in its raw body. */
export function replyCarrying(chatId: ChatId, marker: string): (d: Delivery) => boolean {
  const ofChat = replyFor(chatId);
  return (d) => ofChat(d) && d.rawBody.includes(marker);
}

/**
 * Open a chat on the platform: a visitor writes in it. The agent writes in chats the platform knows.
 * Lenient: only a refusal (4xx, or no answer) fails the check, with a sentence naming this step; a
 * 5xx may still have been processed, and the answer is judged by omnichannel.inbound.accepts-valid-message.
 */
export async function openChat(api: IutClient, fresh: Fresh, token: string, chatId: ChatId = freshChatId()): Promise<ChatId> {
  const res = await postEvent(api, token, textEvent(fresh, chatId, `Hello, ${fresh.id('q')}`));
  if (res.status === undefined || (res.status >= 400 && res.status < 500)) {
    fail(
      `precondition: the visitor's text that opens chat ${JSON.stringify(chatId)} was refused (it ${answerOf(res)}), so the agent has no chat to write in`,
      'a chat the agent can write in',
      res.status ?? res.error,
    );
  }
  return chatId;
}

/** Buttons as the driver's agent-message takes them: rows of {id, text}. */
export type Buttons = Array<Array<{ id: string; text: string }>>;

/** Ask the driver to make the agent write in the chat (the chat_id as the suite posted it). */
export async function agentWrites(driver: DriverClient, chatId: ChatId, what: { text?: string; buttons?: Buttons }): Promise<void> {
  driver.require();
  await driver.post('omnichannel/agent-message', { chat_id: chatId, ...what });
}

/**
 * Make the agent write a fresh text in a fresh chat of the channel and return the send_message that
 * carries it. Fails unless it reached this channel's client server (`{Channel webhook URL}/send_message`).
 */
export async function agentReply(
  api: IutClient,
  driver: DriverClient,
  deliveries: DeliveryWatcher,
  fresh: Fresh,
  channel: { token: string; server: ClientServer },
  chatId: ChatId = freshChatId(),
): Promise<Delivery> {
  driver.require();
  await openChat(api, fresh, channel.token, chatId);
  const marker = fresh.id('reply');
  await agentWrites(driver, chatId, { text: `Thank you for waiting, ${marker}` });
  const d = await deliveries.waitFor(replyCarrying(chatId, marker), `the agent's send_message for chat ${JSON.stringify(chatId)}`);
  if (d.endpoint !== channel.server.endpoint) {
    fail(
      `the agent's send_message for chat ${JSON.stringify(chatId)} reached another channel's client server (endpoint ${d.endpoint}), not this channel's`,
      channel.server.endpoint,
      d.endpoint,
    );
  }
  return d;
}

/**
 * The send_message calls for a chat, polled until `done` holds or the budget ends (no failure: the
 * caller judges what arrived, text by text).
 */
export async function repliesUntil(deliveries: DeliveryWatcher, chatId: ChatId, done: (ds: Delivery[]) => boolean): Promise<Delivery[]> {
  const ofChat = replyFor(chatId);
  const deadline = Date.now() + deliveries.timeoutMs;
  for (;;) {
    const got = deliveries.seen(ofChat);
    const left = deadline - Date.now();
    if (done(got) || left <= 0) {
      for (const d of got) deliveries.record(d, 'received');
      return got;
    }
    const known = new Set(got.map((d) => d.seq));
    await deliveries.receiver.waitFor((d) => ofChat(d) && !known.has(d.seq), left, deliveries.receiver.nextSeq);
  }
}
