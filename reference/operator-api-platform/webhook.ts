/**
 * The platform's webhook for events from the engagement platform:
 * `POST {basePath}/chatapi/webhook/operatorapi/{apiKey}` (the document's "Webhook format").
 *
 *  - an apiKey other than the channel's (or any before the channel is connected): 404;
 *  - a body that is not JSON, not an object, without a string id, userId or type, of an unknown type,
 *    or without a mandatory field of its type (the parameter tables): 400 with `{"error": "..."}`;
 *  - a valid event: 200 with an empty body (any 2xx would do: reading gen-2xx-for-200), and its effect: TextMessage → the
 *    agent's text to the client; FileMessage → the file's link to the client; Closed → the bot has
 *    the dialog again; SelectDestination → recorded.
 *
 * Types are read as the tables give them, and also in the forms of the document's examples
 * (`"size": "2"`, `"hasOnline": "true"`), which a platform must accept.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Switches } from './mutants.ts';
import type { OperatorChannel } from './channel.ts';
import { isObject } from '../common/json.ts';

/** The event types the webhook accepts. */
export const EVENT_TYPES = ['TextMessage', 'FileMessage', 'Closed', 'SelectDestination'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface AgentEvent {
  id: string;
  userId: string;
  type: EventType;
  [field: string]: unknown;
}

/** A reason to refuse the event (400), or the event. */
export function readEvent(value: unknown, sw: Switches): AgentEvent | string {
  if (!isObject(value)) return 'the body must be a JSON object';
  for (const field of ['id', 'type'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') return `the mandatory field "${field}" is missing or not a string`;
  }
  if (typeof value.userId !== 'string' || value.userId === '') {
    if (!(sw.mutant('webhook-missing-user-id-accepted') && value.userId === undefined)) return 'the mandatory field "userId" is missing or not a string';
  }
  const type = value.type as string;
  // Refused rather than ignored: both are reasonable (reading op-platform-not-checked), refusing is plainer.
  if (!(EVENT_TYPES as readonly string[]).includes(type)) return `unknown event type ${JSON.stringify(type)}`;
  const missing = (fields: string[]) => fields.find((f) => typeof value[f] !== 'string');
  switch (type as EventType) {
    case 'TextMessage': {
      if (typeof value.text !== 'string' && !sw.mutant('webhook-missing-text-accepted')) return 'TextMessage needs "text", a string';
      return employeeProblem(value.employee) ?? (value as AgentEvent);
    }
    case 'FileMessage': {
      if (sw.mutant('webhook-file-refused')) return 'FileMessage is not supported';
      const m = missing(['url', 'name', 'comment']);
      if (m) return `FileMessage needs "${m}", a string`;
      if (!isSize(value.size, sw)) return 'FileMessage needs "size", a number of bytes';
      return employeeProblem(value.employee) ?? (value as AgentEvent);
    }
    case 'Closed':
      if (sw.mutant('webhook-closed-refused')) return 'Closed is not supported';
      return employeeProblem(value.employee) ?? (value as AgentEvent);
    case 'SelectDestination': {
      if (sw.mutant('webhook-select-destination-refused')) return 'SelectDestination is not supported';
      const d = value.destination;
      if (!isObject(d) || typeof d.destinationId !== 'string' || typeof d.name !== 'string') {
        return 'SelectDestination needs "destination" with destinationId and name, strings';
      }
      const online = d.hasOnline;
      const okOnline = typeof online === 'boolean' || (!sw.mutant('webhook-has-online-string-refused') && (online === 'true' || online === 'false'));
      if (!okOnline) return 'SelectDestination needs "destination.hasOnline", a boolean';
      // The document's example has no employee: it may be left out.
      return value.employee === undefined ? (value as AgentEvent) : (employeeProblem(value.employee) ?? (value as AgentEvent));
    }
  }
}

function employeeProblem(e: unknown): string | undefined {
  if (!isObject(e)) return 'the event needs "employee", an object';
  for (const f of ['employeeId', 'firstName', 'lastName', 'avatarUrl']) {
    if (typeof e[f] !== 'string') return `employee needs "${f}", a string`;
  }
  return undefined;
}

/** A size in bytes: an integer (the table) or a string of digits (the example). */
function isSize(v: unknown, sw: Switches): boolean {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0;
  return typeof v === 'string' && /^[0-9]+$/.test(v) && !sw.mutant('webhook-size-string-refused');
}

/** The webhook-answers-204 variation: any 2xx is success (reading gen-2xx-for-200), so assorted ones. */
const ODD_ANSWERS: Record<EventType, { status: number; body?: unknown }> = {
  TextMessage: { status: 204 },
  FileMessage: { status: 202, body: { queued: true } },
  Closed: { status: 201, body: 'ok' },
  SelectDestination: { status: 204 },
};

/** Under the events-long-polling variation, an event takes effect this long after the webhook answered. */
const LATER_MS = 300;

export function registerWebhook(app: FastifyInstance, channel: OperatorChannel, sw: Switches, basePath: string): void {
  const later = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...later]);
  });
  void app.register(async (w) => {
    // The body is read as text whatever its content type, so that "not JSON" is this route's answer.
    w.removeAllContentTypeParsers();
    w.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    const handler = async (request: { params: unknown; body: unknown }, reply: import('fastify').FastifyReply) => {
      const { apiKey } = request.params as { apiKey: string };
      if (apiKey !== channel.apiKey && !(sw.mutant('webhook-any-api-key') && channel.connected)) {
        return reply.code(404).send({ error: 'unknown apiKey' });
      }
      let value: unknown;
      try {
        value = JSON.parse(typeof request.body === 'string' ? request.body : '');
      } catch {
        return reply.code(sw.mutant('webhook-bad-json-500') ? 500 : 400).send({ error: 'the body is not JSON' });
      }
      const event = readEvent(value, sw);
      if (typeof event === 'string') return reply.code(400).send({ error: event });
      if (sw.variation('events-long-polling')) {
        // Answered at once, handled afterwards: the client's poll is held until the agent's text arrives.
        const p = sleep(LATER_MS)
          .then(() => apply(channel, event))
          .catch(() => undefined);
        later.add(p);
        void p.finally(() => later.delete(p));
      } else {
        await apply(channel, event);
      }
      if (event.type === 'TextMessage' && sw.mutant('webhook-text-500')) return reply.code(500).send({ error: 'internal error' });
      if (sw.variation('webhook-answers-204')) {
        const odd = ODD_ANSWERS[event.type];
        return reply.code(odd.status).send(odd.body ?? '');
      }
      return reply.code(200).send('');
    };
    // Both forms are served: the documented one, and the one the set-webhook-undocumented-path mutant announces.
    w.post(`${basePath}/chatapi/webhook/operatorapi/:apiKey`, handler);
    w.post(`${basePath}/chatapi/operator/events/:apiKey`, handler);
  });
}

async function apply(channel: OperatorChannel, e: AgentEvent): Promise<void> {
  switch (e.type) {
    case 'TextMessage':
      if (typeof e.text === 'string') await channel.agentText(e.userId, e.text);
      return;
    case 'FileMessage':
      await channel.agentFile(e.userId, { url: String(e.url), name: String(e.name), comment: String(e.comment) });
      return;
    case 'Closed':
      channel.agentClosed(e.userId);
      return;
    case 'SelectDestination':
      channel.agentRouted(e.userId, String((e.destination as { destinationId: string }).destinationId));
      return;
  }
}
