// Runs the package reader from the TypeScript sources (development, tests, scripts): tsx compiles on the fly.
// Packaged builds bundle package-reader-worker.ts to JavaScript and point workerPackageReader at that file.
import { register } from 'tsx/esm/api';

register();
await import('./package-reader-worker.ts');
