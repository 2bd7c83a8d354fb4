/**
 * sendFile: while an agent has the dialog, a file the client sends (driver: `POST platform/client-file`)
 * goes to the engagement platform as a link.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { describe, ensure, ensureEqual, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { awaitCall, bodyOf, requestSchemaErrors, transferredClient } from './helpers.ts';
import { callOf } from '../../fixtures/operator-api-platform.ts';

const SECTION = 'POST /sendFile';

check(
  {
    id: 'operator-api-platform.sendFile.called-for-client-file',
    title: "a file the client sends during a transfer reaches sendFile with the client's userId and the file's url",
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const url = `https://files.example.test/${fresh.id('f')}/invoice%20march.pdf?sig=a1&exp=2`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.driver.post('platform/client-file', { clientId: t.clientId, url, fileName: 'invoice march.pdf', size: 48213 });
    const d = await steps.deliveries.waitFor(callOf(steps.engagement.main, 'sendFile', mark), `a sendFile call for client ${t.clientId}`);
    const body = bodyOf(d);
    ensureEqual(body.userId, t.userId, "sendFile's userId (the one selectDestination gave the client)");
    ensureEqual(body.url, url, "sendFile's url");
  },
);

check(
  {
    id: 'operator-api-platform.sendFile.matches-schema',
    title: 'the sendFile body has userId and url strings, fileName a string and size an integer',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
  },
  async ({ steps, fresh, validators, coverage }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.driver.post('platform/client-file', { clientId: t.clientId, url: 'https://files.example.test/photo.jpg', fileName: 'photo.jpg', size: 12 });
    const d = await awaitCall(steps.deliveries, callOf(steps.engagement.main, 'sendFile', mark), `the sendFile call for client ${t.clientId}`, 'operator-api-platform.sendFile.called-for-client-file');
    ensureNoSchemaErrors(requestSchemaErrors(validators, steps.deliveries, coverage, d, 'sendFile', 'SendFileRequest'), 'the sendFile request body');
  },
);

check(
  {
    id: 'operator-api-platform.sendFile.name-and-size-passed',
    title: "sendFile carries the file's name and size when the platform knows them",
    level: 'SHOULD',
    doc: 'operator',
    section: SECTION,
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const fileName = 'Отчёт 2026 (final).xlsx';
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.driver.post('platform/client-file', { clientId: t.clientId, url: 'https://files.example.test/report.xlsx', fileName, size: 734003 });
    const d = await awaitCall(steps.deliveries, callOf(steps.engagement.main, 'sendFile', mark), `the sendFile call for client ${t.clientId}`, 'operator-api-platform.sendFile.called-for-client-file');
    const body = bodyOf(d);
    ensureEqual(body.fileName, fileName, "sendFile's fileName");
    // The integer form is judged by sendFile.matches-schema; here only the value.
    ensure(String(body.size) === '734003', `sendFile's size is ${describe(body.size)}, expected 734003`, 734003, body.size);
  },
);
