/** selectDestination: the chatbot platform hands a client over to an agent group. */
import { isDeepStrictEqual } from 'node:util';
import { check, test } from '../../fixtures/operator-api.ts';
import { ensure, ensure2xx, describe, isObject } from '../../harness/checks/ensure.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import { agentChat, firstDestinationId, type AgentChat } from './helpers.ts';

const SECTION = 'POST /selectDestination';

/**
 * selectDestination for the user with these fields (to the first agent group), which must be
 * accepted; returns what the agent then sees of the chat.
 */
async function agentSeesAfter(api: IutClient, driver: DriverClient, userId: string, fields: Record<string, unknown>, what: string): Promise<AgentChat> {
  const destinationId = await firstDestinationId(api);
  ensure2xx(await api.call('selectDestination', { body: { userId, destinationId, ...fields } }), what);
  return agentChat(driver, userId);
}

check(
  {
    id: 'operator-api.selectDestination.accepts-all-fields',
    title: 'selectDestination accepts userName, attributes, hiddenAttributes and customData with a 2xx status',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'The method creates a session between the chatbot client and the selected agent.',
    rule: 'op.selectDestination.shape',
  },
  async ({ api, fresh }) => {
    const destinationId = await firstDestinationId(api);
    const res = await api.call('selectDestination', {
      body: {
        userId: fresh.id(),
        destinationId,
        userName: 'Ada Lovelace',
        attributes: { plan: 'gold' },
        hiddenAttributes: { crm: 'internal' },
        customData: { source: 'conformance' },
      },
    });
    ensure2xx(res, 'selectDestination with every optional field');
  },
);

check(
  {
    id: 'operator-api.selectDestination.accepts-required-only',
    title: 'selectDestination accepts a request with only userId and destinationId with a 2xx status',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'If no value is passed, the agent will see {channel} {userId} as the name.',
  },
  async ({ api, fresh }) => {
    const destinationId = await firstDestinationId(api);
    const res = await api.call('selectDestination', { body: { userId: fresh.id(), destinationId } });
    ensure2xx(res, 'selectDestination without optional fields');
  },
);

check(
  {
    id: 'operator-api.selectDestination.accepts-pre-chat-json-strings',
    title: 'selectDestination accepts attributes and hiddenAttributes given as strings holding JSON, the type of the table, with a 2xx status',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'Accepts JSON in the {"key":"value"} form.',
  },
  async ({ api, fresh }) => {
    const destinationId = await firstDestinationId(api);
    const res = await api.call('selectDestination', {
      body: { userId: fresh.id(), destinationId, attributes: '{"plan":"gold"}', hiddenAttributes: '{"crm":"internal"}' },
    });
    ensure2xx(res, 'selectDestination with attributes and hiddenAttributes as JSON strings');
  },
);

check(
  {
    id: 'operator-api.selectDestination.hidden-attributes-not-shown',
    title: 'hiddenAttributes never reach the agent',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'Pre-chat field that will not be sent to the agent.',
    rule: 'op.selectDestination.hidden-attributes',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const hiddenKey = fresh.id('hiddenkey');
    const hiddenValue = fresh.id('hiddenvalue');
    const chat = await agentSeesAfter(
      api,
      driver,
      userId,
      { attributes: { visible: 'yes' }, hiddenAttributes: { [hiddenKey]: hiddenValue } },
      'selectDestination',
    );
    const seen = JSON.stringify(chat);
    ensure(
      !seen.includes(hiddenKey) && !seen.includes(hiddenValue),
      `the agent sees the hidden attribute ${hiddenKey} in ${describe(chat)}`,
      'no trace of hiddenAttributes in what the agent sees',
      chat,
    );
  },
);

check(
  {
    id: 'operator-api.selectDestination.attributes-shown',
    title: 'attributes reach the agent as additional client information',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-attributes-shown',
    rule: 'op.selectDestination.attributes',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const value = fresh.id('value');
    const chat = await agentSeesAfter(api, driver, userId, { attributes: { plan: value } }, 'selectDestination');
    ensure(
      chat.attributes.plan === value,
      `the agent sees attributes ${describe(chat.attributes)}, expected plan = ${value}`,
      { plan: value },
      chat.attributes,
    );
  },
);

check(
  {
    id: 'operator-api.selectDestination.attributes-string-shown',
    title: 'attributes given as a string holding JSON reach the agent as the same keys and values',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-pre-chat-string-accepted',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const value = fresh.id('value');
    const attributes = JSON.stringify({ plan: value });
    const chat = await agentSeesAfter(api, driver, userId, { attributes }, 'selectDestination with attributes as a JSON string');
    ensure(
      chat.attributes.plan === value,
      `the agent sees attributes ${describe(chat.attributes)}, expected plan = ${value} (sent as ${describe(attributes)})`,
      { plan: value },
      chat.attributes,
    );
  },
);

check(
  {
    id: 'operator-api.selectDestination.custom-data-reaches-agent',
    title: 'the customData given to selectDestination is what the driver shows the agent as customData',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-custom-data-reaches-agent',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const customData = { orderId: fresh.id('order'), vip: true, tags: ['returning', 'ümlaut'] };
    const chat = await agentSeesAfter(api, driver, userId, { customData }, 'selectDestination with customData');
    // An additive field of the driver protocol: a driver that does not show it cannot tell.
    test.skip(
      chat.customData === undefined,
      "the driver's GET operator/chat answer has no customData field, so what the agent sees of customData cannot be observed",
    );
    // Every key given reaches the agent with its value; a platform may add keys of its own.
    const seen = isObject(chat.customData) ? chat.customData : {};
    const lost = Object.entries(customData)
      .filter(([k, v]) => !isDeepStrictEqual(seen[k], v))
      .map(([k]) => k);
    ensure(
      lost.length === 0,
      `the agent sees customData ${describe(chat.customData)}, without ${lost.join(', ')} as given (${describe(customData)})`,
      customData,
      chat.customData,
    );
  },
);

check(
  {
    id: 'operator-api.selectDestination.default-user-name',
    title: 'without userName the agent sees a name of the form "{channel} {userId}"',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-default-user-name',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const { userName } = await agentSeesAfter(api, driver, userId, {}, 'selectDestination');
    // {channel} is not defined by the documents: any non-empty word, a space, then the userId.
    const ok = userName.endsWith(` ${userId}`) && userName.slice(0, -userId.length - 1).trim().length > 0;
    ensure(ok, `the agent sees the name ${describe(userName)}, expected "{channel} ${userId}"`, `{channel} ${userId}`, userName);
  },
);

check(
  {
    id: 'operator-api.selectDestination.user-name-shown',
    title: 'the userName given to selectDestination is the name the agent sees',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-user-name-shown',
    rule: 'op.selectDestination.user-name',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const userName = 'Zoë Ångström';
    const chat = await agentSeesAfter(api, driver, userId, { userName }, 'selectDestination');
    ensure(
      chat.userName.includes(userName),
      `the agent sees the name ${describe(chat.userName)}, expected it to contain ${describe(userName)}`,
      userName,
      chat.userName,
    );
  },
);
