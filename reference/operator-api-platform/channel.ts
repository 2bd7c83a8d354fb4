/**
 * The chatbot platform's Operator API channel: the API URL it was connected to, its apiKey (the
 * channel ID in the webhook URL), the agent groups the engagement platform listed, and the link of
 * each Chat API client to the engagement platform (its userId, and whether an agent has the dialog).
 *
 * The platform side of Aimylogic's Operator API page (and its Tovie and JAICP twins): it calls setWebhook
 * when the channel is connected, selectDestination on a transfer, sendText / sendFile / closeChat for
 * what the client does while an agent has the dialog, and turns the events posted to its webhook into
 * what the client sees.
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { Switches } from './mutants.ts';
import type { Log, OperatorClient } from './operator-client.ts';

/** An agent group, as getDestinations listed it (only the id matters to the platform). */
export interface Destination {
  destinationId: string;
  name?: string;
}

export interface TransferOptions {
  destinationId?: string;
  userName?: string;
  attributes?: Record<string, unknown>;
  hiddenAttributes?: Record<string, unknown>;
}

interface ClientLink {
  clientId: string;
  userId: string;
  /** True while an agent has the dialog (from the transfer to closeChat or a Closed event). */
  transferred: boolean;
  destinationId?: string;
}

/** The text closeChat carries when the client gave none ("text" is mandatory). */
export const DEFAULT_CLOSE_TEXT = 'The user closed the dialog';
/** The group a transfer names when none was chosen and getDestinations listed none. */
export const DEFAULT_DESTINATION = 'default';
/** `{channel}` of the name the agent sees without userName; also the extra-fields variation's tag. */
const CHANNEL = 'chatapi';

export interface ChannelDeps {
  sw: Switches;
  log: Log;
  operator: OperatorClient;
  /** The path before /chatapi ("" or "/chatadapter"). */
  basePath: string;
  /** Deliver an agent's message to a Chat API client (in /events and on the Chat API webhook). */
  toClient: (clientId: string, text: string) => Promise<void>;
}

/** Where the client-file-rehosted variation serves its copies of the clients' files (under the base path). */
export const FILES_PATH = '/operator-files';

export class OperatorChannel {
  /** The engagement platform's API URL; undefined until the channel is connected. */
  apiUrl?: string;
  /** Every apiKey ever issued: log lines redact them. */
  readonly issuedKeys = new Set<string>();
  private key: string;
  private destinations: Destination[] = [];
  private byClient = new Map<string, ClientLink>();
  private byUser = new Map<string, string>();
  /** Origin under which the engagement platform reaches this platform (from the last connection). */
  private origin = '';
  /** client-file-rehosted: the platform's copies of client files (id → the client's url). */
  readonly fileCopies = new Map<string, string>();

  constructor(private d: ChannelDeps) {
    this.key = this.newKey();
  }

  get connected(): boolean {
    return this.apiUrl !== undefined;
  }

  /** The channel's apiKey, the last path segment of its webhook URL (a secret). */
  get apiKey(): string | undefined {
    return this.connected ? this.key : undefined;
  }

  /** The webhook path for an apiKey, in the documented form (or the mutant's). */
  webhookPath(apiKey: string): string {
    const { sw } = this.d;
    const form = sw.mutant('set-webhook-undocumented-path') ? 'chatapi/operator/events' : 'chatapi/webhook/operatorapi';
    return `${this.d.basePath}/${form}/${apiKey}`;
  }

