import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { icns, ico, pngSize, readIcns, readIco } from './resources-layout.js';

// Two sizes Chromium drew from assets/icon.svg for `npm run dist:resources`.
const png16 = readFileSync(new URL('./fixtures/icon-16.png', import.meta.url));
const png32 = readFileSync(new URL('./fixtures/icon-32.png', import.meta.url));
const pngs = new Map([
  [16, png16],
  [32, png32],
]);

describe('icon containers', () => {
  it('reads a PNG’s size from its header, and refuses what is not a PNG', () => {
    expect(pngSize(png32)).toEqual({ width: 32, height: 32 });
    expect(() => pngSize(Buffer.from('GIF89a not a png at all'))).toThrow('not a PNG');
  });

  it('writes an ICO whose entries point at the PNGs, as Windows reads them', () => {
    const file = ico(pngs);
    expect(readIco(file)).toEqual([
      { size: 16, png: true },
      { size: 32, png: true },
    ]);
    // The directory entry's offset and length frame the 32 px PNG exactly.
    const at = file.readUInt32LE(6 + 16 + 12);
    expect(file.subarray(at, at + file.readUInt32LE(6 + 16 + 8)).equals(png32)).toBe(true);
  });

  it('writes an ICNS with the 1x and 2x types each PNG serves', () => {
    expect(readIcns(icns(pngs))).toEqual([
      { type: 'icp4', width: 16 },
      { type: 'icp5', width: 32 },
      { type: 'ic11', width: 32 },
    ]);
    expect(() => readIcns(Buffer.from('nope'))).toThrow();
  });
});
