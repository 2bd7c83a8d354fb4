/**
 * Secrets never leave the process in clear: every piece of evidence passes through a Redactor at
 * capture time (not at render time), so no reporter, log line or attachment can leak one.
 * @module
 */

export interface Secret {
  value: string;
  /** What the secret is shown as, e.g. `$TOKEN`. Also what a reproduction `curl` line uses. */
  placeholder: string;
}

/** Headers whose whole value is secret, whatever it contains. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** Secrets shorter than this are too short to redact without shredding ordinary text. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private secrets: Secret[] = [];

  add(value: string | undefined | null, placeholder: string): void {
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])) {
      if (!this.secrets.some((s) => s.value === form)) this.secrets.push({ value: form, placeholder });
    }
    // Longest first, so that a secret containing another is replaced whole.
    this.secrets.sort((a, b) => b.value.length - a.value.length);
  }

  get placeholders(): Secret[] {
    return [...this.secrets];
  }

  text(input: string): string {
    let out = input;
    for (const s of this.secrets) if (out.includes(s.value)) out = out.split(s.value).join(s.placeholder);
    return out;
  }

  headers(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(headers)) {
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
      out[name.toLowerCase()] = SECRET_HEADERS.has(name.toLowerCase()) ? redactCredential(value) : this.text(value);
    }
    return out;
  }

  /** Deep copy of a JSON value with every secret replaced in keys and strings. */
  json(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.json(v);
      return out;
    }
    return value;
  }
}

/**
 * The redactor of the current worker (one suite per worker). Verdict messages and expected/received
 * values are composed by checks from what they saw, so they pass through it before they leave the
 * worker, whatever the check remembered to do.
 */
let workerRedactor: Redactor | undefined;

export function setWorkerRedactor(r: Redactor): void {
  workerRedactor = r;
}

export function redactInWorker(text: string): string {
  return workerRedactor ? workerRedactor.text(text) : text;
}

/** Keep the scheme word (`Token`, `Bearer`) so a reader sees the form, hide the credential. */
export function redactCredential(value: string): string {
  const m = /^([A-Za-z][A-Za-z0-9_-]*)\s+\S/.exec(value);
  return m ? `${m[1]} <redacted>` : '<redacted>';
}