  /**
   * Connect the channel to an engagement platform ("API URL" in the channel settings): tell it the
   * webhook (setWebhook) and learn its agent groups (getDestinations), in the background.
   */
  connect(apiUrl: string, publicOrigin: string): void {
    const sw = this.d.sw;
    if (sw.variation('api-key-per-connection') && this.connected) this.key = this.newKey();
    this.apiUrl = apiUrl;
    this.destinations = [];
    this.origin = publicOrigin;
    const url = sw.mutant('set-webhook-relative-url') ? this.webhookPath(this.key) : `${publicOrigin}${this.webhookPath(this.key)}`;
    const setWebhook = (): Promise<unknown> => {
      if (sw.mutant('set-webhook-not-called')) return Promise.resolve();
      if (sw.mutant('set-webhook-get')) return this.d.operator.enqueue('channel', apiUrl, { method: 'GET', op: 'setWebhook', query: { url } });
      const body = sw.mutant('set-webhook-field-renamed') ? { webhook: url } : { url };
      return this.d.operator.enqueue('channel', apiUrl, { method: 'POST', op: 'setWebhook', body: this.extras(body) });
    };
    const getDestinations = async (): Promise<void> => {
      if (sw.variation('no-get-destinations')) return;
      const req = sw.mutant('get-destinations-post')
        ? { method: 'POST' as const, op: 'getDestinations', body: {} }
        : { method: 'GET' as const, op: 'getDestinations' };
      const res = await this.d.operator.enqueue('channel', apiUrl, req);
      this.destinations = destinationsIn(res.json);
      this.d.log(`operator channel: ${this.destinations.length} agent groups listed`);
    };
    if (sw.variation('get-destinations-first')) {
      void getDestinations();
      void setWebhook();
    } else {
      void setWebhook();
      void getDestinations();
    }
  }

  /** The bot hands the client to an agent: selectDestination, then the client's texts go to the agent. */
  transfer(clientId: string, o: TransferOptions): void {
    const sw = this.d.sw;
    const link = this.link(clientId, true);
    link.transferred = true;
    link.destinationId = this.chooseDestination(o.destinationId);
    if (sw.mutant('select-destination-not-called') || !this.apiUrl) return;
    let attributes = o.attributes;
    if (sw.mutant('hidden-attributes-in-attributes') && o.hiddenAttributes) attributes = { ...(attributes ?? {}), ...o.hiddenAttributes };
    const fields = (v: Record<string, unknown> | undefined) => (v !== undefined && sw.variation('attributes-as-json-strings') ? JSON.stringify(v) : v);
    const destinationId: unknown =
      sw.mutant('select-destination-number-id') && /^\d+$/.test(link.destinationId) ? Number(link.destinationId) : link.destinationId;
    const body: Record<string, unknown> = { userId: link.userId, destinationId };
    if (o.userName !== undefined && !sw.mutant('user-name-dropped')) body.userName = o.userName;
    if (attributes !== undefined && !sw.mutant('attributes-dropped')) body.attributes = fields(attributes);
    if (o.hiddenAttributes !== undefined && !sw.mutant('hidden-attributes-dropped')) body.hiddenAttributes = fields(o.hiddenAttributes);
    if (sw.variation('extra-fields') || sw.variation('attributes-as-json-strings')) body.customData = fields({ channel: CHANNEL, clientId });
    void this.d.operator
      .enqueue(link.userId, this.apiUrl, {
        method: 'POST',
        op: 'selectDestination',
        body: this.extras(this.nulls(body, ['userName', 'attributes', 'hiddenAttributes', 'customData'])),
      })
      .then((res) => {
        // Any 2xx is success; the operator-answer-200-only mutant takes anything else for a refused transfer.
        if (sw.mutant('operator-answer-200-only') && res.status !== 200) link.transferred = false;
      });
  }

