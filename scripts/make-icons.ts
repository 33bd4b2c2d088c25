// `node --import tsx scripts/make-icons.ts`: renders electron/resources/icon.svg with Debian's Chromium into the
// icons the app ships: electron/resources/icon.png (512 px, Linux), icon.ico (Windows installer and window) and
// renderer/public/favicon.ico (browser tab). ICO files hold PNG images (Windows Vista and later read them).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const svg = readFileSync(join(root, 'electron', 'resources', 'icon.svg'), 'utf8');

function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

/** An ICO file whose images are PNGs: 6-byte header, a 16-byte entry per image, then the images. */
function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage();
const pngs = new Map<number, Buffer>();
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  pngs.set(size, await page.screenshot({ omitBackground: true }));
}
await browser.close();
const pick = (sizes: number[]) => sizes.map((size) => ({ size, png: pngs.get(size) as Buffer }));
writeFileSync(join(root, 'electron', 'resources', 'icon.png'), pngs.get(512) as Buffer);
writeFileSync(join(root, 'electron', 'resources', 'icon.ico'), ico(pick([16, 24, 32, 48, 64, 128, 256])));
writeFileSync(join(root, 'renderer', 'public', 'favicon.ico'), ico(pick([16, 32, 48])));
console.log('wrote electron/resources/icon.png, electron/resources/icon.ico, renderer/public/favicon.ico');
