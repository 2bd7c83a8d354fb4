/**
 * The driver protocol as one table: every endpoint of specs/driver.yaml (the README's "The driver
 * protocol" and the additive endpoints of suites/operator-api-platform/README.md and
 * suites/omnichannel-client/README.md), with what the harness needs to know of each. `serve`'s list,
 * the manual bridge's prompts and its observable list are made from it;
 * test/unit/driver-protocol.spec.ts holds it, specs/driver.yaml, the README's tables and every
 * reference's driver routes to the same list.
 * @module
 */

import type { SuiteId } from '../config/run-config.ts';

/** One endpoint of the driver protocol, with what the harness needs to know of it. */
export interface DriverEndpoint {
  method: 'GET' | 'POST';
  /** Relative to the driver's base URL: `operator/agent-text`. */
  path: string;
  /** The suites whose checks use it (and whose reference serves it). */
  suites: readonly SuiteId[];
  /** The required query parameter of a read. */
  query?: string;
  /** Beyond the README's original table: a driver without it skips only the checks that need it. */
  additive?: boolean;
  /**
   * `--driver manual`: what the person is asked to do, and whether the suite sees the effect as a
   * delivery (`observable`) or the person confirms it with Enter. Absent: not possible by hand (404).
   */
  manual?: { observable: boolean; prompt: (b: Record<string, unknown>) => string };
}

/** A value quoted for the prompt, on one line: line endings and tabs shown as \r, \n, \t. */
export function code(s: unknown): string {
  const text = String(s).replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return `\`${text}\``;
}

/** The buttons of an omnichannel/agent-message body as words: "`Yes` (id `y`), `No` (id `n`)". */
function buttonWords(buttons: unknown): string {
  const all = Array.isArray(buttons) ? buttons.flat() : [];
  return all
    .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    .map((x) => `${code(x.text)} (id ${code(x.id)})`)
    .join(', ');
}

function agentMessageWords(b: Record<string, unknown>): string {
  const text = typeof b.text === 'string' ? `write the text ${code(b.text)}` : '';
  const buttons = b.buttons !== undefined && b.buttons !== null ? `send the buttons ${buttonWords(b.buttons)}` : '';
  return [text, buttons].filter(Boolean).join(', then ');
}

const OP: readonly SuiteId[] = ['operator-api'];
const CHAT: readonly SuiteId[] = ['chat-api', 'operator-api-platform'];
const OMNI: readonly SuiteId[] = ['omnichannel'];
const PLATFORM: readonly SuiteId[] = ['operator-api-platform'];
const CLIENT: readonly SuiteId[] = ['omnichannel-client'];

export const DRIVER_PROTOCOL: readonly DriverEndpoint[] = [
  {
    method: 'POST',
    path: 'operator/agent-text',
    suites: OP,
    manual: { observable: true, prompt: (b) => `In the agent console, answer the chat of user ${code(b.userId)} with the text ${code(b.text)}` },
  },
  {
    method: 'POST',
    path: 'operator/agent-file',
    suites: OP,
    manual: {
      observable: true,
      prompt: (b) =>
        `In the agent console, send user ${code(b.userId)} the file ${code(b.url)} named ${code(b.name)} (${String(b.size)} bytes) with the comment ${code(b.comment)}`,
    },
  },
  {
    method: 'POST',
    path: 'operator/agent-close',
    suites: OP,
    manual: { observable: true, prompt: (b) => `In the agent console, close the chat of user ${code(b.userId)}` },
  },
  {
    method: 'POST',
    path: 'operator/agent-transfer',
    suites: OP,
    manual: {
      observable: true,
      prompt: (b) => `In the agent console, transfer the chat of user ${code(b.userId)} to the agent group ${code(b.destinationId)}`,
    },
  },
  { method: 'GET', path: 'operator/chat', suites: OP, query: 'userId' },
  {
    method: 'POST',
    path: 'chat/webhook',
    suites: CHAT,
    manual: { observable: false, prompt: (b) => `In the Chat API channel settings, set the Webhook URL to ${code(b.url)}` },
  },
  {
    method: 'POST',
    path: 'chat/agent-text',
    suites: CHAT,
    manual: { observable: true, prompt: (b) => `In the agent console, answer the client ${code(b.clientId)} with the text ${code(b.text)}` },
  },
  { method: 'POST', path: 'omnichannel/channel', suites: OMNI },
  { method: 'GET', path: 'omnichannel/inbox', suites: OMNI, query: 'chat_id' },
  {
    method: 'POST',
    path: 'omnichannel/agent-message',
    suites: OMNI,
    additive: true,
    manual: {
      observable: true,
      prompt: (b) =>
        `In the agent console, in the Omnichannel chat ${code(b.chat_id)} (channel_chat_id ${code(`${String(b.chat_id)}|omnichannel`)}), ${agentMessageWords(b)}`,
    },
  },
  { method: 'POST', path: 'platform/operator-channel', suites: PLATFORM, additive: true },
  { method: 'POST', path: 'platform/transfer', suites: PLATFORM, additive: true },
  { method: 'POST', path: 'platform/client-file', suites: PLATFORM, additive: true },
  { method: 'POST', path: 'platform/client-close', suites: PLATFORM, additive: true },
  { method: 'POST', path: 'client/platform', suites: CLIENT, additive: true },
  { method: 'POST', path: 'client/visitor-message', suites: CLIENT, additive: true },
  { method: 'GET', path: 'client/visitor-inbox', suites: CLIENT, query: 'chat_id', additive: true },
];

/** An endpoint as `serve` and the README show it: `POST operator/agent-text`, `GET operator/chat?userId=ID`. */
export function signature(e: DriverEndpoint): string {
  return `${e.method} ${e.path}${e.query ? `?${e.query}=ID` : ''}`;
}

/** The endpoints a suite's checks use, in the table's order. */
export function endpointsOf(suite: SuiteId): DriverEndpoint[] {
  return DRIVER_PROTOCOL.filter((e) => e.suites.includes(suite));
}

/** The table's row for a method and path, if any. */
export function driverEndpoint(method: string, path: string): DriverEndpoint | undefined {
  return DRIVER_PROTOCOL.find((e) => e.method === method && e.path === path);
}

/** Actions whose effect the suite sees as a delivery under `--driver manual` (the rest need Enter). */
export const OBSERVABLE: ReadonlySet<string> = new Set(DRIVER_PROTOCOL.filter((e) => e.manual?.observable).map((e) => e.path));
