/**
 * The operator-api-platform driver endpoints, under `/__driver/platform`: they stand in for the
 * channel settings page (the Operator API channel's "API URL") and for what the bot and the client do
 * in a dialog (a "Transfer to agent" block, a file, closing the dialog). Each answers 2xx as soon as
 * the action is accepted; the requests to the engagement platform follow asynchronously. The chat-api
 * driver (`/__driver/chat/webhook`, `/__driver/chat/agent-text`) is served too, by the Chat API layer.
 * @module
 */

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OperatorChannel, TransferOptions } from './channel.ts';
import { isHttpUrl, isObject } from '../common/json.ts';

export const DRIVER_PREFIX = '/__driver';

export interface DriverDeps {
  channel: OperatorChannel;
  /** `scheme://host[:port]` under which the engagement platform reaches this platform (absent: the driver request's Host). */
  publicOrigin?: string;
}

export function registerDriver(app: FastifyInstance, d: DriverDeps): void {
  void app.register(
    async (r) => {
      r.post('/operator-channel', async (req, reply) => {
        const b = objectBody(req.body);
        const apiUrl = b?.apiUrl;
        if (typeof apiUrl !== 'string' || !isHttpUrl(apiUrl)) return bad(reply, 'the body must be {"apiUrl": an absolute http(s) URL}');
        d.channel.connect(apiUrl, d.publicOrigin ?? `${req.protocol}://${req.host}`);
        return reply.code(202).send({});
      });

      r.post('/transfer', async (req, reply) => {
        const b = objectBody(req.body);
        if (!b || !nonEmpty(b.clientId))
          return bad(reply, 'the body must be {"clientId": string, "destinationId"?, "userName"?, "attributes"?, "hiddenAttributes"?}');
        if (!d.channel.connected)
          return reply.code(409).send({ error: 'the Operator API channel is not connected (POST /__driver/platform/operator-channel first)' });
        const o: TransferOptions = {};
        if (typeof b.destinationId === 'string') o.destinationId = b.destinationId;
        if (typeof b.userName === 'string') o.userName = b.userName;
        if (isObject(b.attributes)) o.attributes = b.attributes;
        if (isObject(b.hiddenAttributes)) o.hiddenAttributes = b.hiddenAttributes;
        d.channel.transfer(b.clientId, o);
        return reply.code(202).send({});
      });

      r.post('/client-file', async (req, reply) => {
        const b = objectBody(req.body);
        if (!b || !nonEmpty(b.clientId) || typeof b.url !== 'string')
          return bad(reply, 'the body must be {"clientId": string, "url": string, "fileName"?, "size"?}');
        const size = typeof b.size === 'number' && Number.isSafeInteger(b.size) && b.size >= 0 ? b.size : undefined;
        d.channel.clientFile(b.clientId, { url: b.url, fileName: typeof b.fileName === 'string' ? b.fileName : undefined, size });
        return reply.code(202).send({});
      });

      r.post('/client-close', async (req, reply) => {
        const b = objectBody(req.body);
        if (!b || !nonEmpty(b.clientId)) return bad(reply, 'the body must be {"clientId": string, "text"?: string}');
        d.channel.clientClose(b.clientId, typeof b.text === 'string' ? b.text : undefined);
        return reply.code(202).send({});
      });
    },
    { prefix: `${DRIVER_PREFIX}/platform` },
  );
}

function bad(reply: FastifyReply, error: string): FastifyReply {
  return reply.code(400).send({ error });
}

function objectBody(v: unknown): Record<string, unknown> | undefined {
  return isObject(v) ? v : undefined;
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}
