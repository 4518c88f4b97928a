import * as zlib from "node:zlib";

/**
 * A zip package as stored (PKWARE APPNOTE 4.3): every entry's compressed bytes as they are, so that
 * writing the package back recompresses only the parts that changed. An .xlsx keeps most of its bytes in
 * parts an evaluation never touches (the input sheets, the theme, tables); copying them costs nothing.
 * Hand-written rather than a zip library because no zip library in use here (exceljs's JSZip, fflate)
 * copies an entry without inflating and deflating it again, which is most of the cost of writing a large
 * workbook. ZIP64, encryption and methods other than store/deflate are refused (callers fall back).
 */

export class ZipUnsupported extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** DOS time and date, kept as they were. */
  time: number;
  date: number;
  internalAttrs: number;
  externalAttrs: number;
  versionMadeBy: number;
  /** The compressed bytes (a view into the package). */
  data: Uint8Array;
  /** Set when the entry was replaced: the new uncompressed content. */
  replaced?: Buffer;
}

const UTF8_NAMES = 0x0800;

export function readZip(bytes: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipUnsupported("not a zip");
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new ZipUnsupported("zip64");
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw new ZipUnsupported("damaged central directory");
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const compressedSize = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const offset = bytes.readUInt32LE(p + 42);
    const name = bytes.toString("utf8", p + 46, p + 46 + nameLength);
    if (flags & 1 || (method !== 0 && method !== 8) || compressedSize === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) {
      throw new ZipUnsupported(`entry ${name} not kept here`);
    }
    if (offset + 30 > bytes.length || bytes.readUInt32LE(offset) !== 0x04034b50) throw new ZipUnsupported("damaged local header");
    const start = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
    if (start + compressedSize > bytes.length) throw new ZipUnsupported("truncated entry");
    entries.push({
      name,
      method,
      crc: bytes.readUInt32LE(p + 16),
      compressedSize,
      size,
      time: bytes.readUInt16LE(p + 12),
      date: bytes.readUInt16LE(p + 14),
      internalAttrs: bytes.readUInt16LE(p + 36),
      externalAttrs: bytes.readUInt32LE(p + 38),
      versionMadeBy: bytes.readUInt16LE(p + 4),
      data: bytes.subarray(start, start + compressedSize),
    });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

/** An entry's bytes as a byte string (latin1: one character per byte; snapshot-xlsx.ts's utf8Of decodes). */
export function entryBytes(entry: ZipEntry): string {
  if (entry.replaced) return entry.replaced.toString("latin1");
  const raw = entry.method === 0 ? Buffer.from(entry.data) : zlib.inflateRawSync(entry.data);
  return raw.toString("latin1");
}

/** node ≥ 20.15 has zlib.crc32; older 20.x computes it here. */
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
let table: Uint32Array | null = null;
function crc32(data: Uint8Array): number {
  if (nativeCrc32) return nativeCrc32(data) >>> 0;
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The package again: unchanged entries byte for byte, replaced ones deflated. */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    let { data, crc, compressedSize, size, method } = e;
    if (e.replaced) {
      crc = crc32(e.replaced);
      size = e.replaced.length;
      data = zlib.deflateRawSync(e.replaced);
      method = 8;
      compressedSize = data.length;
    }
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(e.time, 10);
    local.writeUInt16LE(e.date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, data);

    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(e.versionMadeBy, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(UTF8_NAMES, 8);
    record.writeUInt16LE(method, 10);
    record.writeUInt16LE(e.time, 12);
    record.writeUInt16LE(e.date, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(compressedSize, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt16LE(e.internalAttrs, 36);
    record.writeUInt32LE(e.externalAttrs, 38);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  if (offset > 0xfffffff0 || entries.length >= 0xffff) throw new ZipUnsupported("too large without zip64");
  return Buffer.concat([...chunks, cd, end]);
}
