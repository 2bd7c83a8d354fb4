/**
 * The agent's messages: "Requests from the Platform to the client channel/server" go to
 * `{Channel webhook URL}/send_message` (here `{target}/send_message`), authorized by
 * `Authorization: Token {token}` when the client uses header authorization ("Client-side
 * authentication"). The body follows Webim External Bot API 2.0 (assumptions.md): `operator` with
 * `text`, `keyboard` with rows of `buttons`, `file_operator` with `data{url, name, media_type}` — the
 * document's "Buttons: Yes" and "Transferring files as links from the Agent: Yes".
 *
 * The agent writes in chats a visitor opened first (the document leaves the agent writing first to
 * the channel's discretion). What the visitor received is read through the driver's
 * GET client/visitor-inbox. Checks list the `platform` fixture so that the IUT knows where the
 * platform is before a visitor opens a chat.
 */
import { check } from '../../fixtures/omnichannel-client.ts';
import type { AgentAuth } from '../../fixtures/omnichannel-client.ts';
import { ensure, ensure2xx, ensure4xx, describe } from '../../harness/checks/ensure.ts';
import { Receiver } from '../../harness/receiver/receiver.ts';
import type { TestInfo } from '@playwright/test';
import { TRICKY_TEXTS } from '../../fixtures/payloads/texts.ts';
import { freshChatId, openChat, sendMessage, strings, textOf, waitForVisitor, type InboxMessage, type Json } from './helpers.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';

const METHOD = 'Methods of the Public API “Omnichannel”: /send_message (sending a message by the Agent to the Interlocutor)';
const BUTTONS = 'Channel service messages: Opportunities (Buttons: Yes)';
const FILES = 'Channel service messages: Opportunities (Transferring files as links from the Agent: Yes)';
const AUTH = 'Client-side authentication: Header (Authorization: Token {token})';
const MALFORMED = 'Omnichannel: send_message lacking chat_id or message is refused with 4xx (common HTTP practice)';

/** The three message kinds of the agent, each with a fresh marker the visitor must get. */
function operatorMessage(fresh: Fresh): { message: Json; shows: string[] } {
  const text = `Hello! How can I help you? ${fresh.id('op')}`;
  return { message: { kind: 'operator', text }, shows: [text] };
}

function keyboardMessage(fresh: Fresh): { message: Json; shows: string[] } {
  const yes = `Yes ${fresh.id('b')}`;
  const no = `No ${fresh.id('b')}`;
  return { message: { kind: 'keyboard', buttons: [[{ id: '1', text: yes }, { id: '2', text: no }]] }, shows: [yes, no] };
}

function fileMessage(fresh: Fresh): { message: Json; shows: string[] } {
  const url = `https://files.example.com/${fresh.id('f')}/report.pdf`;
  return { message: { kind: 'file_operator', data: { url, name: 'report.pdf', media_type: 'application/pdf' } }, shows: [url] };
}

/** Does this message show every one of these strings (its text, link or button labels, wherever it keeps them)? */
function shows(m: InboxMessage, wanted: string[]): boolean {
  const all = strings(m);
  return wanted.every((w) => all.some((s) => s.includes(w)));
}

const KINDS = [
  { kind: 'operator', make: operatorMessage, section: METHOD, label: 'an operator message', idPart: 'operator' },
  { kind: 'keyboard', make: keyboardMessage, section: BUTTONS, label: 'a keyboard message', idPart: 'keyboard' },
  { kind: 'file_operator', make: fileMessage, section: FILES, label: 'a file_operator message', idPart: 'file-operator' },
] as const;

for (const k of KINDS) {
  check(
    {
      id: `omnichannel-client.send_message.accepts-${k.idPart}`,
      title: `send_message with ${k.label} and the right Authorization is answered 2xx`,
      level: 'MUST',
      doc: 'omnichannel',
      section: k.section,
    },
    async ({ api, driver, receiver, fresh, run, platform, agentAuth, coverage }) => {
      driver.require();
      const chatId = await openChat(driver, receiver, fresh, run.timeoutMs);
      const res = await sendMessage(api, { chat_id: chatId, message: k.make(fresh).message }, agentAuth.headers);
      coverage.events.push('send_message');
      ensure2xx(res, `send_message with ${k.label}`);
    },
  );

  check(
    {
      id: `omnichannel-client.send_message.${k.idPart}-reaches-visitor`,
      title: `${k.label[0].toUpperCase()}${k.label.slice(1)} sent through send_message reaches the visitor of that chat`,
      level: 'MUST',
      doc: 'omnichannel',
      section: k.section,
    },
    async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
      driver.require();
      const chatId = await openChat(driver, receiver, fresh, run.timeoutMs);
      const { message, shows: wanted } = k.make(fresh);
      await sendMessage(api, { chat_id: chatId, message }, agentAuth.headers);
      await waitForVisitor(driver, chatId, (ms) => ms.some((m) => shows(m, wanted)), `${k.label} showing ${describe(wanted)}`, run.timeoutMs);
    },
  );
}

/** Texts a chat channel can carry unchanged (markup and over 1000 characters are the channel's discretion: "Using markdown: No"; "Delivery of messages over 1000 characters … at the discretion of the channel"). */
const AGENT_TEXTS = ['Cyrillic and accented', 'emoji (astral plane, ZWJ sequence)', 'quotes and backslashes', 'CJK and RTL'].map((label) => [label, TRICKY_TEXTS[label]] as const);

