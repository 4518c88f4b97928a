import { promisify } from "node:util";
import { inflateRaw, inflateRawSync } from "node:zlib";
import exceljsUtils from "exceljs/lib/utils/utils";
import sharedFormula from "exceljs/lib/utils/shared-formula";
import defaultNumFormats from "exceljs/lib/xlsx/defaultnumformats";
import { cellAddress, colLetters, parseRange, scanCellAt } from "./addr";
import type { SnapshotName, SnapshotSheet, SnapshotTable, SnapshotValue, WorkbookSnapshot } from "./snapshot";
import { readZip, ZipUnsupported, type ZipEntry } from "./xlsx-zip";

/**
 * The light read of an .xlsx file, for `jixiao evaluate` without --out: the same WorkbookSnapshot as
 * snapshotFromExcelJs(await loadXlsxFile(…)) (tests/template/snapshot-xlsx.test.ts), without loading
 * exceljs's whole workbook model. Loading exceljs costs about 270 ms of a 600 ms run, and its read fills
 * style, column and name tables the snapshot never looks at. Here node's own zlib inflates only the parts
 * the snapshot needs (workbook, relationships, shared strings, styles, worksheets, tables, core
 * properties; a pure-JS inflate such as fflate costs ~40 ms of CPU cold in a one-shot process, zlib ~3 ms)
 * and a small scanner walks their elements. Where exceljs's own rules decide what the
 * snapshot holds, its own code is used: defined names (DefinedNameXform + DefinedNames, with our
 * patches), shared formulas (slideFormula), date formats (isDateFmt, excelToDate).
 *
 * Anything this reader does not model (a part missing, an attribute it relies on absent, overlapping
 * merges, a file that is not a zip) throws LightReadUnsupported: callers then read with exceljs, which
 * gives the same snapshot or the same error as before.
 */

export class LightReadUnsupported extends Error {}

// ---- a minimal XML walker ----------------------------------------------------------------------------

/*
 * The walker reads each part as a byte string: decoded as latin1, one character per byte, so that its
 * offsets are the file's own. Decoding UTF-8 costs twice as much (a 5,000-indicator sheet: ~260 against
 * ~120 ms for 35.6 MB), and a part with one Chinese character becomes a two-byte string of twice the size
 * (~61 MB for that sheet), which every slice of it then shares. Only the values a handler receives, attribute
 * values and text, are decoded as UTF-8 (utf8Of), and only when they hold a byte ≥ 0x80; tag and attribute
 * names are compared with ASCII names only.
 */

/** A byte string as text: its UTF-8 sequences decoded. */
const HIGH_BYTE = /[\x80-\xff]/;
export function utf8Of(bytes: string): string {
  return HIGH_BYTE.test(bytes) ? Buffer.from(bytes, "latin1").toString("utf8") : bytes;
}

/** Text as a byte string (its UTF-8 bytes, one character each), to splice into a part read as one. */
const NON_ASCII = /[\u0080-\uffff]/;
export function bytesOf(text: string): string {
  return NON_ASCII.test(text) ? Buffer.from(text, "utf8").toString("latin1") : text;
}

type Attrs = Record<string, string>;
export interface XmlHandler {
  open?(name: string, attrs: Attrs, selfClosing: boolean): void;
  close?(name: string): void;
  text?(text: string): void;
  /**
   * Instead of text: the run as it stands in `xml` (still escaped), for a handler that can often skip
   * decoding it (readSheet's repeated formulas).
   */
  rawText?(xml: string, start: number, end: number): void;
}

const NAMED: ReadonlyMap<string, string> = new Map([["amp", "&"], ["lt", "<"], ["gt", ">"], ["quot", '"'], ["apos", "'"]]);

/**
 * The text of the byte string xml[start, end): UTF-8 decoded, then its entities. From `source`, the Buffer
 * the part was read from, where given: one call, where utf8Of first copies the range into a Buffer (~40 %
 * more; ~80,000 values hold Chinese at 5,000 indicators).
 */
function decodeAt(xml: string, start: number, end: number, source: Buffer | undefined): string {
  const bytes = xml.slice(start, end);
  if (!HIGH_BYTE.test(bytes)) return decodeEntities(bytes);
  return decodeEntities(source ? source.toString("utf8", start, end) : utf8Of(bytes));
}

