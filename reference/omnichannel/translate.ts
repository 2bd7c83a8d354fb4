import type { Switches } from './mutants.ts';
import type { ChannelVariables } from './inbox.ts';

/**
 * How a message of the client server becomes what the agent receives: the text (document: "Receiving
 * a file from the Interlocutor into a script — Format: file:File type|File ID|File link"; "Clicking
 * the button comes as button label text") and the channel variables (the document's mapping table).
 */
export type Translation =
  | { outcome: 'deliver'; text: string }
  /** Processed and answered 200, but nothing reaches the agent (a file not yet ready). */
  | { outcome: 'ignore'; reason: string }
  /** A parameter the kind needs is missing: a 400 like any missing parameter. */
  | { outcome: 'missing'; parameter: string }
  /** The file-url-parsed-500 mutant: an unhandled error, answered 500. */
  | { outcome: 'crash'; reason: string };

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A scalar as text; anything else (absent, null, object) as undefined. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The message kinds the document lists; any other kind is "invalid" (200, ignored). */
export const MESSAGE_KINDS = ['visitor', 'file_visitor', 'keyboard_response'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export function isMessageKind(kind: unknown): kind is MessageKind {
  return typeof kind === 'string' && (MESSAGE_KINDS as readonly string[]).includes(kind);
}

export function agentText(kind: MessageKind, message: JsonObject, m: Switches): Translation {
  switch (kind) {
    case 'visitor':
      return visitorText(message, m);
    case 'file_visitor':
      return fileText(message, m);
    case 'keyboard_response':
      return buttonText(message, m);
  }
}

function visitorText(message: JsonObject, m: Switches): Translation {
  if (typeof message.text !== 'string') return { outcome: 'missing', parameter: 'message.text' };
  let text = message.text;
  // Code points, not UTF-16 units, so that the mutant never splits a surrogate pair.
  if (m.has('text-truncated')) text = Array.from(text).slice(0, 1000).join('');
  if (m.has('text-unicode-stripped')) text = text.replace(/[^\x00-\x7f]/g, '');
  if (m.has('text-trimmed')) text = text.replace(/\r\n/g, '\n').trim();
  // Characters outside the BMP other than emoji (a font-table lookup that knows only the emoji blocks).
  if (m.has('astral-mangled')) text = text.replace(/[\u{10000}-\u{1EFFF}\u{1FB00}-\u{10FFFF}]/gu, '\ufffd');
  return { outcome: 'deliver', text };
}

function fileText(message: JsonObject, m: Switches): Translation {
  const data = message.data;
  if (!isObject(data)) return { outcome: 'missing', parameter: 'message.data' };
  // "The event will only be processed when state == ready is received."
  if (data.state !== 'ready' && !m.has('file-not-ready-delivered')) {
    return { outcome: 'ignore', reason: 'file not ready' };
  }
  const dataId = scalar(data.id);
  const url = scalar(data.url);
  if (dataId === undefined) return { outcome: 'missing', parameter: 'message.data.id' };
  // Both ids are the "client server side message identifier" (docs/readings omni-file-id-either).
  const id = m.has('file-id-from-message') ? (scalar(message.id) ?? dataId) : dataId;
  if (url === undefined) return { outcome: 'missing', parameter: 'message.data.url' };
  if (m.has('file-url-parsed-500') && !URL.canParse(url)) return { outcome: 'crash', reason: 'data.url is not an absolute URL' };
  // file_type is not empty (docs/readings omni-file-type); a file without a media type is still a file.
  let type = scalar(data.content_type) || 'application/octet-stream';
  if (m.has('file-type-empty')) type = '';
  if (m.has('file-type-from-extension')) type = (scalar(data.name) ?? '').split('.').pop() || 'file';
  if (m.has('file-format-swapped')) return { outcome: 'deliver', text: `file:${url}|${id}|${type}` };
  return { outcome: 'deliver', text: `file:${type}|${id}|${url}` };
}

function buttonText(message: JsonObject, m: Switches): Translation {
  const button = isObject(message.data) ? message.data.button : undefined;
  if (!isObject(button)) return { outcome: 'missing', parameter: 'message.data.button' };
  if (m.has('keyboard-sends-id')) {
    const id = scalar(button.id);
    if (id !== undefined) return { outcome: 'deliver', text: id };
  }
  const text = scalar(button.text);
  if (text === undefined) return { outcome: 'missing', parameter: 'message.data.button.text' };
  return { outcome: 'deliver', text };
}

/**
 * The document's mapping of channel variables. `channel_conversation_id` maps to `chat.id`, which no
 * request carries, and `channel_visitor_lastname` to nothing: both are given as null.
 */
export function channelVariables(chatId: string | number, visitor: JsonObject, m: Switches): ChannelVariables {
  const fields = isObject(visitor.fields) ? visitor.fields : {};
  const field = (name: string): string | null => scalar(fields[name]) ?? null;
  const vars: ChannelVariables = {
    channel_visitor_id: scalar(visitor.id) ?? null,
    channel_conversation_id: null,
    channel_visitor_firstname: m.has('var-firstname-missing') ? null : field('name'),
    channel_visitor_lastname: null,
    channel_visitor_account: m.has('var-account-from-visitor-id') ? (scalar(visitor.id) ?? null) : field('login'),
    channel_visitor_phone: m.has('var-phone-from-login') ? field('login') : field('phone'),
    channel_visitor_email: m.has('var-email-missing') ? null : field('email'),
    channel_visitor_source: m.has('var-source-missing') ? null : field('site'),
    channel_chat_id: m.has('var-chat-id-no-suffix') ? String(chatId) : `${chatId}|omnichannel`,
  };
  if (m.has('var-visitor-id-missing')) delete vars.channel_visitor_id;
  return vars;
}
