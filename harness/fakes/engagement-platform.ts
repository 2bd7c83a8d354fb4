/**
 * The fake engagement platform the operator-api-platform suite plays, both ways:
 *
 *  - fake Operator API servers on the receiver. Each is an `{apiUrl}` (the receiver's base URL plus
 *    an unguessable path) under which the spec's methods are served and recorded, each with the HTTP
 *    method the spec gives it: `getDestinations` answers the worker's agent groups; the POST methods
 *    answer 200 `{}`, or 400 when the body is not a JSON object or lacks one of the spec's required
 *    fields, as a conformant engagement platform would (the Operator API reference answers the same:
 *    test/unit/fakes-tables.spec.ts). `main` is the one the platform is normally connected to; checks
 *    of the connection itself connect the platform to a fresh one.
 *  - the agent: posts agent events (the spec's webhooks) to the platform's webhook.
 *
 * The IUT's channel is connected through its driver (`POST platform/operator-channel {"apiUrl"}`).
 * @module
 */

import { Receiver, type Delivery } from '../receiver/receiver.ts';
import { httpRequest, type HttpResult } from '../http/http-client.ts';
import type { Evidence } from '../http/evidence.ts';
import { operation, operationsOf } from '../validation/operations.ts';
import { isObject } from '../checks/ensure.ts';
import type { DriverClient } from '../driver/driver-client.ts';
import type { Redactor } from '../secrets/redactor.ts';
import { isHttpUrl } from '../checks/json.ts';

export { isHttpUrl };

const SPEC = 'operator-api-platform';

/** The methods of the Operator API (a typed list: the sync test holds it to the spec's operations). */
export const OPERATOR_METHODS = ['setWebhook', 'getDestinations', 'selectDestination', 'sendText', 'sendFile', 'closeChat'] as const;
export type OperatorMethod = (typeof OPERATOR_METHODS)[number];

/** The HTTP method the spec gives an Operator API method. */
export function httpMethodOf(op: OperatorMethod): string {
  return operation(SPEC, op).method;
}

/** The methods the spec shows as POST with a JSON body. */
export const POST_METHODS: OperatorMethod[] = OPERATOR_METHODS.filter((op) => httpMethodOf(op) === 'POST');

/** The agent events the engagement platform posts to the webhook: the spec's webhooks. */
export const AGENT_EVENT_TYPES: readonly string[] = operationsOf(SPEC)
  .filter((o) => o.webhook)
  .map((o) => o.operationId);

export interface Destination {
  destinationId: string;
  name: string;
  hasOnline: boolean;
}

/** One fake engagement platform: an apiUrl and the receiver endpoints of its methods. */
export interface FakeServer {
  label: string;
  apiUrl: string;
  /** Path of a method under this server (what the receiver sees). */
  pathOf(op: OperatorMethod): string;
  /** Receiver endpoint name of a method. */
  endpointOf(op: OperatorMethod): string;
}

export interface Connection {
  /** The receiver's sequence number when the driver was asked to connect: later calls are this connection's. */
  mark: number;
  /** The setWebhook call the connection caused (undefined: none arrived within the budget). */
  setWebhook?: Delivery;
  /** Without one: a request to a path the suite never gave out that ends in /setWebhook, if any. */
  stray?: Delivery;
  /** The webhook URL read from it, leniently (the shape is judged by the setWebhook checks). */
  webhookUrl?: string;
}

export interface Engagement {
  main: FakeServer;
  /** The worker's agent groups (numeric string ids, as the document's examples). */
  destinations: Destination[];
  /**
   * A further fake engagement platform, for checks of connecting the channel. With `oddAnswers`, its
   * POST methods answer success with assorted 2xx statuses and bodies (201, 202, 204; text, a JSON
   * string, none), as a conformant engagement platform may (reading op-answer-any-2xx).
   */
  fresh(label: string, opts?: { oddAnswers?: boolean }): FakeServer;
  /**
   * Connect the platform's channel to `server` through the driver and wait (within --timeout) for the
   * setWebhook it causes. Connecting to anything but `main` makes the next check connect back to `main`.
   */
  connect(server: FakeServer): Promise<Connection>;
}

