import { runFunctionMain } from '#shared/runtime/node/run-function-main.ts';
import { timelineFunction } from './index.ts';

// Standalone Node process for the timeline function (`npm start` serves every function instead).
await runFunctionMain(timelineFunction);
