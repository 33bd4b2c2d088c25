// Attacks that must run in a process of their own (their memory is measured there): each builds its hostile input
// small, hands it to the product's own code, and returns what came back. Run through tests/helpers/attack.ts.
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { readXlsForm } from '../../src/form/xlsform/read.ts';
import { seal } from '../../src/interchange/package/crypto.ts';
import { generateOfficeKeys, importPackage } from '../../src/interchange/package/index.ts';
import { importResponses } from '../../src/interchange/responses/index.ts';
import { databaseFingerprint, newDatabase } from '../fixtures/interchange/forms.ts';
import { emptyRowsBomb, payloadBomb, sharedStringsBomb, workbookPartBomb, workbookWith, zipOf } from './bombs.ts';
import { tempDir } from './tmp.ts';

export interface AttackOutcome {
  /** The refusal's stable code ('' when nothing was refused). */
  code: string;
  message: string;
  /** The database holds exactly what it held before. */
  unchanged?: boolean;
}

async function officeImport(bytes: Uint8Array, fileName: string): Promise<AttackOutcome> {
  const db = newDatabase(join(tempDir(), 'office.sqlite'));
  const before = databaseFingerprint(db);
  try {
    const r = await importResponses(db, bytes, { fileName, formId: 'office_test' });
    const first = r.problems.find((p) => p.severity === 'error');
    return {
      code: first?.code ?? '',
      message: first?.reason.zh ?? r.message.zh ?? '',
      unchanged: databaseFingerprint(db) === before,
    };
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { code: err.code ?? 'thrown', message: err.message, unchanged: databaseFingerprint(db) === before };
  } finally {
    db.close();
  }
}

async function packageImport(bytes: Uint8Array, privateKeyPem?: string): Promise<AttackOutcome> {
  const db = newDatabase(join(tempDir(), 'office.sqlite'));
  const before = databaseFingerprint(db);
  try {
    await importPackage(db, bytes, { fileName: 'bomb.scilitpkg', privateKeyPem });
    return { code: '', message: 'imported', unchanged: databaseFingerprint(db) === before };
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { code: err.code ?? 'thrown', message: err.message, unchanged: databaseFingerprint(db) === before };
  } finally {
    db.close();
  }
}

const manifest = (payload: Record<string, unknown>, encryption: unknown = null) =>
  strToU8(
    JSON.stringify({
      format: 'scilit-field-package',
      formatVersion: 1,
      schemaVersion: 1,
      packageId: 'bomb',
      createdAt: '2026-01-01T00:00:00.000Z',
      device: 'laptop-X',
      counts: { interviews: 0, forms: 0 },
      payload: { sha256: '0'.repeat(64), ...payload },
      encryption,
    }),
  );

export const attacks: Record<string, () => Promise<AttackOutcome>> = {
  'xlsx shared strings bomb': () =>
    officeImport(workbookWith({ 'xl/sharedStrings.xml': sharedStringsBomb() }), 'bomb.xlsx'),
  'xlsx workbook part bomb': () => officeImport(workbookWith({ 'xl/workbook.xml': workbookPartBomb() }), 'bomb.xlsx'),
  'xlsx empty-row sheet bomb': () =>
    officeImport(workbookWith({ 'xl/worksheets/sheet1.xml': emptyRowsBomb() }), 'rows.xlsx'),
  async 'form check of a shared strings bomb'() {
    const { form, issues } = await readXlsForm(
      workbookWith({ 'xl/sharedStrings.xml': sharedStringsBomb() }),
      'form-bomb.xlsx',
    );
    return {
      code: form ? '' : 'refused',
      message: issues.map((i) => `${(i as { zh?: string }).zh ?? ''}\n${i.message}`).join('\n'),
    };
  },
  'package payload bomb': () =>
    packageImport(
      zipOf([
        { name: 'manifest.json', data: manifest({ name: 'data.json' }) },
        { name: 'data.json', data: payloadBomb() },
      ]),
    ),
  async 'encrypted package payload bomb, built with the public key only'() {
    const office = await generateOfficeKeys();
    // What an attacker can do with the office's public key, which every surveyor's laptop holds.
    const sealed = await seal(payloadBomb().deflated, office.publicPem);
    const bytes = zipOf([
      {
        name: 'manifest.json',
        data: manifest(
          { name: 'data.json.enc' },
          {
            scheme: 'RSA-OAEP-SHA256+AES-256-GCM',
            keyId: sealed.keyId,
            wrappedKey: sealed.wrappedKey,
            iv: sealed.iv,
          },
        ),
      },
      { name: 'data.json.enc', data: sealed.ciphertext },
    ]);
    return packageImport(bytes, office.privatePem);
  },
};
