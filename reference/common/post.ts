/**
 * How a reference posts to a URL its counterpart gave it (a webhook, an inbound endpoint): one
 * attempt, redirects not followed (a redirect is the receiver's answer, not an invitation to post
 * elsewhere), a time budget, and the answer's body released unread (its content is not specified).
 * URLs given by a counterpart hold secrets (an apiKey, a token), so logs show `describeUrl` only.
 * @module
 */

export interface PostOptions {
  /** POST unless a mutant says otherwise. */
  method?: string;
  /** application/json unless a mutant says otherwise. */
  contentType?: string;
  body: string;
  timeoutMs: number;
  /** Aborts the post too (a server shutting down). */
  signal?: AbortSignal;
}

/** Posts once; resolves to the answer's status, rejects when no answer came (refused, timed out, aborted). */
export async function postOnce(url: string, o: PostOptions): Promise<number> {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const res = await fetch(url, {
    method: o.method ?? 'POST',
    headers: { 'content-type': o.contentType ?? 'application/json' },
    body: o.body,
    redirect: 'manual',
    signal: o.signal ? AbortSignal.any([timeout, o.signal]) : timeout,
  });
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

/** Origin and path only: a query string or user-info part may hold a secret. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
