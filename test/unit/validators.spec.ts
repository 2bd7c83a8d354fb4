import { test, expect } from '@playwright/test';
import { SpecValidators } from '../../harness/validation/validators.ts';
import { describeAjvErrors } from '../../harness/validation/schema-errors.ts';

/**
 * Tables of good and bad documents with the exact sentences expected (style.md §11): the
 * validators are the suite's eyes, so they are tested like checks.
 */
const employee = { employeeId: 'e1', firstName: 'Ann', lastName: 'Lee', avatarUrl: 'https://x.test/a.png' };
const v = new SpecValidators('operator-api');

const good: Array<[string, string, unknown]> = [
  ['TextMessageEvent', 'a text message', { id: '1', userId: 'u', type: 'TextMessage', text: 'hi', employee }],
  ['TextMessageEvent', 'extra fields are allowed', { id: '1', userId: 'u', type: 'TextMessage', text: 'hi', employee, extra: { a: 1 } }],
  ['FileMessageEvent', 'size as an integer', { id: '1', userId: 'u', type: 'FileMessage', url: 'https://x.test/f', name: 'f', size: 2, comment: '', employee }],
  [
    'FileMessageEvent',
    'size as a numeric string (the documents’ example)',
    { id: '1', userId: 'u', type: 'FileMessage', url: 'https://x.test/f', name: 'f', size: '2', comment: 'c', employee },
  ],
  ['ClosedEvent', 'a closed event', { id: '1', userId: 'u', type: 'Closed', employee }],
  [
    'SelectDestinationEvent',
    'without employee',
    { id: '1', userId: 'u', type: 'SelectDestination', destination: { destinationId: 'd', name: 'n', hasOnline: true } },
  ],
  [
    'SelectDestinationEvent',
    'hasOnline as the string "true"',
    { id: '1', userId: 'u', type: 'SelectDestination', destination: { destinationId: 'd', name: 'n', hasOnline: 'true' } },
  ],
  ['DestinationsResponse', 'the documented answer', { destinations: [{ destinationId: '1', name: 'Agent group 1', hasOnline: true }] }],
  ['DestinationsResponse', 'no groups', { destinations: [] }],
];

const bad: Array<[string, string, unknown, string]> = [
  [
    'TextMessageEvent',
    'employee without avatarUrl',
    { id: '1', userId: 'u', type: 'TextMessage', text: 'hi', employee: { ...employee, avatarUrl: undefined } },
    'event body employee.avatarUrl is required',
  ],
  ['TextMessageEvent', 'no text', { id: '1', userId: 'u', type: 'TextMessage', employee }, 'event body text is required'],
  ['TextMessageEvent', 'numeric id', { id: 1, userId: 'u', type: 'TextMessage', text: 'x', employee }, 'event body id must be a string'],
  ['ClosedEvent', 'wrong type name', { id: '1', userId: 'u', type: 'Close', employee }, 'event body type must be "Closed"'],
  ['FileMessageEvent', 'no comment', { id: '1', userId: 'u', type: 'FileMessage', url: 'u', name: 'f', size: 2, employee }, 'event body comment is required'],
  [
    'SelectDestinationEvent',
    'destination without name',
    { id: '1', userId: 'u', type: 'SelectDestination', destination: { destinationId: 'd', hasOnline: true } },
    'event body destination.name is required',
  ],
  [
    'DestinationsResponse',
    'hasOnline as a string',
    { destinations: [{ destinationId: '1', name: 'n', hasOnline: 'true' }] },
    'event body destinations[0].hasOnline must be a boolean',
  ],
  ['DestinationsResponse', 'a bare array', [{ destinationId: '1', name: 'n', hasOnline: true }], 'event body must be an object'],
];

for (const [schema, label, doc] of good) {
  test(`${schema} accepts ${label}`, () => {
    expect(v.validate(schema, doc, 'event body')).toEqual([]);
  });
}

for (const [schema, label, doc, sentence] of bad) {
  test(`${schema} refuses ${label} with a located sentence`, () => {
    expect(v.validate(schema, JSON.parse(JSON.stringify(doc)), 'event body')).toContain(sentence);
  });
}

test('sentences locate array items and nested properties', () => {
  expect(
    describeAjvErrors(
      [{ keyword: 'type', instancePath: '/destinations/0/hasOnline', schemaPath: '#', params: { type: 'boolean' }, message: 'must be boolean' }],
      'response body',
    ),
  ).toEqual(['response body destinations[0].hasOnline must be a boolean']);
});
