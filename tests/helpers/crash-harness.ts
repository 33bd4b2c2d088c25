import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkDatabase, openDatabase } from '../../db/sqlite.ts';
import { FIELDS_PER_INTERVIEW } from './crash-writer-constants.ts';

const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

export interface KillResult {
  acknowledged: number;
  problems: string[];
}

/**
 * Runs the writer, kills it with SIGKILL at a random moment after its first acknowledged save, then verifies the database:
 * `check` passes, every acknowledged answer is there with its value, every finalized interview is complete.
 */
export async function runOneKill(db: string, tag: string, maxDelayMs: number): Promise<KillResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, db, tag], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks = new Map<string, string>(); // `${interview} ${field}` → value
  const finals = new Set<string>();
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  // Killed only once it has acknowledged a save: on a loaded machine the writer may take longer to start than the
  // whole random delay, and a kill before any save proves nothing.
  const writing = new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, id, field, value] = line.split(' ');
        if (kind === 'ACK' && id && field && value) {
          acks.set(`${id} ${field}`, value);
          resolve();
        } else if (kind === 'FINAL' && id) finals.add(id);
      }
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await Promise.race([writing, exited]);
  await new Promise((r) => setTimeout(r, Math.random() * maxDelayMs));
  child.kill('SIGKILL');
  await exited;

  const problems: string[] = [];
  if (acks.size === 0 && stderr) problems.push(`writer failed: ${stderr}`);
  const report = checkDatabase(db);
  problems.push(...report.problems);
  const conn = openDatabase(db);
  try {
    const get = (id: string, field: string) =>
      conn.get<{ value: string }>('SELECT value FROM answers WHERE interview_id = ? AND field = ?', [id, field]);
    for (const [key, value] of acks) {
      const [id, field] = key.split(' ') as [string, string];
      const row = get(id, field);
      if (row?.value !== value) problems.push(`acknowledged answer lost: ${key} = ${value} (found ${row?.value})`);
    }
    for (const id of finals) {
      const iv = conn.get<{ status: string }>('SELECT status FROM interviews WHERE interview_id = ?', [id]);
      if (iv?.status !== 'final') problems.push(`acknowledged finalization lost: ${id}`);
    }
    const incomplete = conn.all<{ interview_id: string; n: number }>(
      `SELECT i.interview_id, count(a.field) AS n FROM interviews i LEFT JOIN answers a USING (interview_id)
       WHERE i.status = 'final' GROUP BY i.interview_id HAVING n != ?`,
      [FIELDS_PER_INTERVIEW],
    );
    for (const r of incomplete) problems.push(`final interview ${r.interview_id} has ${r.n} answers`);
  } finally {
    conn.close();
  }
  return { acknowledged: acks.size, problems };
}
