/**
 * sendFile: while an agent has the dialog, a file the client sends (driver: `POST platform/client-file`)
 * goes to the engagement platform as a link.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { ensure, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { awaitCall, bodyOf, ensureSame, requestSchemaErrors, shown, transferredClient } from './helpers.ts';
import { callOf } from '../../fixtures/operator-api-platform.ts';
import { isHttpUrl } from '../../harness/checks/json.ts';

const SECTION = 'POST /sendFile';

check(
  {
    id: 'operator-api-platform.sendFile.called-for-client-file',
    title: "a file the client sends during a transfer reaches sendFile with the client's userId and an http(s) url for the file",
    level: 'MUST',
    doc: 'readings',
    section: 'op-platform-client-file-link',
    rule: 'op.sendFile.file-link',
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const url = `https://files.example.test/${fresh.id('f')}/invoice%20march.pdf?sig=a1&exp=2`;
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.driver.post('platform/client-file', { clientId: t.clientId, url, fileName: 'invoice march.pdf', size: 48213 });
    const d = await steps.deliveries.waitFor(callOf(steps.engagement.main, 'sendFile', mark), `a sendFile call for client ${t.clientId}`);
    const body = bodyOf(d);
    ensureSame(body.userId, t.userId, "sendFile's userId (the one selectDestination gave the client)");
    // The client's url, or the platform's link to its own copy (reading op-platform-client-file-rehosted).
    ensure(
      typeof body.url === 'string' && isHttpUrl(body.url),
      `sendFile's url is ${shown(body.url)}, expected an absolute http(s) link to the file`,
      'an http(s) URL',
      body.url,
    );
  },
);

check(
  {
    id: 'operator-api-platform.sendFile.matches-schema',
    title: 'the sendFile body has userId and url strings, and fileName a string and size an integer when given (null counts as absent)',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'size | integer | No | File size in bytes.',
    rule: 'op.sendFile.shape',
  },
  async ({ steps, fresh, validators, coverage }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    // One file whose name and size the client gave, one without (the optional fields absent or null).
    const files = [{ url: 'https://files.example.test/photo.jpg', fileName: 'photo.jpg', size: 12 }, { url: 'https://files.example.test/voice.ogg' }];
    for (const file of files) {
      const mark = steps.deliveries.receiver.nextSeq;
      await steps.driver.post('platform/client-file', { clientId: t.clientId, ...file });
      const d = await awaitCall(
        steps.deliveries,
        callOf(steps.engagement.main, 'sendFile', mark),
        `the sendFile call for client ${t.clientId}'s ${file.url}`,
        'operator-api-platform.sendFile.called-for-client-file',
      );
      ensureNoSchemaErrors(
        requestSchemaErrors(validators, steps.deliveries, coverage, d, 'sendFile', 'SendFileRequest'),
        `the sendFile request body for a file ${'size' in file ? 'with' : 'without'} fileName and size`,
      );
    }
  },
);

check(
  {
    id: 'operator-api-platform.sendFile.name-and-size-passed',
    title: "sendFile carries the file's name and size when the platform knows them",
    level: 'SHOULD',
    doc: 'operator',
    section: SECTION,
    quote: 'fileName | string | No | Name of the file to be downloaded.',
  },
  async ({ steps, fresh }) => {
    const t = await transferredClient(steps, fresh.id('client'));
    const fileName = 'Отчёт 2026 (final).xlsx';
    const mark = steps.deliveries.receiver.nextSeq;
    await steps.driver.post('platform/client-file', { clientId: t.clientId, url: 'https://files.example.test/report.xlsx', fileName, size: 734003 });
    const d = await awaitCall(
      steps.deliveries,
      callOf(steps.engagement.main, 'sendFile', mark),
      `the sendFile call for client ${t.clientId}`,
      'operator-api-platform.sendFile.called-for-client-file',
    );
    const body = bodyOf(d);
    ensureSame(body.fileName, fileName, "sendFile's fileName");
    // The integer form is judged by sendFile.matches-schema; here only the value.
    ensure(String(body.size) === '734003', `sendFile's size is ${shown(body.size)}, expected 734003`, 734003, body.size);
  },
);
