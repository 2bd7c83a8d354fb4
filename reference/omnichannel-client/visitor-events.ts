/**
 * What a visitor does in the end channel (the driver's POST client/visitor-message), and the
 * `new_message` event the client server makes of it, as the document's "General request structure"
 * and "Supported message content" give it:
 *
 *   {"event": "new_message", "chat_id": <integer>, "visitor": {"id", "fields": {...}},
 *    "message": {"id", "kind": "visitor", "text"}                                  (text)
 *    "message": {"id", "kind": "file_visitor", "data": {id, state, name, content_type, size, url}}  (file)
 *    "message": {"id", "kind": "keyboard_response", "data": {"button": {"id", "text"}}}            (button)
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { Switches } from './mutants.ts';
import type { InboundEvent } from './poster.ts';
import type { ChatId } from './state.ts';
import { isObject } from '../common/json.ts';

export type JsonObject = Record<string, unknown>;

export { isObject };

export const VISITOR_KINDS = ['visitor', 'file_visitor', 'keyboard_response'] as const;
export type VisitorKind = (typeof VISITOR_KINDS)[number];

export interface FileInfo {
  id: string;
  state: string;
  name: string;
  content_type: string;
  size: number;
  url: string;
}

/** A visitor action, validated. */
export interface VisitorAction {
  chatId: ChatId;
  visitor: { id: string; fields: Record<string, string> };
  kind: VisitorKind;
  text?: string;
  file?: FileInfo;
  button?: { id: string; text: string };
}

/** Validate the driver's body; a sentence saying what is wrong, or the action. */
export function parseVisitorAction(body: unknown): VisitorAction | string {
  if (!isObject(body)) return 'the body must be a JSON object';
  const { chatId, visitor, kind } = body;
  if (!(typeof chatId === 'number' && Number.isSafeInteger(chatId)) && !(typeof chatId === 'string' && chatId !== '')) {
    return 'chatId must be an integer (or a non-empty string)';
  }
  if (!isObject(visitor) || typeof visitor.id !== 'string' || visitor.id === '') return 'visitor.id must be a non-empty string';
  const fields: Record<string, string> = {};
  if (visitor.fields !== undefined) {
    if (!isObject(visitor.fields)) return 'visitor.fields must be an object';
    for (const [k, v] of Object.entries(visitor.fields)) {
      if (typeof v !== 'string') return `visitor.fields.${k} must be a string`;
      fields[k] = v;
    }
  }
  const action: VisitorAction = { chatId, visitor: { id: visitor.id, fields }, kind: 'visitor' };
  switch (kind) {
    case 'visitor':
      if (typeof body.text !== 'string') return 'a visitor message needs a text';
      return { ...action, text: body.text };
    case 'file_visitor': {
      const f = body.file;
      if (!isObject(f)) return 'a file_visitor message needs a file';
      for (const k of ['id', 'state', 'name', 'content_type', 'url'] as const) {
        if (typeof f[k] !== 'string') return `file.${k} must be a string`;
      }
      if (typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 0) return 'file.size must be a non-negative integer';
      const file: FileInfo = {
        id: f.id as string,
        state: f.state as string,
        name: f.name as string,
        content_type: f.content_type as string,
        size: f.size,
        url: f.url as string,
      };
      return { ...action, kind: 'file_visitor', file };
    }
    case 'keyboard_response': {
      const b = body.button;
      if (!isObject(b) || typeof b.id !== 'string' || typeof b.text !== 'string') return 'a keyboard_response needs a button {id, text}';
      return { ...action, kind: 'keyboard_response', button: { id: b.id, text: b.text } };
    }
    default:
      return 'kind must be visitor, file_visitor or keyboard_response';
  }
}

/** The Visitor view's fields, none given (the nulls variation serialises the missing ones as null). */
const NO_FIELDS = { name: null, login: null, phone: null, email: null, site: null };

/** Client-server side message identifiers ("id (string — client server side message identifier)"). */
function messageId(): string {
  return `m-${randomBytes(6).toString('hex')}`;
}

export class EventFactory {
  /** The chat_id-sequence mutant's counter. */
  private sequence = 0;
  private readonly sequenceOf = new Map<string, number>();

  constructor(private readonly sw: Switches) {}

