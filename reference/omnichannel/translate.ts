/**
 * How a message of the client server becomes what the agent receives: the text (document: "Receiving
 * a file from the Interlocutor into a script — Format: file:File type|File ID|File link"; "Clicking
 * the button comes as button label text") and the channel variables (the document's mapping table).
 * @module
 */

import type { Switches } from './mutants.ts';
import type { ChannelVariables } from './inbox.ts';
import { kindParameterMissing, MESSAGE_KINDS } from './error-table.ts';
import { isObject } from '../common/json.ts';

export { isObject };

export type Translation =
  | { outcome: 'deliver'; text: string }
  /** Processed and answered 200, but nothing reaches the agent (a file not yet ready). */
  | { outcome: 'ignore'; reason: string }
  /** A parameter the kind needs is missing: a 400 like any missing parameter. */
  | { outcome: 'missing'; parameter: string }
  /** The file-url-parsed-500 mutant: an unhandled error, answered 500. */
  | { outcome: 'crash'; reason: string };

export type JsonObject = Record<string, unknown>;

/** A scalar as text; anything else (absent, null, object) as undefined. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export type MessageKind = (typeof MESSAGE_KINDS)[number];

export function isMessageKind(kind: unknown): kind is MessageKind {
  return typeof kind === 'string' && (MESSAGE_KINDS as readonly string[]).includes(kind);
}

export function agentText(kind: MessageKind, message: JsonObject, sw: Switches): Translation {
  // The keyboard-sends-id mutant delivers the button's id whenever it has one, its text or not.
  const buttonId = sw.mutant('keyboard-sends-id') && kind === 'keyboard_response' ? scalar(buttonOf(message)?.id) : undefined;
  if (buttonId !== undefined) return { outcome: 'deliver', text: buttonId };
  // The file-not-ready-delivered mutant takes every file as ready: it then needs what a ready file needs.
  const seen =
    sw.mutant('file-not-ready-delivered') && kind === 'file_visitor' && isObject(message.data)
      ? { ...message, data: { ...message.data, state: 'ready' } }
      : message;
  // A parameter the kind needs is missing: the error table's row (error-table.ts), a 400.
  const parameter = kindParameterMissing(seen);
  if (parameter !== undefined) return { outcome: 'missing', parameter };
  switch (kind) {
    case 'visitor':
      return visitorText(seen.text as string, sw);
    case 'file_visitor':
      return fileText(seen, seen.data as JsonObject, sw);
    case 'keyboard_response':
      return { outcome: 'deliver', text: scalar(buttonOf(seen)!.text)! };
  }
}

function buttonOf(message: JsonObject): JsonObject | undefined {
  const button = isObject(message.data) ? message.data.button : undefined;
  return isObject(button) ? button : undefined;
}

function visitorText(text: string, sw: Switches): Translation {
  // Code points, not UTF-16 units, so that the mutant never splits a surrogate pair.
  if (sw.mutant('text-truncated')) text = Array.from(text).slice(0, 1000).join('');
  if (sw.mutant('text-unicode-stripped')) text = text.replace(/[^\x00-\x7f]/g, '');
  if (sw.mutant('text-trimmed')) text = text.replace(/\r\n/g, '\n').trim();
  // Characters outside the BMP other than emoji (a font-table lookup that knows only the emoji blocks).
  if (sw.mutant('astral-mangled')) text = text.replace(/[\u{10000}-\u{1EFFF}\u{1FB00}-\u{10FFFF}]/gu, '\ufffd');
  return { outcome: 'deliver', text };
}

/** A file whose kind's parameters are all there (kindParameterMissing): data.id and data.url once ready. */
function fileText(message: JsonObject, data: JsonObject, sw: Switches): Translation {
  // "The event will only be processed when state == ready is received."
  if (data.state !== 'ready') return { outcome: 'ignore', reason: 'file not ready' };
  const dataId = scalar(data.id)!;
  const url = scalar(data.url)!;
  // Both ids are the "client server side message identifier" (docs/readings omni-file-id-either).
  const id = sw.variation('file-id-from-message') ? (scalar(message.id) ?? dataId) : dataId;
  if (sw.mutant('file-url-parsed-500') && !URL.canParse(url)) return { outcome: 'crash', reason: 'data.url is not an absolute URL' };
  // file_type is not empty (docs/readings omni-file-type); a file without a media type is still a file.
  let type = scalar(data.content_type) || 'application/octet-stream';
  if (sw.mutant('file-type-empty')) type = '';
  if (sw.mutant('file-type-from-extension')) type = (scalar(data.name) ?? '').split('.').pop() || 'file';
  if (sw.mutant('file-format-swapped')) return { outcome: 'deliver', text: `file:${url}|${id}|${type}` };
  return { outcome: 'deliver', text: `file:${type}|${id}|${url}` };
}

/**
 * The document's mapping of channel variables. `channel_conversation_id` maps to `chat.id`, which no
 * request carries, and `channel_visitor_lastname` to nothing: both are given as null.
 */
export function channelVariables(chatId: string | number, visitor: JsonObject, sw: Switches): ChannelVariables {
  const fields = isObject(visitor.fields) ? visitor.fields : {};
  const field = (name: string): string | null => scalar(fields[name]) ?? null;
  const vars: ChannelVariables = {
    channel_visitor_id: scalar(visitor.id) ?? null,
    channel_conversation_id: null,
    channel_visitor_firstname: sw.mutant('var-firstname-missing') ? null : field('name'),
    channel_visitor_lastname: null,
    channel_visitor_account: sw.mutant('var-account-from-visitor-id') ? (scalar(visitor.id) ?? null) : field('login'),
    channel_visitor_phone: sw.mutant('var-phone-from-login') ? field('login') : field('phone'),
    channel_visitor_email: sw.mutant('var-email-missing') ? null : field('email'),
    channel_visitor_source: sw.mutant('var-source-missing') ? null : field('site'),
    channel_chat_id: sw.mutant('var-chat-id-no-suffix') ? String(chatId) : `${chatId}|omnichannel`,
  };
  if (sw.mutant('var-visitor-id-missing')) delete vars.channel_visitor_id;
  return vars;
}