/** XML's five named entities and character references, decoded; a scan, not a regex: formulas are full of &quot;. */
function decodeEntities(s: string): string {
  let amp = s.indexOf("&");
  if (amp < 0) return s;
  // Pieces joined once: `out +=` made a rope of every entity (a formula holds dozens of &quot;), which the
  // first comparison of the formula then copied flat again.
  const out: string[] = [];
  let last = 0;
  while (amp >= 0) {
    const semi = s.indexOf(";", amp + 2);
    if (semi < 0 || semi - amp > 10) {
      amp = s.indexOf("&", amp + 1);
      continue;
    }
    let ch: string | undefined;
    // &quot; first, without a slice and a lookup: formulas hold dozens each.
    if (semi === amp + 5 && s.startsWith("quot", amp + 1)) ch = '"';
    else if (s.charCodeAt(amp + 1) === 35 /* # */) {
      const hex = s.charCodeAt(amp + 2) === 120; /* x */
      const body = s.slice(amp + (hex ? 3 : 2), semi);
      if (hex ? /^[0-9a-fA-F]+$/.test(body) : /^\d+$/.test(body)) ch = String.fromCodePoint(hex ? parseInt(body, 16) : Number(body));
    } else ch = NAMED.get(s.slice(amp + 1, semi));
    if (ch !== undefined) {
      out.push(s.slice(last, amp), ch);
      last = semi + 1;
    }
    amp = s.indexOf("&", last > amp ? last : amp + 1);
  }
  out.push(s.slice(last));
  return out.join("");
}

/**
 * "=" and a formula's text as one flat string. A template literal would make a two-piece rope, copied
 * flat on its first comparison (~145 ms for the 40,000 formulas of a 5,000-indicator 自评表).
 */
function flatFormula(text: string): string {
  return ["=", text].join("");
}

/** Whitespace as XML defines it (S): space, tab, CR, LF. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Calls `h` for each element and text run of `xml`, a byte string (see utf8Of); `source`, when given, is
 * the Buffer it was read from (latin1), for decoding values. A scan with indexOf, not one regular expression for
 * every construct: on the ~300 KB of XML of a workbook the regex took ~10 ms of a ~90 ms CLI run.
 * Comments, processing instructions and the doctype are skipped; CDATA is text as is.
 */
export function walkXml(xml: string, h: XmlHandler, source?: Buffer): void {
  const n = xml.length;
  let i = 0;
  while (i < n) {
    const lt = xml.indexOf("<", i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      if (h.rawText) h.rawText(xml, i, textEnd);
      else h.text?.(decodeAt(xml, i, textEnd, source));
    }
    if (lt < 0) return;
    const c = xml.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (xml.startsWith("<![CDATA[", lt)) {
        const end = xml.indexOf("]]>", lt + 9);
        if (end < 0) return;
        h.text?.(utf8Of(xml.slice(lt + 9, end)));
        i = end + 3;
      } else if (xml.startsWith("<!--", lt)) {
        const end = xml.indexOf("-->", lt + 4);
        if (end < 0) return;
        i = end + 3;
      } else {
        const end = xml.indexOf(">", lt + 2);
        if (end < 0) return;
        i = end + 1;
      }
      continue;
    }
    if (c === 63 /* ? */) {
      const end = xml.indexOf("?>", lt + 2);
      if (end < 0) return;
      i = end + 2;
      continue;
    }
    const closing = c === 47; /* / */
    let p = closing ? lt + 2 : lt + 1;
    const nameStart = p;
    for (let ch = xml.charCodeAt(p); p < n && !isSpace(ch) && ch !== 47 && ch !== 62; ch = xml.charCodeAt(++p));
    const name = xml.slice(nameStart, p);
    if (closing) {
      const end = xml.indexOf(">", p);
      if (end < 0) return;
      if (name) h.close?.(name);
      i = end + 1;
      continue;
    }
    const attrs: Attrs = {};
    let selfClosing = false;
    for (;;) {
      while (p < n && isSpace(xml.charCodeAt(p))) p++;
      const ch = xml.charCodeAt(p);
      if (p >= n) return;
      if (ch === 62 /* > */) {
        p++;
        break;
      }
      if (ch === 47 /* / */) {
        selfClosing = true;
        p++;
        continue;
      }
      const eq = xml.indexOf("=", p);
      if (eq < 0) return;
      let keyEnd = eq;
      while (keyEnd > p && isSpace(xml.charCodeAt(keyEnd - 1))) keyEnd--;
      const key = xml.slice(p, keyEnd);
      let q = eq + 1;
      while (q < n && isSpace(xml.charCodeAt(q))) q++;
      const quote = xml[q];
      if (quote !== '"' && quote !== "'") return;
      const close = xml.indexOf(quote, q + 1);
      if (close < 0) return;
      attrs[key] = decodeAt(xml, q + 1, close, source);
      p = close + 1;
    }
    if (name) {
      h.open?.(name, attrs, selfClosing);
      if (selfClosing) h.close?.(name);
    }
    i = p;
  }
}

