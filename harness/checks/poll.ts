/**
 * Looking again and again for something the IUT does in its own time (an async answer written to a
 * history, a message reaching an inbox), within a bounded budget. The budget is an upper bound, never
 * a timing assertion: the first look is immediate, and a server that is done at once costs one look.
 * @module
 */

import { fail } from './failure.ts';

export interface PollOptions {
  /** How long to keep looking, in ms from the first look (the run's --timeout, usually). */
  withinMs: number;
  /** The pause between looks, in ms (10 unless given). */
  pauseMs?: number;
  /** Each pause doubles up to this (pauseMs unless given, that is a fixed pause). */
  maxPauseMs?: number;
}

export interface Polled<T> {
  /** What the last look saw. */
  value: T;
  /** Whether `done` held for it. */
  met: boolean;
}

export const sleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Look until `done` holds or the budget is spent; never fails: the caller judges what the last look saw. */
export async function pollFor<T>(look: () => Promise<T>, done: (v: T) => boolean, o: PollOptions): Promise<Polled<T>> {
  const deadline = Date.now() + Math.max(0, o.withinMs);
  const first = o.pauseMs ?? 10;
  const max = Math.max(first, o.maxPauseMs ?? first);
  let pause = first;
  for (;;) {
    const value = await look();
    if (done(value)) return { value, met: true };
    const left = deadline - Date.now();
    if (left <= 0) return { value, met: false };
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, max);
  }
}

export interface UntilOptions<T> extends PollOptions {
  /** What was waited for, as the subject of the sentence ("the agent's reply"). */
  what: string;
  /** The verb phrase for a miss ("did not reach the visitor"); "did not happen" unless given. */
  missed?: string;
  /** What the last look saw, in words, for the sentence. */
  seen?: (last: T) => string;
}

/**
 * Look until `done` holds; when it never does within the budget, fail with one sentence: "<what>
 * <missed> within N ms (<seen(last)>)", with what the last look saw as received.
 */
export async function pollUntil<T>(look: () => Promise<T>, done: (v: T) => boolean, o: UntilOptions<T>): Promise<T> {
  const { value, met } = await pollFor(look, done, o);
  if (!met) fail(`${o.what} ${o.missed ?? 'did not happen'} within ${o.withinMs} ms${o.seen ? ` (${o.seen(value)})` : ''}`, o.what, value);
  return value;
}
