import { test, expect } from '@playwright/test';
import { Redactor, redactCredential } from '../../harness/secrets/redactor.ts';

test('replaces a secret in text, URL-encoded and JSON-escaped forms', () => {
  const r = new Redactor();
  r.add('tok/en+"x', '$TOKEN');
  expect(r.text('a tok/en+"x b')).toBe('a $TOKEN b');
  expect(r.text(`/chatapi/${encodeURIComponent('tok/en+"x')}/events`)).toBe('/chatapi/$TOKEN/events');
  expect(r.text(JSON.stringify({ t: 'tok/en+"x' }))).toBe('{"t":"$TOKEN"}');
});

test('hides Authorization-like headers whole, keeping the scheme word', () => {
  const r = new Redactor();
  expect(r.headers({ Authorization: 'Token abc123', 'Content-Type': 'application/json', cookie: 'a=b' })).toEqual({
    authorization: 'Token <redacted>',
    'content-type': 'application/json',
    cookie: '<redacted>',
  });
  expect(redactCredential('abcdef')).toBe('<redacted>');
});

test('redacts keys and values deep inside JSON', () => {
  const r = new Redactor();
  r.add('s3cr3t-value', '$TOKEN');
  expect(r.json({ a: ['x s3cr3t-value y'], 's3cr3t-value': 1 })).toEqual({ a: ['x $TOKEN y'], $TOKEN: 1 });
});

test('the longer of two overlapping secrets is replaced whole', () => {
  const r = new Redactor();
  r.add('abcd', '$SHORT');
  r.add('abcdefgh', '$LONG');
  expect(r.text('abcdefgh abcd')).toBe('$LONG $SHORT');
});

test('ignores empty and very short secrets rather than shredding text', () => {
  const r = new Redactor();
  r.add('', '$X');
  r.add('ab', '$Y');
  expect(r.text('abc')).toBe('abc');
});
