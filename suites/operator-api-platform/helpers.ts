/**
 * Shared steps of the operator-api-platform scenarios. Each is a precondition, not a check of its
 * own: when what it needs did not happen (no selectDestination after a transfer, no userId in it),
 * it skips the check with a sentence naming the check that judges that rule, so that one broken rule
 * is reported once, not once per scenario. Shapes another check judges are read leniently.
 * @module
 */

import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import type { RunConfig } from '../../harness/config/run-config.ts';
import type { CoverageLog } from '../../fixtures/conformance.ts';
import { answerOf, isObject, snippet } from '../../harness/checks/ensure.ts';
import { parseJson } from '../../harness/checks/json.ts';
import { pollFor } from '../../harness/checks/poll.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { is2xx } from '../../harness/checks/status.ts';
import { callOf, type Agent, type ChatClient, type OperatorMethod, type Steps } from '../../fixtures/operator-api-platform.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import type { HttpResult } from '../../harness/http/http-client.ts';

// Failure wording shared with the other side of the exchange.
export { ensureSame, shown } from '../operator-api/helpers.ts';

export interface TransferRequest {
  destinationId?: string;
  userName?: string;
  attributes?: Record<string, string>;
  hiddenAttributes?: Record<string, string>;
}

export interface Transfer {
  clientId: string;
  /** The platform's id of the client, from its selectDestination. */
  userId: string;
  selectDestination: Delivery;
  /** The selectDestination body (an object, or {} when it was not one). */
  body: Record<string, unknown>;
}

/** The client opens the dialog: a first text through the Chat API, which the bot answers. */
export async function startChat(s: Pick<Steps, 'chat'>, clientId: string): Promise<void> {
  const res = await s.chat.send(clientId, 'Hello');
  precondition(is2xx(res), `the Chat API did not accept the client's first text (it ${answerOf(res)}), so no dialog exists (judged by the chat-api suite)`);
}

/** The bot transfers the client to an agent (driver); returns the receiver mark taken before. */
export async function requestTransfer(s: Omit<Steps, 'channel'>, clientId: string, o: TransferRequest = {}): Promise<number> {
  const mark = s.deliveries.receiver.nextSeq;
  await s.driver.post('platform/transfer', { clientId, ...o, destinationId: o.destinationId ?? s.engagement.destinations[0]!.destinationId });
  return mark;
}

/**
 * A call the platform must make, waited for leniently: it is judged by `judgedBy`; here, without it,
 * the check cannot go on and is skipped.
 */
export async function awaitCall(deliveries: DeliveryWatcher, predicate: (d: Delivery) => boolean, what: string, judgedBy: string): Promise<Delivery> {
  const d = deliveries.seen(predicate)[0] ?? (await deliveries.receiver.waitFor(predicate, deliveries.timeoutMs));
  precondition(d, `${what} did not arrive within ${deliveries.timeoutMs} ms (judged by ${judgedBy})`);
  deliveries.record(d, 'expected');
  return d;
}

/** The JSON object body of a call, or {} (its shape is judged by the schema checks). */
export function bodyOf(d: Delivery): Record<string, unknown> {
  return isObject(d.json) ? d.json : {};
}

/** Predicate: a call of `op` on the main server after `mark`, whose body mentions `text`. */
export function callMentioning(s: Pick<Steps, 'engagement'>, op: OperatorMethod, mark: number, text: string): (d: Delivery) => boolean {
  const needle = JSON.stringify(text).slice(1, -1);
  const call = callOf(s.engagement.main, op, mark);
  return (d) => call(d) && (d.rawBody.includes(text) || d.rawBody.includes(needle));
}

/**
 * A client with an open dialog, transferred to an agent: the Chat API dialog, the driver's transfer,
 * and the platform's selectDestination with a userId (all preconditions).
 */
export async function transferredClient(s: Steps, clientId: string, o: TransferRequest = {}): Promise<Transfer> {
  await startChat(s, clientId);
  const mark = await requestTransfer(s, clientId, o);
  const d = await awaitCall(
    s.deliveries,
    callOf(s.engagement.main, 'selectDestination', mark, false),
    `the selectDestination of client ${clientId}'s transfer`,
    'operator-api-platform.selectDestination.called-on-transfer',
  );
  const body = bodyOf(d);
  precondition(
    typeof body.userId === 'string' && body.userId !== '',
    `the selectDestination carries no userId string (judged by operator-api-platform.selectDestination.matches-schema)`,
  );
  return { clientId, userId: body.userId, selectDestination: d, body };
}

/** What the agent posts about a transferred client: made with a fresh event id and the client's userId. */
export type AgentEventOf = (id: string, userId: string) => Record<string, unknown>;

/**
 * A fresh client transferred to an agent (preconditions), then the agent's event for it posted to
 * the webhook (at `url`, when given: another apiKey's). Returns the transfer and the webhook's answer.
 */
