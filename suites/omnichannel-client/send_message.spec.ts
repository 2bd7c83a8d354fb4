/**
 * The agent's messages: "Requests from the Platform to the client channel/server" go to
 * `{Channel webhook URL}/send_message` (here `{target}/send_message`), authorized by
 * `Authorization: Token {token}` when the client uses header authorization ("Client-side
 * authentication"). The body is not in the document: the Webim External Bot API 2.0 format is the
 * reading, at SHOULD on both sides of the exchange (docs/readings omni-send-message-body), so every
 * check that needs the client server to understand a body is SHOULD: `operator` with `text`, and
 * `keyboard` with rows of `buttons` (the document's "Buttons: Yes"). Files from the agent travel as
 * links inside a text ("Transferring files as files from the Agent: No"): the suite never sends
 * `file_operator` (docs/readings omni-files-as-links).
 *
 * The agent writes in chats a visitor opened first (docs/readings omni-agent-first), answers with
 * the chat_id as the client server posted it, and writes texts of at most 1000 characters
 * (omni-long-agent-text). What the visitor received is read through the driver's
 * GET client/visitor-inbox. Checks list the `platform` fixture so that the IUT knows where the
 * platform is before a visitor opens a chat.
 */
import { check } from '../../fixtures/omnichannel-client.ts';
import type { AgentAuth } from '../../fixtures/omnichannel-client.ts';
import { ensure, ensure2xx, ensure4xx } from '../../harness/checks/ensure.ts';
import { Receiver } from '../../harness/receiver/receiver.ts';
import type { TestInfo } from '@playwright/test';
import { CHARACTER_TEXTS, LAYOUT_TEXTS } from '../../fixtures/payloads/texts.ts';
import {
  shown,
  freshChatId,
  openChat,
  sendMessage,
  strings,
  textOf,
  visitorInbox,
  visitorOf,
  waitForVisitor,
  type InboxMessage,
  type Json,
} from './helpers.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';

/** The agent's text message, with a fresh marker the visitor must get. */
function operatorMessage(fresh: Fresh): { message: Json; shows: string[] } {
  const text = `Hello! How can I help you? ${fresh.id('op')}`;
  return { message: { kind: 'operator', text }, shows: [text] };
}

function keyboardMessage(fresh: Fresh): { message: Json; shows: string[] } {
  const yes = `Yes ${fresh.id('b')}`;
  const no = `No ${fresh.id('b')}`;
  return {
    message: {
      kind: 'keyboard',
      buttons: [
        [
          { id: fresh.id('yes'), text: yes },
          { id: fresh.id('no'), text: no },
        ],
      ],
    },
    shows: [yes, no],
  };
}

/** Does this message show every one of these strings (its text, link or button labels, wherever it keeps them)? */
function shows(m: InboxMessage, wanted: string[]): boolean {
  const all = strings(m);
  return wanted.every((w) => all.some((s) => s.includes(w)));
}

const KINDS = [
  { make: operatorMessage, label: 'an operator message', idPart: 'operator', rule: 'omni.send_message.operator', title: 'an operator message' },
  {
    make: keyboardMessage,
    label: 'a keyboard message',
    idPart: 'keyboard',
    rule: 'omni.send_message.buttons',
    title: "a keyboard message (the agent's buttons)",
  },
] as const;

for (const k of KINDS) {
  check(
    {
      id: `omnichannel-client.send_message.accepts-${k.idPart}`,
      title: `send_message with ${k.title} and the right Authorization is answered 2xx`,
      level: 'SHOULD',
      doc: 'readings',
      section: 'omni-client-answer-2xx',
      rule: k.rule,
    },
    async ({ api, driver, receiver, fresh, run, platform, agentAuth, coverage }) => {
      driver.require();
      const chat = await openChat(driver, receiver, fresh, run.timeoutMs);
      const res = await sendMessage(api, { chat_id: chat.posted, message: k.make(fresh).message }, agentAuth.headers);
      coverage.events.push('send_message');
      ensure2xx(res, `send_message with ${k.label}`);
    },
  );

  check(
    {
      id: `omnichannel-client.send_message.${k.idPart}-reaches-visitor`,
      title: `${k.title[0].toUpperCase()}${k.title.slice(1)} sent through send_message reaches the visitor of that chat`,
      level: 'SHOULD',
      doc: 'readings',
      section: 'omni-send-message-body',
      rule: k.rule,
    },
    async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
      driver.require();
      const chat = await openChat(driver, receiver, fresh, run.timeoutMs);
      const { message, shows: wanted } = k.make(fresh);
      await sendMessage(api, { chat_id: chat.posted, message }, agentAuth.headers);
      await waitForVisitor(driver, chat.chatId, (ms) => ms.some((m) => shows(m, wanted)), `${k.label} showing ${shown(wanted)}`, run.timeoutMs);
    },
  );
}

