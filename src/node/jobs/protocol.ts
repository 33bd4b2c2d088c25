/** Messages between the job pool and its worker threads. A worker runs one job at a time and is reused. */
export interface JobWorkerData {
  dbPath: string;
  /** The process's write gate (db/write-gate.ts), shared by every thread that writes. */
  writeGate: SharedArrayBuffer;
  /** Test-only: a module whose `operations` export is added to the contract's inside this worker. */
  extraOperations?: string;
}

export interface RunJob {
  type: 'run';
  jobId: string;
  name: string;
  args: unknown;
  /** Int32Array over it: [0] becomes 1 when the person cancels; read synchronously between chunks. */
  cancelFlag: SharedArrayBuffer;
}

export type JobMessage = { jobId: string } & (
  | { type: 'progress'; fraction: number; message?: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: { code: string; message: string } }
);
