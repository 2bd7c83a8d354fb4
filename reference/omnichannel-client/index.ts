/**
 * The client channel server reference's entry point, loaded on demand by reference/index.ts: `start()`
 * on loopback, and the fastify `build` and the mutant catalogue it is made from.
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ReferenceOptions, StartedReference } from '../types.ts';
import { build, basePathFor } from './server.ts';
import { DRIVER_PREFIX } from './driver.ts';

export { build } from './server.ts';
export { mutants, variations } from './mutants.ts';

/**
 * Start the client channel server reference on loopback. The target is its "Channel webhook: URL"
 * (the origin, plus a path in the path-prefix variation), under which `/send_message` lives.
 * It always authorizes `send_message` by header: its "Channel webhook: Token" is `opts.clientToken`,
 * random when absent. `token` is the inbound channel token it is given (random when absent); the
 * suite may set another one, with the platform's address, through the driver's client/platform.
 */
export async function start(opts: ReferenceOptions = {}): Promise<StartedReference> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(16).toString('hex');
  const clientToken = opts.clientToken ?? randomBytes(16).toString('hex');
  const basePath = basePathFor(opts);
  const app = build({ mutant: opts.mutant, variation: opts.variation, log: opts.log, clientToken, basePath });
  await app.listen({ host, port: opts.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    suite: 'omnichannel-client',
    target: `${origin}${basePath}`,
    driver: `${origin}${DRIVER_PREFIX}`,
    token,
    clientToken,
    close: () => app.close(),
  };
}
