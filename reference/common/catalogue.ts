/**
 * The one mutant-catalogue mechanism of the references. A reference declares its catalogue once, as
 * a constant (`defineCatalogue('chat-api', { mutants: {...}, variations: {...} })`); its ids become
 * the `MutantId`/`VariationId` union types, so a misspelt switch is a compile error, and each switch
 * site reads the same way everywhere: `sw.mutant('id')`, `sw.variation('id')`.
 *
 * Adding a mutant is one catalogue entry plus one `sw.mutant('…')` at the place its rule lives.
 * @module
 */

import type { MutantSpec, ReferenceOptions, VariationSpec } from '../types.ts';

/** A catalogue entry of a mutant: the one rule it breaks and the checks that fail against it. */
export interface MutantEntry {
  readonly breaks: string;
  readonly kills: readonly string[];
}

/** A catalogue entry of a conformant variation (`proves`: the FREEDOM readings whose other behaviour it takes). */
export interface VariationEntry {
  readonly description: string;
  readonly proves?: readonly string[];
}

/** The active mutant and variation of one reference instance (at most one of each). */
export interface Switches<M extends string, V extends string> {
  mutant(id: M): boolean;
  variation(id: V): boolean;
}

export interface Catalogue<M extends string, V extends string> {
  readonly suite: string;
  /** The shape the self-tests and scripts read (reference/types.ts). */
  readonly mutants: MutantSpec[];
  readonly variations: VariationSpec[];
  /**
   * The switches for `opts`: an unknown id (a typo in a self-test's `--mutant`) is a bug of the caller,
   * refused here with an error naming the suite and the id, before anything listens.
   */
  switches(opts: Pick<ReferenceOptions, 'mutant' | 'variation'>): Switches<M, V>;
}

let consulted: Set<string> | undefined;

/**
 * Test instrumentation: while a set is given, every mutant switch any instance consults adds its id
 * to it (`undefined` stops recording). A mutant differs from the reference only where its own switch
 * is consulted, so a request whose reference run never consults switch M behaves the same against
 * mutant M; the mutant tables use this to skip probes a mutant cannot reach
 * (test/unit/reference-common-catalogue.ts). Nothing in a reference's behaviour depends on it.
 */
export function recordSwitches(into: Set<string> | undefined): void {
  consulted = into;
}

/** The id unions of a catalogue: `type MutantId = MutantIdOf<typeof catalogue>`. */
export type MutantIdOf<C> = C extends Catalogue<infer M, string> ? M : never;
export type VariationIdOf<C> = C extends Catalogue<string, infer V> ? V : never;
export type SwitchesOf<C> = Switches<MutantIdOf<C>, VariationIdOf<C>>;

export function defineCatalogue<const MT extends Record<string, MutantEntry>, const VT extends Record<string, VariationEntry>>(
  suite: string,
  def: { mutants: MT; variations: VT },
): Catalogue<keyof MT & string, keyof VT & string> {
  const has = (table: object, id: string) => Object.hasOwn(table, id);
  const mutants: MutantSpec[] = Object.entries(def.mutants).map(([id, m]) => ({ id, breaks: m.breaks, kills: [...m.kills] }));
  const variations: VariationSpec[] = Object.entries(def.variations).map(([id, v]) => ({
    id,
    description: v.description,
    ...(v.proves ? { proves: [...v.proves] } : {}),
  }));
  return {
    suite,
    mutants,
    variations,
    switches(opts) {
      if (opts.mutant !== undefined && !has(def.mutants, opts.mutant)) {
        throw new Error(`${suite} reference: unknown mutant "${opts.mutant}"`);
      }
      if (opts.variation !== undefined && !has(def.variations, opts.variation)) {
        throw new Error(`${suite} reference: unknown variation "${opts.variation}"`);
      }
      return {
        mutant: (id) => {
          consulted?.add(id);
          return opts.mutant === id;
        },
        variation: (id) => opts.variation === id,
      };
    },
  };
}
