import { runFunctionMain } from '#shared/runtime/node/run-function-main.ts';
import { usersFunction } from './index.ts';

// Standalone Node process for the users function (`npm start` serves every function instead).
await runFunctionMain(usersFunction);
