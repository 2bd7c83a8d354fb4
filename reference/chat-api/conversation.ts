/**
 * What happens in a conversation, whoever triggers it (a client request through the API, an agent
 * through the driver): the bot answers, history, statuses and events are written, webhooks go out.
 * The routes only validate and shape HTTP answers around these actions.
 * @module
 */

import { randomUUID } from 'node:crypto';
import { scriptAnswer } from './bot-script.ts';
import type { ChatContext } from './context.ts';
import type { AnswerData, ChatEvent, MessageStatus } from './store.ts';
import { postWebhook } from './webhook-sender.ts';

/** A validated client request. */
export interface ClientRequest {
  clientId: string;
  query?: string;
  event?: string;
  data?: Record<string, unknown>;
  cid?: string;
}

/** The method a request came through: the history-omits-* and status-missing-for-async mutants leave one out. */
export type Via = 'sync' | 'simple' | 'async';

export interface Answered {
  questionId: string;
  /** ISO 8601, e.g. 2022-09-28T12:32:13.262Z (without the Z in the timestamps-no-offset variation). */
  timestamp: string;
  data: AnswerData;
}

/** One item of the array the webhook receives (the document's example, one element). */
export interface WebhookItem {
  token?: string;
  clientId: string;
  /** An agent's reply answers no question: it may have none (reading chat-agent-reply-unanswered). */
  questionId?: string | null;
  data: AnswerData;
  timestamp: string;
  blockForm?: boolean | null;
  cid?: string | null;
}

export const BOT_RESPONSE_EVENT = 'botResponse';
export const AGENT_REPLY_EVENT = 'agentReply';
/** The window of the events-lost-same-moment mutant. */
const SAME_MOMENT_MS = 25;
/** How long the bot of the slow-bot-arrival-time variation takes to answer. */
export const SLOW_BOT_MS = 500;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function newQuestionId(ctx: ChatContext): string {
  const { sw } = ctx;
  if (sw.mutant('question-id-reused')) return '00000000-0000-4000-8000-000000000000';
  return randomUUID();
}

/** numeric-client-id-as-number: a clientId that looks like a number is written back as one (a typed JSON mapper's slip). */
export function numericAsNumber(ctx: ChatContext, clientId: string): string | number {
  const { sw } = ctx;
  return sw.mutant('numeric-client-id-as-number') && /^\d{1,16}$/.test(clientId) ? Number(clientId) : clientId;
}

/** A timestamp of this reference: ISO 8601 in UTC with "Z", or without any offset (timestamps-no-offset). */
export function stamp(ctx: ChatContext, ms: number): string {
  const { sw } = ctx;
  const iso = new Date(ms).toISOString();
  return sw.variation('timestamps-no-offset') ? iso.slice(0, -1) : iso;
}

/** A message the bot has just sent is not READ yet; which of the other three it starts in is open (chat-status-initial). */
function initialStatus(ctx: ChatContext): MessageStatus {
  const { sw } = ctx;
  if (sw.mutant('new-message-read')) return 'READ';
  if (sw.variation('status-starts-delivered')) return 'DELIVERED';
  if (sw.variation('status-starts-not-sent')) return 'NOT_SENT';
  return 'SENT';
}

/** Runs the bot on a client request and records the answer as a bot message (with `questionId`, when given). */
export async function answerRequest(ctx: ChatContext, token: string, req: ClientRequest, via: Via, givenQuestionId?: string): Promise<Answered> {
  const { sw } = ctx;
  const arrived = Date.now();
  ctx.clients.add(req.clientId);
  if (sw.variation('slow-bot-arrival-time')) await sleep(SLOW_BOT_MS);
  const data = (await ctx.answer?.(token, req)) ?? scriptAnswer(ctx.botScript, { query: req.query, event: req.event });
  if (sw.mutant('replies-missing-type')) for (const r of data.replies) delete r.type;
  const questionId = givenQuestionId ?? newQuestionId(ctx);
  // The time of the answer; of the request's arrival in the slow-bot-arrival-time variation (chat-events-time).
  const time = sw.variation('slow-bot-arrival-time') ? arrived : Date.now();
  const timestamp = stamp(ctx, time);
  const leftOut = (via === 'async' && sw.mutant('history-omits-async')) || (via === 'simple' && sw.mutant('history-omits-simple-get'));
  if (!leftOut) {
    await ctx.store.addHistory(token, req.clientId, {
      questionId,
      timestamp,
      ...(req.query !== undefined ? { query: req.query } : {}),
      ...(req.event !== undefined ? { event: req.event } : {}),
      data,
    });
  }
  if (via === 'async') ctx.asyncAnswered.add(questionId);
  if (!(via === 'async' && sw.mutant('status-missing-for-async'))) {
    await ctx.store.setStatuses(token, req.clientId, [{ questionId, status: initialStatus(ctx) }]);
  }
  await addEvent(ctx, token, req.clientId, {
    time,
    kind: 'bot',
    type: BOT_RESPONSE_EVENT,
    ...(req.cid !== undefined ? { cid: req.cid } : {}),
    questionId,
    timestamp,
    data: {
      ...(req.query !== undefined ? { query: req.query } : {}),
      ...(req.event !== undefined ? { event: req.event } : {}),
      ...data,
    },
  });
  return { questionId, timestamp, data };
}

