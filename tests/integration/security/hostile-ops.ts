// Test-only operations loaded inside job workers: a job that never ends, and one whose thread dies.
import { z } from 'zod';
import { op } from '../../../src/api/operation.ts';

export const operations = {
  'test/forever': op({
    long: true,
    input: z.object({}),
    run(ctx) {
      // Busy for ever inside a write, never checking Cancel: only stopping the thread ends it.
      return ctx.db.transaction(() => {
        ctx.db.run("INSERT INTO target_sets (target_set_id, name, created_at) VALUES ('forever', 'forever', 'now')");
        for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      });
    },
  }),
  'test/die': op({
    long: true,
    input: z.object({}),
    run() {
      process.exit(3);
    },
  }),
  'test/echo': op({
    long: true,
    input: z.object({ value: z.unknown().optional() }),
    run: () => ({ ok: true }),
  }),
};
