/**
 * The client of the IUT's driver endpoints (the README's "Driver protocol"). A check that needs an
 * action the IUT cannot be driven to do is skipped with the reason, never silently passed:
 * no --driver at all → "needs a driver"; a 404 → "the driver does not support …", or, when the
 * driver accepted the same endpoint with another body earlier in the run, exactly what it refused
 * ("the driver refused omnichannel/channel with active: false (404); it accepted active: true").
 * A read's answer that specs/driver.yaml does not allow is a DriverError naming the endpoint.
 * @module
 */

import type { Redactor } from '../secrets/redactor.ts';
import { httpRequest, type HttpResult } from '../http/http-client.ts';
import type { Evidence } from '../http/evidence.ts';
import type { Delivery } from '../receiver/receiver.ts';
import { recogniserFor } from './recognisers.ts';
import { validateDriverAnswer } from '../validation/driver-spec.ts';
import { ClassifiedError } from '../checks/protocol.ts';
import { isObject } from '../checks/json.ts';

export class DriverUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DriverUnavailable';
  }
}

/**
 * The driver failed at an action it claims to support: the suite could not judge, never the IUT's
 * rule failure (its kind, 'driver-error', is its class's: harness/checks/protocol.ts).
 */
export class DriverError extends ClassifiedError {
  constructor(message: string) {
    super('driver-error', message);
    this.name = 'DriverError';
  }
}

export interface DriverSettings {
  baseUrl?: string;
  timeoutMs: number;
  redactor: Redactor;
  log: (e: Evidence) => void;
  /** Skip the current check (wired to testInfo.skip by the fixture). */
  skip: (reason: string) => never;
  /** `--driver manual`: the driver is a person prompted by the CLI (harness/driver/manual-bridge.ts). */
  manual?: {
    waitMs: number;
    /** Wait for a delivery to the suite's receiver, from now on. */
    waitForDelivery: (predicate: (d: Delivery) => boolean, timeoutMs: number) => Promise<Delivery | undefined>;
  };
}

export class DriverClient {
  /** When the last action was accepted: deliveries are timed from it. */
  lastActionAtMs?: number;

  constructor(private s: DriverSettings) {}

  get available(): boolean {
    return !!this.s.baseUrl;
  }

  /** Skip now unless a driver is configured (for checks that cannot even start without one). */
  require(): void {
    if (!this.s.baseUrl) this.s.skip('needs a driver (--driver URL)');
  }

  async post(endpoint: string, body: unknown): Promise<HttpResult> {
    const res = await this.send('POST', endpoint, body);
    if (this.s.manual) await this.awaitPerson(endpoint, body, res);
    return res;
  }

  /**
   * POST an action the suite can do without: undefined when the driver does not support it (404, or
   * no driver at all) instead of skipping the check, so that the caller can fall back (a channel the
   * user configured by hand instead of one the suite configures).
   */
  async postIfSupported(endpoint: string, body: unknown): Promise<HttpResult | undefined> {
    if (!this.s.baseUrl) return undefined;
    const res = await this.send('POST', endpoint, body, true);
    if (res === undefined) return undefined;
    if (this.s.manual) await this.awaitPerson(endpoint, body, res);
    return res;
  }

  /**
   * Manual mode: the bridge has shown the prompt; wait until the action's effect arrives (or, for a
   * setting change, the person confirms), or skip the check when the person skips or nothing happens.
   */
  private async awaitPerson(endpoint: string, body: unknown, res: HttpResult): Promise<void> {
    const manual = this.s.manual!;
    const { actionId } = (res.json ?? {}) as { actionId?: string };
    if (!actionId) throw new DriverError('the manual driver did not register the action');
    const base = this.s.baseUrl!.replace(/\/+$/, '');
    const deadline = Date.now() + manual.waitMs;
    const recognise = recogniserFor(endpoint, body);
    let settled = false;
    const seen = recognise ? manual.waitForDelivery(recognise, manual.waitMs).then((d) => (d ? 'done' : 'expired')) : new Promise<string>(() => undefined);
    const decided = (async () => {
      while (!settled && Date.now() < deadline) {
        const r = await httpRequest(
          {
            method: 'GET',
            url: `${base}/__actions/${actionId}?waitMs=${Math.min(5000, Math.max(1, deadline - Date.now()))}`,
            timeoutMs: 10_000,
            maxBodyBytes: 4096,
            channel: 'driver',
          },
          this.s.redactor,
        );
        const state = (r.json as { state?: string } | undefined)?.state;
        if (state && state !== 'pending') return state;
      }
      return 'expired';
    })();
    const outcome = await Promise.race([seen, decided]);
    settled = true;
    if (outcome === 'done' && recognise) {
      await httpRequest({ method: 'POST', url: `${base}/__actions/${actionId}/done`, timeoutMs: 5000, maxBodyBytes: 4096, channel: 'driver' }, this.s.redactor);
    }
    if (outcome === 'expired') {
      await httpRequest(
        { method: 'POST', url: `${base}/__actions/${actionId}/expired`, timeoutMs: 5000, maxBodyBytes: 4096, channel: 'driver' },
        this.s.redactor,
      );
      this.s.skip(`the manual action "${endpoint}" was not performed within ${Math.round(manual.waitMs / 1000)} s`);
    }
    if (outcome === 'skipped') this.s.skip(`the manual action "${endpoint}" was skipped at the prompt`);
    this.lastActionAtMs = Date.now();
  }

