/**
 * junit.xml: one <testcase> per check, grouped in one <testsuite> per suite; the requirement id,
 * level and source as properties; rule failures as <failure>, harness errors as <error>, SHOULD
 * warnings as passing cases with a <system-out> note (they do not gate unless --strict).
 * @module
 */

import type { RunResults } from './results.ts';

/** junit.xml of a run. */
export function renderJunit(r: RunResults): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = r.summary;
  out.push(
    `<testsuites name="channel-conformance" tests="${s.total}" failures="${r.checks.filter((c) => c.status === 'failed' && c.outcome !== 'error').length}" errors="${r.checks.filter((c) => c.status === 'failed' && c.outcome === 'error').length}" skipped="${s.skipped}" time="${sec(r.durationMs)}">`,
  );
  for (const suite of r.suites) {
    const checks = r.checks.filter((c) => c.suite === suite);
    const failures = checks.filter((c) => c.status === 'failed' && c.outcome !== 'error').length;
    const errors = checks.filter((c) => c.status === 'failed' && c.outcome === 'error').length;
    const skipped = checks.filter((c) => c.status === 'skipped').length;
    const time = checks.reduce((a, c) => a + c.durationMs, 0);
    out.push(
      `  <testsuite name="${x(suite)}" tests="${checks.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${sec(time)}" timestamp="${x(r.startedAt)}">`,
    );
    for (const c of checks) {
      out.push(`    <testcase name="${x(`${c.id} ${c.title}`)}" classname="${x(suite)}" time="${sec(c.durationMs)}">`);
      out.push('      <properties>');
      out.push(`        <property name="requirement" value="${x(c.id)}"/>`);
      out.push(`        <property name="level" value="${x(c.level)}"/>`);
      out.push(`        <property name="source" value="${x(`${c.source.document}#${c.source.section}`)}"/>`);
      if (c.source.title) out.push(`        <property name="source-title" value="${x(c.source.title)}"/>`);
      if (c.source.url) out.push(`        <property name="source-url" value="${x(c.source.url)}"/>`);
      out.push(`        <property name="status" value="${x(c.status)}"/>`);
      if (c.expectedFailure) out.push(`        <property name="expected-failure" value="${x(c.expectedFailure)}"/>`);
      out.push('      </properties>');
      const msg = c.message ?? '';
      if (c.status === 'failed') {
        const tag = c.outcome === 'error' ? 'error' : 'failure';
        const detail = [msg, c.expected !== undefined ? `expected: ${c.expected}` : '', c.received !== undefined ? `received: ${c.received}` : '']
          .filter(Boolean)
          .join('\n');
        out.push(`      <${tag} message="${x(msg)}" type="${c.level}">${x(detail)}</${tag}>`);
      } else if (c.status === 'skipped') {
        out.push(`      <skipped message="${x(msg)}"/>`);
      } else if (c.status === 'warning') {
        out.push(`      <system-out>${x(`WARNING (SHOULD): ${msg}`)}</system-out>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function sec(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** XML-escape text and attribute values; characters XML 1.0 forbids are dropped. */
export function x(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