  /**
   * The new_message event for an action, or a reason why none is posted (the ready-files-only
   * variation holds a file back until it is ready; the never-posts mutant posts nothing).
   */
  eventFor(a: VisitorAction): InboundEvent | { skip: string } {
    const { sw } = this;
    if (sw.mutant('never-posts')) return { skip: 'never-posts' };
    if (a.kind === 'file_visitor' && a.file!.state !== 'ready' && sw.variation('ready-files-only')) {
      return { skip: `file ${a.file!.state}, posted once ready` };
    }
    const event: InboundEvent = {
      event: sw.mutant('event-wrong-name') ? 'message' : 'new_message',
      chat_id: this.chatId(a.chatId),
      visitor: this.visitor(a),
      message: this.message(a),
    };
    if (sw.variation('extra-fields')) {
      event.timestamp = new Date().toISOString();
      event.message.created_at = Date.now();
    }
    return event;
  }

  private chatId(chatId: ChatId): ChatId {
    const { sw } = this;
    if (sw.mutant('chat-id-string')) return String(chatId);
    if (sw.mutant('chat-id-sequence')) {
      const key = String(chatId);
      let n = this.sequenceOf.get(key);
      if (n === undefined) {
        n = ++this.sequence;
        this.sequenceOf.set(key, n);
      }
      return n;
    }
    return chatId;
  }

  private visitor(a: VisitorAction): JsonObject {
    const { sw } = this;
    let id = a.visitor.id;
    if (sw.mutant('visitor-id-per-message')) id = `visitor-${randomBytes(4).toString('hex')}`;
    if (sw.mutant('visitor-id-constant')) id = 'visitor';
    if (sw.mutant('visitor-fields-dropped')) return { id };
    // The nulls variation names every documented field, null for those the visitor has not given.
    const fields: Record<string, unknown> = sw.variation('nulls') ? { ...NO_FIELDS, ...a.visitor.fields } : { ...a.visitor.fields };
    if (sw.mutant('visitor-phone-from-login') && 'phone' in fields) fields.phone = fields.login;
    if (sw.variation('extra-fields')) fields.lang = 'en';
    return { id, fields };
  }

  private message(a: VisitorAction): JsonObject {
    const { sw } = this;
    const message = this.messageOfKind(a);
    // Every property another kind has, present as null (docs/readings gen-null-absent).
    return sw.variation('nulls') ? { text: null, data: null, ...message } : message;
  }

  private messageOfKind(a: VisitorAction): JsonObject {
    const { sw } = this;
    const base: JsonObject = sw.mutant('message-id-missing') ? {} : { id: sw.mutant('message-id-per-chat') ? `m-${String(a.chatId)}` : messageId() };
    switch (a.kind) {
      case 'visitor':
        return { ...base, kind: sw.mutant('visitor-kind-text') ? 'text' : 'visitor', text: this.text(a.text!) };
      case 'file_visitor': {
        const f = a.file!;
        if (sw.mutant('file-as-text')) return { ...base, kind: 'visitor', text: f.url };
        const data: JsonObject = { ...f };
        // One identifier for the message and its file (docs/readings omni-file-id-either).
        if (sw.variation('file-id-is-message-id') && typeof base.id === 'string') data.id = base.id;
        if (sw.mutant('file-size-string')) data.size = String(f.size);
        if (sw.mutant('file-content-type-from-name')) data.content_type = f.name.split('.').pop() ?? 'file';
        if (sw.mutant('file-state-always-ready')) data.state = 'ready';
        return { ...base, kind: 'file_visitor', data };
      }
      case 'keyboard_response': {
        const b = a.button!;
        const button = { id: sw.mutant('button-text-for-id') ? b.text : b.id, text: b.text };
        if (sw.mutant('button-kind-visitor')) return { ...base, kind: 'visitor', text: b.text, data: { button } };
        return { ...base, kind: 'keyboard_response', data: { button } };
      }
    }
  }

  private text(text: string): string {
    const { sw } = this;
    let t = text;
    // Code points, not UTF-16 units, so that the mutant never splits a surrogate pair.
    if (sw.mutant('text-truncated-1000')) t = Array.from(t).slice(0, 1000).join('');
    if (sw.mutant('text-non-ascii-stripped')) t = t.replace(/[^\x00-\x7f]/g, '');
    if (sw.mutant('text-html-escaped')) t = t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return t;
  }
}
