import { checkDatabase, openDatabase } from '../../../db/sqlite.ts';
import { type Command, requireString } from '../command.ts';

export const databaseCommands: Command[] = [
  {
    name: 'init',
    summary: 'create an empty scilit database (or upgrade an older one)',
    usage: '--db FILE',
    options: { db: { type: 'string' } },
    run(ctx) {
      const file = requireString(ctx, 'db');
      const db = openDatabase(file, { create: true });
      db.close();
      ctx.out(`OK ${file}`);
      return 0;
    },
  },
  {
    name: 'check',
    summary: 'check a database: integrity, foreign keys, schema version (read-only)',
    usage: '--db FILE',
    options: { db: { type: 'string' } },
    run(ctx) {
      const file = requireString(ctx, 'db');
      const report = checkDatabase(file);
      if (report.ok) {
        ctx.out(`OK ${file} (schema version ${report.schemaVersion})`);
        return 0;
      }
      for (const p of report.problems) ctx.err(`problem: ${p}`);
      return 1;
    },
  },
];