check(
  {
    id: 'omnichannel-client.send_message.reaches-that-chat-only',
    title: "an operator message reaches the visitor of the chat its chat_id names, and not the same visitor's other chat",
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-send-message-body',
    rule: 'omni.send_message.chat-id',
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
    driver.require();
    // One visitor in two chats: a client server that routes by visitor reaches both.
    const visitor = visitorOf(fresh);
    const a = await openChat(driver, receiver, fresh, run.timeoutMs, visitor);
    const b = await openChat(driver, receiver, fresh, run.timeoutMs, visitor);
    const forA = operatorMessage(fresh);
    await sendMessage(api, { chat_id: a.posted, message: forA.message }, agentAuth.headers);
    await waitForVisitor(driver, a.chatId, (ms) => ms.some((m) => shows(m, forA.shows)), `the operator message for chat ${a.chatId}`, run.timeoutMs);
    const leaked = (await visitorInbox(driver, b.chatId)).filter((m) => shows(m, forA.shows));
    ensure(leaked.length === 0, `the message sent to chat ${a.chatId} also reached the visitor's other chat ${b.chatId}: ${shown(leaked)}`, 'nothing', leaked);
  },
);

check(
  {
    id: 'omnichannel-client.send_message.file-link-reaches-visitor',
    title: 'a file link the agent sends in an operator text reaches the visitor unchanged',
    level: 'SHOULD',
    doc: 'omnichannel',
    section: 'Opportunities to communicate via Omnichannel',
    quote: 'Transferring files as links from the Agent (Attachment slot)Yes',
    rule: 'omni.send_message.file-link',
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
    driver.require();
    const chat = await openChat(driver, receiver, fresh, run.timeoutMs);
    const link = `https://files.example.com/${fresh.id('f')}/report.pdf?download=1`;
    const text = `Your report is ready: ${link}`;
    await sendMessage(api, { chat_id: chat.posted, message: { kind: 'operator', text } }, agentAuth.headers);
    await waitForVisitor(driver, chat.chatId, (ms) => ms.some((m) => shows(m, [link])), `the link ${link}`, run.timeoutMs);
  },
);

/** Texts of at most 1000 characters (longer ones are the channel's discretion: docs/readings omni-long-agent-text). */
const AGENT_CHARACTER_TEXTS = Object.entries(CHARACTER_TEXTS).filter(([, t]) => Array.from(t).length <= 1000);

/** The agent sends each text in one chat; fail naming each that did not reach the visitor unchanged. */
async function textsReachVisitor(
  {
    api,
    driver,
    receiver,
    fresh,
    run,
    agentAuth,
  }: { api: IutClient; driver: DriverClient; receiver: Receiver; fresh: Fresh; run: { timeoutMs: number }; agentAuth: AgentAuth },
  texts: Array<readonly [string, string]>,
): Promise<void> {
  driver.require();
  const chat = await openChat(driver, receiver, fresh, run.timeoutMs);
  for (const [, text] of texts) await sendMessage(api, { chat_id: chat.posted, message: { kind: 'operator', text } }, agentAuth.headers);
  // Leniently, as the driver's inbox is judged everywhere: the text appears in a message's text.
  const has = (ms: InboxMessage[], text: string) => ms.some((m) => textOf(m)?.includes(text));
  const messages = await waitForVisitor(driver, chat.chatId, (ms) => texts.every(([, t]) => has(ms, t)), 'the texts', run.timeoutMs, false);
  const got = messages.map(textOf);
  for (const [label, text] of texts) {
    ensure(has(messages, text), `the agent's text "${label}" did not reach the visitor unchanged (the visitor's texts: ${shown(got)})`, text, got);
  }
}

