import type { Delivery } from '../receiver/receiver.ts';

/**
 * Under `--driver manual`, how the suite recognises that the person did what a prompt asked: the
 * delivery the action causes. Recognition is deliberately loose (the user and the kind of event, not
 * the exact text): whether the content is right is what the check itself judges.
 */
function items(d: Delivery): Array<Record<string, unknown>> {
  const b = d.json;
  const list = Array.isArray(b) ? b : [b];
  return list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
}

const operatorEvent = (type: string) => (body: Record<string, unknown>) => (d: Delivery) =>
  items(d).some((e) => e.userId === body.userId && e.type === type);

const RECOGNISERS: Partial<Record<string, (body: Record<string, unknown>) => (d: Delivery) => boolean>> = {
  'operator/agent-text': operatorEvent('TextMessage'),
  'operator/agent-file': operatorEvent('FileMessage'),
  'operator/agent-close': operatorEvent('Closed'),
  'operator/agent-transfer': operatorEvent('SelectDestination'),
  'chat/agent-text': (body) => (d) => items(d).some((e) => e.clientId === body.clientId),
};

export function recogniserFor(endpoint: string, body: unknown): ((d: Delivery) => boolean) | undefined {
  const make = RECOGNISERS[endpoint];
  return make && typeof body === 'object' && body !== null ? make(body as Record<string, unknown>) : undefined;
}
