// Test-only long operation, loaded inside job workers: writes population targets one by one in a single
// transaction, reporting progress and checking for Cancel between rows, as a real import does.
import { threadId } from 'node:worker_threads';
import { z } from 'zod';
import { op, throwIfCancelled } from '../../../src/api/operation.ts';

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export const operations = {
  'test/slowTargets': op({
    long: true,
    input: z.object({ rows: z.number().int().min(1), delayMs: z.number().int().min(0) }),
    run(ctx, a) {
      return ctx.db.transaction(() => {
        const id = crypto.randomUUID();
        ctx.db.run('INSERT INTO target_sets (target_set_id, name, created_at) VALUES (?, ?, ?)', [
          id,
          `slow ${id}`,
          new Date().toISOString(),
        ]);
        for (let i = 0; i < a.rows; i++) {
          throwIfCancelled(ctx);
          ctx.db.run(
            'INSERT INTO population_targets (target_set_id, variables, categories, population) VALUES (?, ?, ?, ?)',
            [id, '["age_group"]', `["${i}"]`, 1000 + i],
          );
          ctx.progress?.((i + 1) / a.rows, `row ${i + 1} of ${a.rows}`);
          sleep(a.delayMs);
        }
        return { added: a.rows, threadId };
      });
    },
  }),
};