check(
  {
    id: 'omnichannel-client.send_message.operator-text-intact',
    title: "the visitor receives the agent's text with every character intact (non-ASCII, emoji, quotes)",
    // SHOULD: the text travels in a body the document does not give (omni-send-message-body).
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-characters',
    rule: 'omni.send_message.text-characters',
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
    await textsReachVisitor({ api, driver, receiver, fresh, run, agentAuth }, AGENT_CHARACTER_TEXTS);
  },
);

check(
  {
    id: 'omnichannel-client.send_message.operator-text-layout',
    title: "the visitor receives the agent's line endings, tabs, markup and surrounding whitespace unchanged",
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-layout',
    rule: 'omni.send_message.text-layout',
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
    await textsReachVisitor({ api, driver, receiver, fresh, run, agentAuth }, Object.entries(LAYOUT_TEXTS));
  },
);

// -- Client-side authentication: Authorization: Token {token} ----------------------------------------

function needsClientToken(agentAuth: AgentAuth, info: TestInfo): string {
  if (agentAuth.clientToken === undefined) {
    info.skip(true, 'no --client-token: the client server authorizes send_message by unique URL, so no header is checked');
  }
  return agentAuth.clientToken!;
}

/** A chat of the IUT to write in: opened by a visitor with a driver, else a fresh id (refusals need no chat). */
async function someChat(args: { driver: DriverClient; receiver: Receiver; fresh: Fresh; run: { timeoutMs: number } }): Promise<number | string> {
  return args.driver.available ? (await openChat(args.driver, args.receiver, args.fresh, args.run.timeoutMs)).posted : freshChatId();
}

check(
  {
    id: 'omnichannel-client.send_message.accepts-scheme-any-case',
    title: 'send_message with the scheme word in another case ("token {token}", "TOKEN {token}") is answered 2xx',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-client-auth-scheme-case',
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }, info) => {
    const token = needsClientToken(agentAuth, info);
    driver.require();
    const chat = await openChat(driver, receiver, fresh, run.timeoutMs);
    for (const scheme of ['token', 'TOKEN']) {
      const res = await sendMessage(api, { chat_id: chat.posted, message: operatorMessage(fresh).message }, { authorization: `${scheme} ${token}` });
      ensure2xx(res, `send_message with "Authorization: ${scheme} $CLIENT_TOKEN"`);
    }
  },
);

check(
  {
    id: 'omnichannel-client.send_message.wrong-token-refused',
    title: 'send_message with a wrong token in Authorization: Token is refused with 4xx',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-client-refuses-unauthorized',
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
    doc: 'readings',
    section: 'omni-client-refuses-unauthorized',
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
    doc: 'readings',
    section: 'omni-client-refuses-unauthorized',
  },
  async ({ api, driver, receiver, fresh, run, redactor, platform, agentAuth }, info) => {
    driver.require();
    needsClientToken(agentAuth, info);
    const wrong = Receiver.secret();
    redactor.add(wrong, '$WRONG_CLIENT_TOKEN');
    const chat = await openChat(driver, receiver, fresh, run.timeoutMs);
    const forged = operatorMessage(fresh);
    await sendMessage(api, { chat_id: chat.posted, message: forged.message }, { authorization: `Token ${wrong}` });
    // An authorized message after it bounds the wait without a fixed sleep; it is not judged here.
    const after = operatorMessage(fresh);
    await sendMessage(api, { chat_id: chat.posted, message: after.message }, agentAuth.headers);
    const messages = await waitForVisitor(driver, chat.chatId, (ms) => ms.some((m) => shows(m, after.shows)), 'the authorized message', run.timeoutMs, false);
    const leaked = messages.filter((m) => shows(m, forged.shows));
    ensure(leaked.length === 0, `the message sent with a wrong token reached the visitor: ${shown(leaked)}`, 'nothing', leaked);
  },
);

// -- A body without chat_id or message: 4xx (SHOULD) -------------------------------------------------

check(
  {
    id: 'omnichannel-client.send_message.missing-chat-id-refused',
    title: 'send_message without chat_id is refused with 4xx',
    level: 'SHOULD',
    doc: 'readings',
    section: 'omni-client-missing-4xx',
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
    doc: 'readings',
    section: 'omni-client-missing-4xx',
  },
  async ({ api, driver, receiver, fresh, run, platform, agentAuth }) => {
    const chatId = await someChat({ driver, receiver, fresh, run });
    const res = await sendMessage(api, { chat_id: chatId }, agentAuth.headers);
    ensure4xx(res, 'send_message without message');
  },
);
