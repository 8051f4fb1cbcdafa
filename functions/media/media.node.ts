import { runFunctionMain } from '#shared/runtime/node/run-function-main.ts';
import { mediaFunction } from './index.ts';

// Standalone Node process for the media function (`npm start` serves every function instead).
await runFunctionMain(mediaFunction);
