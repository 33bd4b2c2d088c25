// The database backup is shared with the browser UI: see src/node/backup.ts.
export { backupDatabase } from '../src/node/backup.ts';
