/**
 * Shared steps of the Operator API scenarios. Each is a precondition, not a check of its own.
 * @module
 */

import type { IutClient } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import { DriverError } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import { Receiver, type Delivery } from '../../harness/receiver/receiver.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import type { CoverageLog } from '../../fixtures/conformance.ts';
import { answerOf, describe, ensure2xx, ensureJsonBody, isObject } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';

export const EVENT_SCHEMA: Record<string, string> = {
  TextMessage: 'TextMessageEvent',
  FileMessage: 'FileMessageEvent',
  Closed: 'ClosedEvent',
  SelectDestination: 'SelectDestinationEvent',
};

/**
 * What the agent sees of a chat, through the driver's GET /operator/chat (the driver protocol):
 * `{userName, attributes, messages: [{from, text?, url?}], closed}`, and the additive `customData`
 * when the IUT's driver shows it. A list the driver shows may hold other entries (greetings, system
 * notes): checks search `messages`, never index it (reading gen-lists-searched).
 */
export interface AgentChat {
  userName: string;
  attributes: Record<string, unknown>;
  messages: Array<{ from?: unknown; text?: unknown; url?: unknown }>;
  closed: boolean;
  /** The additive field; undefined when the driver does not show it (null counts as absent). */
  customData?: unknown;
}

export async function agentChat(driver: DriverClient, userId: string): Promise<AgentChat> {
  const chat = await driver.get('operator/chat', { userId });
  if (!isObject(chat) || !Array.isArray(chat.messages)) {
    throw new DriverError(`the driver's GET operator/chat answered ${describe(chat)}, not {userName, attributes, messages, closed}`);
  }
  return {
    userName: typeof chat.userName === 'string' ? chat.userName : '',
    attributes: isObject(chat.attributes) ? chat.attributes : {},
    messages: chat.messages.filter(isObject),
    closed: chat.closed === true,
    customData: chat.customData ?? undefined,
  };
}

/** The texts of the client's messages in the agent's chat (searched, whatever else the chat holds). */
export function clientTexts(chat: AgentChat): unknown[] {
  return chat.messages.filter((m) => m.from === 'client').map((m) => m.text);
}

/**
 * A file for the agent to attach: served by the suite's receiver with exactly `size` bytes, so that a
 * platform that stores the agent's file (reading op-filemessage-rehosted) can fetch it. Returns its URL.
 */
export function agentFile(receiver: Receiver, name: string, size: number): string {
  const path = `/files/${Receiver.secret(8)}/${encodeURIComponent(name)}`;
  return receiver.endpoint(`file ${path}`, path, { methods: ['GET', 'HEAD'], answer: { status: 200, body: 'x'.repeat(size) } });
}

/**
 * The names the suites' checks use for describe() and ensureEqual(), which already say "absent" for
 * a missing value: a value as a failure message shows it, and `actual` deep-equals `expected`.
 */
export { describe as shown, ensureEqual as ensureSame } from '../../harness/checks/ensure.ts';

/**
 * The id of the first agent group getDestinations lists (a precondition of starting a chat).
 * Preconditions are lenient on purpose: the shape of the answer is judged by its own check, so a
 * bare array or a numeric id still lets the other checks run.
 */
export async function firstDestinationId(api: IutClient): Promise<string> {
  const res = await api.call('getDestinations');
  ensure2xx(res, 'getDestinations (needed to start a chat)');
  const body = ensureJsonBody(res, 'getDestinations (needed to start a chat)');
  const list: unknown[] = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.destinations) ? body.destinations : [];
  for (const d of list) {
    if (isObject(d) && (typeof d.destinationId === 'string' || typeof d.destinationId === 'number')) return String(d.destinationId);
  }
  fail(
    `getDestinations ${answerOf(res)}, which lists no agent group with a destinationId, so no chat can be started`,
    'a list of agent groups with a destinationId',
    res.text ?? '',
  );
}

/**
 * Start a chat for a fresh user, as the chatbot platform does before a transfer: with a userName and
 * attributes, as platforms send them (the optional fields have checks of their own).
 */
export async function openChat(api: IutClient, userId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const destinationId = await firstDestinationId(api);
  const res = await api.call('selectDestination', {
    body: { userId, destinationId, userName: 'Conformance Client', attributes: { source: 'channel-conformance' }, ...extra },
  });
  ensure2xx(res, 'selectDestination (needed to start a chat)');
  return destinationId;
}

/** Open a chat for the user and have the agent write `text` in it; returns the delivery of the TextMessage event for the user. */
export async function agentTextArrives(api: IutClient, driver: DriverClient, deliveries: DeliveryWatcher, userId: string, text: string): Promise<Delivery> {
  await openChat(api, userId);
  await driver.post('operator/agent-text', { userId, text });
  return deliveries.waitFor(eventFor(userId), `the TextMessage for user ${userId}`);
}

/**
 * Wait until a TextMessage with each of `texts` has arrived for the user. Returns the first delivery
 * of each text in arrival order: repeated deliveries are judged by their own check.
 */
export async function waitForTexts(deliveries: DeliveryWatcher, userId: string, texts: string[]): Promise<Delivery[]> {
  const wanted = new Set(texts);
  const firsts = (): Delivery[] => {
    const seen = new Set<string>();
    const out: Delivery[] = [];
    for (const d of deliveries.seen(eventFor(userId, 'TextMessage'))) {
      const t = eventOf(d).text;
      if (typeof t === 'string' && wanted.has(t) && !seen.has(t)) {
        seen.add(t);
        out.push(d);
      }
    }
    return out;
  };
  const complete = () => firsts().length === wanted.size;
  if (!complete()) {
    await deliveries.waitFor(
      (d) => eventFor(userId, 'TextMessage')(d) && complete(),
      `one TextMessage for each of the ${texts.length} agent texts for user ${userId}`,
    );
  }
  return firsts();
}

/** Predicate: a delivery whose JSON body is an event for this user (of this type, when given). */
export function eventFor(userId: string, type?: string): (d: Delivery) => boolean {
  return (d) => {
    const b = d.json;
    const one = Array.isArray(b) && b.length === 1 ? b[0] : b;
    return isObject(one) && one.userId === userId && (type === undefined || one.type === type);
  };
}

/** The event object of a delivery (tolerating an array around it, which another check judges). */
export function eventOf(d: Delivery): Record<string, unknown> {
  const b = d.json;
  const one = Array.isArray(b) && b.length === 1 ? b[0] : b;
  return isObject(one) ? one : {};
}

/** Validate a delivered event against the schema of its type; records coverage; returns the errors. */
export function eventSchemaErrors(validators: SpecValidators, deliveries: DeliveryWatcher, coverage: CoverageLog, d: Delivery, type: string): string[] {
  coverage.events.push(type);
  const errors = validators.validate(EVENT_SCHEMA[type], d.json, `${type} event body`);
  deliveries.annotate(d, errors);
  return errors;
}
