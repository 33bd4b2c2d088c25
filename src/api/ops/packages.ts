import { z } from 'zod';
import { versionHash } from '../../interchange/package/content.ts';
import { fromBase64, toBase64 } from '../../interchange/package/crypto.ts';
import { exportPackage, generateOfficeKeys, importPackage } from '../../interchange/package/index.ts';
import { listConflicts, readConflicts, readVersion } from '../../store/interview-versions.ts';
import { amendInterview } from '../../store/interviews.ts';
import { ApiError, op } from '../operation.ts';

const pem = z.string().max(20_000);

export const packageOps = {
  'package/export': op({
    input: z.object({
      since: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
      includeDrafts: z.boolean().optional(),
      publicKeyPem: pem.optional(),
      device: z.string().max(200).nullish(),
    }),
    long: true,
    async run(ctx, a) {
      const { bytes, manifest } = await exportPackage(ctx.db, a);
      const stamp = manifest.createdAt.replace(/[-:]/g, '').slice(0, 15);
      return {
        fileName: `scilit-${manifest.device ?? 'package'}-${stamp}.scilitpkg`,
        dataBase64: toBase64(bytes),
        manifest,
      };
    },
  }),
  'package/import': op({
    input: z.object({
      fileName: z.string().max(500).optional(),
      dataBase64: z.string(),
      privateKeyPem: pem.optional(),
    }),
    long: true,
    run: (ctx, a) =>
      importPackage(ctx.db, fromBase64(a.dataBase64), { fileName: a.fileName, privateKeyPem: a.privateKeyPem }),
  }),
  'package/conflicts': op({
    input: z.object({ interviewId: z.string().optional() }),
    run(ctx, a) {
      if (!a.interviewId) return { conflicts: listConflicts(ctx.db) };
      const head = readVersion(ctx.db, a.interviewId);
      if (!head) throw new ApiError('not_found', `interview ${a.interviewId} does not exist.`);
      return { head, others: readConflicts(ctx.db, a.interviewId) };
    },
  }),
  'keys/generate': op({ input: z.object({}), run: () => generateOfficeKeys() }),
  'interview/amend': op({
    input: z.object({
      interviewId: z.string().min(1),
      changes: z.record(z.string(), z.string().max(100_000).nullable()),
      reason: z.string().min(1).max(2000),
      actor: z.string().max(200).nullish(),
    }),
    async run(ctx, a) {
      const current = readVersion(ctx.db, a.interviewId);
      if (!current) throw new ApiError('not_found', `interview ${a.interviewId} does not exist.`);
      amendInterview(ctx.db, { ...a, expectedRevision: current.revision, parentHash: await versionHash(current) });
      return readVersion(ctx.db, a.interviewId);
    },
  }),
};