// ---- the parts --------------------------------------------------------------------------------------

type Parts = Map<string, Buffer | Promise<Buffer>>;

/** A part as a byte string, once it is inflated (a large one inflates in the background, see unzipEntries). */
async function partAsync(parts: Parts, path: string): Promise<string | undefined> {
  return (await parts.get(path))?.toString("latin1");
}

const inflateRawAsync = promisify(inflateRaw);
/**
 * Parts above this many compressed bytes inflate on libuv's thread pool, all at once, while this thread
 * reads the parts before them: a 5,000-indicator workbook holds ~55 MB of XML, ~0.4 s of inflating that
 * the second core does instead. Below it, a thread hop costs more than it saves.
 */
const INFLATE_ASYNC_ABOVE = 256 * 1024;

/** The entries of a zip that `wanted` names, inflated (xlsx-zip.ts reads the package; what it refuses, exceljs reads). */
function unzipEntries(bytes: Buffer, wanted: (name: string) => boolean): Parts {
  let entries: ZipEntry[];
  try {
    entries = readZip(bytes);
  } catch (e) {
    if (e instanceof ZipUnsupported) throw new LightReadUnsupported(e.message);
    throw e;
  }
  const parts: Parts = new Map();
  for (const e of entries) {
    if (!wanted(e.name)) continue;
    if (e.method === 0) parts.set(e.name, Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength));
    else if (e.compressedSize > INFLATE_ASYNC_ABOVE) {
      // As for the parts inflated here: damaged data is a file this reader leaves to exceljs.
      // One output buffer of the size the zip records (zlib's default 16 KB chunks cost a copy and a
      // callback each: ~2,000 of them for a 35 MB sheet).
      const inflating = inflateRawAsync(e.data, { chunkSize: Math.max(64 * 1024, Math.min(e.size, 64 * 1024 * 1024)) }).catch((err: Error) => {
        throw new LightReadUnsupported(`not a readable zip: ${err.message}`);
      });
      // Read or not, a failure surfaces where the part is awaited, never as an unhandled rejection.
      inflating.catch(() => undefined);
      parts.set(e.name, inflating);
    } else parts.set(e.name, inflateRawSync(e.data));
  }
  return parts;
}

async function relationships(parts: Parts, path: string): Promise<Map<string, string>> {
  return relationshipTargets(await partAsync(parts, path));
}

/** A .rels part's targets by relationship id. */
export function relationshipTargets(xml: string | undefined): Map<string, string> {
  const rels = new Map<string, string>();
  if (!xml) return rels;
  walkXml(xml, {
    open(name, a) {
      if (name === "Relationship" && a.Id && a.Target) rels.set(a.Id, a.Target);
    },
  });
  return rels;
}

