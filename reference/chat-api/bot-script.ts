/**
 * The simulator's bot as a script of "input → replies" (`serve chat-api --bot-script FILE`), so that an
 * app developer can make it answer with every reply type their rendering code must handle. The type
 * lives in reference/types.ts; the rules are tried in order, the first that matches answers.
 *
 * Reply items follow the Chat API page's example (`{"type": "text", "text": "…", "state": "/…"}`) and,
 * for the other types, the reply types of the JAICP platform the Chat API belongs to: `buttons`
 * (`buttons: [{text, transition?|url?}]`), `image` (`imageUrl`, `text?`), `file` (`fileUrl`,
 * `fileName?`, `mimeType?`), `carousel` (`text?`, `content: [{title, description?, image?, btnText?, url?}]`)
 * and `switch`, the transfer to an agent (`firstMessage?`, `closeChatPhrases?`, `appendCloseChatButton?`).
 * Other types are sent as written: the page's Reply is any object with a `type`.
 * @module
 */

import type { BotRule, BotScript } from '../types.ts';
import type { AnswerData } from './store.ts';
import { isObject } from '../common/json.ts';

export class BotScriptError extends Error {}

const text = (t: string) => ({ type: 'text', text: t });
const EXAMPLE = 'https://example.com';

/**
 * The default script. Its first and last rules are the bot the suite was built against ("hello", the
 * start event, any other event, any other text: one text reply each); in between, one input per reply
 * type shows each of them. "help" lists the inputs.
 */
export const DEFAULT_BOT_SCRIPT: BotScript = {
  rules: [
    { event: 'start', state: '/Start', replies: [text('Welcome! Ask me anything.')] },
    { query: 'hello', state: '/Hello', replies: [text('Hello! How can I help you?')] },
    { query: 'help', state: '/Help', replies: [text('Send "text", "buttons", "image", "file", "carousel" or "agent" to see each reply type.')] },
    { query: 'text', state: '/Text', replies: [text('A text reply: the Chat API page shows this type.')] },
    {
      query: 'buttons',
      state: '/Buttons',
      replies: [
        text('Buttons below a text. Pick one:'),
        {
          type: 'buttons',
          buttons: [
            { text: 'Yes', transition: '/Yes' },
            { text: 'No', transition: '/No' },
            { text: 'Open the site', url: `${EXAMPLE}/` },
          ],
        },
      ],
    },
    { query: 'image', state: '/Image', replies: [{ type: 'image', imageUrl: `${EXAMPLE}/images/cat.png`, text: 'An image with a caption.' }] },
    {
      query: 'file',
      state: '/File',
      replies: [{ type: 'file', fileUrl: `${EXAMPLE}/files/terms.pdf`, fileName: 'terms.pdf', mimeType: 'application/pdf', text: 'A file to download.' }],
    },
    {
      query: 'carousel',
      state: '/Carousel',
      replies: [
        {
          type: 'carousel',
          text: 'A carousel of cards:',
          content: [
            { title: 'First card', description: 'A card with an image and a button.', image: `${EXAMPLE}/images/1.png`, btnText: 'Open', url: `${EXAMPLE}/1` },
            { title: 'Second card', description: 'Another one.', image: `${EXAMPLE}/images/2.png`, btnText: 'Open', url: `${EXAMPLE}/2` },
          ],
        },
      ],
    },
    {
      query: 'agent',
      state: '/Agent',
      replies: [
        text('Switching you to an agent.'),
        {
          type: 'switch',
          firstMessage: 'The client asked for an agent.',
          closeChatPhrases: ['/close'],
          appendCloseChatButton: true,
          lastMessage: 'The agent has left the chat.',
        },
      ],
    },
    { event: '*', state: '/Event', replies: [text('Event received: {event}')] },
    { query: '*', state: '/CatchAll', replies: [text('You said: {query}')] },
  ],
};

/** Required fields of the reply types this module documents: a file without them fails on load, not in the app. */
const REQUIRED: Record<string, Record<string, 'string' | 'array'>> = {
  text: { text: 'string' },
  buttons: { buttons: 'array' },
  image: { imageUrl: 'string' },
  file: { fileUrl: 'string' },
  carousel: { content: 'array' },
  switch: {},
};

