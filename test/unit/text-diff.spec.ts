import { test, expect } from '@playwright/test';
import { ensureTextAmong, firstDifference } from '../../harness/checks/text-diff.ts';
import { CheckFailure } from '../../harness/checks/failure.ts';

/** Expected versus received, like with like: the corresponding text and the first differing character. */
const CASES: Array<{ name: string; received: string[]; expected: string; message: string | null }> = [
  { name: 'found among others', received: ['hello', 'Café'], expected: 'Café', message: null },
  {
    name: 'Latin-1 mangling, the closest of several',
    received: ['greeting', 'CafÃ© déjà', 'unrelated text that is long'],
    expected: 'Café déjà',
    message: 'the text: the closest of the 3 texts that arrived differs from the expected text at character 4: expected "é" U+00E9, received "Ã" U+00C3',
  },
  {
    name: 'a character outside the BMP counts as one code point',
    received: ['Thanks 👍🏽 ?'],
    expected: 'Thanks 👍🏽 👩',
    message: 'the text: the one text that arrived differs from the expected text at character 11: expected "👩" U+1F469, received "?" U+003F',
  },
  {
    name: 'truncated',
    received: ['abc'],
    expected: 'abcd',
    message: 'the text: the one text that arrived differs from the expected text at character 4: expected "d" U+0064, received the end of the text',
  },
  {
    name: 'a control character is shown escaped',
    received: ['a\nb'],
    expected: 'a\r\nb',
    message: 'the text: the one text that arrived differs from the expected text at character 2: expected "\\r" U+000D, received "\\n" U+000A',
  },
  { name: 'nothing arrived', received: [], expected: 'x', message: 'the text: no text arrived at all, expected "x"' },
];

for (const c of CASES) {
  test(`ensureTextAmong: ${c.name}`, () => {
    let err: unknown;
    try {
      ensureTextAmong(c.received, c.expected, 'the text');
    } catch (e) {
      err = e;
    }
    if (c.message === null) expect(err).toBeUndefined();
    else {
      expect(err).toBeInstanceOf(CheckFailure);
      expect((err as CheckFailure).message).toBe(c.message);
      expect((err as CheckFailure).expected).toBe(c.expected);
      // The received value is the one corresponding text, never the whole list.
      if (c.received.length) expect(c.received).toContain((err as CheckFailure).received);
    }
  });
}

test('firstDifference of equal texts points past the end on both sides', () => {
  expect(firstDifference('ab', 'ab')).toEqual({ index: 2, expected: 'the end of the text', received: 'the end of the text' });
});
