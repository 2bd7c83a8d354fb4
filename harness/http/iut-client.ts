/**
 * The suite's client of the IUT: resolves operations from the spec, sends requests with the run's
 * timeout and body cap, validates every answer against the documented response schema (the result
 * carries located `schemaErrors`; a check decides whether they matter) and logs every exchange as
 * evidence for the current check.
 * @module
 */

import type { SuiteId } from '../config/run-config.ts';
import type { Redactor } from '../secrets/redactor.ts';
import type { SpecValidators } from '../validation/validators.ts';
import { operation, statusDocumented } from '../validation/operations.ts';
import { httpRequest, type HttpResult } from './http-client.ts';
import type { Evidence, ExchangeEvidence } from './evidence.ts';
import { brokenMethod, markBroken, notRetried } from './method-health.ts';
import { currentCheckId } from '../checks/current-check.ts';

export interface CallOptions {
  /** JSON body. */
  body?: unknown;
  /** Raw body text, sent as is (malformed-input checks). */
  raw?: string;
  headers?: Record<string, string>;
  /** Values for `{name}` segments of the operation path. */
  pathParams?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Override the run's timeout (long polling caps its own wait). */
  timeoutMs?: number;
  /** For `request()`: the spec operation whose documented statuses this answer counts towards (coverage). */
  observeAs?: string;
}

export interface CallResult extends HttpResult {
  /** Located schema errors of the answer against its documented schema (empty when valid or none). */
  schemaErrors: string[];
  /** Whether the answer's status is one the spec documents for this operation. */
  documentedStatus?: string;
}

export interface ClientSettings {
  suite: SuiteId;
  baseUrl: string;
  timeoutMs: number;
  maxBodyBytes: number;
  redactor: Redactor;
  validators: SpecValidators;
  log: (e: Evidence) => void;
  /** Called for every operation and status observed (spec coverage). */
  observe?: (operationId: string, status: number | undefined) => void;
}

export class IutClient {
  constructor(private s: ClientSettings) {}

  url(path: string, query?: CallOptions['query']): string {
    const base = this.s.baseUrl.replace(/\/+$/, '');
    const qs = query
      ? Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join('&')
      : '';
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Call a spec operation by operationId. */
  async call(operationId: string, opts: CallOptions = {}): Promise<CallResult> {
    const op = operation(this.s.suite, operationId);
    const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const v = opts.pathParams?.[name];
      if (v === undefined) throw new Error(`Test bug: ${operationId} needs path parameter ${name}`);
      return encodeURIComponent(v);
    });
    const condemned = brokenMethod(this.s.baseUrl, operationId);
    if (condemned && opts.timeoutMs === undefined) return this.notRetried(op.method, path, opts, operationId, notRetried(condemned));
    const res = await this.send(op.method, path, opts, operationId);
    if (res.transportFailure && opts.timeoutMs === undefined && this.validRequest(op.requestSchema, opts)) {
      markBroken(this.s.baseUrl, { operationId, failure: res.transportFailure, seenIn: currentCheckId() ?? 'an earlier check', timeoutMs: this.s.timeoutMs });
    }
    if (res.status !== undefined) {
      const key = statusDocumented(op.responses, res.status);
      res.documentedStatus = key;
      const schema = key ? op.responses[key] : undefined;
      if (schema && res.status >= 200 && res.status < 300 && res.isJson) {
        res.schemaErrors = this.s.validators.validate(schema, res.json, `response body of ${operationId}`);
      }
      if (res.schemaErrors.length > 0) res.evidence.schemaErrors = res.schemaErrors.map((e) => this.s.redactor.text(e));
    }
    this.s.observe?.(operationId, res.status);
    return res;
  }

  /**
   * Whether a request is one the spec calls valid (it may condemn its method when it meets a
   * pathology): a JSON body that matches the operation's request schema, or no body where the
   * operation takes none. Raw bodies (malformed-input checks) never condemn a method.
   */
  private validRequest(schema: string | undefined, opts: CallOptions): boolean {
    if (opts.raw !== undefined) return false;
    if (!schema) return opts.body === undefined;
    return opts.body !== undefined && this.s.validators.validate(schema, opts.body, 'request').length === 0;
  }

  /** The answer of a call to a method already condemned: an error at once, with the exchange it stands for. */
  private notRetried(method: string, path: string, opts: CallOptions, operationId: string, error: string): CallResult {
    const url = this.s.redactor.text(this.url(path, opts.query));
    const evidence: ExchangeEvidence = {
      kind: 'exchange',
      channel: 'iut',
      operation: operationId,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      request: { method, url, headers: {} },
      curl: '',
      error,
    };
    this.s.log(evidence);
    this.s.observe?.(operationId, undefined);
    return { headers: {}, isJson: false, bodyBytes: 0, error, durationMs: 0, evidence, schemaErrors: [] };
  }

  /** Any request under the base URL (wrong paths, unknown methods). */
  async request(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const res = await this.send(method, path, opts);
    if (opts.observeAs) this.s.observe?.(opts.observeAs, res.status);
    return res;
  }

  private async send(method: string, path: string, opts: CallOptions, operationId?: string): Promise<CallResult> {
    const res = await httpRequest(
      {
        method,
        url: this.url(path, opts.query),
        json: opts.body,
        raw: opts.raw,
        headers: opts.headers,
        timeoutMs: opts.timeoutMs ?? this.s.timeoutMs,
        maxBodyBytes: this.s.maxBodyBytes,
        operation: operationId,
        channel: 'iut',
      },
      this.s.redactor,
    );
    this.s.log(res.evidence);
    return Object.assign(res, { schemaErrors: [] as string[] });
  }
}
