/**
 * Shared steps of the omnichannel-client scenarios. Each is a precondition, not a check of its own.
 * @module
 */

import type { IutClient, CallResult } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import { DriverError } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Delivery, Receiver } from '../../harness/receiver/receiver.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import { describe, isObject } from '../../harness/checks/ensure.ts';
import { pollUntil, pollFor } from '../../harness/checks/poll.ts';
import { waitWatchingStrays } from '../../harness/receiver/delivery-watcher.ts';

// The wording shared with the Operator API suites: describe() and ensureEqual(), which say "absent" for a missing value.
export { ensureSame, shown } from '../operator-api/helpers.ts';
import { type FileInfo, type Visitor, fileOf, freshChatId, visitorOf } from '../../fixtures/payloads/omnichannel.ts';
export { type FileInfo, type Visitor, fileOf, freshChatId, visitorOf };

export type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Making a visitor act: the driver's POST client/visitor-message (suites/omnichannel-client/README.md).

export type VisitorAction =
  | { chatId: number; visitor: Visitor; kind: 'visitor'; text: string }
  | { chatId: number; visitor: Visitor; kind: 'file_visitor'; file: FileInfo }
  | { chatId: number; visitor: Visitor; kind: 'keyboard_response'; button: { id: string; text: string } };

export async function visitorDoes(driver: DriverClient, action: VisitorAction): Promise<void> {
  await driver.post('client/visitor-message', action);
}

// ---------------------------------------------------------------------------------------------
// What the IUT posts to the fake platform.

/** The event object of a posted body (tolerating an array around one event, judged by its own check). */
export function eventOf(d: Delivery): Json | undefined {
  const b = d.json;
  const one = Array.isArray(b) && b.length === 1 ? b[0] : b;
  return isObject(one) ? one : undefined;
}

export function messageOf(d: Delivery): Json | undefined {
  const m = eventOf(d)?.message;
  return isObject(m) ? m : undefined;
}

/**
 * Predicate: a posted event that carries one of the markers (fresh ids, unique in the run) anywhere in
 * its raw body. Markers that JSON does not escape (hex ids, plain words) are found whatever the IUT
 * did to the rest of the event, so one broken field fails its own check, not every wait.
 */
export function carrying(...markers: string[]): (d: Delivery) => boolean {
  return (d) => markers.some((m) => d.rawBody.includes(m));
}

/** Predicate: a posted event of this chat (chat_id compared as text), or one carrying a marker. */
export function about(chatId: number, ...markers: string[]): (d: Delivery) => boolean {
  const marked = carrying(...markers);
  return (d) => {
    const c = eventOf(d)?.chat_id;
    return ((typeof c === 'number' || typeof c === 'string') && String(c) === String(chatId)) || marked(d);
  };
}

/**
 * Wait until the IUT's post that carries a marker arrives, or the budget ends, without failing: for
 * preconditions (a chat opened on the IUT before the agent writes in it). A post to a path the suite
 * never gave out counts as arrived too: where the IUT posts is another check's business.
 */
export async function settled(receiver: Receiver, predicate: (d: Delivery) => boolean, timeoutMs: number, sinceSeq: number): Promise<void> {
  await waitWatchingStrays(receiver, receiver.waitFor(predicate, timeoutMs, sinceSeq), predicate);
}

/** A visitor writes a fresh text; returns the IUT's post of it (fails with a sentence when none comes). */
export async function postedText(
  driver: DriverClient,
  deliveries: DeliveryWatcher,
  fresh: Fresh,
  opts: { chatId?: number; visitor?: Visitor; text?: string } = {},
): Promise<{ d: Delivery; chatId: number; visitor: Visitor; text: string }> {
  const chatId = opts.chatId ?? freshChatId();
  const visitor = opts.visitor ?? visitorOf(fresh);
  const marker = fresh.id('text');
  const text = opts.text ?? `Hello, I need help with order ${marker}`;
  await visitorDoes(driver, { chatId, visitor, kind: 'visitor', text });
  const d = await deliveries.waitFor(about(chatId, marker, visitor.id), `the new_message for the visitor's text in chat ${chatId}`);
  return { d, chatId, visitor, text };
}

