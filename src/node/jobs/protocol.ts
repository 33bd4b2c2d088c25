/** Messages between the job pool and one job worker. */
export interface JobWorkerData {
  dbPath: string;
  name: string;
  args: unknown;
  /** Int32Array over it: [0] becomes 1 when the person cancels; read synchronously between chunks. */
  cancelFlag: SharedArrayBuffer;
  /** Test-only: a module whose `operations` export is added to the contract's inside this worker. */
  extraOperations?: string;
}

export type JobMessage =
  | { type: 'progress'; fraction: number; message?: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: { code: string; message: string } };
