/**
 * The fake client channel server the omnichannel suite plays: where one channel's agent posts
 * `{Channel webhook URL}/send_message`. It records every call and accepts each one as the
 * omnichannel-client reference accepts a valid send_message, with the same body (docs/readings
 * omni-client-answer-2xx); it refuses nothing, because what the platform sent is judged by the
 * checks, not by the fake's answer.
 * @module
 */

import type { Receiver } from '../receiver/receiver.ts';
import { SEND_MESSAGE_ANSWER as CLIENT_ANSWER } from '../../reference/omnichannel-client/send-message.ts';

/** What the fake answers to `send_message`: the reference client server's answer to a valid one. */
export const SEND_MESSAGE_ANSWER = { status: 200, body: CLIENT_ANSWER } as const;

/** A fake client server: where one channel's agent must post `{Channel webhook URL}/send_message`. */
export interface ClientServer {
  /** The "Channel webhook: URL" the platform is given (or, without a driver, must have been given). */
  webhookUrl: string;
  /** Receiver endpoint name of `{webhookUrl}/send_message`. */
  endpoint: string;
}

/**
 * Mount a client server under `{receiver}/{secret}` (an unguessable path segment, so that the URL
 * itself authorizes, as the document's "Unique URL" option), or at the receiver's root without one
 * (a channel the user configured by hand).
 */
export function mountClientServer(receiver: Receiver, endpoint: string, secret?: string): ClientServer {
  const base = secret === undefined ? '' : `/${secret}`;
  receiver.endpoint(endpoint, `${base}/send_message`, { answer: { status: SEND_MESSAGE_ANSWER.status, body: { ...SEND_MESSAGE_ANSWER.body } } });
  return { webhookUrl: `${receiver.baseUrl}${base}`, endpoint };
}
