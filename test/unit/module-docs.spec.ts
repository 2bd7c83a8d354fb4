/**
 * Module doc comments are placed where editors and TypeDoc show them. A comment that says what a file
 * is for belongs at the very top, before the imports, tagged `@module`: left below the imports, it
 * sits on the file's first declaration, and hovering that export shows the module's description while
 * the module has none.
 *
 * The rule held here is mechanical, so it has no false positives: a file with two or more top-level
 * exports (a module people import from, not a single function whose own comment says it all) starts
 * with a `/** … @module *\/` comment; and `@module` appears in no other comment (a second, misplaced
 * module comment). It covers the tracked (and new) .ts files of the product folders and the helper modules of
 * test/ (spec files export nothing).
 * @module
 */

import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../selftest/cli.ts';

const FOLDERS = ['harness/', 'fixtures/', 'reference/', 'suites/', 'scripts/', 'bench/', 'bin/', 'test/'];

// Tracked files and new ones not yet added (a new module is held to the rule before its first commit).
const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.ts'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f !== '' && FOLDERS.some((d) => f.startsWith(d)) && existsSync(path.join(ROOT, f)))
  .filter((f) => !(f.startsWith('test/') && f.endsWith('.spec.ts')));

const textOf = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

/** Top-level export statements: formatted code starts them at column 0. */
const exportCount = (text: string) => text.split('\n').filter((l) => /^export\s/.test(l)).length;

/** The file's first comment when the file begins with a doc comment, else undefined. */
function leadingDocComment(text: string): string | undefined {
  if (!text.startsWith('/**')) return undefined;
  return text.slice(0, text.indexOf('*/') + 2);
}

const MODULE_TAG = /^\s*\*\s*@module\s*$/m;

/** Why a file breaks the rule, or undefined when it keeps it. */
function problem(text: string): string | undefined {
  const head = leadingDocComment(text);
  if (exportCount(text) >= 2 && !(head && MODULE_TAG.test(head))) return 'has 2+ exports but does not start with a /** … @module */ comment';
  const rest = head ? text.slice(head.length) : text;
  if (MODULE_TAG.test(rest)) return 'a " * @module" line appears below the first comment of the file';
  return undefined;
}

test('the rule sees the files it is about', () => {
  // A broken listing (wrong cwd, a changed glob) would make the next test pass on nothing.
  expect(files.length).toBeGreaterThan(150);
  expect(files).toContain('harness/checks/ensure.ts');
  expect(files).toContain('test/selftest/cli.ts');
});

test('a module with two or more exports starts with its @module comment, and has no other', () => {
  const broken = files.flatMap((f) => {
    const why = problem(textOf(f));
    return why ? [`${f}: ${why}`] : [];
  });
  expect(broken, 'move the comment that describes the file to the top, before the imports, ending with " * @module"').toEqual([]);
});
