/**
 * One check's view of the receiver: only deliveries that arrived after the check started, waits
 * bounded by the run's --timeout that fail with a sentence, and every delivery the check
 * looked at logged as evidence with its arrival time relative to the action that caused it.
 * @module
 */

import type { Redactor } from '../secrets/redactor.ts';
import { clip, type DeliveryEvidence, type Evidence } from '../http/evidence.ts';
import { fail } from '../checks/failure.ts';
import type { Delivery, Receiver } from './receiver.ts';

export interface WatcherSettings {
  timeoutMs: number;
  redactor: Redactor;
  log: (e: Evidence) => void;
  /** When the last driver action was accepted (deliveries are timed from it). */
  triggerAtMs: () => number | undefined;
}

export class DeliveryWatcher {
  private readonly sinceSeq: number;
  private logged = new Set<number>();

  constructor(
    readonly receiver: Receiver,
    private s: WatcherSettings,
  ) {
    this.sinceSeq = receiver.nextSeq;
  }

  get timeoutMs(): number {
    return this.s.timeoutMs;
  }

  /** Deliveries seen by this check so far that satisfy the predicate. */
  seen(predicate: (d: Delivery) => boolean = () => true): Delivery[] {
    return this.receiver.find(predicate, this.sinceSeq);
  }

  /** Wait for the first matching delivery; fail with `what` when none comes within the budget. */
  async waitFor(predicate: (d: Delivery) => boolean, what: string, timeoutMs = this.s.timeoutMs): Promise<Delivery> {
    const d = await this.unlessStray(predicate, what, this.receiver.waitFor(predicate, timeoutMs, this.sinceSeq));
    if (!d) {
      const others = this.seen();
      for (const o of others.slice(0, 5)) this.record(o, 'received while waiting, did not match');
      const tail = others.length ? ` (${others.length} other deliveries arrived meanwhile; see the evidence)` : ' (nothing else arrived either)';
      fail(`${what} did not arrive within ${timeoutMs} ms${tail}`, what, 'nothing');
    }
    this.record(d, 'expected');
    return d;
  }