/** Check what a script file holds. Keys starting with "//" are comments, as in the settings file. */
export function parseBotScript(raw: unknown): BotScript {
  if (!isObject(raw) || !Array.isArray(raw.rules)) throw new BotScriptError('it must be a JSON object with "rules": a list of {"query" or "event", "replies"}');
  for (const key of Object.keys(raw)) if (key !== 'rules' && !key.startsWith('//')) throw new BotScriptError(`unknown key "${key}" (known: rules)`);
  if (raw.rules.length === 0) throw new BotScriptError('"rules" is empty');
  const rules = raw.rules.map((r, i): BotRule => {
    const where = `rule ${i + 1}`;
    if (!isObject(r)) throw new BotScriptError(`${where} must be an object`);
    for (const key of Object.keys(r)) {
      if (!['query', 'event', 'state', 'replies'].includes(key) && !key.startsWith('//'))
        throw new BotScriptError(`${where}: unknown key "${key}" (known: query, event, state, replies)`);
    }
    if ((r.query === undefined) === (r.event === undefined))
      throw new BotScriptError(`${where} needs exactly one of "query" (the client's text, or "*") and "event" (an event's name, or "*")`);
    for (const key of ['query', 'event', 'state'] as const)
      if (r[key] !== undefined && typeof r[key] !== 'string') throw new BotScriptError(`${where}: "${key}" must be a string`);
    const named = `${where} (${r.query !== undefined ? `query ${JSON.stringify(r.query)}` : `event ${JSON.stringify(r.event)}`})`;
    if (!Array.isArray(r.replies) || r.replies.length === 0) throw new BotScriptError(`${named}: "replies" must be a non-empty list of reply items`);
    r.replies.forEach((reply, j) => {
      const at = `${named}, reply ${j + 1}`;
      if (!isObject(reply) || typeof reply.type !== 'string' || reply.type === '')
        throw new BotScriptError(`${at} must be an object with a "type" (text, buttons, image, file, carousel, switch…)`);
      for (const [field, kind] of Object.entries(REQUIRED[reply.type] ?? {})) {
        const ok = kind === 'array' ? Array.isArray(reply[field]) && (reply[field] as unknown[]).length > 0 : typeof reply[field] === 'string';
        if (!ok) throw new BotScriptError(`${at} of type "${reply.type}" needs "${field}" (${kind === 'array' ? 'a non-empty list' : 'a string'})`);
      }
      // The spec's Reply: `text` and `state`, when present, are strings.
      for (const field of ['text', 'state'])
        if (reply[field] !== undefined && typeof reply[field] !== 'string') throw new BotScriptError(`${at}: "${field}" must be a string`);
      if (reply.type === 'buttons') {
        (reply.buttons as unknown[]).forEach((b, k) => {
          if (!isObject(b) || typeof b.text !== 'string') throw new BotScriptError(`${at}: button ${k + 1} needs "text" (a string)`);
        });
      }
    });
    return {
      ...(r.query !== undefined ? { query: r.query as string } : { event: r.event as string }),
      ...(r.state !== undefined ? { state: r.state as string } : {}),
      replies: r.replies as BotRule['replies'],
    };
  });
  return { rules };
}

export interface BotInput {
  query?: string;
  event?: string;
}

/**
 * The script's answer to a request. A request carrying an event is answered by an event rule (the
 * event names what happened in the app; a query would only be context), any other by a query rule.
 * Without a matching rule: "You said: …" or "Event received: …", as the default script's last rules.
 * `answer` is the text of the replies that have one, joined by a line break ("" when none has).
 */
export function scriptAnswer(script: BotScript, input: BotInput): AnswerData {
  const byEvent = input.event !== undefined;
  const said = byEvent ? (input.event as string) : (input.query ?? '');
  const key = said.trim().toLowerCase();
  const rule =
    script.rules.find((r) =>
      byEvent
        ? r.event !== undefined && (r.event === '*' || r.event === said)
        : r.query !== undefined && (r.query === '*' || r.query.trim().toLowerCase() === key),
    ) ??
    (byEvent
      ? { event: '*', state: '/Event', replies: [text('Event received: {event}')] }
      : { query: '*', state: '/CatchAll', replies: [text('You said: {query}')] });
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\{(query|event)\}/g, (_, k: string) => (k === 'query' ? (input.query ?? '') : (input.event ?? '')));
    if (Array.isArray(v)) return v.map(fill);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  const replies = rule.replies.map((r) => {
    const filled = fill(r) as { type: string; [key: string]: unknown };
    return rule.state !== undefined && filled.state === undefined ? { ...filled, state: rule.state } : filled;
  });
  const answer = replies
    .map((r) => r.text)
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .join('\n');
  return { replies, answer } as AnswerData;
}
