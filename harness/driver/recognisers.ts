/**
 * Under `--driver manual`, how the suite recognises that the person did what a prompt asked: the
 * delivery the action causes. Recognition is deliberately loose (the user and the kind of event, or
 * the chat and one distinctive word, not the exact text): whether the content is right is what the
 * check itself judges.
 * @module
 */

import type { Delivery } from '../receiver/receiver.ts';

function items(d: Delivery): Array<Record<string, unknown>> {
  const b = d.json;
  const list = Array.isArray(b) ? b : [b];
  return list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
}

const operatorEvent = (type: string) => (body: Record<string, unknown>) => (d: Delivery) => items(d).some((e) => e.userId === body.userId && e.type === type);

const RECOGNISERS: Partial<Record<string, (body: Record<string, unknown>) => (d: Delivery) => boolean>> = {
  'operator/agent-text': operatorEvent('TextMessage'),
  'operator/agent-file': operatorEvent('FileMessage'),
  'operator/agent-close': operatorEvent('Closed'),
  'operator/agent-transfer': operatorEvent('SelectDestination'),
  'chat/agent-text': (body) => (d) => items(d).some((e) => e.clientId === body.clientId),
  'omnichannel/agent-message': (body) => {
    // A send_message for the chat that carries the request's text or a label, whole, or one of their
    // distinctive words: the chat's other messages (a greeting, an echo of the visitor) do not count,
    // and a text whose other characters were mangled is still recognised (judging it is the check's).
    const texts = textsOf(body);
    const words = texts.flatMap((t) => t.match(/[A-Za-z0-9-]{8,}/g) ?? []);
    return (d) =>
      items(d).some((e) => String(e.chat_id) === String(body.chat_id)) &&
      (texts.length === 0 || words.some((w) => d.rawBody.includes(w)) || strings(d.json).some((s) => texts.some((t) => s.includes(t))));
  },
};

/** The text and the button labels of an omnichannel/agent-message body. */
function textsOf(body: Record<string, unknown>): string[] {
  const labels = Array.isArray(body.buttons)
    ? body.buttons.flat().map((b) => (typeof b === 'object' && b !== null ? (b as Record<string, unknown>).text : undefined))
    : [];
  return [body.text, ...labels].filter((t): t is string => typeof t === 'string' && t !== '');
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'object' && v !== null) return Object.values(v).flatMap(strings);
  return [];
}

export function recogniserFor(endpoint: string, body: unknown): ((d: Delivery) => boolean) | undefined {
  const make = RECOGNISERS[endpoint];
  return make && typeof body === 'object' && body !== null ? make(body as Record<string, unknown>) : undefined;
}
