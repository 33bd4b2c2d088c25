import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOfficeKeys, type PackageImportSummary } from '../../interchange/package/index.ts';
import { callOperation } from '../cli-dispatch.ts';
import { type Command, optionalString, requireString } from '../command.ts';
import { writePrivateFile } from '../private-file.ts';

export const packageCommands: Command[] = [
  {
    name: 'package export',
    summary: 'write the interviews of this laptop to one field package file (optionally encrypted to the office key)',
    usage: '--db DB --out FILE [--since DATE] [--include-drafts] [--encrypt-to office-public.pem]',
    options: {
      db: { type: 'string' },
      out: { type: 'string' },
      since: { type: 'string' },
      'include-drafts': { type: 'boolean' },
      'encrypt-to': { type: 'string' },
    },
    async run(ctx) {
      const keyFile = optionalString(ctx, 'encrypt-to');
      const out = requireString(ctx, 'out');
      const r = await callOperation(requireString(ctx, 'db'), 'package/export', {
        since: optionalString(ctx, 'since'),
        includeDrafts: ctx.values['include-drafts'] === true,
        publicKeyPem: keyFile ? readFileSync(keyFile, 'utf8') : undefined,
      });
      writePrivateFile(out, Buffer.from(r.dataBase64, 'base64'));
      ctx.out(
        `${out}: ${r.manifest.counts.interviews} interviews, ${r.manifest.counts.forms} form versions` +
          `${r.manifest.encryption ? ', encrypted to the office key' : ''}; sha256 ${r.manifest.payload.sha256}`,
      );
      return 0;
    },
  },
  {
    name: 'package import',
    summary:
      'merge field packages into the office database (each in one transaction; nothing lost or duplicated; a refused package does not stop the others)',
    usage: 'FILE... --db DB [--key office-private.pem]',
    options: { db: { type: 'string' }, key: { type: 'string' } },
    positionals: { min: 1, max: 10_000 },
    async run(ctx) {
      const keyFile = optionalString(ctx, 'key');
      const privateKeyPem = keyFile ? readFileSync(keyFile, 'utf8') : undefined;
      const db = requireString(ctx, 'db');
      const files = ctx.positionals;
      const print = (file: string, s: PackageImportSummary) => {
        if (s.alreadyImported) {
          ctx.out(`${file}: already imported; nothing added.`);
          return;
        }
        ctx.out(
          `${file}: ${s.interviews} interviews — ${s.added} added, ${s.superseded} newer revisions, ` +
            `${s.identical} identical, ${s.older} older revisions skipped, ${s.conflicts.length} conflicts kept for review; ` +
            `${s.formsAdded} form versions added, ${s.auditRowsAdded} audit rows merged.`,
        );
        for (const id of s.conflicts) ctx.out(`  conflict: interview ${id} (both versions kept; review in the app)`);
      };
      if (files.length === 1) {
        const file = files[0] as string;
        const s = await callOperation(db, 'package/import', {
          fileName: file,
          dataBase64: readFileSync(file).toString('base64'),
          privateKeyPem,
        });
        print(file, s);
        return 0;
      }
      const { results } = await callOperation(db, 'package/importMany', {
        files: files.map((f) => ({ fileName: f, dataBase64: readFileSync(f).toString('base64') })),
        privateKeyPem,
      });
      let refused = 0;
      let added = 0;
      for (const r of results) {
        if (r.ok) {
          print(r.fileName ?? '?', r.summary);
          added += r.summary.added + r.summary.superseded;
        } else {
          refused++;
          ctx.err(`${r.fileName ?? '?'}: refused, nothing from it was imported: ${r.error.message}`);
        }
      }
      ctx.out(
        `${results.length - refused} of ${results.length} packages merged (${added} interviews added or updated)` +
          `${refused > 0 ? `; ${refused} refused (see above)` : ''}.`,
      );
      return refused > 0 ? 1 : 0;
    },
  },
  {
    name: 'keys device',
    summary: "this laptop's signing key for field packages (made on first use); writes its public half for the office",
    usage: '--db DB --name LAPTOP [--out FILE]',
    options: { db: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' } },
    async run(ctx) {
      const r = await callOperation(requireString(ctx, 'db'), 'keys/device', { deviceId: requireString(ctx, 'name') });
      const text = `${JSON.stringify({ device: r.deviceId, publicKey: r.publicKey })}\n`;
      const out = optionalString(ctx, 'out');
      if (out) writeFileSync(out, text);
      ctx.out(
        out
          ? `${out}: public key of device ${r.deviceId}; register it at the office (scilit keys register).`
          : text.trim(),
      );
      return 0;
    },
  },
  {
    name: 'keys register',
    summary: 'register a field laptop at the office: from then on only packages it signed are accepted from it',
    usage: 'FILE --db DB [--may-revise-others]',
    options: { db: { type: 'string' }, 'may-revise-others': { type: 'boolean' } },
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const file = JSON.parse(readFileSync(ctx.positionals[0]!, 'utf8')) as { device?: string; publicKey?: string };
      const r = await callOperation(requireString(ctx, 'db'), 'keys/register', {
        deviceId: String(file.device ?? ''),
        publicKey: String(file.publicKey ?? ''),
        mayReviseOthers: ctx.values['may-revise-others'] === true,
      });
      ctx.out(`device ${r.deviceId} registered (设备已登记).`);
      return 0;
    },
  },
  {
    name: 'keys generate',
    summary: "make the office's key pair for encrypted field packages (never over an existing pair)",
    usage: '--out DIR [--replace]',
    options: { out: { type: 'string' }, replace: { type: 'boolean' } },
    async run(ctx) {
      const dir = requireString(ctx, 'out');
      const pub = join(dir, 'office-public.pem');
      const priv = join(dir, 'office-private.pem');
      const present = [pub, priv].filter((f) => existsSync(f));
      if (present.length && ctx.values.replace !== true) {
        ctx.err(
          `${present.join('、')} 已存在：办公室密钥没有被覆盖。用旧公钥加密、还在路上的数据包只有旧私钥能打开，覆盖后它们就永远无法导入了。` +
            '如确需换新密钥，请加 --replace：旧的两个文件会先改名为带日期的备份（例如 office-private.2026-12-03T1845.pem），再生成新密钥。\n' +
            `${present.join(', ')} already exist: the office keys were not overwritten. Packages in transit, encrypted to the old public key, open only with the old private key; overwriting it would lose them for ever. ` +
            'To change keys, add --replace: the two old files are first renamed to dated backups (e.g. office-private.2026-12-03T1845.pem), then new keys are made.',
        );
        return 1;
      }
      const keys = await generateOfficeKeys();
      mkdirSync(dir, { recursive: true });
      const stamp = new Date().toISOString().slice(0, 16).replace(/:/g, '');
      for (const f of present) {
        const kept = f.replace(/\.pem$/, `.${stamp}.pem`);
        renameSync(f, existsSync(kept) ? `${kept}.${Date.now()}` : kept);
        ctx.out(`${f} → ${kept} (旧密钥已备份 / old key kept)`);
      }
      writeFileSync(pub, keys.publicPem);
      // The private key opens every package: readable by its owner only, whatever the umask.
      writePrivateFile(priv, keys.privatePem);
      ctx.out(`${join(dir, 'office-public.pem')}: give this to surveyors (scilit package export --encrypt-to).`);
      ctx.out(`${join(dir, 'office-private.pem')}: keep it at the office and back it up; without it no package opens.`);
      return 0;
    },
  },
];
