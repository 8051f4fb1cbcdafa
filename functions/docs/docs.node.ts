import { runFunctionMain } from '#shared/runtime/node/run-function-main.ts';
import { docsFunction } from './index.ts';

// Standalone Node process for the docs function (`npm start` serves every function instead).
await runFunctionMain(docsFunction);
