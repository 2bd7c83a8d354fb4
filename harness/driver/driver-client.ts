import type { Redactor } from '../secrets/redactor.ts';
import { httpRequest, type HttpResult } from '../http/http-client.ts';
import type { Evidence } from '../http/evidence.ts';

/**
 * The client of the IUT's driver endpoints (interface.md, "Driver protocol"). A check that needs an
 * action the IUT cannot be driven to do is skipped with the reason, never silently passed:
 * no --driver at all → "needs a driver"; a 404 → "the driver does not support …".
 */
export class DriverUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DriverUnavailable';
  }
}

/** The driver failed at an action it claims to support: a harness-level error, not a rule failure. */
export class DriverError extends Error {
  constructor(message: string) {
    super(message);
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
    return this.send('POST', endpoint, body);
  }

  async get(endpoint: string, query: Record<string, string>): Promise<unknown> {
    const qs = new URLSearchParams(query).toString();
    const res = await this.send('GET', `${endpoint}?${qs}`);
    if (!res.isJson) throw new DriverError(`the driver's GET ${endpoint} answered ${res.jsonError ?? 'no JSON body'}`);
    return res.json;
  }

  private async send(method: string, endpoint: string, body?: unknown): Promise<HttpResult> {
    if (!this.s.baseUrl) this.s.skip('needs a driver (--driver URL)');
    const url = `${this.s.baseUrl!.replace(/\/+$/, '')}/${endpoint.replace(/^\//, '')}`;
    const res = await httpRequest(
      { method, url, json: body, timeoutMs: this.s.timeoutMs, maxBodyBytes: 1024 * 1024, channel: 'driver' },
      this.s.redactor,
    );
    this.s.log(res.evidence);
    const name = endpoint.split('?')[0];
    if (res.status === 404) this.s.skip(`the driver does not support ${name}`);
    if (res.error || res.status === undefined || res.status < 200 || res.status > 299) {
      throw new DriverError(`the driver's ${method} ${name} failed: ${res.error ?? `status ${res.status}`}`);
    }
    this.lastActionAtMs = Date.now();
    return res;
  }
}
