/**
 * closeChat: the client closed the chat. Whether the agent then sees the chat as closed, or its text,
 * is not specified (reading op-not-checked), so only the answer is checked.
 */
import { check } from '../../fixtures/operator-api.ts';
import { ensure2xx } from '../../harness/checks/ensure.ts';
import { openChat } from './helpers.ts';

check(
  {
    id: 'operator-api.closeChat.accepts-valid-request',
    title: 'closeChat accepts a request with userId and text with a 2xx status',
    level: 'MUST',
    doc: 'operator',
    section: 'Method support',
    quote: 'you will need to create a web server that supports',
    rule: 'op.closeChat.shape',
  },
  async ({ api, fresh }) => {
    const userId = fresh.id();
    await openChat(api, userId);
    ensure2xx(await api.call('closeChat', { body: { userId, text: 'The user closed the dialog' } }), 'closeChat');
  },
);
