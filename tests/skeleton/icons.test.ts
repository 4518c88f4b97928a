// The committed icons: real PNGs of the sizes the manifest declares, transparent around the drawing,
// and in the product's colours (so a placeholder or an opaque screenshot would fail).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const assets = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../assets");
const SIZES = [16, 32, 64, 80, 128];

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  /** RGBA, row-major; only filled for 8-bit RGBA non-interlaced images. */
  rgba: Uint8Array;
}

/** Minimal PNG reader: IHDR always; pixels for 8-bit RGBA, non-interlaced (what Chromium writes). */
function readPng(file: string): Png {
  const b = readFileSync(file);
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let pos = 8;
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  while (pos < b.length) {
    const len = b.readUInt32BE(pos);
    const type = b.toString("latin1", pos + 4, pos + 8);
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") ihdr = data;
    if (type === "IDAT") idat.push(data);
    pos += 12 + len;
    if (type === "IEND") break;
  }
  if (!ihdr) throw new Error(`${file}: no IHDR`);
  const png: Png = {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8]!,
    colorType: ihdr[9]!,
    interlace: ihdr[12]!,
    rgba: new Uint8Array(0),
  };
  if (png.bitDepth !== 8 || png.colorType !== 6 || png.interlace !== 0) return png;

  const raw = inflateSync(Buffer.concat(idat));
  const stride = png.width * 4;
  const out = new Uint8Array(stride * png.height);
  for (let y = 0; y < png.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? out[y * stride + x - 4]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = up;
      else if (filter === 3) pred = (a + up) >> 1;
      else if (filter === 4) {
        const p = a + up - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      } else if (filter !== 0) throw new Error(`${file}: bad filter ${filter}`);
      out[y * stride + x] = (line[x]! + pred) & 0xff;
    }
  }
  png.rgba = out;
  return png;
}

function pixel(png: Png, x: number, y: number): [number, number, number, number] {
  const i = (y * png.width + x) * 4;
  return [png.rgba[i]!, png.rgba[i + 1]!, png.rgba[i + 2]!, png.rgba[i + 3]!];
}

describe.each(SIZES)("assets/icon-%i.png", (size) => {
  const png = readPng(path.join(assets, `icon-${size}.png`));

  it(`is a ${size}×${size} RGBA PNG`, () => {
    expect({ width: png.width, height: png.height, colorType: png.colorType, bitDepth: png.bitDepth }).toEqual({
      width: size,
      height: size,
      colorType: 6,
      bitDepth: 8,
    });
    expect(png.interlace).toBe(0);
  });

  it("has a transparent background (all four corners)", () => {
    const last = size - 1;
    for (const [x, y] of [
      [0, 0],
      [last, 0],
      [0, last],
      [last, last],
    ] as const) {
      expect(pixel(png, x, y)[3], `alpha at ${x},${y}`).toBe(0);
    }
  });

  it("is drawn in government red and gold", () => {
    let red = 0;
    let gold = 0;
    let opaque = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const [r, g, b, a] = pixel(png, x, y);
        if (a < 250) continue;
        opaque++;
        // #C8102E = (200, 16, 46)
        if (Math.abs(r - 200) <= 16 && g <= 40 && Math.abs(b - 46) <= 20) red++;
        // #F2B71B = (242, 183, 27)
        if (Math.abs(r - 242) <= 16 && Math.abs(g - 183) <= 20 && b <= 70) gold++;
      }
    }
    expect(opaque / (size * size)).toBeGreaterThan(0.4);
    expect(red / opaque).toBeGreaterThan(0.08);
    expect(gold / opaque).toBeGreaterThan(0.05);
  });
});
