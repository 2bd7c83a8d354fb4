/**
 * The reference chatbot platform with an Operator API channel: the Chat API reference
 * (reference/chat-api, composed, not copied) for the clients, plus
 *  - the Operator API channel (channel.ts): setWebhook when connected, selectDestination on a
 *    transfer, sendText / sendFile / closeChat for what the client does while an agent has the dialog;
 *  - the webhook the engagement platform posts agent events to (webhook.ts);
 *  - the driver endpoints under /__driver/platform (driver.ts), beside the Chat API's /__driver/chat.
 *
 * A client is transferred by the driver, or when its Chat API query is "operator" (as a bot's
 * "Transfer to agent" block would). While transferred, its texts go to the engagement platform and
 * the bot stays silent (the Chat API answers with no replies).
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { ReferenceOptions } from '../types.ts';
import type { AnswerData, ChatStore } from '../chat-api/store.ts';
import { build as buildChatApi } from '../chat-api/server.ts';
import { catalogue } from './mutants.ts';
import { OperatorClient } from './operator-client.ts';
import { FILES_PATH, OperatorChannel } from './channel.ts';
import { registerWebhook } from './webhook.ts';
import { registerDriver } from './driver.ts';

export interface PlatformBuildOptions extends ReferenceOptions {
  /** Path before /chatapi. Default: "/chatadapter" under the path-prefix variation, else "". */
  basePath?: string;
  /** Origin of the webhook URL given to setWebhook. Default: the Host of the driver request that connected the channel. */
  publicOrigin?: string;
  store?: ChatStore;
}

/** The base path of the path-prefix variation (the document's webhook example has it). */
export const PREFIX_BASE_PATH = '/chatadapter';

export function basePathFor(opts: PlatformBuildOptions): string {
  const sw = catalogue.switches(opts);
  return (opts.basePath ?? (sw.variation('path-prefix') ? PREFIX_BASE_PATH : '')).replace(/\/+$/, '');
}

export function build(opts: PlatformBuildOptions = {}): FastifyInstance {
  const sw = catalogue.switches(opts);
  const basePath = basePathFor(opts);
  let channel: OperatorChannel | undefined;
  // The apiKey is a secret: no log line carries one.
  const log = (line: string): void => {
    if (!opts.log) return;
    let out = line;
    for (const key of channel?.issuedKeys ?? []) out = out.split(key).join('***');
    opts.log(out);
  };
  const operator = new OperatorClient({ sw, log });

  const app = buildChatApi({
    token: opts.token,
    log,
    basePath,
    store: opts.store,
    variation: sw.variation('events-long-polling') ? 'long-polling' : undefined,
    answer: async (_token, req) => (req.query === undefined ? undefined : answerText(ch, req.clientId, req.query)),
  });

  const ch = new OperatorChannel({
    sw,
    log,
    operator,
    basePath,
    // Through the Chat API layer's own agent-reply action: /events and the Chat API webhook.
    toClient: async (clientId, text) => {
      const res = await app.inject({ method: 'POST', url: '/__driver/chat/agent-text', payload: { clientId, text } });
      if (res.statusCode >= 300) log(`agent reply to a client failed: ${res.statusCode}`);
    },
  });
  channel = ch;

  registerWebhook(app, ch, sw, basePath);
  // client-file-rehosted: the platform's copy of a client's file, served as a redirect to the file.
  app.get(`${basePath}${FILES_PATH}/:id/:name`, async (req, reply) => {
    const target = ch.fileCopies.get((req.params as { id: string }).id);
    if (target === undefined) return reply.code(404).send({ error: 'no such file' });
    return reply.redirect(target, 302);
  });
  registerDriver(app, { channel: ch, publicOrigin: opts.publicOrigin });
  app.addHook('onClose', async () => {
    await operator.close();
  });
  return app;
}

/** What the platform answers a client's text instead of the bot, if anything. */
function answerText(channel: OperatorChannel, clientId: string, query: string): AnswerData | undefined {
  // An agent has the dialog: the text went to the engagement platform; the bot says nothing.
  if (channel.clientText(clientId, query)) return { replies: [] };
  if (query.trim().toLowerCase() !== 'operator') return undefined;
  if (!channel.connected) return say('No agent is available: the Operator API channel is not connected.');
  channel.transfer(clientId, {});
  return say('Transferring you to an agent.');
}

function say(text: string): AnswerData {
  return { replies: [{ type: 'text', text, state: '/Operator' }], answer: text };
}
