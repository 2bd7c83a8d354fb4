/**
 * Wakes long-polling /events requests when a new event is stored for their client. Lives beside the
 * store, not in it: a persistent store need not know who is waiting in this process.
 */
export class EventBus {
  private waiters = new Map<string, Set<() => void>>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  private key(token: string, clientId: string): string {
    return JSON.stringify([token, clientId]);
  }

  notify(token: string, clientId: string): void {
    const set = this.waiters.get(this.key(token, clientId));
    if (!set) return;
    this.waiters.delete(this.key(token, clientId));
    for (const wake of set) wake();
  }

  /** Resolves when an event arrives for this client, after `ms`, or when the server closes. */
  wait(token: string, clientId: string, ms: number): Promise<void> {
    const key = this.key(token, clientId);
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.waiters.get(key);
      if (!set) {
        set = new Set();
        this.waiters.set(key, set);
      }
      const wake = () => {
        clearTimeout(timer);
        const current = this.waiters.get(key);
        current?.delete(wake);
        if (current?.size === 0) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      set.add(wake);
    });
  }

  /** Closing the server must not wait 25 s for held polls. */
  wakeAll(): void {
    this.closed = true;
    const all = [...this.waiters.values()];
    this.waiters.clear();
    for (const set of all) for (const wake of set) wake();
  }
}
