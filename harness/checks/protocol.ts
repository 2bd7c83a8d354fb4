/**
 * The check protocol: how a check's declaration and its verdict travel from the Playwright worker
 * that runs the check to the reporter that writes results.json. Both ends use this module and nothing
 * else: the annotation names are spelt here only, a check's metadata is written and read by one pair
 * of functions, and a verdict's kind is recorded where the error is caught, never recovered from the
 * wording of a message (a message can be reworded without changing any verdict).
 * @module
 */

import { inspect } from 'node:util';
import { failedStatus, type CheckResult, type CheckSource, type Level } from '../report/results.ts';

/** Every annotation type a check or the reporter uses. */
export const ANNOTATION = {
  checkId: 'check-id',
  checkTitle: 'check-title',
  level: 'level',
  /** `<document id>#<section>`, as results.json carries the two. */
  source: 'source',
  sourceTitle: 'source-title',
  sourceUrl: 'source-url',
  sourceNote: 'source-note',
  quote: 'quote',
  rule: 'rule',
  /** The label of the target a self-test's lane runs this declaration against (run-config.ts, ProjectSpec.variants). */
  variant: 'variant',
  /** The verdict's kind and one-line message, recorded by the check() wrapper (JSON, see recordVerdict). */
  verdict: 'verdict',
  /** A failure's expected and received values, written by fail() when it throws. */
  expected: 'expected',
  received: 'received',
  /** Playwright's own: testInfo.skip(true, reason) adds it with the reason. */
  skip: 'skip',
} as const;

export interface Annotation {
  type: string;
  description?: string;
}

function annotation(list: readonly Annotation[], type: string): string | undefined {
  return list.find((a) => a.type === type)?.description;
}

// ---------------------------------------------------------------------------------------------
// A check's metadata

/** What a check's declaration puts on its test: its id, level and source (resolved for the profile). */
export interface CheckRecord {
  id: string;
  title: string;
  level: Level;
  source: CheckSource;
  /** The shared rule both sides of an exchange grade (fixtures/conformance.ts, CheckMeta.rule). */
  rule?: string;
}

/** The annotations that declare a check (they also reach Playwright's own reporters as they are). */
export function checkAnnotations(c: CheckRecord): Annotation[] {
  const optional = (type: string, description: string | undefined): Annotation[] => (description ? [{ type, description }] : []);
  return [
    { type: ANNOTATION.checkId, description: c.id },
    { type: ANNOTATION.checkTitle, description: c.title },
    { type: ANNOTATION.level, description: c.level },
    { type: ANNOTATION.source, description: `${c.source.document}#${c.source.section}` },
    ...optional(ANNOTATION.sourceTitle, c.source.title),
    ...optional(ANNOTATION.sourceUrl, c.source.url),
    ...optional(ANNOTATION.sourceNote, c.source.note),
    ...optional(ANNOTATION.quote, c.source.quote),
    ...optional(ANNOTATION.rule, c.rule),
  ];
}

/** The check a test declares, read back from its annotations; undefined for a test not declared with check(). */
export function readCheck(list: readonly Annotation[]): CheckRecord | undefined {
  const id = checkIdOf(list);
  if (!id) return undefined;
  const [document, ...section] = (annotation(list, ANNOTATION.source) ?? '#').split('#');
  const note = annotation(list, ANNOTATION.sourceNote);
  const quote = annotation(list, ANNOTATION.quote);
  const rule = annotation(list, ANNOTATION.rule);
  return {
    id,
    title: annotation(list, ANNOTATION.checkTitle) ?? '',
    level: annotation(list, ANNOTATION.level) === 'SHOULD' ? 'SHOULD' : 'MUST',
    source: {
      document,
      section: section.join('#'),
      title: annotation(list, ANNOTATION.sourceTitle),
      url: annotation(list, ANNOTATION.sourceUrl),
      ...(note ? { note } : {}),
      ...(quote ? { quote } : {}),
    },
    ...(rule ? { rule } : {}),
  };
}

/** The variant annotation of a check declared for one target of a lane. */
export function variantAnnotation(label: string): Annotation {
  return { type: ANNOTATION.variant, description: label };
}

/** The label of the lane target a declaration runs against, or undefined for an ordinary run. */
export function variantOf(list: readonly Annotation[]): string | undefined {
  return annotation(list, ANNOTATION.variant);
}

/** Just the id (current-check.ts, and the reporter's look at the checks before the run). */
export function checkIdOf(list: readonly Annotation[]): string | undefined {
  return annotation(list, ANNOTATION.checkId);
}

// ---------------------------------------------------------------------------------------------
// The verdict's kind

/**
 * What ended a check other than passing: the IUT broke the rule (vendor-failure); the suite could not
 * judge (harness-error), among them because the driver failed at an action it claims to support
 * (driver-error); or the check could not run here (skip).
 */
export type ErrorKind = 'vendor-failure' | 'harness-error' | 'driver-error' | 'skip';

