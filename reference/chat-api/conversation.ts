import { randomUUID } from 'node:crypto';
import { botAnswer } from './bot.ts';
import type { ChatContext } from './context.ts';
import type { AnswerData, ChatEvent } from './store.ts';
import { postWebhook } from './webhook-sender.ts';

/**
 * What happens in a conversation, whoever triggers it (a client request through the API, an agent
 * through the driver): the bot answers, history, statuses and events are written, webhooks go out.
 * The routes only validate and shape HTTP answers around these actions.
 */

/** A validated client request. */
export interface ClientRequest {
  clientId: string;
  query?: string;
  event?: string;
  data?: Record<string, unknown>;
  cid?: string;
}

export interface Answered {
  questionId: string;
  /** ISO 8601 in UTC, e.g. 2022-09-28T12:32:13.262Z. */
  timestamp: string;
  data: AnswerData;
}

/** One item of the array the webhook receives (the document's example, one element). */
export interface WebhookItem {
  token?: string;
  clientId: string;
  questionId: string;
  data: AnswerData;
  timestamp: string;
  blockForm?: boolean;
}

export const BOT_RESPONSE_EVENT = 'botResponse';
export const AGENT_REPLY_EVENT = 'agentReply';

export function newQuestionId(ctx: ChatContext): string {
  if (ctx.m.has('question-id-reused')) return '00000000-0000-4000-8000-000000000000';
  return randomUUID();
}

/** Runs the bot on a client request and records the answer as a bot message (with `questionId`, when given). */
export async function answerRequest(ctx: ChatContext, token: string, req: ClientRequest, givenQuestionId?: string): Promise<Answered> {
  const data = (await ctx.answer?.(token, req)) ?? botAnswer({ query: req.query, event: req.event });
  if (ctx.m.has('replies-missing-type')) for (const r of data.replies) delete r.type;
  const questionId = givenQuestionId ?? newQuestionId(ctx);
  const time = Date.now();
  const timestamp = new Date(time).toISOString();
  await ctx.store.addHistory(token, req.clientId, {
    questionId,
    timestamp,
    ...(req.query !== undefined ? { query: req.query } : {}),
    ...(req.event !== undefined ? { event: req.event } : {}),
    data,
  });
  // A message the bot has just sent has not been read yet (assumptions.md); SENT is its first state.
  const initial = ctx.m.has('new-message-read') ? 'READ' : 'SENT';
  await ctx.store.setStatuses(token, req.clientId, [{ questionId, status: initial }]);
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

/** An agent's reply to a client: an event for /events and an item on the webhook. */
export async function agentReply(ctx: ChatContext, token: string, clientId: string, text: string): Promise<void> {
  const questionId = newQuestionId(ctx);
  const time = Date.now();
  const timestamp = new Date(time).toISOString();
  const data: AnswerData = { replies: [{ type: 'text', text }], answer: text };
  if (!ctx.m.has('agent-reply-not-in-events')) {
    await addEvent(ctx, token, clientId, { time, kind: 'agent', type: AGENT_REPLY_EVENT, questionId, timestamp, data });
  }
  if (!ctx.m.has('agent-reply-not-on-webhook')) {
    const item: WebhookItem = { token, clientId, questionId, data, timestamp, blockForm: false };
    deliver(ctx, token, ctx.m.has('agent-reply-webhook-not-array') ? item : [item]);
  }
}

async function addEvent(ctx: ChatContext, token: string, clientId: string, event: Omit<ChatEvent, 'seq'>): Promise<void> {
  await ctx.store.addEvent(token, clientId, event);
  ctx.bus.notify(token, clientId);
}

/**
 * Posts a body to the channel's Webhook URL in the background. Without a Webhook URL the delivery
 * is dropped: the answer is still in history and events.
 */
export function deliver(ctx: ChatContext, token: string, body: unknown): void {
  const run = (async () => {
    const url = await ctx.store.webhookUrl(token);
    if (url === undefined) {
      ctx.log('webhook: no Webhook URL set, delivery dropped');
      return;
    }
    await postWebhook(url, body, ctx.log);
  })().catch((err: unknown) => ctx.log(`webhook: ${(err as Error).message}`));
  ctx.pending.add(run);
  void run.finally(() => ctx.pending.delete(run));
}