  /**
   * A client's text. While an agent has the dialog it goes to the engagement platform (sendText) and
   * the bot stays silent: returns true. Otherwise returns false and the bot answers.
   */
  clientText(clientId: string, text: string): boolean {
    const sw = this.d.sw;
    const link = this.byClient.get(clientId);
    const transferred = link?.transferred === true;
    if (!this.apiUrl || !(transferred || sw.mutant('send-text-before-transfer'))) return false;
    if (sw.mutant('send-text-not-forwarded')) return transferred;
    const userId = sw.mutant('send-text-client-id') ? clientId : this.link(clientId, false).userId;
    let sent = text;
    if (sw.mutant('send-text-unicode-mangled')) sent = sent.replace(/[^\x00-\x7f]/gu, '?');
    if (sw.mutant('send-text-truncated')) sent = sent.slice(0, 1000);
    if (sw.mutant('send-text-trimmed')) sent = sent.trim().replace(/\r\n/g, '\n');
    const body = sw.mutant('send-text-field-renamed') ? { userId, message: sent } : { userId, text: sent };
    void this.d.operator.enqueue(this.link(clientId, false).userId, this.apiUrl, { method: 'POST', op: 'sendText', body: this.extras(body) });
    return transferred;
  }

  /** The client sent a file while an agent has the dialog: sendFile. */
  clientFile(clientId: string, file: { url: string; fileName?: string; size?: number }): void {
    const sw = this.d.sw;
    if (!this.apiUrl || sw.mutant('send-file-not-called')) return;
    const link = this.link(clientId, false);
    const body: Record<string, unknown> = { userId: link.userId, url: this.fileLink(file.url, file.fileName) };
    if (!sw.mutant('send-file-name-dropped')) {
      if (file.fileName !== undefined) body.fileName = file.fileName;
      if (file.size !== undefined) body.size = sw.mutant('send-file-size-string') ? String(file.size) : file.size;
    }
    void this.d.operator.enqueue(link.userId, this.apiUrl, { method: 'POST', op: 'sendFile', body: this.extras(this.nulls(body, ['fileName', 'size'])) });
  }

  /** The client closed the dialog: closeChat, and the bot has the dialog again. */
  clientClose(clientId: string, text?: string): void {
    const sw = this.d.sw;
    const link = this.link(clientId, false);
    link.transferred = false;
    if (!this.apiUrl || sw.mutant('close-chat-not-called')) return;
    const body: Record<string, unknown> = { userId: link.userId };
    const given = sw.mutant('close-chat-text-ignored') ? undefined : text;
    if (given !== undefined) body.text = given;
    else if (!sw.mutant('close-chat-no-text')) body.text = DEFAULT_CLOSE_TEXT;
    const sent = sw.mutant('close-chat-array-body') ? [this.extras(body)] : this.extras(body);
    void this.d.operator.enqueue(link.userId, this.apiUrl, { method: 'POST', op: 'closeChat', body: sent });
  }

  // --- events from the engagement platform (the webhook) ------------------------------------------

  /** The client of a userId, when the platform gave that userId to some client. */
  clientOf(userId: string): string | undefined {
    return this.byUser.get(userId);
  }

  /** TextMessage: the agent's text reaches the client. */
  async agentText(userId: string, text: string): Promise<void> {
    const { sw } = this.d;
    const clientId = this.clientOf(userId);
    if (clientId === undefined) return this.d.log('operator event for an unknown userId ignored');
    if (sw.mutant('agent-text-not-delivered')) return;
    let shown = text;
    if (sw.mutant('agent-text-mangled')) shown = shown.replace(/[^\x00-\x7f]/gu, '?');
    if (sw.mutant('agent-text-trimmed')) shown = shown.trim();
    await this.d.toClient(clientId, shown);
  }

  /** FileMessage: the file's link reaches the client, as a text. */
  async agentFile(userId: string, f: { url: string; name: string; comment: string }): Promise<void> {
    const { sw } = this.d;
    const clientId = this.clientOf(userId);
    if (clientId === undefined) return this.d.log('operator event for an unknown userId ignored');
    if (sw.mutant('agent-file-not-delivered')) return;
    await this.d.toClient(clientId, `${f.comment ? `${f.comment}\n` : ''}${f.name}: ${f.url}`);
  }

  /** Closed: the agent ended the dialog; the bot has it again. */
  agentClosed(userId: string): void {
    const { sw } = this.d;
    if (sw.mutant('closed-ignored')) return;
    const clientId = this.clientOf(userId);
    const link = clientId === undefined ? undefined : this.byClient.get(clientId);
    if (link) link.transferred = false;
  }

