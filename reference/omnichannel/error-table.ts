/**
 * The document's error table for the inbound endpoint
 * (`POST /connector/omnichannel/omnichannel_message/{token}/bot_api_webhook`) as one table: which
 * request gets which answer, row by row, in the order the rows are checked. The document says which
 * answer each rule gives when it applies alone; which wins when several apply is not specified
 * (docs/readings omni-one-rule-at-a-time), so the order is this table's choice, and every side that
 * plays the platform makes the same one.
 *
 * Two sides read it: the Omnichannel reference (inbound.ts, for its answers) and the fake
 * Omnichannel platform of the omnichannel-client suite (harness/fakes/omnichannel-platform.ts, for
 * whole answers). test/unit/fakes-tables.spec.ts holds both to it, row by row and in combination.
 * No harness import: a reference must run without the harness.
 * @module
 */

import { isObject } from '../common/json.ts';

/** The channel a request names by its token: the fake platform has one, always active. */
export type ChannelState = 'active' | 'inactive' | 'unknown';

export interface InboundRequest {
  /** The body parsed as JSON; undefined when it is not JSON at all. */
  body: unknown;
  channel: ChannelState;
}

/** The words of the protocol the rows compare against (the suite's side reads them from the spec). */
export interface InboundVocabulary {
  /** The one event that is processed. */
  event: string;
  /** The message kinds that are processed; any other kind is ignored. */
  kinds: readonly string[];
}

/** The message kinds the document lists; any other kind is "invalid" (200, ignored). translate.ts reads them. */
export const MESSAGE_KINDS = ['visitor', 'file_visitor', 'keyboard_response'] as const;

/** The reference's vocabulary (the sync test holds it to the spec). */
export const REFERENCE_VOCABULARY: InboundVocabulary = { event: 'new_message', kinds: MESSAGE_KINDS };

export const NO_ACTIVE_CHANNEL = 'There is no active channel for received event.';

/** The answers the rows give: a status and, for the refusals, the text of `{"error": …}`. */
export const INBOUND_ANSWERS = {
  notJsonObject: { status: 500, error: 'Request body is not a valid JSON object.' },
  noActiveChannel: { status: 400, error: NO_ACTIVE_CHANNEL },
  missingParameter: { status: 400, error: (parameter: string) => `Missing required parameter: ${parameter}.` },
  chatIdNotScalar: { status: 500, error: 'chat_id must be an integer or a string.' },
  /** Processed, or ignored as the document says (invalid event or kind, a file not ready): 200 `{}`. */
  ok: { status: 200 },
} as const;

export type InboundRowId =
  | 'not-json-object'
  | 'no-active-channel'
  | 'missing-chat_id'
  | 'missing-message'
  | 'missing-visitor'
  | 'missing-visitor.id'
  | 'missing-event'
  | 'chat-id-not-scalar'
  | 'invalid-event'
  | 'invalid-kind'
  | 'kind-parameter-missing'
  | 'file-not-ready'
  | 'delivered';

export interface InboundRow {
  id: InboundRowId;
  situation: string;
  /** Does the row apply to a request that no earlier row caught? */
  applies(r: InboundRequest, v: InboundVocabulary): boolean;
  /** The answer: status and `{"error"}` body, or 200 `{}`. */
  answer(r: InboundRequest): { status: number; body: Record<string, unknown> };
}

type Json = Record<string, unknown>;

/** null counts as absent (docs/readings gen-null-absent). */
function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

/** A scalar as text; anything else (absent, null, object) as undefined. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

const body = (r: InboundRequest): Json => (isObject(r.body) ? r.body : {});
const visitorOf = (r: InboundRequest): Json => (isObject(body(r).visitor) ? (body(r).visitor as Json) : {});
const messageOf = (r: InboundRequest): Json => (isObject(body(r).message) ? (body(r).message as Json) : {});

/**
 * The parameter a valid kind needs and the message lacks (the kind's schema): a text's `text`; a
 * file's `data`, then (once the file is ready) `data.id` and `data.url`; a button's
 * `data.button` and `data.button.text`. undefined: nothing is missing, or the file is not ready.
 */
