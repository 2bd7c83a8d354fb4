/**
 * Shared steps of the Chat API scenarios. Each is a precondition, not a check of its own: it is
 * lenient about shapes that another check judges (a numeric questionId, a bare status string, a
 * history wrapped in an object, null for an optional property), and when what it needs is missing altogether (the answer has no
 * questionId, a status update did not take effect) it skips the check with a sentence naming the
 * check that judges that rule, so that one broken rule is reported once, not once per scenario.
 * @module
 */

import { isDeepStrictEqual } from 'node:util';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import type { CallResult } from '../../harness/http/iut-client.ts';
import type { Evidence } from '../../harness/http/evidence.ts';
import type { RunConfig } from '../../harness/config/run-config.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { HttpResult } from '../../harness/http/http-client.ts';
import { answerOf, describe, ensure2xx, ensureEqual, ensureJsonBody, isObject, received } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { is2xx } from '../../harness/checks/status.ts';
import { pollFor } from '../../harness/checks/poll.ts';

/** A questionId out of an answer, string or number (the type is judged by the schema checks). */
export function questionIdIn(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const q = body.questionId;
  return typeof q === 'string' && q !== '' ? q : typeof q === 'number' ? String(q) : undefined;
}

export interface Asked {
  res: CallResult;
  questionId: string;
}

/**
 * Send one synchronous client request (a bot message will answer it) and return its questionId.
 * The request is accepted and answered with an id, or the check cannot go on.
 */
export async function ask(chat: ChatApi, clientId: string, query: string, extra: Record<string, unknown> = {}): Promise<Asked> {
  const res = await chat.call('sendRequest', { body: { clientId, query, ...extra } });
  precondition(is2xx(res), `POST /chatapi/{token} was not accepted (it ${answerOf(res)}), so no bot message exists to work with`);
  const questionId = questionIdIn(res.json);
  precondition(
    questionId,
    `the answer to POST /chatapi/{token} carries no questionId (it ${answerOf(res)}; judged by chat-api.sendRequest.response-matches-schema)`,
  );
  return { res, questionId };
}

/** `n` bot messages to one client, with distinct questionIds (judged by chat-api.sendRequest.question-ids-unique). */
export async function askMany(chat: ChatApi, clientId: string, n: number, label = 'message'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await ask(chat, clientId, `${label} ${i + 1} of ${n}`)).questionId);
  precondition(new Set(ids).size === ids.length, `${n} answers share questionIds ${JSON.stringify(ids)} (judged by chat-api.sendRequest.question-ids-unique)`);
  return ids;
}

/**
 * A property of a JSON object equals what the request gave. A missing property (or null, which counts
 * as absent: gen-null-absent) is said in words, never printed as "undefined", with the object it was
 * looked for in; given the HTTP answer the object came from, the sentence shows its status and body.
 */
export function ensureProperty(obj: unknown, key: string, expected: unknown, what: string, answer?: Pick<HttpResult, 'status' | 'text' | 'error'>): void {
  const value = isObject(obj) ? obj[key] : undefined;
  if (value === undefined || value === null) {
    const where = answer ? `the answer (it ${answerOf(answer)})` : `the answer ${describe(obj)}`;
    const why = !isObject(obj) ? 'is not an object' : value === null ? `has ${key} JSON null, which counts as absent` : `has no ${key}`;
    fail(`${what} is missing: ${where} ${why}, expected ${describe(expected)}`, expected, answer ? (answer.text ?? '') : received(obj));
  }
  if (answer && !isDeepStrictEqual(value, expected))
    fail(`${what} is ${describe(value)}, expected ${describe(expected)} (the answer ${answerOf(answer)})`, expected, value);
  ensureEqual(value, expected, what);
}

export { is2xx } from '../../harness/checks/status.ts';

/**
 * Send one async request and return the questionId it was answered with; the request must be
 * accepted (any 2xx: 200 or 202, chat-async-202) with a questionId for the check to go on.
 */
export async function askAsync(chat: ChatApi, clientId: string, query: string): Promise<string> {
  const res = await chat.call('sendRequestAsync', { body: { clientId, query } });
  precondition(is2xx(res), `POST /chatapi/{token}/async was not accepted (it ${answerOf(res)}; judged by chat-api.sendRequestAsync.response-matches-schema)`);
  const q = questionIdIn(res.json);
  precondition(
    q,
    `the answer of POST /chatapi/{token}/async carries no questionId (it ${answerOf(res)}; judged by chat-api.sendRequestAsync.response-matches-schema)`,
  );
  return q;
}