/** What connecting needs from the check in progress: its driver (evidence is logged per check). */
export interface ConnectDeps {
  driver: DriverClient;
  redactor: Redactor;
  timeoutMs: number;
}

type Answer = { status: number; body?: unknown };

/**
 * The fake engagement platform of one worker: the agent groups, the `main` server, and what the
 * platform was last connected to (a worker keeps one IUT channel across its checks).
 */
export class EngagementPlatform {
  readonly main: FakeServer;
  /** Label of the server the platform was last connected to. */
  connectedTo?: string;
  /** The webhook URL of the platform's last setWebhook to `main`. */
  mainWebhookUrl?: string;
  private counter = 0;

  constructor(
    private receiver: Receiver,
    readonly destinations: Destination[] = randomDestinations(),
  ) {
    this.main = this.serve('main');
  }

  get connectedToMain(): boolean {
    return this.connectedTo === this.main.label;
  }

  /** The `Engagement` a check uses, connecting through that check's driver. */
  forCheck(deps: ConnectDeps): Engagement {
    return {
      main: this.main,
      destinations: this.destinations,
      fresh: (label, opts = {}) => {
        this.counter += 1;
        return this.serve(`${label}${this.counter}`, opts.oddAnswers === true);
      },
      connect: (server) => this.connect(server, deps),
    };
  }

  private async connect(server: FakeServer, { driver, redactor, timeoutMs }: ConnectDeps): Promise<Connection> {
    const { receiver } = this;
    const mark = receiver.nextSeq;
    // A setWebhook to a path the suite never gave out (a dropped API URL path) is worth naming.
    let stray: Delivery | undefined;
    const unsubscribe = receiver.onStray((d) => {
      if (!stray && d.path.endsWith('/setWebhook')) stray = d;
    });
    let setWebhook: Delivery | undefined;
    try {
      await driver.post('platform/operator-channel', { apiUrl: server.apiUrl });
      this.connectedTo = server.label;
      setWebhook = await receiver.waitFor(callOf(server, 'setWebhook', mark, false), timeoutMs, mark);
    } finally {
      unsubscribe();
    }
    const webhookUrl = setWebhook ? webhookUrlIn(setWebhook) : undefined;
    // The apiKey is a secret: known to the redactor before any evidence shows the URL.
    if (webhookUrl) redactor.add(apiKeyOf(webhookUrl), '$API_KEY');
    // A platform reconnected to the same API URL may keep its webhook without calling setWebhook again.
    if (server.label === this.main.label) this.mainWebhookUrl = webhookUrl ?? this.mainWebhookUrl;
    return { mark, setWebhook, stray: setWebhook ? undefined : stray, webhookUrl };
  }

  /** Register a fake engagement platform's methods in the receiver. */
  private serve(label: string, oddAnswers = false): FakeServer {
    const prefix = `/engagement/${label}-${Receiver.secret(6)}`;
    for (const op of OPERATOR_METHODS) {
      this.receiver.endpoint(`${label}:${op}`, `${prefix}/${op}`, {
        methods: [httpMethodOf(op)],
        respond: (d) => {
          const a = engagementAnswer(op, d, this.destinations);
          return oddAnswers && a.status === 200 && op !== 'getDestinations' ? ODD_ANSWERS[op] : a;
        },
      });
    }
    return {
      label,
      apiUrl: `${this.receiver.baseUrl}${prefix}`,
      pathOf: (op) => `${prefix}/${op}`,
      endpointOf: (op) => `${label}:${op}`,
    };
  }
}

/** Three agent groups with numeric string ids, fresh per worker. */
function randomDestinations(): Destination[] {
  const base = 10_000 + Math.floor(Math.random() * 80_000);
  return [
    { destinationId: String(base), name: 'Sales', hasOnline: true },
    { destinationId: String(base + 1), name: 'Support', hasOnline: false },
    { destinationId: String(base + 2), name: 'Billing', hasOnline: true },
  ];
}