export async function agentPostsFor(
  s: Steps,
  agent: Agent,
  fresh: Fresh,
  make: AgentEventOf,
  url?: (agentUrl: string) => string,
): Promise<{ t: Transfer; res: HttpResult }> {
  const t = await transferredClient(s, fresh.id('client'));
  const res = await agent.post(make(fresh.id('evt'), t.userId), url ? { url: url(agent.url) } : undefined);
  return { t, res };
}

/**
 * Validate a call's body against its request schema in specs/operator-api.yaml; records coverage.
 * A body that is not JSON is one error.
 */
export function requestSchemaErrors(
  validators: SpecValidators,
  deliveries: DeliveryWatcher,
  coverage: CoverageLog,
  d: Delivery,
  op: OperatorMethod,
  schema: string,
): string[] {
  coverage.operations.push([op, null]);
  const errors = d.isJson ? validators.validate(schema, d.json, `${op} request body`) : [`the ${op} request body is not JSON: ${snippet(d.rawBody)}`];
  deliveries.annotate(d, errors);
  return errors;
}

// ---------------------------------------------------------------------------------------------
// What the client sees: GET /events of the Chat API

/** How long one /events poll may take: a server may hold it open (long polling), which is "no events". */
export function pollCapMs(run: RunConfig): number {
  return Math.min(run.timeoutMs, 3000);
}

/** `ts` for events this check caused: well before it started, so that a clock behind the suite's still lists them. */
export function tsBefore(startedAtMs: number): number {
  return startedAtMs - 60_000;
}

export interface ClientEvents {
  /** The events of the last poll. */
  events: unknown[];
  /** True when every wanted event was found. */
  found: boolean;
}

/**
 * Poll the client's agent replies (GET /events without `all`) until `done(events)` holds or the
 * --timeout budget is spent. A held poll counts as no events; an answer that is not a list of events
 * counts as none (the Chat API's own answer shapes are the chat-api suite's business). The events are
 * searched, never indexed: the client's list holds whatever else happened in its dialog.
 */
export async function pollClientEvents(
  chat: ChatClient,
  run: RunConfig,
  clientId: string,
  ts: number,
  done: (events: unknown[]) => boolean,
): Promise<ClientEvents> {
  const deadline = Date.now() + run.timeoutMs;
  let events: unknown[] = [];
  const look = async (): Promise<unknown[]> => {
    const res = await chat.events(clientId, ts, Math.max(100, Math.min(deadline - Date.now(), pollCapMs(run))));
    const json = res.json;
    const list = isObject(json) && Array.isArray(json.events) ? json.events : Array.isArray(json) ? json : [];
    // Any 2xx is an answer (a 204 means nothing new: reading gen-2xx-for-200); otherwise the last list stands.
    if (is2xx(res)) events = list;
    return events;
  };
  const { met } = await pollFor(look, done, { withinMs: run.timeoutMs, pauseMs: 150 });
  return { events, found: met };
}

/** Every string anywhere in a JSON value. */
export function stringsIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out);
  else if (isObject(v)) for (const x of Object.values(v)) stringsIn(x, out);
  return out;
}

/** Does some string of the event contain `text`? */
export function mentions(event: unknown, text: string): boolean {
  return stringsIn(event).some((s) => s.includes(text));
}

// ---------------------------------------------------------------------------------------------
// Agent events the suite posts (the typed forms of the document's tables)

export const EMPLOYEE = {
  employeeId: 'agent-7',
  firstName: 'Ada',
  lastName: 'Agent',
  avatarUrl: 'https://cdn.example.test/avatars/agent-7.png',
};

export function textMessage(id: string, userId: string, text: string): Record<string, unknown> {
  return { id, userId, type: 'TextMessage', text, employee: { ...EMPLOYEE } };
}

export function fileMessage(id: string, userId: string, size: number | string = 2048): Record<string, unknown> {
  return {
    id,
    userId,
    type: 'FileMessage',
    url: `https://cdn.example.test/files/${id}/guide.pdf`,
    employee: { ...EMPLOYEE },
    name: 'guide.pdf',
    size,
    comment: 'Our guide',
  };
}

export function closedEvent(id: string, userId: string): Record<string, unknown> {
  return { id, userId, type: 'Closed', employee: { ...EMPLOYEE } };
}

/** As the document's example: no employee. */
export function selectDestinationEvent(
  id: string,
  userId: string,
  destination: { destinationId: string; name: string; hasOnline: boolean | string },
): Record<string, unknown> {
  return { id, userId, type: 'SelectDestination', destination: { ...destination } };
}

/** Pre-chat fields as an object: the object itself, or the object a JSON string holds (both forms are documented). */
export function preChatFields(v: unknown): Record<string, unknown> | undefined {
  const object = typeof v === 'string' ? parseJson(v) : v;
  return isObject(object) ? object : undefined;
}
