#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so there is no build step between a clone and a run.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli/main.ts');
