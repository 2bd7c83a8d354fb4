/**
 * One generated property as a check (issue 12): fast-check draws inputs from the specs' schemas,
 * runs the check's predicate against the IUT for each, and when one breaks the rule, shrinks it to a
 * minimal input. The verdict names the rule broken, the minimal input and the seed; the evidence
 * holds only the minimal case's exchanges (with their `curl` lines), not the hundreds of exchanges
 * the search and the shrinking made.
 *
 * The predicate signals a broken rule by throwing a CheckFailure (the ensure* functions); anything
 * else it throws is a harness error and is rethrown as it is, never shrunk or blamed on the IUT.
 * @module
 */

import fc from 'fast-check';
import { test } from '@playwright/test';
import { CheckFailure, fail } from '../checks/failure.ts';
import { describe } from '../checks/ensure.ts';

export interface PropertyRun<T> {
  arbitrary: fc.Arbitrary<T>;
  predicate: (input: T) => Promise<void>;
  /** Inputs to try (`--generate N`). */
  runs: number;
  /** The run's seed (`--seed N`): the same seed draws the same inputs. */
  seed: number;
  /** The evidence log of the check: trimmed back to the minimal case when a failure is found. */
  evidence?: unknown[];
  /** How an input reads in the message ("the sendText body {…}"). */
  describeInput?: (input: T) => string;
}

/** Shrinking stops after this many extra runs: each is a request to the IUT. */
const MAX_SHRINK_RUNS = 200;

/** The running check's annotations (each failing candidate adds its expected/received through fail()). */
function annotations(): Array<{ type: string; description?: string }> | undefined {
  try {
    return test.info().annotations;
  } catch {
    return undefined; // unit tests of the runner itself
  }
}

export async function checkProperty<T>(p: PropertyRun<T>): Promise<void> {
  const mark = p.evidence?.length ?? 0;
  const notes = annotations();
  const noteMark = notes?.length ?? 0;
  let harnessError: unknown;
  let runsSeen = 0;
  const details = await fc.check(
    fc.asyncProperty(p.arbitrary, async (input) => {
      // Past the shrinking budget every further candidate is skipped without a request: shrinking
      // ends with the smallest failure found so far.
      fc.pre(runsSeen < p.runs + MAX_SHRINK_RUNS);
      runsSeen++;
      try {
        await p.predicate(input);
        return true;
      } catch (e) {
        if (e instanceof CheckFailure) return false;
        harnessError ??= e;
        throw e;
      }
    }),
    { numRuns: p.runs, seed: p.seed },
  );
  if (harnessError) throw harnessError;
  if (!details.failed || !details.counterexample) return;
  const minimal = details.counterexample[0];
  // Replay the minimal case alone, so that the evidence is its exchanges, the message its sentence and
  // the expected/received values its own (not those of the first, larger failing input).
  if (p.evidence) p.evidence.length = mark;
  if (notes) notes.length = noteMark;
  let sentence = 'the rule held when the minimal case was replayed alone (the IUT answers inconsistently)';
  try {
    await p.predicate(minimal);
  } catch (e) {
    if (!(e instanceof CheckFailure)) throw e;
    sentence = e.message;
  }
  const shown = p.describeInput ? p.describeInput(minimal) : describe(minimal);
  fail(
    `${sentence} — minimal case after ${runsSeen} generated inputs: ${shown} (seed ${p.seed}; replay with --seed ${p.seed})`,
    'the rule holds for every generated input',
    minimal,
  );
}
