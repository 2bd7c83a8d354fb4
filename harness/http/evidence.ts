/**
 * Evidence: what a check saw, kept as data so that every report can render it.
 * Everything here is already redacted: these objects are built by the capture code only.
 * @module
 */

export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut at the evidence limit. */
  body?: string;
  bodyBytes: number;
  truncated: boolean;
}

/** One HTTP exchange between the suite and the IUT (or its driver). */
export interface ExchangeEvidence {
  kind: 'exchange';
  /** 'iut' for the API under test, 'driver' for the driver endpoints. */
  channel: 'iut' | 'driver';
  operation?: string;
  startedAt: string;
  durationMs: number;
  request: CapturedRequest;
  response?: CapturedResponse;
  /** Transport failure in one sentence (refused, reset, timed out, too large...). */
  error?: string;
  /** Located schema errors, one sentence each. */
  schemaErrors?: string[];
  /** A reproduction command; secrets appear as placeholders ($TOKEN). */
  curl: string;
}

/** One request the IUT made to the suite's receiver (webhook event, send_message). */
export interface DeliveryEvidence {
  kind: 'delivery';
  seq: number;
  receivedAt: string;
  /** Milliseconds from the action that caused it (a driver call), when known. */
  sinceTriggerMs?: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  schemaErrors?: string[];
  /** Why the suite found it notable (expected, unexpected, duplicate...). */
  note?: string;
}

export interface NoteEvidence {
  kind: 'note';
  text: string;
}

export type Evidence = ExchangeEvidence | DeliveryEvidence | NoteEvidence;

/** Body text kept per exchange in reports; the full body is still parsed for checks. */
export const EVIDENCE_BODY_LIMIT = 16 * 1024;

export function clip(text: string, limit = EVIDENCE_BODY_LIMIT): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  return { text: `${text.slice(0, limit)}… [${text.length - limit} more characters]`, truncated: true };
}

/** Shell-quote for a reproduction line. */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlLine(req: CapturedRequest): string {
  const parts = ['curl', '-sS', '-X', req.method, sq(req.url)];
  for (const [k, v] of Object.entries(req.headers)) {
    if (k === 'content-length' || k === 'host' || k === 'connection') continue;
    parts.push('-H', sq(`${k}: ${v}`));
  }
  if (req.body !== undefined) parts.push('--data-raw', sq(req.body));
  return parts.join(' ');
}
