/**
 * A button press of the visitor, as the document's "Supported message content: Pressing a button"
 * gives it: `"message": {"id", "kind": "keyboard_response", "data": {"button": {"id", "text"}}}`.
 * The button is one of a keyboard the agent sent (send_message, kind keyboard), so its id is the
 * agent's and must come back as it was.
 * (Each check lists the `platform` fixture, which tells the IUT where the platform is.)
 */
import { check } from '../../fixtures/omnichannel-client.ts';
import { ensure, ensureNoSchemaErrors, isObject } from '../../harness/checks/ensure.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { DeliveryWatcher } from '../../harness/receiver/delivery-watcher.ts';
import type { Delivery } from '../../harness/receiver/receiver.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import { shown, about, eventOf, messageOf, openChat, sendMessage, visitorDoes, visitorOf } from './helpers.ts';
import type { AgentAuth } from '../../fixtures/omnichannel-client.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { Receiver } from '../../harness/receiver/receiver.ts';

const CONTENT = 'Supported message content';

/**
 * The agent shows a keyboard in a chat a visitor opened (the answer is not judged here), and the
 * visitor presses one of its buttons; returns the IUT's post of the press.
 */
async function postedPress({
  api,
  driver,
  receiver,
  deliveries,
  fresh,
  run,
  agentAuth,
}: {
  api: IutClient;
  driver: DriverClient;
  receiver: Receiver;
  deliveries: DeliveryWatcher;
  fresh: Fresh;
  run: { timeoutMs: number };
  agentAuth: AgentAuth;
}): Promise<{ d: Delivery; button: { id: string; text: string } }> {
  const visitor = visitorOf(fresh);
  const chat = await openChat(driver, receiver, fresh, run.timeoutMs, visitor);
  const chatId = chat.chatId;
  const button = { id: fresh.id('btn'), text: `Yes, please ${fresh.id('label')}` };
  const other = { id: fresh.id('btn'), text: 'No, thanks' };
  await sendMessage(api, { chat_id: chat.posted, message: { kind: 'keyboard', buttons: [[button, other]] } }, agentAuth.headers);
  // The chat's first message was posted before the press: only what arrives from now on is the press.
  const since = receiver.nextSeq;
  const ofChat = about(chatId, button.id);
  await visitorDoes(driver, { chatId, visitor, kind: 'keyboard_response', button });
  const d = await deliveries.waitFor((x) => x.seq >= since && ofChat(x), `the new_message for the button press ${button.id} in chat ${chatId}`);
  return { d, button };
}

check(
  {
    id: 'omnichannel-client.keyboard_response.matches-schema',
    title: 'a button press is posted as a valid new_message whose message has kind "keyboard_response" and the button',
    level: 'MUST',
    doc: 'omnichannel',
    section: CONTENT,
    quote: '"kind": "keyboard_response",',
  },
  async ({ api, driver, receiver, deliveries, fresh, run, platform, agentAuth, validators, coverage }) => {
    driver.require();
    const { d } = await postedPress({ api, driver, receiver, deliveries, fresh, run, agentAuth });
    coverage.operations.push(['postInboundEvent', d.status]);
    const body = eventOf(d);
    // The message's own schema first: its errors say more than the union's of InboundRequest.
    const errors = [
      ...validators.validate('KeyboardResponseMessage', body?.message, 'new_message body message'),
      ...validators.validate('InboundRequest', body, 'new_message body'),
    ];
    deliveries.annotate(d, errors);
    ensureNoSchemaErrors(errors, 'the posted new_message');
  },
);

check(
  {
    id: 'omnichannel-client.keyboard_response.button-intact',
    title: "data.button carries the pressed button's id and text",
    level: 'MUST',
    doc: 'omnichannel',
    section: CONTENT,
    quote: '"text": (string — button text)',
    rule: 'omni.keyboard_response.button',
  },
  async ({ api, driver, receiver, deliveries, fresh, run, platform, agentAuth }) => {
    driver.require();
    const { d, button } = await postedPress({ api, driver, receiver, deliveries, fresh, run, agentAuth });
    const data = messageOf(d)?.data;
    const got = isObject(data) && isObject(data.button) ? data.button : undefined;
    ensure(
      got !== undefined && got.id === button.id && got.text === button.text,
      `message.data.button of the posted press is ${shown(got)}, expected ${shown(button)}`,
      button,
      got,
    );
  },
);