/** A chat as the platform knows it: the driver's id, and the chat_id the IUT posted for it. */
export interface OpenChat {
  /** The chat's id as the driver knows it (for GET client/visitor-inbox). */
  chatId: number;
  /**
   * The chat_id as the IUT posted it, same JSON value (the driver's id when no post was seen): the
   * agent answers with it, as a platform does (docs/readings omni-send-message-body).
   */
  posted: number | string;
}

/**
 * Open a chat on the IUT: a visitor writes in it, and the IUT's post of that message is awaited (not
 * judged: a chat exists on the client server once its visitor wrote, whatever the post looked like).
 * The agent then writes in an existing chat; whether a message reaches a chat the agent opens first
 * is "at the discretion of the channel" (docs/readings omni-agent-first).
 */
export async function openChat(
  driver: DriverClient,
  receiver: Receiver,
  fresh: Fresh,
  timeoutMs: number,
  visitor: Visitor = visitorOf(fresh),
): Promise<OpenChat> {
  const chatId = freshChatId();
  const marker = fresh.id('hello');
  const since = receiver.nextSeq;
  // Listening starts before the visitor acts (the body of an async function runs at once up to its first await).
  const arrived = settled(receiver, carrying(marker), timeoutMs, since);
  await visitorDoes(driver, { chatId, visitor, kind: 'visitor', text: `Hello ${marker}` });
  await arrived;
  const post = receiver.find(carrying(marker), since)[0];
  const c = post ? eventOf(post)?.chat_id : undefined;
  return { chatId, posted: typeof c === 'number' || (typeof c === 'string' && c !== '') ? c : chatId };
}

// ---------------------------------------------------------------------------------------------
// The agent's send_message, and what the visitor received (GET client/visitor-inbox).

/** POST {target}/send_message with a JSON body and the given headers. */
export function sendMessage(api: IutClient, body: unknown, headers: Record<string, string>): Promise<CallResult> {
  return api.request('POST', '/send_message', { body, headers });
}

export type InboxMessage = Json;

export async function visitorInbox(driver: DriverClient, chatId: number): Promise<InboxMessage[]> {
  const body = await driver.get('client/visitor-inbox', { chat_id: String(chatId) });
  if (!isObject(body) || !Array.isArray(body.messages)) {
    throw new DriverError(`the driver's GET client/visitor-inbox answered ${describe(body)}, not {messages}`);
  }
  // Lenient: a bare string per message is read as its text.
  return body.messages.map((m) => (typeof m === 'string' ? { text: m } : isObject(m) ? m : { value: m }));
}

/**
 * Poll what the visitor received in the chat until `done` holds; with `mustArrive`, fail with a
 * sentence when it does not within the budget, else return what is there at the end. The first look
 * is immediate: a client server that delivers synchronously costs one call.
 */
export async function waitForVisitor(
  driver: DriverClient,
  chatId: number,
  done: (messages: InboxMessage[]) => boolean,
  what: string,
  timeoutMs: number,
  mustArrive = true,
): Promise<InboxMessage[]> {
  const look = () => visitorInbox(driver, chatId);
  const pace = { withinMs: timeoutMs, pauseMs: 10, maxPauseMs: 200 };
  if (!mustArrive) return (await pollFor(look, done, pace)).value;
  const seen = (messages: InboxMessage[]) => `the visitor of chat ${chatId} has ${messages.length} messages: ${describe(messages)}`;
  return pollUntil(look, done, { ...pace, what, missed: 'did not reach the visitor', seen });
}

/** Every string inside a value, deeply (where a message keeps its text, link or labels is the IUT's business). */
export function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (isObject(v)) return Object.values(v).flatMap(strings);
  return [];
}

/** The text a visitor message shows: its `text`, when it has one. */
export function textOf(m: InboxMessage): string | undefined {
  return typeof m.text === 'string' ? m.text : undefined;
}
