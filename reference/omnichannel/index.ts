/**
 * The Omnichannel reference's entry point, loaded on demand by reference/index.ts: `start()` on
 * loopback, and the fastify `build` and the mutant catalogue it is made from.
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { ReferenceOptions, StartedReference } from '../types.ts';
import { build } from './server.ts';
import { ChannelStore } from './channels.ts';

export { build } from './server.ts';
export { mutants, variations } from './mutants.ts';

/**
 * Start the Omnichannel reference on loopback. One active channel exists from the start: its token is
 * `opts.token` (random when absent, per the ReferenceOptions contract), it has no Channel webhook URL
 * yet (the suite sets it through the driver) and its Channel webhook Token is `opts.clientToken`.
 */
export async function start(opts: ReferenceOptions = {}): Promise<StartedReference> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(16).toString('hex');
  const clientToken = opts.clientToken;
  const channels = new ChannelStore();
  channels.upsert({ token, webhookUrl: null, webhookToken: clientToken ?? null, active: true });

  const app = build({ mutant: opts.mutant, variation: opts.variation, log: opts.log, channels });
  await app.listen({ host, port: opts.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new Error('omnichannel reference: no TCP address after listen');
  }
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const target = `http://${hostInUrl}:${address.port}`;
  return {
    suite: 'omnichannel',
    target,
    driver: `${target}/__driver`,
    token,
    clientToken,
    close: async () => {
      await app.close();
    },
  };
}
