// The evaluation worker's entry: TypeScript runs through tsx here as in bin/xinyong, whatever
// loaded the main thread (the CLI, a test runner).
import { register } from 'tsx/esm/api';

register();
await import('./evaluation-worker.ts');
