#!/usr/bin/env node
// `npx shine-analyze photo.jpg more.jpg folder/ [--json]`, on Node 24 whatever node runs it.
import { runOnNode24 } from '../../../scripts/run-on-node24.js';

await runOnNode24(new URL('../src/cli/shine-analyze.ts', import.meta.url));
