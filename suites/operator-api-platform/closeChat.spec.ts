/**
 * closeChat: the client closes the dialog while an agent has it (driver: `POST platform/client-close`).
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { awaitCall, bodyOf, ensureSame, requestSchemaErrors, transferredClient } from './helpers.ts';
import { callOf } from '../../fixtures/operator-api-platform.ts';

const SECTION = 'POST /closeChat';

check(
  {
    id: 'operator-api-platform.closeChat.called-on-client-close',
    title: "a client closing the dialog during a transfer makes the platform call closeChat with the client's userId",
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'The client closed the chat with the agent.',
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.driver.post('platform/client-close', { clientId: t.clientId, text: 'Thank you, that is all' });
    const d = await steps.deliveries.waitFor(callOf(steps.engagement.main, 'closeChat', mark), `a closeChat call for client ${t.clientId}`);
    ensureSame(bodyOf(d).userId, t.userId, "closeChat's userId (the one selectDestination gave the client)");
  },
);

check(
  {
    id: 'operator-api-platform.closeChat.matches-schema',
    title: 'the closeChat body has userId and text strings, also when the client gave no text',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'text | string | Yes | Text message sent when the chat was closed.',
    rule: 'op.closeChat.shape',
  },
  async ({ steps, fresh, validators, coverage }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const mark = steps.deliveries.receiver.nextSeq;
    // No text from the client: "text" is still mandatory.
    await steps.driver.post('platform/client-close', { clientId: t.clientId });
    const d = await awaitCall(
      steps.deliveries,
      callOf(steps.engagement.main, 'closeChat', mark),
      `the closeChat call for client ${t.clientId}`,
      'operator-api-platform.closeChat.called-on-client-close',
    );
    ensureNoSchemaErrors(requestSchemaErrors(validators, steps.deliveries, coverage, d, 'closeChat', 'CloseChatRequest'), 'the closeChat request body');
  },
);

check(
  {
    id: 'operator-api-platform.closeChat.text-passed',
    title: "closeChat carries the client's closing text when there is one",
    level: 'SHOULD',
    doc: 'operator',
    section: SECTION,
    quote: 'Text message sent when the chat was closed.',
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const text = `Спасибо, вопрос решён ${fresh.id('bye')}`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.driver.post('platform/client-close', { clientId: t.clientId, text });
    const d = await awaitCall(
      steps.deliveries,
      callOf(steps.engagement.main, 'closeChat', mark),
      `the closeChat call for client ${t.clientId}`,
      'operator-api-platform.closeChat.called-on-client-close',
    );
    ensureSame(bodyOf(d).text, text, "closeChat's text");
  },
);
