/**
 * The Omnichannel mutants that only reshape a refusal of the inbound endpoint (its status, its error
 * text or its key), applied by one `onSend` hook so that inbound.ts reads as the document's error
 * table. The shared hook (../common/response-mutants.ts) reshapes successful answers; these reshape
 * error answers, each recognised by the row's status and documented text, which no other row gives.
 * Nothing is installed when no such mutant is active.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { INBOUND_ANSWERS } from './error-table.ts';
import { INBOUND_PATH } from './inbound.ts';
import type { MutantId, Switches } from './mutants.ts';

type ErrorBody = Record<string, unknown> & { error: string };

interface RefusalMutant {
  mutant: MutantId;
  /** The row whose refusal it reshapes: its status and `{"error"}` text (error-table.ts). */
  answer: { status: number; error: string };
  reshape(body: ErrorBody): { status?: number; json: unknown };
}

const NO_CHANNEL = INBOUND_ANSWERS.noActiveChannel;

export const RESPONSE_MUTANTS: readonly RefusalMutant[] = [
  { mutant: 'no-channel-error-text', answer: NO_CHANNEL, reshape: (b) => ({ json: { ...b, error: 'No channel.' } }) },
  { mutant: 'no-channel-error-key', answer: NO_CHANNEL, reshape: (b) => ({ json: { message: b.error } }) },
  { mutant: 'no-channel-404', answer: NO_CHANNEL, reshape: (b) => ({ status: 404, json: b }) },
  { mutant: 'bad-json-400', answer: INBOUND_ANSWERS.notJsonObject, reshape: (b) => ({ status: 400, json: b }) },
];

export function installResponseMutants(app: FastifyInstance, sw: Switches): void {
  const active = RESPONSE_MUTANTS.find((r) => sw.mutant(r.mutant));
  if (active === undefined) return;
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url !== INBOUND_PATH || reply.statusCode !== active.answer.status || typeof payload !== 'string') return payload;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    if (error !== active.answer.error) return payload;
    const out = active.reshape(body as ErrorBody);
    if (out.status !== undefined) void reply.code(out.status);
    return JSON.stringify(out.json);
  });
}
