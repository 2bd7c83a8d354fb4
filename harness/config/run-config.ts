/**
 * The run configuration: what the CLI decided, handed to the Playwright runner and its workers
 * through one environment variable (the only channel Playwright gives a parent process).
 * Secrets travel in it but are never printed: the variable is read here and nowhere else.
 * @module
 */

/**
 * Every suite. The first three are the public interface's (the IUT is the platform's counterpart a vendor
 * builds); the last two test the other side of the same exchanges (the IUT is the chatbot platform,
 * or the client channel server).
 */
export const SUITE_IDS = ['operator-api', 'chat-api', 'omnichannel', 'operator-api-platform', 'omnichannel-client'] as const;
export type SuiteId = (typeof SUITE_IDS)[number];

/** What `run` with no suite named runs: the three of the public interface. */
export const DEFAULT_SUITES: SuiteId[] = ['operator-api', 'chat-api', 'omnichannel'];

export const PROFILES = ['aimylogic', 'tovie', 'jaicp'] as const;
export type Profile = (typeof PROFILES)[number];

export interface SuiteTarget {
  /** Base URL of the IUT for this suite (see the README, --target). */
  target: string;
  /** Base URL of the driver endpoints, when there is one. */
  driver?: string;
  token?: string;
  clientToken?: string;
  /** True when the CLI started the bundled reference for this suite. */
  reference: boolean;
  /** `--driver manual`: the driver is a person at the terminal; how long to wait for each action. */
  manualWaitMs?: number;
}

/** One Playwright project: a suite run against one target, or (a self-test's lane) against several in turn. */
export interface ProjectSpec {
  /** The suite id for ordinary runs; `<suite>@<label>` when one run tests several targets. */
  name: string;
  suite: SuiteId;
  /**
   * Internal, for the self-tests' batches: the labels of the targets this project runs against, one
   * after another in the same worker (`targets` keyed by `targetKey(suite, label)`). Every check is
   * then declared once per label, so that one worker runs a suite against many mutants instead of
   * one worker starting per mutant. Absent: the project's own target (`targets[name]`).
   */
  variants?: string[];
}

/** The `targets` key of a variant of a lane; also the `project` a check result of it names. */
export function targetKey(suite: SuiteId, label: string): string {
  return `${suite}@${label}`;
}

/** The `targets` keys a project runs against. */
export function targetKeysOf(p: ProjectSpec): string[] {
  return p.variants ? p.variants.map((v) => targetKey(p.suite, v)) : [p.name];
}

export interface RunConfig {
  suites: SuiteId[];
  /** Targets by project name (for ordinary runs, by suite id). */
  targets: Record<string, SuiteTarget>;
  /**
   * Internal, for the self-tests: several projects per suite, each against its own target (every
   * mutant of a reference in one run, so the runner starts once). Absent: one project per suite.
   */
  projects?: ProjectSpec[];
  /** Internal: the runner's worker limit (absent: chosen from the suites and cores). */
  workers?: number;
  /** The --target as the user gave it (for the report), or null for the bundled references. */
  targetLabel: string | null;
  profile: Profile;
  strict: boolean;
  timeoutMs: number;
  receiverHost: string;
  /** 0: a free port per suite. */
  receiverPort: number;
  /** Public base URL of the receiver; null: http://{host}:{port}. */
  receiverUrl: string | null;
  /** Largest body the receiver accepts. */
  receiverBodyLimit: number;
  /** Largest response body the HTTP client reads from the IUT. */
  responseBodyLimit: number;
  grep: string | null;
  /** --expect: check id → why it is expected to fail (null without --expect). */
  expectations: Record<string, string> | null;
  /** True when every check of the selected suites runs (no --grep, no --shard). */
  complete: boolean;
  reportDir: string;
  startedAt: string;
  toolVersion: string;
  /** The seed of the generated checks (`--seed N`): the same seed draws the same inputs. */
  seed?: number;
  /** Inputs per generated property (`--generate N`). */
  generate?: number;
}

/** Without `--seed`, generated inputs are drawn from this seed, so that runs (and self-tests) repeat. */
export const DEFAULT_SEED = 20261129;
/** Without `--generate`: inputs per generated property, sized so the default run stays quick. */
export const DEFAULT_GENERATE = 20;

export function generation(run: RunConfig): { seed: number; runs: number } {
  return { seed: run.seed ?? DEFAULT_SEED, runs: run.generate ?? DEFAULT_GENERATE };
}

export const RUN_CONFIG_ENV = 'CHANNEL_CONFORMANCE_RUN';

let cached: RunConfig | undefined;

export function readRunConfig(): RunConfig {
  if (cached) return cached;
  const raw = process.env[RUN_CONFIG_ENV];
  if (!raw) {
    throw new Error(`${RUN_CONFIG_ENV} is not set: run the suites through "npx channel-conformance run", not "playwright test" directly`);
  }
  cached = JSON.parse(raw) as RunConfig;
  return cached;
}

export function projectsOf(config: RunConfig): ProjectSpec[] {
  return config.projects ?? config.suites.map((s) => ({ name: s, suite: s }));
}

export function suiteTarget(config: RunConfig, project: string): SuiteTarget {
  const t = config.targets[project];
  if (!t) throw new Error(`no target configured for ${project}`);
  return t;
}
