import type { ChatStore } from './store.ts';
import type { EventBus } from './event-bus.ts';
import type { ActiveMutant, ActiveVariation } from './mutants.ts';
import type { Log } from './webhook-sender.ts';

/** Everything a route or a driver endpoint needs, built once per app by `build()`. */
export interface ChatContext {
  /** The channel token: the only one the reference knows. */
  token: string;
  store: ChatStore;
  bus: EventBus;
  m: ActiveMutant;
  v: ActiveVariation;
  log: Log;
  /** Deliveries still in flight, so that tests and `close()` can wait for them. */
  pending: Set<Promise<void>>;
}
