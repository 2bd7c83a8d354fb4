/**
 * Posts to the channel's "Webhook URL". One attempt, 5 s budget, redirects not followed (a redirect
 * is the receiver's answer, not an invitation to post elsewhere). Failures are logged and never thrown:
 * the request that caused the delivery has already been answered.
 * @module
 */

export const WEBHOOK_TIMEOUT_MS = 5000;

export type Log = (line: string) => void;

export async function postWebhook(url: string, body: unknown, log: Log): Promise<void> {
  const where = describeUrl(url);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    // Drain the body so the connection can be reused; its content is not specified.
    await res.arrayBuffer().catch(() => undefined);
    log(`webhook POST ${where} -> ${res.status}`);
  } catch (err) {
    log(`webhook POST ${where} failed: ${(err as Error).name}: ${(err as Error).message}`);
  }
}

/** Origin and path only: a query string or user-info part may hold a secret. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
