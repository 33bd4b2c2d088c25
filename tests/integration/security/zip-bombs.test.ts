// Finding 1 of the attack review (issue 21): zip bombs. A 2 MB file whose part inflates to ~2 GB drove the office
// import past 4 GB of memory, `form check` to 2.3 GB and a field package to 2–4 GB. Each attack is built small
// (tests/helpers/bombs.ts), run in a process of its own, and must be refused in words naming the part, with the
// database unchanged, the process's peak memory under 300 MB, and quickly.
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { type Measured, runAttack } from '../../helpers/attack.ts';

const linux = existsSync('/proc/self/status');
if (!linux) console.log('zip-bombs: skipped (peak memory is read from /proc, Linux only)');

const MEMORY_MB = 300;
const report = (name: string, r: Measured) =>
  console.log(`${name}: refused as ${r.code} in ${r.seconds.toFixed(1)} s, peak ${r.peakMb} MB (whole process)`);

describe.skipIf(!linux)('zip bombs are refused before they inflate', () => {
  test.each([
    ['xlsx shared strings bomb', 'xl/sharedStrings.xml'],
    ['xlsx workbook part bomb', 'xl/workbook.xml'],
  ])('an office import of an %s', (attack, part) => {
    const r = runAttack(attack);
    report(attack, r);
    expect(r.code).toBe('zip_bomb');
    expect(r.message).toContain(part);
    expect(r.message).toContain('bomb.xlsx');
    expect(r.message).toMatch(/压缩炸弹/);
    expect(r.unchanged).toBe(true);
    expect(r.peakMb).toBeLessThan(MEMORY_MB);
  });

  test('an office import of a sheet of 2 GB of empty rows says what is wrong (not "a cell over 16 MB")', () => {
    const r = runAttack('xlsx empty-row sheet bomb');
    report('empty rows', r);
    expect(r.code).toBe('too_many_rows');
    expect(r.message).toMatch(/行数超过了 Excel 的上限/);
    expect(r.unchanged).toBe(true);
    expect(r.peakMb).toBeLessThan(MEMORY_MB);
  });

  test('form check of a workbook whose shared strings inflate to 2 GB', () => {
    const r = runAttack('form check of a shared strings bomb');
    report('form check', r);
    expect(r.code).toBe('refused');
    expect(r.message).toContain('xl/sharedStrings.xml');
    expect(r.message).toMatch(/压缩炸弹/);
    expect(r.peakMb).toBeLessThan(MEMORY_MB);
  });

  test.each([
    ['package payload bomb', 'data.json'],
    ['encrypted package payload bomb, built with the public key only', 'data.json.enc'],
  ])('a field package: %s', (attack, part) => {
    const r = runAttack(attack);
    report(attack, r);
    expect(r.code).toBe('damaged');
    expect(r.message).toContain(part);
    expect(r.message).toMatch(/压缩炸弹/);
    expect(r.unchanged).toBe(true);
    expect(r.peakMb).toBeLessThan(MEMORY_MB);
  });
});
