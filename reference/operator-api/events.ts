/**
 * The events the engagement platform posts to the webhook when its agent acts (the document's
 * "Passing events" section, in the typed forms of its tables: size an integer, hasOnline a boolean).
 * @module
 */

import { randomUUID } from 'node:crypto';
import type { Switches } from './mutants.ts';
import type { Destination } from './state.ts';

export interface Employee {
  employeeId: string;
  firstName: string;
  lastName: string;
  avatarUrl?: string;
}

interface EventBase {
  id: string;
  userId: string;
  type: string;
  [extra: string]: unknown;
}

export interface TextMessageEvent extends EventBase {
  type: 'TextMessage';
  text: string;
  employee: Employee;
}

export interface FileMessageEvent extends EventBase {
  type: 'FileMessage';
  url: string;
  employee: Employee;
  name: string;
  size: number | string;
  comment?: string;
}

export interface ClosedEvent extends EventBase {
  employee: Employee;
}

export interface SelectDestinationEvent extends EventBase {
  type: 'SelectDestination';
  destination: { destinationId: string; name?: string; hasOnline: boolean | string; [extra: string]: unknown };
  /** The document's example has none; the nulls-for-absent variation sends null. */
  employee?: Employee | null;
}

export type AgentEvent = TextMessageEvent | FileMessageEvent | ClosedEvent | SelectDestinationEvent;

/** The one agent of the reference platform. */
const AGENT = {
  employeeId: 'agent-1',
  firstName: 'Ada',
  lastName: 'Agent',
  avatarUrl: 'http://127.0.0.1/avatars/agent-1.png',
};

/** The longest text the event-text-truncated mutant keeps. */
const TRUNCATED_LENGTH = 1000;

export class EventFactory {
  constructor(private sw: Switches) {}

  text(userId: string, text: string): TextMessageEvent {
    const { sw } = this;
    let sent = text;
    if (sw.mutant('event-text-truncated')) sent = sent.slice(0, TRUNCATED_LENGTH);
    if (sw.mutant('event-text-trimmed')) sent = sent.trim();
    return this.extras({ ...this.base(userId), type: 'TextMessage', text: sent, employee: this.employee() });
  }

  /** `url`: the link the event gives (the agent's, or the platform's own copy under file-rehosted). */
  file(userId: string, f: { url: string; name: string; size: number; comment: string }): FileMessageEvent {
    const { sw } = this;
    let size: number | string = sw.mutant('file-size-kilobytes') ? Math.floor(f.size / 1024) : f.size;
    // The document's example form, "size": "2": conforms at MUST level, warned at SHOULD.
    if (sw.mutant('file-size-string')) size = String(size);
    const event: FileMessageEvent = {
      ...this.base(userId),
      type: 'FileMessage',
      url: sw.mutant('file-url-not-link') ? `files/${randomUUID()}` : f.url,
      employee: this.employee(),
      name: sw.mutant('file-name-from-url') ? (new URL(f.url).pathname.split('/').at(-1) ?? f.name) : f.name,
      size,
      comment: sw.mutant('file-comment-mangled') ? f.comment.replace(/[^\x00-\x7f]/gu, '?') : f.comment,
    };
    if (sw.mutant('file-missing-comment')) delete event.comment;
    return this.extras(event);
  }

  closed(userId: string): ClosedEvent {
    const { sw } = this;
    const type = sw.mutant('closed-wrong-type') ? 'Close' : 'Closed';
    return this.extras({ ...this.base(userId), type, employee: this.employee() });
  }

  transfer(userId: string, d: Destination): SelectDestinationEvent {
    const { sw } = this;
    const destination: SelectDestinationEvent['destination'] = {
      destinationId: d.destinationId,
      name: sw.mutant('transfer-destination-name-is-id') ? d.destinationId : d.name,
      // The document's example form, "hasOnline": "true": conforms at MUST level, warned at SHOULD.
      hasOnline: sw.mutant('transfer-has-online-string') ? String(d.hasOnline) : d.hasOnline,
    };
    if (sw.mutant('transfer-missing-destination-name')) delete destination.name;
    const event: SelectDestinationEvent = { ...this.base(userId), type: 'SelectDestination', destination };
    // Optional here (the example has none): null under nulls-for-absent.
    if (sw.variation('nulls-for-absent')) event.employee = null;
    return this.extras(event);
  }

  private base(userId: string): { id: string; userId: string } {
    const { sw } = this;
    // Ids are unique per event ("Message identifier").
    // The numeric-user-id-number mutant: a numeric-looking userId comes back as a JSON number.
    const echoed = sw.mutant('numeric-user-id-number') && /^[0-9]+$/.test(userId) ? (Number(userId) as unknown as string) : userId;
    return { id: sw.mutant('event-id-reused') ? '1' : randomUUID(), userId: echoed };
  }

  private employee(): Employee {
    const { sw } = this;
    const e: Employee = { ...AGENT };
    if (sw.mutant('event-missing-avatar')) delete e.avatarUrl;
    if (sw.variation('html-payloads')) {
      // Conformant, and hostile to careless reports: strings are strings.
      e.firstName = '<img src=x onerror="window.__pwned=1">';
      e.lastName = '<script>window.__pwned=2</script>';
    }
    return e;
  }

  /** The extra-fields variation: unknown fields at the top level and in every nested object. */
  private extras<E extends AgentEvent>(event: E): E {
    const { sw } = this;
    if (!sw.variation('extra-fields')) return event;
    const out: Record<string, unknown> = { ...event, timestamp: new Date().toISOString(), channel: 'reference' };
    if (event.employee && typeof event.employee === 'object') out.employee = { ...event.employee, email: 'ada@example.com' };
    if (event.destination && typeof event.destination === 'object') {
      out.destination = { ...event.destination, description: 'extra field' };
    }
    return out as E;
  }
}
