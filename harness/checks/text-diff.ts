/**
 * Text that must arrive unchanged, judged like with like: when it did not, the message names the
 * received text that corresponds (the closest one), the first character where the two differ and
 * the code points on both sides ("at character 7: expected "é" U+00E9, received "Ã" U+00C3"), and
 * the reporters show the two texts as a highlighted diff, never the whole list of texts received.
 * @module
 */

import { fail } from './failure.ts';

/** Fails unless `expected` is among the received texts, naming the closest one and where it differs. */
export function ensureTextAmong(received: readonly string[], expected: string, what: string): void {
  if (received.includes(expected)) return;
  if (received.length === 0) fail(`${what}: no text arrived at all, expected ${quoteShort(expected)}`, expected, '(nothing)');
  const closest = closestText(received, expected);
  const at = firstDifference(expected, closest);
  const count = received.length === 1 ? 'the one text that arrived' : `the closest of the ${received.length} texts that arrived`;
  fail(`${what}: ${count} differs from the expected text at character ${at.index + 1}: expected ${at.expected}, received ${at.received}`, expected, closest);
}

/** The received text sharing the longest prefix and suffix with `expected` (ties: the nearest length). */
export function closestText(received: readonly string[], expected: string): string {
  const e = Array.from(expected);
  let best = received[0];
  let bestScore = -Infinity;
  for (const r of received) {
    const c = Array.from(r);
    const score = commonPrefix(e, c) + commonSuffix(e, c) - Math.abs(e.length - c.length) / 1000;
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

export interface Difference {
  /** Index in code points (a character outside the BMP counts once). */
  index: number;
  expected: string;
  received: string;
}

export function firstDifference(expected: string, received: string): Difference {
  const e = Array.from(expected);
  const r = Array.from(received);
  const i = commonPrefix(e, r);
  return { index: i, expected: describeChar(e[i]), received: describeChar(r[i]) };
}

function describeChar(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the text';
  const cp = ch.codePointAt(0)!;
  const shown = cp < 0x20 || cp === 0x7f ? JSON.stringify(ch) : `"${ch}"`;
  return `${shown} U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function commonPrefix(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

function quoteShort(s: string): string {
  const j = JSON.stringify(s);
  return j.length > 80 ? `${j.slice(0, 80)}…"` : j;
}

/**
 * The two texts around where they differ, for one line each: the common prefix and suffix cut to
 * `context` characters, the differing middles returned apart so that a renderer can highlight them.
 */
export interface DiffWindow {
  before: string;
  expected: string;
  received: string;
  after: string;
}

export function diffWindow(expected: string, received: string, context = 24): DiffWindow {
  const e = Array.from(expected);
  const r = Array.from(received);
  const pre = commonPrefix(e, r);
  const suf = Math.min(commonSuffix(e, r), e.length - pre, r.length - pre);
  const before = e.slice(Math.max(0, pre - context), pre).join('');
  const after = e.slice(e.length - suf, e.length - suf + context).join('');
  return {
    before: (pre > context ? '…' : '') + before,
    expected: e.slice(pre, e.length - suf).join(''),
    received: r.slice(pre, r.length - suf).join(''),
    after: after + (suf > context ? '…' : ''),
  };
}