/** A relationship target, relative to the folder of the part that names it. */
export function resolvePartPath(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = from.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

/** The text of <t> (XML escapes `_xHHHH_` decoded, as exceljs's TextXform does). */
const unescapeX = (s: string) => s.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

function sharedStrings(xml: string | undefined, source?: Buffer): string[] {
  const out: string[] = [];
  if (!xml) return out;
  let plainText: string | undefined;
  let runs: string[] | null = null;
  let inT = false;
  let inPhonetic = false;
  let buf = "";
  walkXml(xml, {
    open(name) {
      if (name === "si") {
        plainText = undefined;
        runs = null;
      } else if (name === "rPh") inPhonetic = true;
      else if (name === "r" && !inPhonetic) runs ??= [];
      else if (name === "t" && !inPhonetic) {
        inT = true;
        buf = "";
      }
    },
    text(t) {
      if (inT) buf += t;
    },
    close(name) {
      if (name === "t" && inT) {
        inT = false;
        if (runs) runs.push(unescapeX(buf));
        else plainText = unescapeX(buf);
      } else if (name === "rPh") inPhonetic = false;
      else if (name === "si") out.push(runs ? runs.join("") : (plainText ?? ""));
    },
  }, source);
  return out;
}

/** The number format of each cell style (cellXfs), where exceljs would see one. */
function styleFormats(xml: string | undefined): Array<string | undefined> {
  const formats: Array<string | undefined> = [];
  if (!xml) return formats;
  const custom = new Map<string, string>();
  let inXfs = false;
  walkXml(xml, {
    open(name, a) {
      if (name === "numFmt" && a.numFmtId) custom.set(a.numFmtId, a.formatCode ?? "");
      else if (name === "cellXfs") inXfs = true;
      else if (name === "xf" && inXfs) {
        const id = a.numFmtId ? parseInt(a.numFmtId, 10) : 0;
        formats.push(id ? (custom.get(String(id)) ?? defaultNumFormats[id]?.f) : undefined);
      }
    },
    close(name) {
      if (name === "cellXfs") inXfs = false;
    },
  });
  return formats;
}

// ---- one worksheet ----------------------------------------------------------------------------------

const enum Kind {
  Null,
  Merge,
  Value,
  Formula,
}
interface Cell {
  kind: Kind;
  value: SnapshotValue;
  formula?: string;
}

const COLUMN = /^([A-Z]+)(\d+)$/;

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function plainValue(v: unknown): SnapshotValue {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}

interface SheetRead {
  snapshot: SnapshotSheet;
  grid: Map<number, Array<Cell | undefined>>;
  merges: Array<{ top: number; left: number; bottom: number; right: number }>;
  tableTargets: string[];
}

function readSheet(name: string, xml: string, source: Buffer, strings: string[], formats: Array<string | undefined>, date1904: boolean, rels: Map<string, string>): SheetRead {
  const grid = new Map<number, Array<Cell | undefined>>();
  const masters = new Map<string, { address: string; formula: string }>();
  const mergeRefs: string[] = [];
  const hyperlinks = new Set<string>();
  const tableTargets: string[] = [];
  let lastRow = 0;
  let row: Array<Cell | undefined> | null = null;
  let rowNumber = 0;
  // The cell being read.
  let col = 0;
  let type: string | undefined;
  let style = 0;
  let f: { text: string; shareType?: string; ref?: string; si?: string; raw?: { start: number; end: number } } | null = null;
  // A table's calculated column repeats one formula down every row (~7 KB each for 得分, 35 MB of XML at
  // 5,000 indicators). The row below reuses the string read for the row above when the escaped text is the
  // same: one string per column instead of one per cell (at 5,000 indicators the garbage collector's share
  // of a profile fell from 1.8 to 1.2 s, the reader's check of those formulas from 768 to 343 ms).
  const lastFormula = new Map<number, { start: number; end: number; text: string; formula: string }>();
  // Whether a style's number format is a date's, asked once per style rather than once per cell (a regex
  // test of the format code each time).
  const dateStyles = new Map<number, boolean>();
  function isDateStyle(style: number): boolean {
    let d = dateStyles.get(style);
    if (d === undefined) {
      const numFmt = style ? formats[style] : undefined;
      dateStyles.set(style, (d = numFmt !== undefined && exceljsUtils.isDateFmt(numFmt)));
    }
    return d;
  }
  function columnFormula(start: number, end: number): { text: string; formula: string } {
    const last = lastFormula.get(col);
    // Compared as bytes (memcmp): xml.startsWith took ~4 ns a character, ~110 ms at 5,000 indicators.
    if (last && last.end - last.start === end - start && source.compare(source, last.start, last.end, start, end) === 0) return last;
    const text = decodeAt(xml, start, end, source);
    const entry = { start, end, text, formula: flatFormula(text) };
    lastFormula.set(col, entry);
    return entry;
  }
  let v: string | undefined;
  let inline: { text: string; runs: string[] | null } | null = null;
  let node: "f" | "v" | "t" | "rt" | null = null;
  let runText = "";

  function onText(t: string): void {
    if (node === "f") {
      if (f!.raw) {
        f!.text = decodeAt(xml, f!.raw.start, f!.raw.end, source);
        f!.raw = undefined;
      }
      f!.text += t;
    } else if (node === "v") v = (v ?? "") + t;
    else if (node === "t") inline!.text += t;
    else if (node === "rt") runText += t;
  }

  walkXml(xml, {
    open(tag, a) {
      switch (tag) {
        case "row": {
          if (!a.r) throw new LightReadUnsupported("row without r");
          rowNumber = parseInt(a.r, 10);
          row = grid.get(rowNumber) ?? [];
          grid.set(rowNumber, row);
          lastRow = Math.max(lastRow, rowNumber);
          break;
        }
        case "c": {
          // Scanned rather than matched: asked of every cell (a match array each was ~30 MB at 5,000 indicators).
          const at = a.r ? scanCellAt(a.r, 0, a.r.length) : null;
          if (!at || !row || at.row !== rowNumber) throw new LightReadUnsupported("cell without its address");
          col = at.col;
          type = a.t;
          style = a.s ? parseInt(a.s, 10) : 0;
          f = null;
          v = undefined;
          inline = null;
          break;
        }
        case "f":
          f = { text: "", shareType: a.t, ref: a.ref, si: a.si };
          node = "f";
          break;
        case "v":
          node = "v";
          break;
        case "is":
          inline = { text: "", runs: null };
          break;
        case "r":
          if (inline) inline.runs ??= [];
          break;
        case "t":
          if (inline) {
            node = inline.runs ? "rt" : "t";
            runText = "";
          }
          break;
        case "mergeCell":
          if (a.ref) mergeRefs.push(a.ref);
          break;
        case "hyperlink":
          if (a.ref && a["r:id"]) hyperlinks.add(a.ref);
          break;
        case "tablePart":
          if (a["r:id"]) {
            const target = rels.get(a["r:id"]);
            if (target) tableTargets.push(target);
          }
          break;
        default:
          if (tag.includes(":") && !tag.startsWith("x14") && !tag.startsWith("mc:") && !tag.startsWith("xm:") && !tag.startsWith("x15")) {
            // A prefixed SpreadsheetML element (<x:c>): exceljs's reading of those is its own matter.
            if (/^\w+:(row|c|v|f|sheetData|mergeCell)$/.test(tag)) throw new LightReadUnsupported(`prefixed element ${tag}`);
          }
      }
    },
    rawText(_xml, start, end) {
      // A formula's text in one run (as every writer writes it) is kept as its place in the XML.
      if (node === "f" && f!.text === "" && !f!.raw) f!.raw = { start, end };
      else onText(decodeAt(xml, start, end, source));
    },
    text: onText,
    close(tag) {
      switch (tag) {
        case "f":
        case "v":
          node = null;
          break;
        case "t":
          if (node === "rt") inline!.runs!.push(unescapeX(runText));
          node = null;
          break;
        case "c":
          row![col - 1] = cellOf();
          break;
        default:
          break;
      }
    },
  }, source);

  // As exceljs's CellXform.parseClose and reconcile decide a cell's type and value.
  function cellOf(): Cell {
    const isDate = isDateStyle(style);
    const inlineValue = inline ? (inline.runs ? inline.runs.join("") : inline.text) : undefined;
    const raw = inline ? (inline.runs || inline.text ? inlineValue : undefined) : v;
    // The "=formula" string of the rows above, when this cell's text is theirs.
    let reused: string | undefined;
    if (f?.raw) {
      const c = columnFormula(f.raw.start, f.raw.end);
      f.text = c.text;
      reused = c.formula;
    }
    if (f && (f.text || f.shareType)) {
      let result: SnapshotValue | Date = "";
      if (raw) {
        if (type === "str") result = exceljsUtils.xmlDecode(raw);
        else if (type === "b") result = parseInt(raw, 10) !== 0;
        else if (type === "e") result = raw;
        else result = parseFloat(raw);
      }
      if (typeof result === "number" && isDate) result = exceljsUtils.excelToDate(result, date1904);
      let formula = f.text;
      if (f.shareType === "shared" && f.si !== undefined) {
        const address = `${colLetters(col)}${rowNumber}`;
        if (f.ref) masters.set(f.si, { address, formula: f.text });
        else {
          const master = masters.get(f.si);
          if (!master) throw new LightReadUnsupported("shared formula before its master");
          formula = f.text || sharedFormula.slideFormula(master.formula, master.address, address);
        }
      }
      if (!formula) throw new LightReadUnsupported("formula cell without formula text");
      return { kind: Kind.Formula, value: plainValue(result), formula: reused !== undefined && formula === f.text ? reused : flatFormula(formula) };
    }
    if (raw !== undefined) {
      let value: SnapshotValue | Date;
      switch (type) {
        case "s": {
          const s = strings[parseInt(raw, 10)];
          if (s === undefined) throw new LightReadUnsupported("shared string out of range");
          value = s;
          break;
        }
        case "str":
          value = exceljsUtils.xmlDecode(raw);
          break;
        case "inlineStr":
          value = raw;
          break;
        case "b":
          value = parseInt(raw, 10) !== 0;
          break;
        case "e":
          value = raw;
          break;
        default:
          value = parseFloat(raw);
          if (isDate) value = exceljsUtils.excelToDate(value, date1904);
      }
      return { kind: Kind.Value, value: plainValue(value) };
    }
    return { kind: style ? Kind.Null : Kind.Merge, value: "" };
  }

  // Hyperlinked cells hold their text (a formula's result) as a plain value, as exceljs reads them.
  for (const ref of hyperlinks) {
    const m = COLUMN.exec(ref);
    if (!m) continue;
    const cell = grid.get(parseInt(m[2]!, 10))?.[colNumber(m[1]!) - 1];
    if (cell) {
      cell.formula = undefined;
      cell.kind = Kind.Value;
    }
  }

  // Merged areas: every cell but the top-left one is part of the merge (exceljs creates them).
  const merges: SheetRead["merges"] = [];
  const mergeRanges: string[] = [];
  for (const ref of mergeRefs) {
    const r = parseRange(ref);
    for (const m of merges) {
      if (r.left <= m.right && r.right >= m.left && r.top <= m.bottom && r.bottom >= m.top) throw new LightReadUnsupported("overlapping merges");
    }
    merges.push(r);
    mergeRanges.push(`${cellAddress(r.top, r.left)}:${cellAddress(r.bottom, r.right)}`);
    for (let rr = r.top; rr <= r.bottom; rr++) {
      let cells = grid.get(rr);
      if (!cells) grid.set(rr, (cells = []));
      lastRow = Math.max(lastRow, rr);
      for (let c = r.left; c <= r.right; c++) {
        if (rr === r.top && c === r.left) cells[c - 1] ??= { kind: Kind.Null, value: "" };
        else cells[c - 1] = { kind: Kind.Merge, value: "" };
      }
    }
  }

  // The used range as exceljs counts it: rows with a value, the longest such row.
  let hasValues = false;
  let cols = 0;
  for (const cells of grid.values()) {
    if (!cells.some((c) => c !== undefined && c.kind !== Kind.Null)) continue;
    hasValues = true;
    cols = Math.max(cols, cells.length);
  }
  const rows = hasValues ? lastRow : 0;
  const values: SnapshotValue[][] = [];
  const formulas: SnapshotValue[][] = [];
  for (let r = 1; r <= rows; r++) {
    const vr = new Array<SnapshotValue>(cols).fill("");
    const fr = new Array<SnapshotValue>(cols).fill("");
    const cells = grid.get(r);
    if (cells?.some((c) => c !== undefined && c.kind !== Kind.Null)) {
      for (let c = 0; c < cells.length && c < cols; c++) {
        const cell = cells[c];
        if (!cell || cell.kind === Kind.Null || cell.kind === Kind.Merge) continue;
        vr[c] = cell.value;
        fr[c] = cell.kind === Kind.Formula ? cell.formula! : cell.value;
      }
    }
    values.push(vr);
    formulas.push(fr);
  }
  return {
    snapshot: { name, address: rows && cols ? `${cellAddress(1, 1)}:${cellAddress(rows, cols)}` : "", values, formulas, merges: mergeRanges },
    grid,
    merges,
    tableTargets,
  };
}

/** A cell's value as exceljs's `ws.getCell(r, c).value` reads it (a merged cell reads its master's). */
function valueAt(sheet: SheetRead, row: number, col: number): SnapshotValue {
  for (const m of sheet.merges) {
    if (row >= m.top && row <= m.bottom && col >= m.left && col <= m.right) return valueAt({ ...sheet, merges: [] }, m.top, m.left);
  }
  const cell = sheet.grid.get(row)?.[col - 1];
  return cell && cell.kind !== Kind.Null && cell.kind !== Kind.Merge ? cell.value : "";
}

// ---- defined names ----------------------------------------------------------------------------------

export interface RawName {
  name: string;
  attrs: Record<string, string>;
  text: string;
}

/** One absolute A1 cell or range on a named sheet, e.g. 'Sheet 1'!$A$5:$XFD$5. */
const SIMPLE_NAME = /^(?:'((?:[^']|'')+)'|([^'^ !,]+))!\$([A-Z]{1,3})\$(\d+)(?::\$([A-Z]{1,3})\$(\d+))?$/;

