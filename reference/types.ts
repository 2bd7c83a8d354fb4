/**
 * The contract every bundled reference implementation honours, so that the CLI, the self-tests
 * and the simulators can start any of them the same way.
 * @module
 */

export type SuiteId = 'operator-api' | 'chat-api' | 'omnichannel' | 'operator-api-platform' | 'omnichannel-client';

export interface ReferenceOptions {
  /** Interface to listen on. Always loopback unless a user explicitly asks otherwise. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Id of a deliberately broken variant from `./<suite>/mutants.ts` (self-tests only). */
  mutant?: string;
  /** Id of a conformant variation from `./<suite>/mutants.ts` (self-tests only). */
  variation?: string;
  /** chat-api, omnichannel: the channel token the reference accepts. Random when absent. */
  token?: string;
  /** omnichannel: the "Channel webhook: Token" of the pre-created channel, if any. */
  clientToken?: string;
  /** Called with one readable line per exchange handled (simulator mode). Never gets secrets. */
  log?: (line: string) => void;
  /**
   * The path the API's own paths start under ("/chatadapter": `{basePath}/chatapi/{token}`), for the
   * references whose documents show one (chat-api, operator-api-platform); `target` then ends in it.
   * Absent: the reference's default ("" at the root, or its path-prefix variation's).
   */
  basePath?: string;
  /** chat-api (and what builds on it): the bot's script of "input → replies", in place of the default one. */
  botScript?: BotScript;
}

/**
 * A simulator bot's script: for an input, the replies it answers with. Rules are tried in order; the
 * first whose `query` (compared trimmed and case-insensitively; "*" matches any text) or `event`
 * (exact; "*" any event) matches answers. `{query}` and `{event}` in a reply's strings stand for the
 * client's input. Replies are Chat API reply items (`{"type": "text", "text": "…"}`, `buttons`,
 * `image`, `file`, `carousel`, `switch`…), sent as written.
 */
export interface BotScript {
  rules: BotRule[];
}

export interface BotRule {
  query?: string;
  event?: string;
  /** The bot's state, given to each reply of the rule that names none (`"state"` of the Chat API page's reply). */
  state?: string;
  replies: Array<{ type: string; [key: string]: unknown }>;
}

export interface StartedReference {
  suite: SuiteId;
  /** What the suite is given as --target (may end in a path prefix, e.g. /chatadapter). */
  target: string;
  /** Base URL of the driver endpoints (README, "Driver protocol"). */
  driver: string;
  token?: string;
  clientToken?: string;
  close(): Promise<void>;
}

/** One deliberately broken variant of a reference implementation. */
export interface MutantSpec {
  id: string;
  /** The one rule it breaks, in a sentence. */
  breaks: string;
  /** Check ids the self-test expects to fail (status failed under --strict) against it. */
  kills: string[];
}

/** A conformant variation: behaviour the documents allow, that the suite must accept. */
export interface VariationSpec {
  id: string;
  description: string;
  /**
   * The FREEDOM readings (docs/readings/*.md anchors) whose other behaviour this variation takes:
   * test/unit/check-levels.spec.ts requires every FREEDOM to be proven in every suite it names.
   */
  proves?: string[];
}
