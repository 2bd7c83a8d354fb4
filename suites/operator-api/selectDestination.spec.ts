/** selectDestination: the chatbot platform hands a client over to an agent group. */
import { check } from '../../fixtures/operator-api.ts';
import { ensure, ensure2xx, describe } from '../../harness/checks/ensure.ts';
import { agentChat, firstDestinationId } from './helpers.ts';

check(
  {
    id: 'operator-api.selectDestination.accepts-all-fields',
    title: 'selectDestination accepts userName, attributes, hiddenAttributes and customData',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /selectDestination',
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
    title: 'selectDestination accepts a request with only userId and destinationId',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /selectDestination',
  },
  async ({ api, fresh }) => {
    const destinationId = await firstDestinationId(api);
    const res = await api.call('selectDestination', { body: { userId: fresh.id(), destinationId } });
    ensure2xx(res, 'selectDestination without optional fields');
  },
);

check(
  {
    id: 'operator-api.selectDestination.hidden-attributes-not-shown',
    title: 'hiddenAttributes never reach the agent',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /selectDestination',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const hiddenKey = fresh.id('hiddenkey');
    const hiddenValue = fresh.id('hiddenvalue');
    const destinationId = await firstDestinationId(api);
    ensure2xx(
      await api.call('selectDestination', {
        body: { userId, destinationId, attributes: { visible: 'yes' }, hiddenAttributes: { [hiddenKey]: hiddenValue } },
      }),
      'selectDestination',
    );
    const chat = await agentChat(driver, userId);
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
    doc: 'operator',
    section: 'POST /selectDestination',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const value = fresh.id('value');
    const destinationId = await firstDestinationId(api);
    ensure2xx(await api.call('selectDestination', { body: { userId, destinationId, attributes: { plan: value } } }), 'selectDestination');
    const chat = await agentChat(driver, userId);
    ensure(chat.attributes.plan === value, `the agent sees attributes ${describe(chat.attributes)}, expected plan = ${value}`, { plan: value }, chat.attributes);
  },
);

check(
  {
    id: 'operator-api.selectDestination.default-user-name',
    title: 'without userName the agent sees a name of the form "{channel} {userId}"',
    level: 'SHOULD',
    doc: 'operator',
    section: 'POST /selectDestination',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const destinationId = await firstDestinationId(api);
    ensure2xx(await api.call('selectDestination', { body: { userId, destinationId } }), 'selectDestination');
    const { userName } = await agentChat(driver, userId);
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
    doc: 'operator',
    section: 'POST /selectDestination',
  },
  async ({ api, driver, fresh }) => {
    driver.require();
    const userId = fresh.id();
    const userName = 'Zoë Ångström';
    const destinationId = await firstDestinationId(api);
    ensure2xx(await api.call('selectDestination', { body: { userId, destinationId, userName } }), 'selectDestination');
    const chat = await agentChat(driver, userId);
    ensure(chat.userName.includes(userName), `the agent sees the name ${describe(chat.userName)}, expected it to contain ${describe(userName)}`, userName, chat.userName);
  },
);
