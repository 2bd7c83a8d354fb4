/**
 * The chat-api endpoints of the driver protocol (README), registered under /__driver: they stand in
 * for the channel settings page (Webhook URL) and the agent console (an agent's reply). They act on
 * the channel token the reference was started with.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { ChatContext } from './context.ts';
import { agentReply } from './conversation.ts';
import { isObject } from './routes-requests.ts';
import { isHttpUrl } from '../common/json.ts';

/** Registers the chat-api driver endpoints under /__driver. */
export function driverRoutes(app: FastifyInstance, ctx: ChatContext): void {
  app.post('/__driver/chat/webhook', async (request, reply) => {
    const body = request.body;
    if (!isObject(body) || typeof body.url !== 'string' || !isHttpUrl(body.url)) {
      return reply.code(400).send({ error: 'the body must be {"url": an http(s) URL}' });
    }
    await ctx.store.setWebhookUrl(ctx.token, body.url);
    return {};
  });

  app.post('/__driver/chat/agent-text', async (request, reply) => {
    const body = request.body;
    if (!isObject(body) || typeof body.clientId !== 'string' || body.clientId === '' || typeof body.text !== 'string') {
      return reply.code(400).send({ error: 'the body must be {"clientId": string, "text": string}' });
    }
    await agentReply(ctx, ctx.token, body.clientId, body.text);
    return {};
  });
}