/**
 * Ask until `done` holds or the run's --timeout budget is spent; returns the last value asked. An
 * async request is answered when the server gets to it, so what it writes (history, status) is
 * looked for within the budget, never at one instant. Not a timing assertion: the budget is an upper bound.
 */
export async function within<T>(run: RunConfig, ask: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  return (await pollFor(ask, done, { withinMs: run.timeoutMs, pauseMs: 250 })).value;
}

/** A message's status out of `{"status": S}` or a bare JSON string (the shape is judged by its schema check). */
export function statusIn(res: CallResult): string | undefined {
  if (!is2xx(res) || !res.isJson) return undefined;
  if (typeof res.json === 'string') return res.json;
  return isObject(res.json) && typeof res.json.status === 'string' ? res.json.status : undefined;
}

/** GET a message's status; skips when none can be read (judged by chat-api.statuses.get-matches-schema). */
export async function statusOf(chat: ChatApi, clientId: string, questionId: string): Promise<string> {
  const res = await chat.call('getMessageStatus', { pathParams: { clientId, questionId } });
  const s = statusIn(res);
  precondition(s, `GET message status ${answerOf(res)}, without a readable status (judged by chat-api.statuses.get-matches-schema)`);
  return s;
}

/**
 * The not-read count out of a bare integer, or the only numeric property of an object; a single
 * numeric-string property is tolerated here (the shape is judged by chat-api.notReadCount.response-matches-schema).
 */
export function countIn(json: unknown): number | undefined {
  if (typeof json === 'number' && Number.isInteger(json)) return json;
  if (!isObject(json)) return undefined;
  const values = Object.values(json);
  const nums = values.filter((v) => typeof v === 'number');
  if (nums.length === 1 && Number.isInteger(nums[0])) return nums[0] as number;
  if (nums.length > 0) return undefined;
  const numeric = values.filter((v) => typeof v === 'string' && /^\d+$/.test(v));
  return numeric.length === 1 ? Number(numeric[0]) : undefined;
}

/** GET the not-read count; the call itself is the subject of the count checks, so a non-2xx fails. */
export async function notReadCount(chat: ChatApi, clientId: string): Promise<number> {
  const res = await chat.call('getNotReadCount', { pathParams: { clientId } });
  ensure2xx(res, 'GET message-not-read-count');
  const json = ensureJsonBody(res, 'GET message-not-read-count');
  const n = countIn(json);
  precondition(
    n !== undefined,
    `the not-read count cannot be read: GET message-not-read-count ${answerOf(res)} (judged by chat-api.notReadCount.response-matches-schema)`,
  );
  return n;
}

/** The history's entries: the array itself, or the one array an object holds. */
export function historyEntries(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) return undefined;
  const arrays = Object.values(json).filter(Array.isArray);
  return arrays.length === 1 ? (arrays[0] as unknown[]) : undefined;
}

