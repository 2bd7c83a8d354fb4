/**
 * Posts to the channel's "Webhook URL". One attempt, 5 s budget, redirects not followed (a redirect
 * is the receiver's answer, not an invitation to post elsewhere). Failures are logged and never thrown:
 * the request that caused the delivery has already been answered.
 * @module
 */

import { describeUrl, postOnce } from '../common/post.ts';

export const WEBHOOK_TIMEOUT_MS = 5000;

export type Log = (line: string) => void;

export async function postWebhook(url: string, body: unknown, log: Log): Promise<void> {
  const where = describeUrl(url);
  try {
    const status = await postOnce(url, { body: JSON.stringify(body), timeoutMs: WEBHOOK_TIMEOUT_MS });
    log(`webhook POST ${where} -> ${status}`);
  } catch (err) {
    log(`webhook POST ${where} failed: ${(err as Error).name}: ${(err as Error).message}`);
  }
}
