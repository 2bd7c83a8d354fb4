/**
 * The one scheme of the references' mutant tables (test/unit/reference-<suite>-catalogue.spec.ts; the
 * operator-api-platform table ends test/unit/reference-operator-api-platform.spec.ts, beside its fakes).
 * A table maps a typed mutant id to a probe: a few requests against an instance that answer "does
 * this instance keep the rule?". The reference keeps every probed rule; each probed mutant breaks its
 * own. A mutant whose effect needs a whole scenario has no probe: the self-test (test/selftest/)
 * pins it through its `kills`, and the table's "left to the self-test" test lists it.
 *
 * The table is `Partial<Record<MutantId, Probe>>`: adding a mutant to a catalogue breaks no table.
 * @module
 */

import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MutantSpec, VariationSpec } from '../../reference/types.ts';
import { recordSwitches } from '../../reference/common/catalogue.ts';

/** A probe: does this instance keep the rule? */
export type Probe<T> = (target: T) => Promise<boolean>;

export interface MutantTable<M extends string, T> {
  suite: string;
  catalogue: { mutants: MutantSpec[]; variations: VariationSpec[] };
  probes: Partial<Record<M, Probe<T>>>;
  /** An instance of the reference, or of one of its mutants, for one probe. */
  open(mutant: M | undefined): Promise<T>;
  close(target: T): Promise<void>;
  /** Refuses unknown ids at start: called with an unknown mutant and an unknown variation. */
  refuses(opts: { mutant?: string; variation?: string }): Promise<unknown> | unknown;
  /**
   * Optional: each mutant breaks its own probe and no other, except the probes listed here (a rule
   * that is the precondition of another). Without it, only the mutant's own probe is run.
   */
  overlaps?: Partial<Record<M, M[]>>;
}

async function probeHolds<M extends string, T>(t: MutantTable<M, T>, mutant: M | undefined, id: M): Promise<boolean> {
  const target = await t.open(mutant);
  try {
    // A probe that cannot read the answer at all (a body that is not JSON) finds the rule broken too.
    return await t.probes[id]!(target).catch(() => false);
  } finally {
    await t.close(target);
  }
}

async function failing<M extends string, T>(t: MutantTable<M, T>, mutant: M | undefined, ids: M[]): Promise<M[]> {
  const out: M[] = [];
  for (const id of ids) {
    if (mutant !== undefined && id !== mutant && !(await referenceConsults(t, id)).has(mutant)) continue;
    if (!(await probeHolds(t, mutant, id))) out.push(id);
  }
  return out.sort();
}

/**
 * The mutant switches the reference consults while a probe opens its instance and runs: recorded once
 * per table and worker. A mutant's instance differs from the reference only where its own switch is
 * consulted, so a probe whose reference run never consults switch M takes the same path against
 * mutant M and keeps its rule as it does against the reference (which "the reference keeps every
 * probed rule" proves). That lets "breaks its rule and only its rule" run, for each mutant, only its
 * own probe and the probes that reach its switch, instead of every probe (a few dozen reference
 * instances per mutant, many of them waiting out a delivery the mutant stops).
 */
const consultedByTable = new WeakMap<object, Map<string, Promise<Set<string>>>>();

function referenceConsults<M extends string, T>(t: MutantTable<M, T>, id: M): Promise<Set<string>> {
  const byProbe = consultedByTable.get(t) ?? new Map<string, Promise<Set<string>>>();
  consultedByTable.set(t, byProbe);
  let seen = byProbe.get(id);
  if (!seen) {
    const into = new Set<string>();
    seen = (async () => {
      recordSwitches(into);
      try {
        await probeHolds(t, undefined, id);
      } finally {
        recordSwitches(undefined);
      }
      return into;
    })();
    byProbe.set(id, seen);
  }
  return seen;
}

export function mutantTableTests<M extends string, T>(t: MutantTable<M, T>): void {
  const ids = t.catalogue.mutants.map((m) => m.id as M);
  const probed = (Object.keys(t.probes) as M[]).sort();
  const selfTestOnly = ids.filter((id) => t.probes[id] === undefined);

  test.describe(`${t.suite} reference, mutant catalogue`, () => {
    test('ids are unique across mutants and variations, every mutant has a sentence and kills checks of its suite', () => {
      const all = [...ids, ...t.catalogue.variations.map((v) => v.id)];
      expect(new Set(all).size).toBe(all.length);
      for (const m of t.catalogue.mutants) {
        expect(m.breaks.length, m.id).toBeGreaterThan(0);
        expect(m.kills.length, m.id).toBeGreaterThan(0);
        for (const k of m.kills) expect(k.startsWith(`${t.suite}.`), `${m.id}: ${k}`).toBe(true);
      }
    });

    test('every id is switched somewhere in reference/<suite>, always spelt sw.mutant(…) / sw.variation(…)', () => {
      const dir = path.join(import.meta.dirname, '../../reference', t.suite);
      const code = readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && f !== 'mutants.ts')
        .map((f) => readFileSync(path.join(dir, f), 'utf8'))
        .join('\n');
      const switched = new Set([...code.matchAll(/\bsw\.(?:mutant|variation)\('([^']+)'\)|\bmutant: '([^']+)'/g)].map((m) => m[1] ?? m[2]));
      const unswitched = [...ids, ...t.catalogue.variations.map((v) => v.id)].filter((id) => !switched.has(id));
      expect(unswitched, 'catalogue ids no code consults').toEqual([]);
      // The spellings of before the catalogue: a set of ids, or the options read directly.
      expect(code.match(/\.has\('[a-z0-9-]+'\)|opts\.(?:mutant|variation) ===|\.sw\.(?:mutant|variation)\(/g) ?? []).toEqual([]);
    });

    test('an unknown mutant or variation id is refused at start, naming the suite', async () => {
      await expect(async () => t.refuses({ mutant: 'no-such-mutant' })).rejects.toThrow(`${t.suite} reference: unknown mutant "no-such-mutant"`);
      await expect(async () => t.refuses({ variation: 'no-such-variation' })).rejects.toThrow(`${t.suite} reference: unknown variation "no-such-variation"`);
    });

    test('the reference keeps every probed rule', async () => {
      expect(await failing(t, undefined, probed)).toEqual([]);
    });

    for (const id of probed) {
      const others = t.overlaps ? [id, ...(t.overlaps[id] ?? [])].sort() : [id];
      test(`mutant ${id} breaks ${t.overlaps ? 'its rule and only its rule' : 'its rule'}`, async () => {
        expect(ids, 'a probe of a mutant that is not in the catalogue').toContain(id);
        expect(await failing(t, id, t.overlaps ? probed : [id])).toEqual(others);
      });
    }

    test('mutants without a probe are left to the self-test, which pins them through their kills', async () => {
      test.info().annotations.push({ type: 'self-test only', description: selfTestOnly.join(', ') || '(none)' });
      for (const id of selfTestOnly) {
        expect(t.catalogue.mutants.find((m) => m.id === id)!.kills.length, id).toBeGreaterThan(0);
      }
    });
  });
}
