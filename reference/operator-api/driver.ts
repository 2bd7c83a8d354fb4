/**
 * The driver endpoints of the driver protocol (README) for operator-api, under `/__driver/operator`: they stand in
 * for the agent console. Each agent action updates the chat and queues its event, and is answered
 * 202 at once; the event follows asynchronously.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Switches } from './mutants.ts';
import type { AgentEvent, EventFactory } from './events.ts';
import type { OperatorState } from './state.ts';
import { DESTINATIONS } from './state.ts';
import type { WebhookSender } from './webhook-sender.ts';
import { objectBody, optionalSize, optionalString, requireString } from './request-body.ts';

export interface DriverDeps {
  state: OperatorState;
  events: EventFactory;
  sender: WebhookSender;
  sw: Switches;
  log: (line: string) => void;
}

export const DRIVER_PREFIX = '/__driver';

/** Where the file-rehosted variation serves its copies of the agents' files (outside the API prefix). */
export const FILES_PREFIX = '/files';

export function registerDriver(app: FastifyInstance, d: DriverDeps): void {
  const { sw } = d;
  /**
   * Which user the event names: the acting user, unless the event-wrong-user mutant names the user
   * whose chat was opened last (a "current chat" global: right while one chat is open at a time).
   */
  const eventUser = (userId: string): string => {
    const last = d.state.lastOpenedUser;
    return sw.mutant('event-wrong-user') && last !== undefined ? last : userId;
  };

  /**
   * The file-rehosted variation: the platform keeps its own copy of each agent file and links that.
   * The copy is a redirect to the file the agent attached, which is all a reference needs to serve.
   */
  const copies = new Map<string, string>();
  const rehost = (origin: string, url: string, name: string): string => {
    const id = randomUUID();
    copies.set(id, url);
    return `${origin}${FILES_PREFIX}/${id}/${encodeURIComponent(name)}`;
  };
  app.get(`${FILES_PREFIX}/:id/:name`, async (req, reply) => {
    const target = copies.get((req.params as { id: string }).id);
    if (target === undefined) return reply.code(404).send({ error: 'no such file' });
    return reply.redirect(target, 302);
  });

  /**
   * The events-lost-concurrent mutant: each agent action holds a per-user outbox for a moment; an
   * action for the same user that arrives meanwhile loses its event. Sequential actions never overlap.
   */
  const busy = new Map<string, number>();
  const post = async (event: AgentEvent, userId: string): Promise<void> => {
    if (sw.mutant('events-lost-concurrent')) {
      const before = busy.get(userId) ?? 0;
      busy.set(userId, before + 1);
      await new Promise((resolve) => setTimeout(resolve, 25));
      busy.set(userId, (busy.get(userId) ?? 1) - 1);
      if (before > 0) return;
    }
    const url = d.state.webhookUrl;
    if (url === undefined) {
      // What an agent does before any setWebhook is not specified: the event is dropped.
      d.log(`event ${event.type} for user ${event.userId} dropped: no webhook set`);
      return;
    }
    d.sender.enqueue(url, event);
  };

  void app.register(
    async (r) => {
      r.post('/agent-text', async (req, reply) => {
        const b = objectBody(req.body);
        const userId = requireString(b, 'userId');
        const text = requireString(b, 'text');
        d.state.addMessage(userId, { from: 'agent', text });
        await post(d.events.text(eventUser(userId), text), userId);
        return reply.code(202).send({});
      });

      r.post('/agent-file', async (req, reply) => {
        const b = objectBody(req.body);
        const userId = requireString(b, 'userId');
        const url = requireString(b, 'url');
        const name = optionalString(b, 'name') ?? 'file';
        const size = optionalSize(b, 'size') ?? 0;
        const comment = optionalString(b, 'comment') ?? '';
        d.state.addMessage(userId, { from: 'agent', url, text: name });
        const link = sw.variation('file-rehosted') ? rehost(`${req.protocol}://${req.host}`, url, name) : url;
        await post(d.events.file(eventUser(userId), { url: link, name, size, comment }), userId);
        return reply.code(202).send({});
      });

      r.post('/agent-close', async (req, reply) => {
        const userId = requireString(objectBody(req.body), 'userId');
        d.state.close(userId);
        await post(d.events.closed(eventUser(userId)), userId);
        return reply.code(202).send({});
      });

      r.post('/agent-transfer', async (req, reply) => {
        const b = objectBody(req.body);
        const userId = requireString(b, 'userId');
        const destinationId = requireString(b, 'destinationId');
        // An id outside the fixed groups still names a destination, offline.
        const destination = DESTINATIONS.find((g) => g.destinationId === destinationId) ?? {
          destinationId,
          name: `Agent group ${destinationId}`,
          hasOnline: false,
        };
        d.state.transfer(userId, destinationId);
        await post(d.events.transfer(eventUser(userId), destination), userId);
        return reply.code(202).send({});
      });

      r.get('/chat', async (req, reply) => {
        const userId = (req.query as Record<string, unknown>).userId;
        if (typeof userId !== 'string') return reply.code(400).send({ error: 'the query parameter "userId" is missing' });
        return reply.send(d.state.view(userId));
      });
    },
    { prefix: `${DRIVER_PREFIX}/operator` },
  );
}
