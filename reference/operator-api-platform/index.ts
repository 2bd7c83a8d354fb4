/**
 * The reference chatbot platform's entry point, loaded on demand by reference/index.ts: `start()` on
 * loopback, and the fastify `build` and the mutant catalogue it is made from.
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ReferenceOptions, StartedReference } from '../types.ts';
import { basePathFor, build } from './server.ts';
import { DRIVER_PREFIX } from './driver.ts';

export { build } from './server.ts';
export { mutants, variations } from './mutants.ts';

/**
 * Start the reference chatbot platform on loopback (a free port unless `opts.port` is given). The
 * target is the base under which /chatapi/{token} and the Operator API webhook live (it ends in
 * /chatadapter under the path-prefix variation); the token is the Chat API channel token.
 */
export async function start(opts: ReferenceOptions = {}): Promise<StartedReference> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(16).toString('hex');
  const basePath = basePathFor(opts);
  const app = build({ ...opts, token, basePath });
  await app.listen({ host, port: opts.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    suite: 'operator-api-platform',
    target: `${origin}${basePath}`,
    driver: `${origin}${DRIVER_PREFIX}`,
    token,
    close: () => app.close(),
  };
}