/** Success answers other than 200 `{}` that a conformant engagement platform may give. */
const ODD_ANSWERS: Record<OperatorMethod, Answer> = {
  setWebhook: { status: 204 },
  getDestinations: { status: 200 },
  selectDestination: { status: 202, body: { status: 'queued' } },
  sendText: { status: 201, body: 'ok' },
  sendFile: { status: 200, body: '"accepted"' },
  closeChat: { status: 204 },
};

/**
 * What a conformant engagement platform answers to a call of `op` (readings op-answer-any-2xx,
 * gen-malformed-4xx: 2xx; 4xx for a missing required field of the spec or a body that is not JSON).
 */
export function engagementAnswer(op: OperatorMethod, d: Pick<Delivery, 'isJson' | 'json'>, destinations: Destination[]): Answer {
  if (op === 'getDestinations') return { status: 200, body: { destinations } };
  if (!d.isJson || !isObject(d.json)) return { status: 400, body: { error: 'the body must be a JSON object' } };
  const body = d.json;
  const missing = operation(SPEC, op).requiredFields.find((f) => body[f] === undefined || body[f] === null);
  if (missing) return { status: 400, body: { error: `the mandatory field "${missing}" is missing` } };
  return { status: 200, body: {} };
}

/**
 * Predicate: a call of `op` on `server` received from `mark` on. With `strays`, a request whose path
 * merely ends in /{op} also matches, so that a wait fails at once when the platform calls a URL the
 * suite never gave out (a dropped path of the API URL) instead of waiting out the budget.
 */
export function callOf(server: FakeServer, op: OperatorMethod, mark: number, strays = true): (d: Delivery) => boolean {
  return (d) => d.seq >= mark && (d.endpoint === server.endpointOf(op) || (strays && d.endpoint === undefined && d.path.endsWith(`/${op}`)));
}

/**
 * The webhook URL of a setWebhook call, read leniently: the `url` field; else any absolute http(s)
 * URL among the body's string fields or in the query string.
 */
export function webhookUrlIn(d: Delivery): string | undefined {
  if (isObject(d.json) && typeof d.json.url === 'string') return d.json.url;
  const candidates: string[] = [];
  if (isObject(d.json)) for (const v of Object.values(d.json)) if (typeof v === 'string') candidates.push(v);
  for (const v of new URLSearchParams(d.query).values()) candidates.push(v);
  return candidates.find(isHttpUrl);
}

/** The `{apiKey}` of a webhook URL: the segment after /operatorapi/, else the last path segment. */
export function apiKeyOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  const m = /\/operatorapi\/([^/]+)/.exec(path);
  const raw = m ? m[1] : (path.split('/').filter(Boolean).at(-1) ?? '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

// ---------------------------------------------------------------------------------------------
// The agent: the engagement platform's events to the platform's webhook.

export interface Agent {
  /** The webhook URL events go to (the channel's). */
  url: string;
  /** Post a JSON event (or raw text with Content-Type application/json) to the webhook; logged as evidence. */
  post(event: unknown, opts?: { raw?: string; url?: string }): Promise<HttpResult>;
}

export interface AgentDeps {
  timeoutMs: number;
  maxBodyBytes: number;
  redactor: Redactor;
  log: (e: Evidence) => void;
  /** A spec event was posted as JSON, and the webhook answered `status` (spec coverage). */
  covered: (type: string, status: number | null) => void;
}

/** The agent posting to the webhook at `url`. */
export function agentAt(url: string, deps: AgentDeps): Agent {
  return {
    url,
    async post(event, opts = {}) {
      const type = isObject(event) && typeof event.type === 'string' ? event.type : undefined;
      const documented = type !== undefined && opts.raw === undefined && AGENT_EVENT_TYPES.includes(type);
      const res = await httpRequest(
        {
          method: 'POST',
          url: opts.url ?? url,
          json: opts.raw === undefined ? event : undefined,
          raw: opts.raw,
          headers: { 'content-type': 'application/json' },
          timeoutMs: deps.timeoutMs,
          maxBodyBytes: deps.maxBodyBytes,
          operation: type ? `${type} event` : 'event',
          channel: 'iut',
        },
        deps.redactor,
      );
      deps.log(res.evidence);
      if (documented) deps.covered(type, res.status ?? null);
      return res;
    },
  };
}