  /**
   * Wait for `count` matching deliveries (in arrival order). With `key`, deliveries with a key already
   * seen (a repeated delivery of the same event) do not count: repeats are another check's business.
   */
  async waitForCount(predicate: (d: Delivery) => boolean, count: number, what: string, key?: (d: Delivery) => unknown): Promise<Delivery[]> {
    const deadline = Date.now() + this.s.timeoutMs;
    const distinct = (list: Delivery[]) => {
      if (!key) return list;
      const seen = new Set<string>();
      return list.filter((d) => {
        const k = JSON.stringify(key(d)) ?? `#${d.seq}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    };
    for (;;) {
      const got = distinct(this.seen(predicate));
      if (got.length >= count) {
        for (const d of got) this.record(d, 'expected');
        return got.slice(0, count);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        for (const d of got) this.record(d, 'received');
        fail(`only ${got.length} of ${count} ${what} arrived within ${this.s.timeoutMs} ms`, count, got.length);
      }
      const next = this.receiver.waitFor((d) => predicate(d) && !got.some((g) => g.seq === d.seq), left, this.receiver.nextSeq);
      await this.unlessStray(predicate, what, next);
    }
  }

  /**
   * Two deliveries doom a wait at once instead of after the whole budget: what a check waits for
   * arriving at a path the suite never gave out (a mangled webhook URL), and a delivery on one of
   * the suite's own paths whose body cannot be parsed as JSON (every API here posts JSON: a server
   * that posts its events form-encoded would otherwise make each check wait out its budget).
   */
  private async unlessStray(predicate: (d: Delivery) => boolean, what: string, waiting: Promise<Delivery | undefined>): Promise<Delivery | undefined> {
    let bad: Delivery | undefined;
    let wake: () => void = () => undefined;
    const badArrived = new Promise<undefined>((resolve) => (wake = () => resolve(undefined)));
    const strike = (x: Delivery) => {
      if (bad) return;
      bad = x;
      wake();
    };
    // One that came before the wait began, but after the action it answers (a fast server).
    const since = this.s.triggerAtMs();
    const earlier = this.seen((x) => unparseable(x) && !safe(predicate, x) && (since === undefined || x.receivedAtMs >= since))[0];
    if (earlier) strike(earlier);
    const offDelivery = this.receiver.onDelivery((x) => {
      if (unparseable(x) && !safe(predicate, x)) strike(x);
    });
    const { delivery: d, stray } = await waitWatchingStrays(this.receiver, Promise.race([waiting, badArrived]), predicate).finally(offDelivery);
    if (d) return d;
    const r = this.s.redactor;
    if (stray) {
      this.record(stray, 'arrived at a path the suite never gave out');
      fail(`${what} was sent to ${r.text(stray.path)}, which is not the URL the suite gave the IUT`, 'the webhook URL', r.text(stray.path));
    }
    if (!bad) return undefined;
    this.record(bad, 'arrived while waiting, but its body is not JSON');
    const trigger = this.s.triggerAtMs();
    const after = trigger === undefined ? '' : ` ${Math.max(0, bad.receivedAtMs - trigger)} ms after the action`;
    const type = bad.contentType ? bad.contentType.split(';')[0].trim() : 'sent without a Content-Type';
    fail(
      `while waiting for ${what}, a delivery arrived${after} on ${r.text(bad.path)} but is ${type}, not JSON (${describeBody(r.text(bad.rawBody))})`,
      'a JSON body',
      r.text(bad.rawBody).slice(0, 200),
    );
  }

  /**
   * Watch for `windowMs` and fail if a matching delivery arrives (duplicates, deliveries to an old
   * webhook, events for the wrong user). Passing cannot prove absence forever; the window only
   * bounds how long the suite looks.
   */
  async none(predicate: (d: Delivery) => boolean, windowMs: number, what: string): Promise<void> {
    const already = this.seen(predicate);
    const d = already[0] ?? (await this.receiver.waitFor(predicate, windowMs, this.sinceSeq));
    if (d) {
      this.record(d, `must not happen: ${what}`);
      fail(`${what} (a delivery ${d.seq === 0 ? '' : `#${d.seq} `}to ${this.s.redactor.text(d.path)} arrived)`, 'no such delivery', 'one arrived');
    }
  }

  record(d: Delivery, note: string): void {
    if (this.logged.has(d.seq)) return;
    this.logged.add(d.seq);
    const trigger = this.s.triggerAtMs();
    const r = this.s.redactor;
    const ev: DeliveryEvidence = {
      kind: 'delivery',
      seq: d.seq,
      receivedAt: new Date(d.receivedAtMs).toISOString(),
      sinceTriggerMs: trigger === undefined ? undefined : d.receivedAtMs - trigger,
      method: d.method,
      url: r.text(d.url),
      headers: r.headers(d.headers),
      body: d.rawBody === '' ? undefined : clip(r.text(d.rawBody)).text,
      note,
    };
    this.s.log(ev);
  }

  /** Attach schema errors to a delivery already logged (the report shows them under it). */
  annotate(d: Delivery, schemaErrors: string[]): void {
    this.record(d, 'expected');
    if (schemaErrors.length) this.s.log({ kind: 'note', text: `delivery #${d.seq}: ${schemaErrors.map((e) => this.s.redactor.text(e)).join('; ')}` });
  }
}

/**
 * Wait for what `waiting` waits for (a delivery on one of the suite's paths) while watching the
 * requests that reach no path the suite gave out: the first stray `isStray` accepts is returned with
 * what the wait gave. With `strayEnds` (the default) such a stray ends the wait at once — the IUT sent
 * what the check waits for to a wrong URL, and waiting out the budget would only delay the verdict;
 * without it the wait goes on and the stray is kept to name in a sentence if nothing else comes.
 */
export async function waitWatchingStrays(
  receiver: Pick<Receiver, 'onStray'>,
  waiting: Promise<Delivery | undefined>,
  isStray: (d: Delivery) => boolean,
  strayEnds = true,
): Promise<{ delivery: Delivery | undefined; stray: Delivery | undefined }> {
  let stray: Delivery | undefined;
  let wake: () => void = () => undefined;
  const ended = new Promise<undefined>((resolve) => (wake = () => resolve(undefined)));
  const off = receiver.onStray((x) => {
    if (stray || !safe(isStray, x)) return;
    stray = x;
    if (strayEnds) wake();
  });
  try {
    return { delivery: await Promise.race([waiting, ended]), stray };
  } finally {
    off();
  }
}

/** A delivery with a body that is not JSON (an empty body, e.g. of a GET, is not one). */
function unparseable(d: Delivery): boolean {
  return !d.isJson && d.rawBody.trim() !== '';
}

function describeBody(raw: string): string {
  const one = raw.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 80 ? `${one.slice(0, 80)}…` : one);
}

/** A predicate that throws on an odd body counts as no match. */
function safe(predicate: (d: Delivery) => boolean, d: Delivery): boolean {
  try {
    return predicate(d);
  } catch {
    return false;
  }
}

/**
 * How long a check watches for something that must NOT arrive (a duplicate, a delivery to an old
 * webhook). A quarter of the delivery budget, at most a second: passing never proves absence, it
 * bounds how long the suite looks, so a shorter window can only miss a very late repeat, never fail
 * a conformant server.
 */
export function quietWindowMs(timeoutMs: number): number {
  return Math.max(100, Math.min(Math.floor(timeoutMs / 4), 1000));
}
