/**
 * The Chat API reference's entry point, loaded on demand by reference/index.ts: `start()` on loopback,
 * and the fastify `build` and the mutant catalogue it is made from.
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ReferenceOptions, StartedReference } from '../types.ts';
import { build, resolveBasePath, type ChatBuildOptions } from './server.ts';

export { build } from './server.ts';
export { mutants, variations } from './mutants.ts';

/**
 * Starts the Chat API reference on loopback. `target` is what the suite takes as --target (it ends
 * in /chatadapter in the path-prefix variation); `driver` is where the driver endpoints live.
 */
export async function start(opts: ReferenceOptions & Pick<ChatBuildOptions, 'store' | 'basePath'> = {}): Promise<StartedReference> {
  const token = opts.token ?? randomBytes(16).toString('hex');
  const app = build({ ...opts, token });
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ host, port: opts.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const basePath = resolveBasePath(opts);
  return {
    suite: 'chat-api',
    target: `${origin}${basePath}`,
    driver: `${origin}/__driver`,
    token,
    close: () => app.close(),
  };
}