export function kindParameterMissing(message: Json): string | undefined {
  const data = message.data;
  switch (message.kind) {
    case 'visitor':
      return typeof message.text === 'string' ? undefined : 'message.text';
    case 'file_visitor':
      if (!isObject(data)) return 'message.data';
      if (data.state !== 'ready') return undefined;
      if (scalar(data.id) === undefined) return 'message.data.id';
      return scalar(data.url) === undefined ? 'message.data.url' : undefined;
    case 'keyboard_response': {
      const button = isObject(data) ? data.button : undefined;
      if (!isObject(button)) return 'message.data.button';
      return scalar(button.text) === undefined ? 'message.data.button.text' : undefined;
    }
    default:
      return undefined;
  }
}

const refused = (status: number, error: string) => ({ status, body: { error } });
const ok = () => ({ status: INBOUND_ANSWERS.ok.status, body: {} });
const missing = (parameter: string) => () => refused(INBOUND_ANSWERS.missingParameter.status, INBOUND_ANSWERS.missingParameter.error(parameter));

/** The rows, in the order they are checked; the last applies to whatever is left. */
export const INBOUND_ERROR_TABLE: readonly InboundRow[] = [
  {
    id: 'not-json-object',
    situation: 'the body is not valid JSON, or not a JSON object',
    applies: (r) => !isObject(r.body),
    answer: () => refused(INBOUND_ANSWERS.notJsonObject.status, INBOUND_ANSWERS.notJsonObject.error),
  },
  {
    id: 'no-active-channel',
    situation: 'the token names no channel, or an inactive one',
    applies: (r) => r.channel !== 'active',
    answer: () => refused(INBOUND_ANSWERS.noActiveChannel.status, INBOUND_ANSWERS.noActiveChannel.error),
  },
  { id: 'missing-chat_id', situation: 'chat_id is missing', applies: (r) => absent(body(r).chat_id), answer: missing('chat_id') },
  { id: 'missing-message', situation: 'message is missing', applies: (r) => absent(body(r).message), answer: missing('message') },
  { id: 'missing-visitor', situation: 'visitor is missing', applies: (r) => absent(body(r).visitor), answer: missing('visitor') },
  { id: 'missing-visitor.id', situation: 'visitor has no id', applies: (r) => absent(visitorOf(r).id), answer: missing('visitor.id') },
  { id: 'missing-event', situation: 'event is missing', applies: (r) => absent(body(r).event), answer: missing('event') },
  {
    id: 'chat-id-not-scalar',
    situation: 'chat_id is neither a string nor a finite number (an object, an array, a boolean)',
    applies: (r) => {
      const c = body(r).chat_id;
      return typeof c !== 'string' && !(typeof c === 'number' && Number.isFinite(c));
    },
    answer: () => refused(INBOUND_ANSWERS.chatIdNotScalar.status, INBOUND_ANSWERS.chatIdNotScalar.error),
  },
  { id: 'invalid-event', situation: 'an event other than the processed one: ignored', applies: (r, v) => body(r).event !== v.event, answer: ok },
  {
    id: 'invalid-kind',
    situation: 'a message kind other than the processed ones: ignored',
    applies: (r, v) => {
      const kind = messageOf(r).kind;
      return typeof kind !== 'string' || !v.kinds.includes(kind);
    },
    answer: ok,
  },
  {
    id: 'kind-parameter-missing',
    situation: 'a parameter the kind needs is missing',
    applies: (r) => kindParameterMissing(messageOf(r)) !== undefined,
    answer: (r) => missing(kindParameterMissing(messageOf(r))!)(),
  },
  {
    id: 'file-not-ready',
    situation: 'a file whose state is not ready: ignored until it is',
    applies: (r) => {
      const data = messageOf(r).data;
      return messageOf(r).kind === 'file_visitor' && isObject(data) && data.state !== 'ready';
    },
    answer: ok,
  },
  { id: 'delivered', situation: 'a valid event: the agent receives it', applies: () => true, answer: ok },
];

/** The first row that applies to the request. */
export function inboundRow(r: InboundRequest, v: InboundVocabulary): InboundRow {
  return INBOUND_ERROR_TABLE.find((row) => row.applies(r, v))!;
}
