/**
 * Mutants that only reshape an answer (drop, rename or retype a field, change the status or the
 * form of the body) live in one table per reference instead of in the route code, so that the routes
 * people run with `serve` read as the conformant implementation. One fastify `onSend` hook applies
 * the active mutant's reshaping to the successful (2xx) JSON answers of its route; nothing is
 * installed when no such mutant is active.
 * @module
 */

import type { FastifyInstance } from 'fastify';

export interface ResponseMutant<M extends string> {
  mutant: M;
  /** The route whose answers it reshapes: method and fastify URL pattern, e.g. `GET /getDestinations`. */
  route: string;
  /** The new answer, from the parsed JSON body of the conformant one. */
  // biome-ignore lint/suspicious/noExplicitAny: the conformant answer, whose shape each mutant's route fixes
  reshape(body: any): Reshaped;
}

export interface Reshaped {
  /** A new status (the body is then `json` or `text`, as given). */
  status?: number;
  /** A JSON body, serialised as fastify would. */
  json?: unknown;
  /** A body sent as written, with its content type. */
  text?: { body: string; type: string };
}

export function installResponseMutants<M extends string>(
  app: FastifyInstance,
  sw: { mutant(id: M): boolean },
  table: ReadonlyArray<ResponseMutant<M>>,
  /** The path the routes are registered under ('' at the root). */
  prefix = '',
): void {
  const active = table.filter((r) => sw.mutant(r.mutant));
  if (active.length === 0) return;
  app.addHook('onSend', async (request, reply, payload) => {
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const r = active.find((x) => route === x.route.replace(' ', ` ${prefix}`));
    if (r === undefined || reply.statusCode < 200 || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload; // not a JSON answer (another variation's form): left as it is
    }
    const out = r.reshape(body);
    if (out.status !== undefined) void reply.code(out.status);
    if (out.text !== undefined) {
      void reply.header('content-type', out.text.type);
      return out.text.body;
    }
    void reply.header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(out.json);
  });
}
