/**
 * sendText: while an agent has the dialog, each text the client sends through the Chat API goes to
 * the engagement platform.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { describe, ensure, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { callOf } from '../../fixtures/operator-api-platform.ts';
import { CHARACTER_TEXTS, LAYOUT_TEXTS } from '../../fixtures/payloads/texts.ts';
import type { Steps } from '../../fixtures/operator-api-platform.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';
import { awaitCall, bodyOf, callMentioning, ensureSame, requestSchemaErrors, startChat, transferredClient } from './helpers.ts';

const SECTION = 'POST /sendText';

check(
  {
    id: 'operator-api-platform.sendText.forwards-client-text',
    title: "a client's text during a transfer reaches sendText with the client's userId and the text",
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'The client sent a message to the chat with the agent.',
    rule: 'op.sendText.reaches-agent',
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const text = `Can you check my order ${fresh.id('order')}?`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.chat.send(t.clientId, text);
    const d = await steps.deliveries.waitFor(callMentioning(steps, 'sendText', mark, text), `a sendText call with the client's text ${describe(text)}`);
    const body = bodyOf(d);
    ensureSame(body.userId, t.userId, "sendText's userId (the one selectDestination gave the client)");
    ensureSame(body.text, text, "sendText's text");
  },
);

check(
  {
    id: 'operator-api-platform.sendText.matches-schema',
    title: 'the sendText body has userId and text strings',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'text | string | Yes | Text message sent by the client.',
    rule: 'op.sendText.shape',
  },
  async ({ steps, fresh, validators, coverage }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const text = `Schema check ${fresh.id('t')}`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.chat.send(t.clientId, text);
    const d = await awaitCall(
      steps.deliveries,
      callMentioning(steps, 'sendText', mark, text),
      "the sendText call with the client's text",
      'operator-api-platform.sendText.forwards-client-text',
    );
    ensureNoSchemaErrors(requestSchemaErrors(validators, steps.deliveries, coverage, d, 'sendText', 'SendTextRequest'), 'the sendText request body');
  },
);

/** The client sends each text while transferred; each must reach a sendText, exactly. */
async function textsReachSendText(steps: Steps, fresh: Fresh, texts: Record<string, string>): Promise<void> {
  const t = await transferredClient(steps, fresh.id('client'));
  const list = Object.entries(texts);
  const mark = steps.deliveries.receiver.nextSeq;
  for (const [, text] of list) await steps.chat.send(t.clientId, text);
  // One client, one check: every sendText after the mark is this client's (a platform may also
  // replay earlier messages of the dialog, which are simply not among the texts looked for).
  const call = callOf(steps.engagement.main, 'sendText', mark);
  const received = () => steps.deliveries.seen(call).map((d) => bodyOf(d).text);
  const complete = () => list.every(([, text]) => received().includes(text));
  if (!complete()) await steps.deliveries.receiver.waitFor((d) => call(d) && complete(), steps.deliveries.timeoutMs);
  for (const d of steps.deliveries.seen(call)) steps.deliveries.record(d, 'sendText after the transfer');
  const got = received();
  for (const [label, text] of list) {
    ensure(
      got.includes(text),
      `the client's text with ${label} did not reach sendText unchanged (${got.length} sendText calls arrived within ${steps.deliveries.timeoutMs} ms)`,
      text,
      got,
    );
  }
}

check(
  {
    id: 'operator-api-platform.sendText.text-intact',
    title: "sendText carries the client's text character for character (non-ASCII, emoji, quotes, 4 KB)",
    level: 'MUST',
    doc: 'readings',
    section: 'gen-text-characters',
    rule: 'op.sendText.text-characters',
  },
  async ({ steps, fresh }) => textsReachSendText(steps, fresh, CHARACTER_TEXTS),
);

check(
  {
    id: 'operator-api-platform.sendText.text-layout-intact',
    title: "sendText keeps the line endings, markup and surrounding whitespace of the client's text",
    level: 'SHOULD',
    doc: 'readings',
    section: 'gen-text-layout',
    rule: 'op.sendText.text-layout',
  },
  async ({ steps, fresh }) => textsReachSendText(steps, fresh, LAYOUT_TEXTS),
);

check(
  {
    id: 'operator-api-platform.sendText.only-while-transferred',
    title: 'a client talking to the bot (never transferred) has no text sent to the engagement platform',
    level: 'SHOULD',
    doc: 'operator',
    section: SECTION,
    quote: 'The client sent a message to the chat with the agent.',
  },
  async ({ steps, fresh, run }) => {
    const clientId = fresh.id('client');
    await startChat(steps, clientId);
    const text = `Just asking the bot ${fresh.id('bot')}`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.chat.send(clientId, text);
    // "The client sent a message to the chat with the agent": with no agent, no sendText.
    await steps.deliveries.none(
      callMentioning(steps, 'sendText', mark, text),
      quietWindowMs(run.timeoutMs),
      'the text of a client the bot is talking to was sent to the engagement platform',
    );
  },
);