/**
 * One webhook item. In the nulls variation every optional property is there, null when it has no
 * value (gen-null-absent).
 */
export function webhookItem(
  ctx: ChatContext,
  token: string,
  f: { clientId: string; questionId?: string; data: AnswerData; timestamp: string; cid?: string },
): WebhookItem {
  const { sw } = ctx;
  const nulls = sw.variation('nulls');
  return {
    token,
    clientId: numericAsNumber(ctx, f.clientId) as string,
    ...(f.questionId !== undefined ? { questionId: f.questionId } : nulls ? { questionId: null } : {}),
    data: nulls ? { ...f.data, nlpClass: null, confidence: null } : f.data,
    timestamp: f.timestamp,
    blockForm: nulls ? null : false,
    ...(f.cid !== undefined ? { cid: f.cid } : nulls ? { cid: null } : {}),
  };
}

/** An agent's reply to a client: an event for /events and an item on the webhook. */
export async function agentReply(ctx: ChatContext, token: string, clientId: string, text: string): Promise<void> {
  const { sw } = ctx;
  // Whether an agent's reply has a questionId, a history entry or a status is open (chat-agent-reply-unanswered).
  const unanswered = sw.variation('agent-reply-unanswered') || sw.variation('nulls');
  const questionId = unanswered ? undefined : newQuestionId(ctx);
  const time = Date.now();
  const timestamp = stamp(ctx, time);
  const data: AnswerData = { replies: [{ type: 'text', text }], answer: text };
  if (sw.variation('agent-reply-in-history') && questionId !== undefined) {
    await ctx.store.addHistory(token, clientId, { questionId, timestamp, data });
    await ctx.store.setStatuses(token, clientId, [{ questionId, status: 'SENT' }]);
  }
  if (!sw.mutant('agent-reply-not-in-events')) {
    await addEvent(ctx, token, clientId, {
      time,
      kind: 'agent',
      type: AGENT_REPLY_EVENT,
      ...(questionId !== undefined ? { questionId } : {}),
      timestamp,
      data,
    });
  }
  if (!sw.mutant('agent-reply-not-on-webhook')) {
    const item = webhookItem(ctx, token, { clientId, questionId, data, timestamp });
    deliver(ctx, token, sw.mutant('agent-reply-webhook-not-array') ? item : [item]);
  }
}

async function addEvent(ctx: ChatContext, token: string, clientId: string, event: Omit<ChatEvent, 'seq'>): Promise<void> {
  const { sw } = ctx;
  if (sw.mutant('events-lost-same-moment') && event.kind === 'bot') {
    // A read-modify-write without a lock: when another request of the client stores its event in
    // between, this one is lost.
    const before = (await ctx.store.events(token, clientId)).length;
    await sleep(SAME_MOMENT_MS);
    if ((await ctx.store.events(token, clientId)).length !== before) return;
  }
  await ctx.store.addEvent(token, clientId, event);
  ctx.bus.notify(token, clientId);
}

/** Runs work in the background, tracked so that `close()` waits for it; failures are logged. */
export function background(ctx: ChatContext, work: () => Promise<void>): void {
  const run = work().catch((err: unknown) => ctx.log(`background: ${(err as Error).message}`));
  ctx.pending.add(run);
  void run.finally(() => ctx.pending.delete(run));
}

/**
 * Posts a body to the channel's Webhook URL in the background. Without a Webhook URL the delivery
 * is dropped: the answer is still in history and events.
 */
export function deliver(ctx: ChatContext, token: string, body: unknown): void {
  background(ctx, async () => {
    const url = await ctx.store.webhookUrl(token);
    if (url === undefined) {
      ctx.log('webhook: no Webhook URL set, delivery dropped');
      return;
    }
    await postWebhook(url, body, ctx.log);
  });
}
