/**
 * The settings file of `run`: channel-conformance.config.json (or .mjs) in the working folder, or the
 * file given with --config. Its keys are the names of run's options without the dashes ("target",
 * "timeout", "receiver-url"), so there is one vocabulary to learn; a flag given on the command line
 * overrides the file. Keys starting with "//" are comments (JSON has no comments, and a file that
 * other tools must parse cannot have them: see harness/config/starter.ts).
 *
 * Tokens are refused: this file is committed and shared, a token belongs to the environment (the CI
 * secret store). The refusal never repeats the value.
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CONFIG_NAMES = ['channel-conformance.config.json', 'channel-conformance.config.mjs'];

export class ConfigError extends Error {}

/** What the file sets, in the form the command line would give it: strings and booleans, and the suites. */
export interface FileSettings {
  /** The file, as found or given (for messages). */
  file: string;
  values: Record<string, string | boolean>;
  suites?: string[];
}

type Kind = 'string' | 'url' | 'path' | 'integer' | 'boolean';

/** Every key a file may hold: run's options that describe a setup, not a single invocation. */
const KEYS: Record<string, Kind> = {
  target: 'url',
  driver: 'string',
  profile: 'string',
  strict: 'boolean',
  timeout: 'integer',
  'manual-wait': 'integer',
  report: 'path',
  expect: 'path',
  'receiver-host': 'string',
  'receiver-port': 'integer',
  'receiver-url': 'url',
  'receiver-body-limit': 'integer',
};

/** Key names that hold a secret, in any spelling ("token", "clientToken", "api_key", "password"). */
const SECRET_KEY = /token|secret|password|passwd|api[-_]?key|authorization/i;

/** The file to read: the one given, or the one in the working folder, or none. */
export function findConfigFile(given: string | undefined, cwd = process.cwd()): string | undefined {
  if (given !== undefined) {
    if (!existsSync(given)) throw new ConfigError(`the config file ${given} does not exist`);
    return given;
  }
  const found = CONFIG_NAMES.filter((n) => existsSync(path.join(cwd, n)));
  if (found.length > 1) throw new ConfigError(`both ${found.join(' and ')} exist in ${cwd}: keep one`);
  return found.length ? path.join(cwd, found[0]) : undefined;
}

export async function loadConfigFile(file: string): Promise<FileSettings> {
  const name = path.basename(file);
  let raw: unknown;
  if (/\.m?js$/.test(file)) {
    try {
      raw = ((await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown }).default;
    } catch (e) {
      throw new ConfigError(`${name} does not load: ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`${name} is not JSON (${(e as Error).message.split('\n')[0]})`);
    }
  }
  return parseSettings(raw, file);
}

/** Validate what a file holds; relative paths are taken from the file's folder, as in tsconfig. */
export function parseSettings(raw: unknown, file: string): FileSettings {
  const name = path.basename(file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${name} must hold one object of settings`);
  const out: FileSettings = { file, values: {} };
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('//')) continue;
    if (SECRET_KEY.test(key)) {
      throw new ConfigError(
        `${name}: "${key}" is refused: a token does not belong in a file that is committed; set CHANNEL_CONFORMANCE_TOKEN or CHANNEL_CONFORMANCE_CLIENT_TOKEN in the environment`,
      );
    }
    if (value === null) continue; // null: not set (the starter file lists every key this way)
    if (key === 'suites') {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) throw new ConfigError(`${name}: "suites" must be a list of suite names`);
      out.suites = list as string[];
      continue;
    }
    const kind = KEYS[key];
    if (!kind) throw new ConfigError(`${name}: unknown key "${key}" (known: suites, ${Object.keys(KEYS).join(', ')})`);
    out.values[key] = checked(name, key, kind, value, path.dirname(file));
  }
  return out;
}

function checked(name: string, key: string, kind: Kind, value: unknown, dir: string): string | boolean {
  if (kind === 'boolean') {
    if (typeof value !== 'boolean') throw new ConfigError(`${name}: "${key}" must be true or false`);
    return value;
  }
  if (kind === 'integer') {
    if (!Number.isInteger(value)) throw new ConfigError(`${name}: "${key}" must be a whole number`);
    return String(value);
  }
  if (typeof value !== 'string') throw new ConfigError(`${name}: "${key}" must be a string`);
  if (kind !== 'path' && /^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value)) {
    // https://user:secret@host: the same refusal as a token, without the value.
    throw new ConfigError(`${name}: "${key}" carries a user name or password in the URL; credentials stay in the environment`);
  }
  return kind === 'path' ? path.resolve(dir, value) : value;
}
