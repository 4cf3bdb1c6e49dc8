#!/usr/bin/env node
// `npx shine-doctor [--namespace ns] [--release name] [--json]`, on Node 24 whatever node runs it.
import { runOnNode24 } from '../../../scripts/run-on-node24.js';

await runOnNode24(new URL('../src/main.ts', import.meta.url));
