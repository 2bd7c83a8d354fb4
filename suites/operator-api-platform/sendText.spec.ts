/**
 * sendText: while an agent has the dialog, each text the client sends through the Chat API goes to
 * the engagement platform.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { describe, ensure, ensureEqual, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { callOf } from '../../fixtures/operator-api-platform.ts';
import { TRICKY_TEXTS } from '../../fixtures/payloads/texts.ts';
import { quietWindowMs } from '../../harness/receiver/delivery-watcher.ts';
import { awaitCall, bodyOf, callMentioning, requestSchemaErrors, startChat, transferredClient } from './helpers.ts';

const SECTION = 'POST /sendText';

check(
  {
    id: 'operator-api-platform.sendText.forwards-client-text',
    title: "a client's text during a transfer reaches sendText with the client's userId and the text",
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const text = `Can you check my order ${fresh.id('order')}?`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.chat.send(t.clientId, text);
    const d = await steps.deliveries.waitFor(callMentioning(steps, 'sendText', mark, text), `a sendText call with the client's text ${describe(text)}`);
    const body = bodyOf(d);
    ensureEqual(body.userId, t.userId, "sendText's userId (the one selectDestination gave the client)");
    ensureEqual(body.text, text, "sendText's text");
  },
);

check(
  {
    id: 'operator-api-platform.sendText.matches-schema',
    title: 'the sendText body has userId and text strings',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
  },
  async ({ steps, fresh, validators, coverage }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const text = `Schema check ${fresh.id('t')}`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.chat.send(t.clientId, text);
    const d = await awaitCall(steps.deliveries, callMentioning(steps, 'sendText', mark, text), "the sendText call with the client's text", 'operator-api-platform.sendText.forwards-client-text');
    ensureNoSchemaErrors(requestSchemaErrors(validators, steps.deliveries, coverage, d, 'sendText', 'SendTextRequest'), 'the sendText request body');
  },
);

check(
  {
    id: 'operator-api-platform.sendText.text-intact',
    title: "sendText carries exactly the client's text (non-ASCII, emoji, quotes, newlines, 4 KB)",
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const texts = Object.entries(TRICKY_TEXTS);
    const mark = steps.deliveries.receiver.nextSeq;
    for (const [, text] of texts) await steps.chat.send(t.clientId, text);
    // One client, one check: every sendText after the mark is this client's (a platform may also
    // replay earlier messages of the dialog, which are simply not among the texts looked for).
    const call = callOf(steps.engagement.main, 'sendText', mark);
    const received = () => steps.deliveries.seen(call).map((d) => bodyOf(d).text);
    const complete = () => texts.every(([, text]) => received().includes(text));
    if (!complete()) await steps.deliveries.receiver.waitFor((d) => call(d) && complete(), steps.deliveries.timeoutMs);
    for (const d of steps.deliveries.seen(call)) steps.deliveries.record(d, 'sendText after the transfer');
    const got = received();
    for (const [label, text] of texts) {
      ensure(got.includes(text), `the client's text with ${label} did not reach sendText unchanged (${got.length} sendText calls arrived within ${steps.deliveries.timeoutMs} ms)`, text, got);
    }
  },
);

check(
  {
    id: 'operator-api-platform.sendText.only-while-transferred',
    title: 'a client talking to the bot (never transferred) has no text sent to the engagement platform',
    level: 'SHOULD',
    doc: 'operator',
    section: SECTION,
  },
  async ({ steps, fresh, run }) => {
    const clientId = fresh.id('client');
    await startChat(steps, clientId);
    const text = `Just asking the bot ${fresh.id('bot')}`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.chat.send(clientId, text);
    // "The client sent a message to the chat with the agent": with no agent, no sendText.
    await steps.deliveries.none(callMentioning(steps, 'sendText', mark, text), quietWindowMs(run.timeoutMs), "the text of a client the bot is talking to was sent to the engagement platform");
  },
);
