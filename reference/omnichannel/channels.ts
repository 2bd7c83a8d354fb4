/**
 * The agent channels of the platform, keyed by the inbound token of their App.Chatbots Webhook URL.
 * @module
 */

/**
 * A channel holds what the document's settings window holds: the client server's "Channel webhook:
 * URL" and "Channel webhook: Token", and whether the channel is active.
 */
export interface Channel {
  token: string;
  /** Base URL the agent appends `/send_message` to; null until configured (the agent stays silent). */
  webhookUrl: string | null;
  /** Sent as `Authorization: Token {webhookToken}`; null means unique-URL authorization. */
  webhookToken: string | null;
  active: boolean;
}

export class ChannelStore {
  private readonly byToken = new Map<string, Channel>();

  /** Create or replace the channel with this token (the driver's POST /omnichannel/channel). */
  upsert(channel: Channel): Channel {
    const copy = { ...channel };
    this.byToken.set(channel.token, copy);
    return copy;
  }

  get(token: string): Channel | undefined {
    return this.byToken.get(token);
  }
}