/**
 * The common case without exceljs's cell-by-cell name matrix (a whole-row name is 16,384 cells to it):
 * every name is one absolute cell or rectangle on a named sheet, and no name repeats. exceljs then gives
 * each name its one range, corners ordered, the sheet quoted unless it is plain letters and digits.
 * Anything else goes to exceljs's own code (snapshot-xlsx-names.ts, loaded only then: its xforms pull in
 * a SAX parser and streams).
 */
function simpleNames(list: readonly RawName[]): SnapshotName[] | null {
  const seen = new Set<string>();
  const out: SnapshotName[] = [];
  for (const d of list) {
    const m = SIMPLE_NAME.exec(d.text);
    if (!m || seen.has(d.name)) return null;
    seen.add(d.name);
    const sheet = m[1] ?? m[2]!;
    const prefix = /^[a-zA-Z0-9]*$/.test(sheet) ? `${sheet}!` : `'${sheet}'!`;
    const c1 = colNumber(m[3]!);
    const r1 = Number(m[4]);
    const c2 = m[5] ? colNumber(m[5]) : c1;
    const r2 = m[6] ? Number(m[6]) : r1;
    if (!r1 || !r2 || c1 > 16384 || c2 > 16384) return null;
    const [top, bottom, left, right] = [Math.min(r1, r2), Math.max(r1, r2), Math.min(c1, c2), Math.max(c1, c2)];
    const tl = `$${colLetters(left)}$${top}`;
    const range = top === bottom && left === right ? `${prefix}${tl}` : `${prefix}${tl}:$${colLetters(right)}$${bottom}`;
    out.push({ name: d.name, formula: `=${range}` });
  }
  return out;
}