  /** A read the check can do without: undefined when there is no driver or it answers 404 (no skip). */
  async getIfSupported(endpoint: string, query: Record<string, string>): Promise<unknown> {
    if (!this.s.baseUrl) return undefined;
    const qs = new URLSearchParams(query).toString();
    const res = await this.send('GET', `${endpoint}?${qs}`, undefined, true);
    return res === undefined ? undefined : this.answer(endpoint, res);
  }

  async get(endpoint: string, query: Record<string, string>): Promise<unknown> {
    const qs = new URLSearchParams(query).toString();
    const res = await this.send('GET', `${endpoint}?${qs}`);
    return this.answer(endpoint, res);
  }

  /** A read's JSON answer, validated against specs/driver.yaml: a DriverError naming the endpoint otherwise. */
  private answer(endpoint: string, res: HttpResult): unknown {
    if (!res.isJson) throw new DriverError(`the driver's GET ${endpoint} answered ${res.jsonError ?? 'no JSON body'}`);
    const problems = validateDriverAnswer('GET', endpoint, res.json);
    if (problems.length > 0) {
      const body = this.s.redactor.text(res.text ?? '').replace(/\s+/g, ' ');
      throw new DriverError(
        `the driver's GET ${endpoint} answered a body specs/driver.yaml does not allow: ${problems.join('; ')} (status ${res.status}, body ${body.length > 200 ? `${body.slice(0, 200)}…` : body})`,
      );
    }
    return res.json;
  }

  private async send(method: string, endpoint: string, body?: unknown): Promise<HttpResult>;
  private async send(method: string, endpoint: string, body: unknown, unsupportedIsUndefined: true): Promise<HttpResult | undefined>;
  private async send(method: string, endpoint: string, body?: unknown, unsupportedIsUndefined = false): Promise<HttpResult | undefined> {
    if (!this.s.baseUrl) this.s.skip('needs a driver (--driver URL)');
    const url = `${this.s.baseUrl!.replace(/\/+$/, '')}/${endpoint.replace(/^\//, '')}`;
    const res = await httpRequest({ method, url, json: body, timeoutMs: this.s.timeoutMs, maxBodyBytes: 1024 * 1024, channel: 'driver' }, this.s.redactor);
    this.s.log(res.evidence);
    const name = endpoint.split('?')[0];
    const key = `${this.s.baseUrl} ${method} ${name}`;
    if (res.status === 404) {
      if (unsupportedIsUndefined) return undefined;
      this.s.skip(this.s.redactor.text(refusalReason(name, body, ACCEPTED.get(key))));
    }
    if (res.error || res.status === undefined || res.status < 200 || res.status > 299) {
      throw new DriverError(`the driver's ${method} ${name} failed: ${res.error ?? `status ${res.status}`}`);
    }
    ACCEPTED.set(key, body);
    this.lastActionAtMs = Date.now();
    return res;
  }
}

/** The last body each driver endpoint accepted in this worker (keyed by driver, method and endpoint). */
const ACCEPTED = new Map<string, unknown>();

/** A field's value as a skip reason shows it: its kind for strings, lists and objects (fresh ids, secrets), else the value. */
function describe(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return 'a string';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'an object';
  return JSON.stringify(v);
}

/**
 * Why a check is skipped on a driver's 404: "the driver does not support X" when it never accepted X;
 * when it accepted X with another body, the fields that tell the two apart ("the driver refused
 * omnichannel/channel with active: false (404); it accepted active: true").
 */
export function refusalReason(endpoint: string, refused: unknown, accepted: unknown): string {
  if (accepted === undefined) return `the driver does not support ${endpoint}`;
  if (!isObject(refused) || !isObject(accepted)) return `the driver refused ${endpoint} (404), though it accepted it earlier in this run`;
  const keys = [...new Set([...Object.keys(refused), ...Object.keys(accepted)])].filter((k) => describe(refused[k]) !== describe(accepted[k]));
  if (keys.length === 0) return `the driver refused ${endpoint} (404), though it accepted it earlier in this run with a body of the same shape`;
  const words = (b: Record<string, unknown>) => keys.map((k) => (b[k] === undefined ? `no ${k}` : `${k}: ${describe(b[k])}`)).join(', ');
  return `the driver refused ${endpoint} with ${words(refused)} (404); it accepted ${words(accepted)}`;
}