check(
  {
    id: 'omnichannel-client.send_message.operator-text-intact',
    title: "the visitor receives the agent's text unchanged (non-ASCII, emoji, quotes)",
    level: 'MUST',
    doc: 'omnichannel',
    section: METHOD,
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
    driver.require();
    const chatId = await openChat(driver, receiver, fresh, run.timeoutMs);
    for (const [, text] of AGENT_TEXTS) await sendMessage(api, { chat_id: chatId, message: { kind: 'operator', text } }, agentAuth.headers);
    const has = (ms: InboxMessage[], text: string) => ms.some((m) => textOf(m)?.includes(text));
    const messages = await waitForVisitor(driver, chatId, (ms) => AGENT_TEXTS.every(([, t]) => has(ms, t)), 'the texts', run.timeoutMs, false);
    const texts = messages.map(textOf);
    for (const [label, text] of AGENT_TEXTS) {
      ensure(has(messages, text), `the agent's text "${label}" did not reach the visitor unchanged (the visitor's texts: ${describe(texts)})`, text, texts);
    }
  },
);

// -- Client-side authentication: Authorization: Token {token} (refusal SHOULD: issue 7) ------------

function needsClientToken(agentAuth: AgentAuth, info: TestInfo): string {
  if (agentAuth.clientToken === undefined) {
    info.skip(true, 'no --client-token: the client server authorizes send_message by unique URL, so no header is checked');
  }
  return agentAuth.clientToken!;
}

/** A chat of the IUT to write in: opened by a visitor with a driver, else a fresh id (refusals need no chat). */
async function someChat(args: { driver: DriverClient; receiver: Receiver; fresh: Fresh; run: { timeoutMs: number } }): Promise<number> {
  return args.driver.available ? openChat(args.driver, args.receiver, args.fresh, args.run.timeoutMs) : freshChatId();
}

check(
  {
    id: 'omnichannel-client.send_message.wrong-token-refused',
    title: 'send_message with a wrong token in Authorization: Token is refused with 4xx',
    level: 'SHOULD',
    doc: 'omnichannel',
    section: AUTH,
  },
  async ({ api, driver, receiver, fresh, run, redactor, platform, agentAuth }, info) => {
    needsClientToken(agentAuth, info);
    const wrong = Receiver.secret();
    redactor.add(wrong, '$WRONG_CLIENT_TOKEN');
    const chatId = await someChat({ driver, receiver, fresh, run });
    const res = await sendMessage(api, { chat_id: chatId, message: operatorMessage(fresh).message }, { authorization: `Token ${wrong}` });
    ensure4xx(res, 'send_message with a wrong token');
  },
);

check(
  {
    id: 'omnichannel-client.send_message.missing-authorization-refused',
    title: 'send_message without an Authorization header is refused with 4xx',
    level: 'SHOULD',
    doc: 'omnichannel',
    section: AUTH,
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }, info) => {
    needsClientToken(agentAuth, info);
    const chatId = await someChat({ driver, receiver, fresh, run });
    const res = await sendMessage(api, { chat_id: chatId, message: operatorMessage(fresh).message }, {});
    ensure4xx(res, 'send_message without an Authorization header');
  },
);

check(
  {
    id: 'omnichannel-client.send_message.wrong-token-not-delivered',
    title: 'a send_message with a wrong token does not reach the visitor',
    level: 'SHOULD',
    doc: 'omnichannel',
    section: AUTH,
  },
  async ({ api, driver, receiver, fresh, run, redactor, platform, agentAuth }, info) => {
    driver.require();
    needsClientToken(agentAuth, info);
    const wrong = Receiver.secret();
    redactor.add(wrong, '$WRONG_CLIENT_TOKEN');
    const chatId = await openChat(driver, receiver, fresh, run.timeoutMs);
    const forged = operatorMessage(fresh);
    await sendMessage(api, { chat_id: chatId, message: forged.message }, { authorization: `Token ${wrong}` });
    // An authorized message after it bounds the wait without a fixed sleep; it is not judged here.
    const after = operatorMessage(fresh);
    await sendMessage(api, { chat_id: chatId, message: after.message }, agentAuth.headers);
    const messages = await waitForVisitor(driver, chatId, (ms) => ms.some((m) => shows(m, after.shows)), 'the authorized message', run.timeoutMs, false);
    const leaked = messages.filter((m) => shows(m, forged.shows));
    ensure(leaked.length === 0, `the message sent with a wrong token reached the visitor: ${describe(leaked)}`, 'nothing', leaked);
  },
);

// -- A body without chat_id or message: 4xx (SHOULD) -------------------------------------------------

check(
  {
    id: 'omnichannel-client.send_message.missing-chat-id-refused',
    title: 'send_message without chat_id is refused with 4xx',
    level: 'SHOULD',
    doc: 'assumptions',
    section: MALFORMED,
  },
  async ({ api, fresh, agentAuth }) => {
    const res = await sendMessage(api, { message: operatorMessage(fresh).message }, agentAuth.headers);
    ensure4xx(res, 'send_message without chat_id');
  },
);

check(
  {
    id: 'omnichannel-client.send_message.missing-message-refused',
    title: 'send_message without message is refused with 4xx',
    level: 'SHOULD',
    doc: 'assumptions',
    section: MALFORMED,
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
    const chatId = await someChat({ driver, receiver, fresh, run });
    const res = await sendMessage(api, { chat_id: chatId }, agentAuth.headers);
    ensure4xx(res, 'send_message without message');
  },
);
