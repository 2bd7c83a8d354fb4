/**
 * The fake Omnichannel platform the omnichannel-client suite plays: an inbound endpoint on the
 * receiver at the document's App.Chatbots Webhook URL,
 * `{receiver}/connector/omnichannel/omnichannel_message/{token}/bot_api_webhook`, that records what
 * the IUT (the client channel server) posts and answers as the Omnichannel reference does, from the
 * same error table (reference/omnichannel/error-table.ts) for its one channel, which is active.
 *
 * A wrong token in the URL is a path the receiver does not know: 404, where the table's platform
 * says 400 (no active channel). That is on purpose: the check waiting for the event sees the stray
 * request and fails at once ("sent to a URL the suite never gave out") instead of waiting.
 * @module
 */

import type { Delivery, Receiver } from '../receiver/receiver.ts';
import { readSpec } from '../validation/spec-loader.ts';
import { inboundRow, type InboundVocabulary } from '../../reference/omnichannel/error-table.ts';

/** The receiver endpoint name of the fake inbound endpoint. */
export const INBOUND_ENDPOINT = 'inbound';

/** The path of the App.Chatbots Webhook URL for a token. */
export function inboundPathFor(token: string): string {
  return `/connector/omnichannel/omnichannel_message/${encodeURIComponent(token)}/bot_api_webhook`;
}

type SchemaObject = { const?: unknown; examples?: unknown[]; properties?: Record<string, SchemaObject>; oneOf?: Array<{ $ref?: string }> };

/**
 * The processed event and message kinds, as the spec states them: the examples of
 * `InboundRequest.event` (the only supported event) and the `kind` constants of `Message`'s variants.
 */
export function specVocabulary(): InboundVocabulary {
  const schemas = (readSpec('omnichannel-client').components?.schemas ?? {}) as Record<string, SchemaObject>;
  const events = schemas.InboundRequest?.properties?.event?.examples ?? [];
  const kinds = (schemas.Message?.oneOf ?? []).map((v) => schemas[(v.$ref ?? '').split('/').pop() ?? '']?.properties?.kind?.const);
  if (events.length !== 1 || typeof events[0] !== 'string' || kinds.length === 0 || !kinds.every((k) => typeof k === 'string')) {
    throw new Error('Test bug: the omnichannel spec no longer names one event (InboundRequest.event examples) and the Message kinds (kind const)');
  }
  return { event: events[0], kinds: kinds as string[] };
}

let vocabulary: InboundVocabulary | undefined;

/** What the platform answers to one posted event: the first row of the error table that applies. */
export function platformAnswer(d: Delivery): { status: number; body: Record<string, unknown> } {
  vocabulary ??= specVocabulary();
  const request = { body: d.isJson ? d.json : undefined, channel: 'active' as const };
  return inboundRow(request, vocabulary).answer(request);
}

/** The fake platform mounted on a receiver for one channel token. */
export class OmnichannelPlatform {
  private constructor(
    /** The platform address given to the IUT (the receiver's public base URL). */
    readonly url: string,
    readonly token: string,
    /** The path the IUT must post to, as the receiver sees it. */
    readonly inboundPath: string,
  ) {}

  /** Receiver endpoint name of the inbound path. */
  readonly endpoint = INBOUND_ENDPOINT;

  static mount(receiver: Receiver, token: string): OmnichannelPlatform {
    const path = inboundPathFor(token);
    receiver.endpoint(INBOUND_ENDPOINT, path, { respond: platformAnswer });
    return new OmnichannelPlatform(receiver.baseUrl, token, path);
  }
}
