import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOfficeKeys } from '../../interchange/package/index.ts';
import { callOperation } from '../cli-dispatch.ts';
import { type Command, optionalString, requireString } from '../command.ts';

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
      writeFileSync(out, Buffer.from(r.dataBase64, 'base64'));
      ctx.out(
        `${out}: ${r.manifest.counts.interviews} interviews, ${r.manifest.counts.forms} form versions` +
          `${r.manifest.encryption ? ', encrypted to the office key' : ''}; sha256 ${r.manifest.payload.sha256}`,
      );
      return 0;
    },
  },
  {
    name: 'package import',
    summary: 'merge a field package into the office database (one transaction; nothing lost or duplicated)',
    usage: 'FILE --db DB [--key office-private.pem]',
    options: { db: { type: 'string' }, key: { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const file = ctx.positionals[0] as string;
      const keyFile = optionalString(ctx, 'key');
      const s = await callOperation(requireString(ctx, 'db'), 'package/import', {
        fileName: file,
        dataBase64: readFileSync(file).toString('base64'),
        privateKeyPem: keyFile ? readFileSync(keyFile, 'utf8') : undefined,
      });
      if (s.alreadyImported) {
        ctx.out(`${file}: already imported; nothing added.`);
        return 0;
      }
      ctx.out(
        `${file}: ${s.interviews} interviews — ${s.added} added, ${s.superseded} newer revisions, ` +
          `${s.identical} identical, ${s.older} older revisions skipped, ${s.conflicts.length} conflicts kept for review; ` +
          `${s.formsAdded} form versions added, ${s.auditRowsAdded} audit rows merged.`,
      );
      for (const id of s.conflicts) ctx.out(`  conflict: interview ${id} (both versions kept; review in the app)`);
      return 0;
    },
  },
  {
    name: 'keys generate',
    summary: "make the office's key pair for encrypted field packages",
    usage: '--out DIR',
    options: { out: { type: 'string' } },
    async run(ctx) {
      const dir = requireString(ctx, 'out');
      const keys = await generateOfficeKeys();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'office-public.pem'), keys.publicPem);
      // The private key opens every package: readable by its owner only.
      writeFileSync(join(dir, 'office-private.pem'), keys.privatePem, { mode: 0o600 });
      ctx.out(`${join(dir, 'office-public.pem')}: give this to surveyors (scilit package export --encrypt-to).`);
      ctx.out(`${join(dir, 'office-private.pem')}: keep it at the office and back it up; without it no package opens.`);
      return 0;
    },
  },
];