  /** SelectDestination: the engagement platform routed the dialog to another group; recorded. */
  agentRouted(userId: string, destinationId: string): void {
    const clientId = this.clientOf(userId);
    const link = clientId === undefined ? undefined : this.byClient.get(clientId);
    if (link) link.destinationId = destinationId;
  }

  // --- internals ---------------------------------------------------------------------------------

  private newKey(): string {
    const key = randomBytes(16).toString('hex');
    this.issuedKeys.add(key);
    return key;
  }

  /** The group a transfer names: the chosen one, else the first online group listed, else a default. */
  private chooseDestination(chosen: string | undefined): string {
    const { sw } = this.d;
    const first = this.destinations.find((g) => (g as { hasOnline?: unknown }).hasOnline !== false) ?? this.destinations[0];
    if (sw.mutant('select-destination-ignores-choice')) return this.destinations[0]?.destinationId ?? DEFAULT_DESTINATION;
    return chosen ?? first?.destinationId ?? DEFAULT_DESTINATION;
  }

  /**
   * A client's link. Its userId is the platform's ID of the client, the same for every request about
   * it ("Client ID assigned on the platform"); `transfer` marks a new transfer (the user-id-per-transfer
   * mutant then issues a new id).
   */
  private link(clientId: string, transfer: boolean): ClientLink {
    const sw = this.d.sw;
    let link = this.byClient.get(clientId);
    const renew = transfer && link !== undefined && sw.mutant('user-id-per-transfer');
    if (!link || renew) {
      let userId: string;
      if (sw.variation('user-id-is-client-id')) userId = clientId;
      else if (sw.mutant('user-id-shared')) userId = 'chat-client';
      else userId = `u-${randomBytes(8).toString('hex')}`;
      link = { clientId, userId, transferred: link?.transferred ?? false, destinationId: link?.destinationId };
      this.byClient.set(clientId, link);
      this.byUser.set(userId, clientId);
    }
    return link;
  }

  /**
   * The link sendFile gives for a client's file: the client's url, or under client-file-rehosted a
   * link to the platform's own copy (served as a redirect to the file by the server).
   */
  private fileLink(url: string, fileName: string | undefined): string {
    const sw = this.d.sw;
    if (sw.mutant('send-file-url-relative')) return `uploads/${randomBytes(8).toString('hex')}`;
    if (!sw.variation('client-file-rehosted')) return url;
    const id = randomBytes(8).toString('hex');
    this.fileCopies.set(id, url);
    return `${this.origin}${this.d.basePath}${FILES_PATH}/${id}/${encodeURIComponent(fileName ?? 'file')}`;
  }

  /** The nulls-for-absent variation: the optional `fields` a body lacks are sent as null. */
  private nulls(body: Record<string, unknown>, fields: string[]): Record<string, unknown> {
    const { sw } = this.d;
    if (!sw.variation('nulls-for-absent')) return body;
    const out = { ...body };
    for (const f of fields) if (out[f] === undefined) out[f] = null;
    return out;
  }

  /** The extra-fields variation: fields the document does not list, in every request body. */
  private extras(body: Record<string, unknown>): Record<string, unknown> {
    const { sw } = this.d;
    return sw.variation('extra-fields') ? { ...body, channel: CHANNEL, sentAt: new Date().toISOString() } : body;
  }
}

/** The agent groups of a getDestinations answer (`{"destinations": [...]}`; ids as strings). */
function destinationsIn(json: unknown): Destination[] {
  const list = (json as { destinations?: unknown } | undefined)?.destinations;
  if (!Array.isArray(list)) return [];
  const out: Destination[] = [];
  for (const g of list) {
    const id = (g as { destinationId?: unknown } | null)?.destinationId;
    if (typeof id === 'string' || typeof id === 'number') out.push({ ...(g as object), destinationId: String(id) });
  }
  return out;
}
