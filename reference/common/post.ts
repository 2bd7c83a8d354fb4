/**
 * How a reference posts to a URL its counterpart gave it (a webhook, an inbound endpoint): one
 * attempt, redirects not followed (a redirect is the receiver's answer, not an invitation to post
 * elsewhere), a time budget, and the answer's body released unread (its content is not specified).
 * URLs given by a counterpart hold secrets (an apiKey, a token), so logs show `describeUrl` (the origin) only.
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

/**
 * The origin only: a counterpart's URL may hold a secret in its path as well as in its query or
 * user-info (this project's own suites put the webhook's key in the path), and a log line is output.
 */
export function describeUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