/** An error that says what it means for the verdict: CheckFailure (failure.ts) and DriverError (driver-client.ts). */
export class ClassifiedError extends Error {
  constructor(
    readonly kind: 'vendor-failure' | 'driver-error',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The kind of an error a check's body threw. Playwright's own `expect` (an error with a matcherResult)
 * is the IUT breaking the rule, as a CheckFailure is; anything unclassified is a harness error, never
 * blamed on the vendor. (A skip is told by testInfo, not by the error: see fixtures/conformance.ts.)
 */
export function kindOfError(e: unknown): Exclude<ErrorKind, 'skip'> {
  if (e instanceof ClassifiedError) return e.kind;
  if (e instanceof Error && 'matcherResult' in e) return 'vendor-failure';
  return 'harness-error';
}

/**
 * An error in one line, as the report shows it: the message; the class leads only for errors the
 * protocol does not classify and that are not plain Errors ("TypeError: x is not a function").
 */
export function errorLine(e: unknown): string {
  if (!(e instanceof Error)) return oneLine(inspect(e));
  const named = !(e instanceof ClassifiedError) && e.name !== 'Error';
  return oneLine(named ? `${e.name}: ${e.message}` : e.message);
}

export function oneLine(s: string): string {
  const clean = s.replace(/\u001b\[[0-9;]*m/g, '');
  return (clean.split('\n').find((l) => l.trim() !== '') ?? clean).trim();
}

export interface Verdict {
  kind: ErrorKind;
  /** One line, redacted by the writer; absent for a skip (Playwright's skip annotation has the reason). */
  message?: string;
}

const KINDS: readonly ErrorKind[] = ['vendor-failure', 'harness-error', 'driver-error', 'skip'];

/** Record a check's verdict on its annotations (in the worker, where the error is caught). */
export function recordVerdict(list: Annotation[], v: Verdict): void {
  list.push({ type: ANNOTATION.verdict, description: JSON.stringify(v) });
}

/** The verdict recorded on these annotations, if any (a malformed one is none). */
export function readVerdict(list: readonly Annotation[]): Verdict | undefined {
  const raw = annotation(list, ANNOTATION.verdict);
  if (raw === undefined) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<Verdict>;
    if (!KINDS.includes(v.kind as ErrorKind)) return undefined;
    return { kind: v.kind as ErrorKind, ...(typeof v.message === 'string' ? { message: v.message } : {}) };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The reporter's status mapping

/** What the reporter knows of a test's end (Playwright's TestResult and TestCase, narrowed). */
export interface TestEnd {
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  /** Annotations added while it ran (the verdict, expected, received, a skip's reason). */
  annotations: readonly Annotation[];
  /** Annotations it was declared with (a declared skip's reason). */
  declared: readonly Annotation[];
  /** Playwright's serialized errors. */
  errors: ReadonlyArray<{ message?: string; value?: string }>;
}

/**
 * The kind that decides the verdict, from recorded kinds and Playwright's own status only:
 * - skipped is a skip, whatever else;
 * - a recorded vendor failure is one (the check ran to its end and found the rule broken);
 * - a check that ran out of time is the IUT's failure (it did not answer in time);
 * - any other recorded kind stands;
 * - a test that failed with nothing recorded failed outside the check's body (in a fixture, which
 *   prepares and never judges, or an interrupted run): a harness error.
 */
export function kindOf(end: TestEnd): ErrorKind | 'passed' {
  const recorded = readVerdict(end.annotations);
  if (end.status === 'skipped') return 'skip';
  if (recorded?.kind === 'vendor-failure') return 'vendor-failure';
  if (end.status === 'timedOut') return 'vendor-failure';
  if (recorded) return recorded.kind;
  return end.status === 'passed' ? 'passed' : 'harness-error';
}

export type Judgement = Pick<CheckResult, 'status' | 'outcome' | 'message' | 'expected' | 'received'>;

/** results.json's status, outcome and message for a test's end: SHOULD failures warn unless --strict. */
export function judge(end: TestEnd, level: Level, strict: boolean): Judgement {
  const kind = kindOf(end);
  if (kind === 'passed') return { status: 'passed' };
  if (kind === 'skip') return { status: 'skipped', message: annotation([...end.annotations, ...end.declared], ANNOTATION.skip) ?? 'skipped' };
  // The recorded message tells of the recorded kind only (not, say, of a body that threw after its time ran out).
  const verdict = readVerdict(end.annotations);
  const recorded = verdict?.kind === kind ? verdict.message : undefined;
  const err = end.errors[0];
  const raw = err?.message ?? err?.value;
  const values = { expected: annotation(end.annotations, ANNOTATION.expected), received: annotation(end.annotations, ANNOTATION.received) };
  if (kind === 'vendor-failure') {
    const message = recorded ?? (raw !== undefined ? oneLine(raw) : end.status === 'timedOut' ? 'the check did not finish in time' : 'failed');
    return { status: failedStatus(level, strict), outcome: 'failure', message, ...values };
  }
  // Nothing recorded: the error as Playwright serialized it ("Error: …"); the plain class names are
  // dropped as the recorded messages drop them. Wording only: the kind is already decided.
  const message = recorded ?? (raw !== undefined ? oneLine(raw).replace(/^(Error|DriverError): /, '') : 'failed');
  return { status: failedStatus(level, strict), outcome: 'error', message: `harness error: ${message}`, ...values };
}
