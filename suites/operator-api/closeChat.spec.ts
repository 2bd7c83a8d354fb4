/**
 * closeChat: the client closed the chat. Whether the agent then sees the chat as closed is not
 * specified (assumptions.md), so only the answer is checked.
 */
import { check } from '../../fixtures/operator-api.ts';
import { ensure2xx } from '../../harness/checks/ensure.ts';
import { openChat } from './helpers.ts';

check(
  {
    id: 'operator-api.closeChat.accepts-valid-request',
    title: 'closeChat accepts a valid request',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /closeChat',
  },
  async ({ api, fresh }) => {
    const userId = fresh.id();
    await openChat(api, userId);
    ensure2xx(await api.call('closeChat', { body: { userId, text: 'The user closed the dialog' } }), 'closeChat');
  },
);
