import { test, expect } from '@playwright/test';
import { Receiver, type Delivery } from '../../harness/receiver/receiver.ts';
import { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import { Redactor } from '../../harness/secrets/redactor.ts';
import { CheckFailure } from '../../harness/checks/failure.ts';
import type { Evidence } from '../../harness/http/evidence.ts';

/**
 * DeliveryWatcher as a table: what arrives (through fastify inject, no client socket) before and
 * during one wait, and how the wait ends. A wait that must end "at once" is given a budget of 5 s
 * and its check 2 s: running to the budget would time the test out, and its message would say
 * "did not arrive within 5000 ms".
 */

interface Post {
  url: string;
  body: string;
  type?: string;
  method?: string;
}

const json = (o: unknown): Post => ({ url: '/hook', body: JSON.stringify(o), type: 'application/json' });
const forU1 = (d: Delivery) => (d.json as { userId?: string } | undefined)?.userId === 'u1';

interface Row {
  name: string;
  budgetMs: number;
  /** Arrive after the watcher was made but before the wait begins. */
  before?: Post[];
  /** Arrive while it waits. */
  during: Post[];
  /** The delivery it resolves with (its seq), or the message it fails with. */
  outcome: { seq: number } | { message: string | RegExp };
  /** Notes of the evidence it logs. */
  notes?: string[];
}

const ROWS: Row[] = [
  {
    name: 'strays to unknown paths and other events do not disturb a wait for the matching one',
    budgetMs: 5000,
    during: [{ url: '/junk', body: 'x' }, json({ userId: 'u2' }), { url: '/other', body: '{"userId":"u2"}', type: 'application/json' }, json({ userId: 'u1' })],
    outcome: { seq: 4 },
    notes: ['expected'],
  },
  {
    name: 'one that arrived before the wait is found at once',
    budgetMs: 5000,
    before: [json({ userId: 'u1' })],
    during: [],
    outcome: { seq: 1 },
  },
  {
    name: 'the awaited event at a path the suite never gave out ends the wait at once',
    budgetMs: 5000,
    during: [{ url: '/hook-typo', body: '{"userId":"u1"}', type: 'application/json' }],
    outcome: { message: 'the event for u1 was sent to /hook-typo, which is not the URL the suite gave the IUT' },
    notes: ['arrived at a path the suite never gave out'],
  },
  {
    name: 'a form-encoded delivery on the hook ends the wait at once',
    budgetMs: 5000,
    during: [{ url: '/hook', body: 'userId=u1', type: 'application/x-www-form-urlencoded; charset=utf-8' }],
    outcome: { message: 'while waiting for the event for u1, a delivery arrived on /hook but is application/x-www-form-urlencoded, not JSON ("userId=u1")' },
    notes: ['arrived while waiting, but its body is not JSON'],
  },
  {
    name: 'a body without a Content-Type that is not JSON ends the wait at once, cut',
    budgetMs: 5000,
    during: [{ url: '/hook', body: `<html>${'y'.repeat(200)}</html>` }],
    outcome: { message: /^while waiting for the event for u1, a delivery arrived on \/hook but is .*, not JSON \("<html>y{74}…"\)$/ },
  },
  {
    name: 'a non-JSON delivery that came before the wait (a fast server) ends it at once',
    budgetMs: 5000,
    before: [{ url: '/hook', body: 'userId=u1', type: 'text/plain' }],
    during: [],
    outcome: { message: 'while waiting for the event for u1, a delivery arrived on /hook but is text/plain, not JSON ("userId=u1")' },
  },
  {
    name: 'other events only: the budget ends, and they are named in the evidence',
    budgetMs: 150,
    during: [json({ userId: 'u2' }), json({ userId: 'u3' })],
    outcome: { message: 'the event for u1 did not arrive within 150 ms (2 other deliveries arrived meanwhile; see the evidence)' },
    notes: ['received while waiting, did not match', 'received while waiting, did not match'],
  },
  {
    name: 'nothing at all: the budget ends',
    budgetMs: 100,
    during: [],
    outcome: { message: 'the event for u1 did not arrive within 100 ms (nothing else arrived either)' },
  },
];

async function post(r: Receiver, p: Post): Promise<void> {
  await r.inject({ method: p.method ?? 'POST', url: p.url, headers: p.type ? { 'content-type': p.type } : {}, payload: p.body });
}

for (const row of ROWS) {
  test(`DeliveryWatcher.waitFor: ${row.name}`, async () => {
    test.setTimeout(2000 + ('seq' in row.outcome ? 0 : row.budgetMs));
    const r = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
    try {
      r.endpoint('webhook', '/hook');
      const log: Evidence[] = [];
      const w = new DeliveryWatcher(r, { timeoutMs: row.budgetMs, redactor: new Redactor(), log: (e) => log.push(e), triggerAtMs: () => undefined });
      for (const p of row.before ?? []) await post(r, p);
      const waiting = w.waitFor(forU1, 'the event for u1').then(
        (d) => ({ seq: d.seq }),
        (e: unknown) => {
          if (!(e instanceof CheckFailure)) throw e;
          return { message: e.message };
        },
      );
      for (const p of row.during) await post(r, p);
      const got = await waiting;
      if ('seq' in row.outcome) expect(got).toEqual(row.outcome);
      else if (typeof row.outcome.message === 'string') expect(got).toEqual(row.outcome);
      else expect((got as { message: string }).message).toMatch(row.outcome.message);
      if (row.notes) expect(log.map((e) => (e.kind === 'delivery' ? e.note : e.kind))).toEqual(row.notes);
    } finally {
      await r.close();
    }
  });
}

test('DeliveryWatcher.waitForCount: a repeated event (same key) does not count twice', async () => {
  const r = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
  try {
    r.endpoint('webhook', '/hook');
    const w = new DeliveryWatcher(r, { timeoutMs: 200, redactor: new Redactor(), log: () => undefined, triggerAtMs: () => undefined });
    for (const id of ['a', 'a', 'b']) await post(r, json({ userId: 'u1', id }));
    const key = (d: Delivery) => (d.json as { id: string }).id;
    expect((await w.waitForCount(forU1, 2, 'events for u1', key)).map((d) => d.seq)).toEqual([1, 3]);
    await expect(w.waitForCount(forU1, 3, 'events for u1', key)).rejects.toThrow('only 2 of 3 events for u1 arrived within 200 ms');
  } finally {
    await r.close();
  }
});

test('DeliveryWatcher.none: a matching delivery within the window fails, naming it', async () => {
  const r = await Receiver.start({ host: '127.0.0.1', port: 0, bodyLimit: 1024 * 1024 });
  try {
    r.endpoint('webhook', '/hook');
    const w = new DeliveryWatcher(r, { timeoutMs: 200, redactor: new Redactor(), log: () => undefined, triggerAtMs: () => undefined });
    await w.none(forU1, 50, 'a second event for u1');
    await post(r, json({ userId: 'u1' }));
    await expect(w.none(forU1, 50, 'a second event for u1')).rejects.toThrow('a second event for u1 (a delivery #1 to /hook arrived)');
  } finally {
    await r.close();
  }
});
