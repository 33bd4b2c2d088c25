import { z } from 'zod';
import { versionHash } from '../../interchange/package/content.ts';
import { fromBase64, toBase64 } from '../../interchange/package/crypto.ts';
import { exportPackage, generateOfficeKeys, importPackage, importPackages } from '../../interchange/package/index.ts';
import { newDeviceKey } from '../../interchange/package/signing.ts';
import { deviceIdentity, putDeviceIdentity, registerDevice, registeredDevices } from '../../store/devices.ts';
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
  // A stack of packages (a week of USB sticks): each in its own transaction as package/import, the next one read
  // and verified while this one is written; a refused package is reported and the others still merge. Cancel
  // stops before the next package: the ones merged stay merged, none is half-written.
  'package/importMany': op({
    input: z.object({
      files: z
        .array(z.object({ fileName: z.string().max(500).optional(), dataBase64: z.string() }))
        .min(1)
        .max(10_000),
      privateKeyPem: pem.optional(),
    }),
    long: true,
    async run(ctx, a) {
      const reader = a.files.length > 1 ? ctx.packageReader?.() : undefined;
      const results = await importPackages(
        ctx.db,
        a.files.map((f) => ({ fileName: f.fileName, bytes: fromBase64(f.dataBase64) })),
        {
          privateKeyPem: a.privateKeyPem,
          read: reader?.read,
          onPackage: (i, r) => {
            ctx.progress?.(
              (i + 1) / a.files.length,
              `${r.fileName ?? `package ${i + 1}`}: ${r.ok ? 'merged' : 'refused'}`,
            );
            if (ctx.cancel?.cancelled && i + 1 < a.files.length)
              throw new ApiError(
                'cancelled',
                `cancelled after ${i + 1} of ${a.files.length} packages; those are merged.`,
              );
          },
        },
      ).finally(() => reader?.close());
      return {
        results: results.map((r) =>
          r.ok
            ? { fileName: r.fileName, ok: true as const, summary: r.summary }
            : {
                fileName: r.fileName,
                ok: false as const,
                error: { code: (r.error as { code?: string }).code ?? 'failed', message: r.error.message },
              },
        ),
      };
    },
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
  // This laptop's signing key: made on first use under the given name, then always the same (packages in transit
  // were signed with it). The office registers the public half.
  'keys/device': op({
    input: z.object({
      deviceId: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[^\s]+$/),
    }),
    async run(ctx, a) {
      let id = deviceIdentity(ctx.db);
      if (!id) {
        const key = await newDeviceKey();
        id = putDeviceIdentity(ctx.db, {
          device_id: a.deviceId,
          public_key: key.publicKey,
          private_key: key.privateKey,
        });
      }
      return { deviceId: id.device_id, publicKey: id.public_key };
    },
  }),
  'keys/register': op({
    input: z.object({
      deviceId: z.string().min(1).max(200),
      publicKey: z.string().min(40).max(100),
      mayReviseOthers: z.boolean().optional(),
    }),
    run(ctx, a) {
      const known = registeredDevices(ctx.db).get(a.deviceId);
      if (known && known.public_key !== a.publicKey)
        throw new ApiError(
          'conflict',
          `设备“${a.deviceId}”已用另一个密钥登记过；同名设备不能换密钥（先核实是否有人冒充）。\ndevice "${a.deviceId}" is registered with another key; a registered name cannot change its key.`,
        );
      registerDevice(ctx.db, {
        device_id: a.deviceId,
        public_key: a.publicKey,
        may_revise_others: a.mayReviseOthers ? 1 : 0,
      });
      return { deviceId: a.deviceId, registered: true as const };
    },
  }),
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