/** Every questionId (string or number, as a string) of any object anywhere in a JSON value. */
export function questionIdsAnywhere(json: unknown, out: string[] = []): string[] {
  if (Array.isArray(json)) for (const v of json) questionIdsAnywhere(v, out);
  else if (isObject(json)) {
    const q = questionIdIn(json);
    if (q !== undefined) out.push(q);
    for (const v of Object.values(json)) questionIdsAnywhere(v, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// GET /events

/**
 * How long the suite waits for one /events answer. The server may hold a poll open while there is
 * nothing to return (long polling); the suite caps its own wait and reads an unanswered poll as
 * "no events" (reading chat-events-long-poll). Both behaviours conform.
 */
export function pollCapMs(run: RunConfig): number {
  return Math.min(run.timeoutMs, 3000);
}

/**
 * `ts` for checks that look for events this check caused (all of them after the check started): well
 * before the check, so that a server whose clock is a little behind the suite's still lists them.
 */
export function tsBefore(startedAtMs: number): number {
  return startedAtMs - 60_000;
}

/** The margin kept on both sides of `ts` where it must separate events (reading chat-events-time: at least 1 s). */
export const TS_MARGIN_MS = 1000;

export interface Poll {
  res: CallResult;
  events: unknown[];
  /** True when the server held the poll past the suite's cap (long polling, read as no events). */
  held: boolean;
}

/** Was this /events request held past the suite's cap (whether or not the status line had come)? */
export function heldOpen(res: CallResult): boolean {
  return res.error?.startsWith('no complete answer') ?? false;
}

/**
 * GET /events for one client. Every answer that means "no events" is read as such: a poll held
 * open past the cap (chat-events-long-poll), any 2xx without a body (204, chat-events-empty) and
 * `{"events": []}`. Otherwise any 2xx (gen-2xx-for-200) with a list of events.
 */
export async function pollEvents(chat: ChatApi, run: RunConfig, query: { clientId: string; ts: number; all?: boolean; cid?: string }): Promise<Poll> {
  const res = await chat.call('getEvents', { query, timeoutMs: pollCapMs(run) });
  if (heldOpen(res)) return { res, events: [], held: true };
  ensure2xx(res, 'GET /events');
  if ((res.text ?? '').trim() === '') return { res, events: [], held: false };
  const json = ensureJsonBody(res, 'GET /events');
  const events = isObject(json) && Array.isArray(json.events) ? json.events : Array.isArray(json) ? json : undefined;
  precondition(events, `GET /events ${answerOf(res)}, which holds no list of events (judged by chat-api.events.response-matches-schema)`);
  return { res, events, held: false };
}

/** Say why a poll lists nothing, for failure sentences. */
export function describePoll(poll: Poll): string {
  if (poll.held) return 'nothing (the poll was held open)';
  return poll.events.length === 0 ? 'no events' : `${poll.events.length} events`;
}

/** Does an event belong to this request: its questionId, or a text unique to the request, in it? */
export function eventMentions(event: unknown, mark: { text?: string; questionId?: string }): boolean {
  const s = JSON.stringify(event) ?? '';
  if (mark.text !== undefined && s.includes(JSON.stringify(mark.text).slice(1, -1))) return true;
  if (mark.questionId === undefined || !isObject(event)) return false;
  const inner = isObject(event.event) ? event.event : event;
  return questionIdIn(inner) === mark.questionId || questionIdIn(event) === mark.questionId;
}

// ---------------------------------------------------------------------------------------------
// Webhook deliveries

/** The items of a webhook body: the array's objects, or the object itself (the array shape is judged apart). */
export function itemsOf(d: Delivery): Record<string, unknown>[] {
  const b = d.json;
  if (Array.isArray(b)) return b.filter(isObject);
  return isObject(b) ? [b] : [];
}

/** Predicate: a delivery holding an item for this client (and this questionId, when given). */
export function deliveryFor(clientId: string, questionId?: string): (d: Delivery) => boolean {
  return (d) => itemsOf(d).some((i) => i.clientId === clientId && (questionId === undefined || questionIdIn(i) === questionId));
}

/** Predicate: a delivery holding an item whose questionId is this one. */
export function deliveryWithQuestion(questionId: string): (d: Delivery) => boolean {
  return (d) => itemsOf(d).some((i) => questionIdIn(i) === questionId);
}

/** Predicate: a delivery for this client whose data carries this text (an agent's reply). */
export function deliveryWithText(clientId: string, text: string): (d: Delivery) => boolean {
  const needle = JSON.stringify(text).slice(1, -1);
  return (d) => itemsOf(d).some((i) => i.clientId === clientId && (JSON.stringify(i.data ?? null) ?? '').includes(needle));
}

/**
 * A delivery another check waits for and judges (the async answer, the agent's reply): this check
 * only inspects it. Without one within the budget the check is skipped, naming the check that fails.
 */
export async function deliveryJudgedElsewhere(
  deliveries: DeliveryWatcher,
  predicate: (d: Delivery) => boolean,
  what: string,
  judgedBy: string,
): Promise<Delivery> {
  const d = deliveries.seen(predicate)[0] ?? (await deliveries.receiver.waitFor(predicate, deliveries.timeoutMs, deliveries.receiver.nextSeq));
  precondition(d, `${what} did not arrive within ${deliveries.timeoutMs} ms (judged by ${judgedBy})`);
  deliveries.record(d, 'expected');
  return d;
}

/**
 * Keep the evidence of a bulk step short: the first `keep` exchanges after `mark` stay, the rest are
 * replaced by one note saying how many were left out.
 */
export function condenseEvidence(evidence: Evidence[], mark: number, keep: number, what: string): void {
  const extra = evidence.length - mark - keep;
  if (extra <= 0) return;
  evidence.splice(mark + keep, extra, { kind: 'note', text: `${extra} more exchanges of ${what} left out of the evidence` });
}