// ---- the workbook -----------------------------------------------------------------------------------

/** Parts the snapshot reads; everything else in the zip (images, themes, printer settings) stays deflated. */
const NEEDED = /^(\[Content_Types\]\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/styles\.xml|xl\/worksheets\/[^/]+\.xml|xl\/worksheets\/_rels\/[^/]+\.rels|xl\/tables\/[^/]+\.xml|docProps\/core\.xml)$/;

/**
 * `keepTexts`, when given, receives each part read as a byte string (by zip path), so that a writer
 * patching the same file (xlsx-patch.ts) does not inflate and decode them again.
 */
export async function snapshotFromXlsxBytes(bytes: Uint8Array, keepTexts?: Map<string, string>): Promise<WorkbookSnapshot> {
  let parts: Parts;
  try {
    parts = unzipEntries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (name) => NEEDED.test(name));
  } catch (e) {
    if (e instanceof LightReadUnsupported) throw e;
    throw new LightReadUnsupported(`not a readable zip: ${(e as Error).message}`);
  }
  /** A part kept for the writer: as a byte string, with the bytes it was read from (for decodeAt). */
  const part = async (path: string): Promise<{ xml: string; source: Buffer } | undefined> => {
    const source = await parts.get(path);
    if (source === undefined) return undefined;
    const xml = source.toString("latin1");
    keepTexts?.set(path, xml);
    return { xml, source };
  };
  const text = async (path: string): Promise<string | undefined> => (await part(path))?.xml;
  const workbookXml = await text("xl/workbook.xml");
  if (!workbookXml) throw new LightReadUnsupported("no xl/workbook.xml");
  const rels = await relationships(parts, "xl/_rels/workbook.xml.rels");

  const sheetsInOrder: Array<{ name: string; path: string }> = [];
  const definedNames: Array<{ name: string; attrs: Attrs; text: string }> = [];
  let date1904 = false;
  let current: { name: string; attrs: Attrs; text: string } | null = null;
  walkXml(workbookXml, {
    open(name, a) {
      if (name === "sheet") {
        const target = a["r:id"] ? rels.get(a["r:id"]) : undefined;
        if (!target || a.name === undefined) throw new LightReadUnsupported("sheet without its part");
        sheetsInOrder.push({ name: a.name, path: resolvePartPath("xl/workbook.xml", target) });
      } else if (name === "workbookPr") date1904 = a.date1904 === "1";
      else if (name === "definedName") current = { name: a.name ?? "", attrs: a, text: "" };
    },
    text(t) {
      if (current) current.text += t;
    },
    close(name) {
      if (name === "definedName" && current) {
        definedNames.push(current);
        current = null;
      }
    },
  });
  // As exceljs's WorkbookXform.reconcile: print areas and titles go to the sheets, the rest are names.
  const named = definedNames.filter((d) => d.name !== "_xlnm.Print_Area" && d.name !== "_xlnm.Print_Titles");
  const snapshotNames: SnapshotName[] = simpleNames(named) ?? (await import("./snapshot-xlsx-names")).exceljsNames(named);

  const stringsPart = await part("xl/sharedStrings.xml");
  const strings = sharedStrings(stringsPart?.xml, stringsPart?.source);
  const formats = styleFormats(await text("xl/styles.xml"));
  const sheets: SnapshotSheet[] = [];
  const tables: SnapshotTable[] = [];
  for (const { name, path } of sheetsInOrder) {
    const sheetPart = await part(path);
    if (sheetPart === undefined) {
      if (/\/chartsheets\//.test(path) || /\/dialogsheets\//.test(path)) continue;
      throw new LightReadUnsupported(`missing sheet part ${path}`);
    }
    const relsPath = path.replace(/([^/]+)$/, "_rels/$1.rels");
    const sheetRels = await relationships(parts, relsPath);
    const sheet = readSheet(name, sheetPart.xml, sheetPart.source, strings, formats, date1904, sheetRels);
    sheets.push(sheet.snapshot);
    // Tables by name, as Worksheet.tables keeps them (a later one of the same name replaces the earlier).
    const byName = new Map<string, { name: string; ref?: string }>();
    for (const target of sheet.tableTargets) {
      const tableXml = await partAsync(parts, resolvePartPath(path, target));
      if (tableXml === undefined) throw new LightReadUnsupported(`missing table part ${target}`);
      walkXml(tableXml, {
        open(tag, a) {
          if (tag === "table") byName.set(a.name ?? "", { name: a.name ?? "", ref: a.ref });
        },
      });
    }
    for (const t of byName.values()) {
      if (!t.ref || !t.ref.includes(":")) continue;
      const r = parseRange(t.ref);
      const headers: string[] = [];
      for (let c = r.left; c <= r.right; c++) headers.push(String(valueAt(sheet, r.top, c)));
      tables.push({ name: t.name, sheet: name, address: t.ref, headers });
    }
  }

  let keywords: string | undefined;
  const core = await partAsync(parts, "docProps/core.xml");
  if (core) {
    let inKeywords = false;
    walkXml(core, {
      open(tag) {
        if (tag === "cp:keywords") {
          inKeywords = true;
          keywords = "";
        }
      },
      text(t) {
        if (inKeywords) keywords += t;
      },
      close(tag) {
        if (tag === "cp:keywords") inKeywords = false;
      },
    });
  }
  return { names: snapshotNames, sheets, tables, allSheets: sheets.map((sh) => sh.name), properties: { keywords: keywords ?? "" } };
}
