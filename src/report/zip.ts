import { gzipSync } from "fflate";

/**
 * A zip archive of deflated files, the container of a .docx. The compression itself is a library's: a
 * gzip function is given (fflate's in the browser, node's zlib in the CLI), and a gzip member already
 * holds what a zip entry needs, the raw DEFLATE data and the CRC-32 of the input (RFC 1952), so neither
 * is computed here. Only the headers are written here: 30 + 46 bytes a file and 22 at the end
 * (APPNOTE.TXT 4.3), no zip64 (a report is megabytes, not gigabytes).
 */

/** Compresses `data` into one gzip member (RFC 1952). */
export type Gzip = (data: Uint8Array) => Uint8Array;

/** fflate at the level the `docx` library zipped with (6, zlib's default): runs in the browser. */
export const fflateGzip: Gzip = (data) => gzipSync(data, { level: 6 });

interface Deflated {
  data: Uint8Array;
  crc: number;
  size: number;
}

/** The DEFLATE data and the CRC-32 inside a gzip member. */
export function fromGzip(member: Uint8Array, size: number): Deflated {
  const view = new DataView(member.buffer, member.byteOffset, member.byteLength);
  if (member.length < 18 || member[0] !== 0x1f || member[1] !== 0x8b || member[2] !== 8) throw new Error("not a gzip member");
  const flags = member[3]!;
  let at = 10;
  if (flags & 4) at += 2 + view.getUint16(at, true); // FEXTRA
  if (flags & 8) while (member[at++] !== 0); // FNAME
  if (flags & 16) while (member[at++] !== 0); // FCOMMENT
  if (flags & 2) at += 2; // FHCRC
  const end = member.length - 8;
  if (view.getUint32(end + 4, true) !== size % 2 ** 32) throw new Error("gzip member of another size");
  return { data: member.subarray(at, end), crc: view.getUint32(end, true), size };
}

/** MS-DOS date and time, as zip headers keep them (local time, two-second steps). */
function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** The archive of `files`, in their order, each deflated; files given the same Uint8Array are compressed once. */
export function zip(files: ReadonlyArray<readonly [name: string, data: Uint8Array]>, gzip: Gzip, date = new Date()): Uint8Array {
  const encoder = new TextEncoder();
  // The same bytes (a document's 800 identical footers) are compressed once.
  const deflated = new Map<Uint8Array, Deflated>();
  const entries = files.map(([name, data]) => {
    let d = deflated.get(data);
    if (d === undefined) deflated.set(data, (d = fromGzip(gzip(data), data.length)));
    return { name: encoder.encode(name), ...d };
  });
  const localSize = entries.reduce((n, e) => n + 30 + e.name.length + e.data.length, 0);
  if (entries.length > 0xffff || localSize > 0xffffffff) throw new Error("zip too large: more than 65,535 files or 4 GB");
  const centralSize = entries.reduce((n, e) => n + 46 + e.name.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  const { time, day } = dosDateTime(date);
  let at = 0;
  const u16 = (v: number) => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const bytes = (b: Uint8Array) => {
    out.set(b, at);
    at += b.length;
  };
  /** What the local and the central header share: version needed 2.0, no flags, deflated, time, CRC, sizes, name. */
  const common = (e: (typeof entries)[number]) => {
    u16(20);
    u16(0);
    u16(8);
    u16(time);
    u16(day);
    u32(e.crc);
    u32(e.data.length);
    u32(e.size);
    u16(e.name.length);
    u16(0); // extra field
  };
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(at);
    u32(0x04034b50);
    common(e);
    bytes(e.name);
    bytes(e.data);
  }
  const central = at;
  entries.forEach((e, i) => {
    u32(0x02014b50);
    u16(20); // made by: MS-DOS, 2.0
    common(e);
    u16(0); // comment
    u16(0); // disk
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[i]!);
    bytes(e.name);
  });
  const centralLength = at - central;
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(entries.length);
  u16(entries.length);
  u32(centralLength);
  u32(central);
  u16(0);
  return out;
}
