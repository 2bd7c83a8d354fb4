/**
 * Which checks are generated, by id: the properties of `<suite>/properties.spec.ts`
 * (`<suite>.<operation>.generated-<rule>`) and the sequences of `<suite>/stateful.spec.ts`
 * (`<suite>.stateful.<rule>`). The reporter, the self-tests and the bench tell them apart from the
 * scenario checks with these, and nothing else.
 * @module
 */

/** A generated check's id. */
export const GENERATED_CHECK_ID = /^[a-z-]+\.(?:stateful\.[a-z0-9-]+|[A-Za-z0-9_]+\.generated-[a-z0-9-]+)$/;

/** Is this check id a generated check's? */
export function isGeneratedCheck(id: string): boolean {
  return GENERATED_CHECK_ID.test(id);
}

/** A run's `--grep` that keeps only the generated checks (Playwright matches it against "project file title"). */
export const GREP_GENERATED_ONLY = String.raw`\.(generated-|stateful\.)`;

/** A run's `--grep` that keeps every check but the generated ones. */
export const GREP_SCENARIOS_ONLY = String.raw`^(?!.*(\.generated-|\.stateful\.))`;
