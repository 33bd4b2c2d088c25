// Entry of the import store thread. The sources are TypeScript run through tsx (as bin/scilit.mjs does); a
// worker does not inherit the loader registered in its parent, so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./import-store-worker.ts');
