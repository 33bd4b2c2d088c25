// Runs a job worker from the TypeScript sources (development, tests, `npm run web`): tsx compiles on the fly.
// Packaged builds bundle worker.ts to JavaScript and point the pool at that file instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
