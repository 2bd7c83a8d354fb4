/**
 * The Operator API reference's entry point, loaded on demand by reference/index.ts: `start()` on
 * loopback, and the fastify `build` and the mutant catalogue it is made from.
 * @module
 */

import type { AddressInfo } from 'node:net';
import type { ReferenceOptions, StartedReference } from '../types.ts';
import { basePathFor, build } from './server.ts';
import { DRIVER_PREFIX } from './driver.ts';

/**
 * Start the Operator API reference on loopback (a free port unless `opts.port` is given). The target
 * is `{apiUrl}`: the origin plus the path prefix of the path-prefix variation, if any.
 */
export async function start(opts: ReferenceOptions = {}): Promise<StartedReference> {
  const host = opts.host ?? '127.0.0.1';
  const basePath = basePathFor(opts);
  const app = build({ ...opts, basePath });
  await app.listen({ host, port: opts.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    suite: 'operator-api',
    target: `${origin}${basePath}`,
    driver: `${origin}${DRIVER_PREFIX}`,
    close: () => app.close(),
  };
}

export { build } from './server.ts';
export { mutants, variations } from './mutants.ts';
