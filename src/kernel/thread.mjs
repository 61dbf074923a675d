// The entry of every worker thread: TypeScript runs through tsx here as in bin/xinyong, whatever
// loaded the main thread (the CLI, a test runner), then the task module named by the caller.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
