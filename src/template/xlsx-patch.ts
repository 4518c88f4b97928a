import defaultNumFormats from "exceljs/lib/xlsx/defaultnumformats";
import { colLetters, parseCell, parseRange, scanCellAt } from "./addr";
import { outputRowHeights } from "./plan";
import type { CellWrite, SnapshotValue } from "./snapshot";
import { bytesOf, relationshipTargets, resolvePartPath, walkXml } from "./snapshot-xlsx";
import { FONT_NAME, FONT_SIZE, NUMBER_FORMATS, STYLES, type CellStyle, type StyleKey } from "./spec";
import { entryBytes, readZip, writeZip, ZipUnsupported, type ZipEntry } from "./xlsx-zip";

/**
 * `jixiao evaluate --out` for a workbook: the evaluation's cells written into the file's own XML, every
 * other byte of the package kept. The same cells, styles, row heights, print area and cached figures as
 * the exceljs route (app/evaluate-xlsx.ts, tests/template/xlsx-patch.test.ts compares them), at a
 * fraction of the cost: exceljs loads (~270 ms), models every cell of every sheet and writes the whole
 * package again; a 5,000-indicator workbook took ~6 s to read and write that way. Here only the changed
 * parts are rewritten: the output sheets, shared strings, styles (an entry is appended only where no equal
 * one exists, so a file evaluated again does not grow) and workbook.xml.
 *
 * Anything this writer does not model throws LightWriteUnsupported; the caller then takes the exceljs
 * route. It is only used on files the light reader (snapshot-xlsx.ts) has read, so their cells and rows
 * carry addresses and their elements are unprefixed.
 */

export class LightWriteUnsupported extends Error {}

export interface PatchWrite extends CellWrite {
  /**
   * The file holds this value or formula and cached result already (the caller saw it in its snapshot):
   * the cell is rewritten only if its style differs. A workbook evaluated before is mostly such cells.
   */
  unchanged?: boolean;
}

export interface XlsxPatch {
  /** Cells to set: constants, or formulas with the engine's result; with a print style or keeping theirs. */
  writes: readonly PatchWrite[];
  /** Formula cells whose formula stays and whose cached value becomes `result`. */
  cachedResults: ReadonlyArray<{ sheet: string; address: string; result: SnapshotValue }>;
  /** 自评报告's print area (A1 range on `sheet`); its print titles are dropped, as the exceljs route does. */
  printArea?: { sheet: string; area: string } | null;
  /** Asks Excel, WPS and LibreOffice to recalculate on open. */
  fullCalcOnLoad: boolean;
}

/**
 * Parts are patched as byte strings (latin1, one character per byte: see snapshot-xlsx.ts); what is spliced
 * in goes through esc(), which gives its UTF-8 bytes. `texts`: parts the caller has read already
 * (snapshotFromXlsxBytes's keepTexts), by zip path.
 */
export function patchXlsx(bytes: Buffer, patch: XlsxPatch, texts?: ReadonlyMap<string, string>): Buffer {
  let entries: ZipEntry[];
  try {
    entries = readZip(bytes);
  } catch (e) {
    if (e instanceof ZipUnsupported) throw new LightWriteUnsupported(e.message);
    throw e;
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const text = (path: string): string | undefined => {
    const e = byName.get(path);
    return e ? (e.replaced ? undefined : texts?.get(path)) ?? entryBytes(e) : undefined;
  };
  const replace = (path: string, xml: string): void => {
    // A character above 0xFF would be cut to its low byte: text spliced in without esc(), a bug to surface
    // as the exceljs route rather than as a damaged file.
    if (BEYOND_BYTE.test(xml)) throw new LightWriteUnsupported(`${path}: text not encoded as bytes`);
    byName.get(path)!.replaced = Buffer.from(xml, "latin1");
  };

  const workbookXml = text("xl/workbook.xml");
  if (workbookXml === undefined) throw new LightWriteUnsupported("no xl/workbook.xml");
  const sheetParts = sheetPaths(workbookXml, text("xl/_rels/workbook.xml.rels") ?? "");

  const changes = new Map<string, Map<string, CellChange>>();
  const changesOf = (sheet: string) => {
    let m = changes.get(sheet);
    if (!m) changes.set(sheet, (m = new Map()));
    return m;
  };
  for (const c of patch.cachedResults) {
    if (sheetParts.has(c.sheet)) changesOf(c.sheet).set(c.address, { cached: c.result });
  }
  const writesBySheet = new Map<string, PatchWrite[]>();
  for (const w of patch.writes) {
    if (!sheetParts.has(w.sheet)) continue; // as exceljs: a write to a sheet the file lacks is dropped
    changesOf(w.sheet).set(w.address, { write: w });
    const list = writesBySheet.get(w.sheet);
    if (list) list.push(w);
    else writesBySheet.set(w.sheet, [w]);
  }

  const strings = new SharedStrings(text("xl/sharedStrings.xml"));
  const styles = new Styles(text("xl/styles.xml"));
  for (const [sheet, cells] of changes) {
    const path = sheetParts.get(sheet)!.path;
    const xml = text(path);
    if (xml === undefined) throw new LightWriteUnsupported(`missing ${path}`);
    const heights = outputRowHeights(writesBySheet.get(sheet) ?? [], columnWidths(xml, 12));
    const patched = patchSheet(xml, cells, heights, strings, styles);
    if (patched !== null) replace(path, patched);
  }
  if (strings.added) {
    if (!byName.has("xl/sharedStrings.xml")) throw new LightWriteUnsupported("no shared strings part");
    replace("xl/sharedStrings.xml", strings.xml());
  }
  if (styles.added) replace("xl/styles.xml", styles.xml());

  let wbXml = workbookXml;
  if (patch.printArea) {
    const sheet = sheetParts.get(patch.printArea.sheet);
    if (sheet) wbXml = setPrintArea(wbXml, sheet.index, patch.printArea.sheet, patch.printArea.area);
  }
  if (patch.fullCalcOnLoad) wbXml = setFullCalcOnLoad(wbXml);
  if (wbXml !== workbookXml) replace("xl/workbook.xml", wbXml);
  return writeZip(entries);
}

// ---- XML text ------------------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g;
const dropControls = (s: string) => s.replace(CONTROLS, "");

/**
 * As exceljs's xmlEncode: markup escaped, control characters XML 1.0 cannot hold dropped; as UTF-8 bytes,
 * for parts patched as byte strings.
 */
function esc(s: string): string {
  return bytesOf(dropControls(s).replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;")));
}

const BEYOND_BYTE = /[\u0100-\uffff]/;

function attrsOf(startTag: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const m of startTag.matchAll(/([^\s=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.push([m[1]!, m[2] ?? m[3]!]);
  return out;
}

/** Values are kept as written (escaped); a '…' value may hold a bare ", which "…" cannot. */
function startTag(name: string, attrs: ReadonlyArray<[string, string]>, selfClosing: boolean): string {
  return `<${name}${attrs.map(([k, v]) => ` ${k}="${v.includes('"') ? v.replace(/"/g, "&quot;") : v}"`).join("")}${selfClosing ? "/>" : ">"}`;
}

// ---- workbook.xml ------------------------------------------------------------------------------------

/** Each sheet's part and position, found as the light reader finds them. */
function sheetPaths(workbookXml: string, relsXml: string): Map<string, { path: string; index: number }> {
  const rels = relationshipTargets(relsXml);
  const out = new Map<string, { path: string; index: number }>();
  let index = 0;
  walkXml(workbookXml, {
    open(name, a) {
      if (name !== "sheet") return;
      const target = a["r:id"] ? rels.get(a["r:id"]) : undefined;
      if (target && a.name !== undefined) out.set(a.name, { path: resolvePartPath("xl/workbook.xml", target), index });
      index++;
    },
  });
  return out;
}

/** The point after which an element of CT_Workbook that follows `after` (in schema order) goes. */
function insertionPoint(xml: string, after: readonly string[]): number {
  let at = -1;
  for (const name of after) {
    const close = xml.lastIndexOf(`</${name}>`);
    if (close >= 0) at = Math.max(at, close + name.length + 3);
    else {
      const self = new RegExp(`<${name}(\\s[^>]*)?/>`).exec(xml);
      if (self) at = Math.max(at, self.index + self[0].length);
    }
  }
  if (at < 0) throw new LightWriteUnsupported(`no ${after.join("/")} in workbook.xml`);
  return at;
}

function setPrintArea(xml: string, sheetIndex: number, sheetName: string, area: string): string {
  const r = parseRange(area);
  const ref = `'${sheetName.replace(/'/g, "''")}'!$${colLetters(r.left)}$${r.top}:$${colLetters(r.right)}$${r.bottom}`;
  const element = `<definedName name="_xlnm.Print_Area" localSheetId="${sheetIndex}">${esc(ref).replace(/'/g, "&apos;")}</definedName>`;
  // This sheet's print area and print titles go; the new print area takes their place.
  const ours = new RegExp(`<definedName\\b[^>]*\\bname="_xlnm\\.Print_(?:Area|Titles)"[^>]*\\blocalSheetId="${sheetIndex}"[^>]*>[^<]*</definedName>|<definedName\\b[^>]*\\blocalSheetId="${sheetIndex}"[^>]*\\bname="_xlnm\\.Print_(?:Area|Titles)"[^>]*>[^<]*</definedName>`, "g");
  const without = xml.replace(ours, "");
  const open = without.indexOf("<definedNames>");
  if (open >= 0) return `${without.slice(0, open + 14)}${element}${without.slice(open + 14)}`;
  const selfClosing = without.indexOf("<definedNames/>");
  if (selfClosing >= 0) return `${without.slice(0, selfClosing)}<definedNames>${element}</definedNames>${without.slice(selfClosing + 15)}`;
  const at = insertionPoint(without, ["sheets", "functionGroups", "externalReferences"]);
  return `${without.slice(0, at)}<definedNames>${element}</definedNames>${without.slice(at)}`;
}

function setFullCalcOnLoad(xml: string): string {
  const m = /<calcPr\b[^>]*?(\/?)>/.exec(xml);
  if (m) {
    const attrs = attrsOf(m[0]).filter(([k]) => k !== "fullCalcOnLoad");
    attrs.push(["fullCalcOnLoad", "1"]);
    return `${xml.slice(0, m.index)}${startTag("calcPr", attrs, m[1] === "/")}${xml.slice(m.index + m[0].length)}`;
  }
  const at = insertionPoint(xml, ["sheets", "functionGroups", "externalReferences", "definedNames"]);
  return `${xml.slice(0, at)}<calcPr fullCalcOnLoad="1"/>${xml.slice(at)}`;
}

// ---- shared strings ----------------------------------------------------------------------------------

class SharedStrings {
  private readonly fresh: string[] = [];
  /** Plain strings by text (a rich-text entry is never reused: its runs carry formatting). */
  private readonly index = new Map<string, number>();
  private readonly base: number;
  constructor(private readonly source: string | undefined) {
    let n = 0;
    let text: string | null = null;
    let rich = false;
    let inT = false;
    let inPhonetic = false;
    if (source) {
      walkXml(source, {
        open(name) {
          if (name === "si") {
            text = "";
            rich = false;
          } else if (name === "r") rich = true;
          else if (name === "rPh") inPhonetic = true;
          else if (name === "t" && !inPhonetic) inT = true;
        },
        text(t) {
          if (inT && text !== null) text += t;
        },
        close: (name) => {
          if (name === "t") inT = false;
          else if (name === "rPh") inPhonetic = false;
          else if (name === "si") {
            // Text that holds "_xHHHH_" is stored escaped; such an entry is left alone rather than decoded.
            if (!rich && text !== null && !/_x[0-9A-Fa-f]{4}_/.test(text) && !this.index.has(text)) this.index.set(text, n);
            n++;
          }
        },
      });
    }
    this.base = n;
  }
  get added(): boolean {
    return this.fresh.length > 0;
  }
  of(s: string): number {
    // Stored as it will read back: esc() drops the control characters XML cannot hold.
    const text = dropControls(s);
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.base + this.fresh.length;
      this.fresh.push(text);
      this.index.set(text, i);
    }
    return i;
  }
  xml(): string {
    const src = this.source!;
    const close = src.lastIndexOf("</sst>");
    if (close < 0) throw new LightWriteUnsupported("shared strings without </sst>");
    const added = this.fresh.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join("");
    const head = src.slice(0, close).replace(/<sst\b[^>]*>/, (tag) => {
      const attrs = attrsOf(tag).filter(([k]) => k !== "count" && k !== "uniqueCount");
      const total = this.base + this.fresh.length;
      return startTag("sst", [...attrs, ["count", String(total)], ["uniqueCount", String(total)]], false);
    });
    return `${head}${added}${src.slice(close)}`;
  }
}

// ---- styles ------------------------------------------------------------------------------------------

const BORDER_COLOR = "FFBFBFBF";

interface XfLook {
  numFmt: string;
  font: string;
  fill: string;
  border: string;
  h: string;
  v: string;
  wrap: boolean;
  locked: boolean;
}
const lookKey = (x: XfLook) => `${x.numFmt}\u0001${x.font}\u0001${x.fill}\u0001${x.border}\u0001${x.h}\u0001${x.v}\u0001${x.wrap}\u0001${x.locked}`;

function builtinFormatId(code: string): number | undefined {
  for (const [id, f] of Object.entries(defaultNumFormats as Record<string, { f?: string }>)) if (f.f === code) return Number(id);
  return undefined;
}

/**
 * The cell styles of styles.xml, by how they look (font, fill, border, number format, alignment,
 * protection), so that a print style the file already has is reused.
 */
class Styles {
  private readonly fonts: string[] = [];
  private readonly fills: string[] = [];
  private readonly borders: string[] = [];
  private readonly customFormats = new Map<string, number>();
  private readonly formatById = new Map<number, string>();
  private readonly xfByLook = new Map<string, number>();
  private xfCount = 0;
  private maxFormatId = 163;
  private readonly newFonts: string[] = [];
  private readonly newFills: string[] = [];
  private readonly newBorders: string[] = [];
  private readonly newFormats: Array<[number, string]> = [];
  private readonly newXfs: string[] = [];
  private readonly memo = new Map<string, number>();

  constructor(private readonly source: string | undefined) {
    if (!source) throw new LightWriteUnsupported("no styles part");
    type Font = { b: boolean; i: boolean; sz: string; color: string; name: string; other: string[] };
    let font: Font | null = null;
    let fill: { type: string; fg: string } | null = null;
    let border: Record<string, string> | null = null;
    let side: string | null = null;
    type Xf = { numFmtId: number; fontId: number; fillId: number; borderId: number; h: string; v: string; wrap: boolean; locked: boolean };
    let xf: Xf | null = null;
    let section = "";
    const colorOf = (a: Record<string, string>) => (a.rgb ? a.rgb.toUpperCase() : a.theme !== undefined ? `theme${a.theme}` : a.indexed !== undefined ? `indexed${a.indexed}` : "");
    const on = (v: string | undefined) => v === undefined || (v !== "0" && v !== "false");
    const xfs: Xf[] = [];
    walkXml(source, {
      open: (name, a) => {
        switch (name) {
          case "numFmts":
          case "fonts":
          case "fills":
          case "borders":
          case "cellXfs":
          case "cellStyleXfs":
          case "dxfs":
            section = name;
            return;
          case "numFmt":
            if (section === "numFmts" && a.numFmtId) {
              const id = Number(a.numFmtId);
              this.formatById.set(id, a.formatCode ?? "");
              if (!this.customFormats.has(a.formatCode ?? "")) this.customFormats.set(a.formatCode ?? "", id);
              this.maxFormatId = Math.max(this.maxFormatId, id);
            }
            return;
        }
        if (section === "fonts") {
          if (name === "font") font = { b: false, i: false, sz: "", color: "", name: "", other: [] };
          else if (font) {
            if (name === "b") font.b = on(a.val);
            else if (name === "i") font.i = on(a.val);
            else if (name === "sz") font.sz = a.val ?? "";
            else if (name === "color") font.color = colorOf(a);
            else if (name === "name") font.name = a.val ?? "";
            else if (name !== "family" && name !== "charset" && name !== "scheme") font.other.push(`${name}=${a.val ?? ""}`);
          }
        } else if (section === "fills") {
          if (name === "fill") fill = { type: "", fg: "" };
          else if (fill && name === "patternFill") fill.type = a.patternType ?? "";
          else if (fill && name === "fgColor") fill.fg = colorOf(a);
          else if (fill && name === "gradientFill") fill.type = "gradient";
        } else if (section === "borders") {
          if (name === "border") border = {};
          else if (border && (name === "left" || name === "right" || name === "top" || name === "bottom" || name === "diagonal")) {
            side = name;
            if (a.style) border[name] = a.style;
          } else if (border && side && name === "color" && border[side]) border[side] += `:${colorOf(a)}`;
        } else if (section === "cellXfs") {
          if (name === "xf") {
            xf = { numFmtId: Number(a.numFmtId ?? 0), fontId: Number(a.fontId ?? 0), fillId: Number(a.fillId ?? 0), borderId: Number(a.borderId ?? 0), h: "", v: "", wrap: false, locked: true };
          } else if (xf && name === "alignment") {
            xf.h = a.horizontal === "general" ? "" : (a.horizontal ?? ""); // LibreOffice writes the default out
            xf.v = a.vertical ?? "";
            xf.wrap = a.wrapText !== undefined && on(a.wrapText);
          } else if (xf && name === "protection") xf.locked = on(a.locked);
        }
      },
      close: (name) => {
        if (name === section) section = "";
        else if (name === "font" && font) {
          this.fonts.push(`${font.b}|${font.i}|${font.sz}|${font.color}|${font.name}|${font.other.join(",")}`);
          font = null;
        } else if (name === "fill" && fill) {
          this.fills.push(fill.type === "solid" ? `solid|${fill.fg}` : fill.type === "none" || fill.type === "" ? "none" : `${fill.type}|${fill.fg}`);
          fill = null;
        } else if (name === "border" && border) {
          this.borders.push(["left", "right", "top", "bottom", "diagonal"].map((s) => border![s] ?? "").join("|"));
          border = null;
        } else if (name === side) side = null;
        else if (name === "xf" && xf && section === "cellXfs") {
          xfs.push(xf);
          xf = null;
        }
      },
    });
    this.xfCount = xfs.length;
    xfs.forEach((x, index) => {
      const look: XfLook = {
        numFmt: this.formatById.get(x.numFmtId) ?? (defaultNumFormats as Record<number, { f?: string }>)[x.numFmtId]?.f ?? `#${x.numFmtId}`,
        font: this.fonts[x.fontId] ?? "?",
        fill: this.fills[x.fillId] ?? "?",
        border: this.borders[x.borderId] ?? "?",
        h: x.h,
        v: x.v,
        wrap: x.wrap,
        locked: x.locked,
      };
      const key = lookKey(look);
      if (!this.xfByLook.has(key)) this.xfByLook.set(key, index);
    });
  }

  get added(): boolean {
    return this.newXfs.length > 0;
  }

  /** The index in cellXfs of the print style `key` with number format `numFmt`, appended if new. */
  of(key: StyleKey, numFmt: string): number {
    const memoKey = `${key}\u0001${numFmt}`;
    const known = this.memo.get(memoKey);
    if (known !== undefined) return known;
    const style: CellStyle = STYLES[key];
    const size = style.size ?? FONT_SIZE;
    const color = style.color ? `FF${style.color}`.toUpperCase() : "";
    const look: XfLook = {
      numFmt,
      font: `${style.bold ?? false}|${style.italic ?? false}|${size}|${color}|${FONT_NAME}|`,
      fill: style.fill ? `solid|FF${style.fill.toUpperCase()}` : "none",
      border: style.border ? [0, 1, 2, 3].map(() => `thin:${BORDER_COLOR}`).join("|") + "|" : "||||",
      h: style.hAlign ?? "",
      v: style.vAlign === "top" ? "top" : "center",
      wrap: style.wrap ?? false,
      locked: style.locked,
    };
    let index = this.xfByLook.get(lookKey(look));
    if (index === undefined) {
      const fontId = this.find(this.fonts, this.newFonts, look.font, () => `<font>${style.bold ? "<b/>" : ""}${style.italic ? "<i/>" : ""}${color ? `<color rgb="${color}"/>` : ""}<sz val="${size}"/><name val="${esc(FONT_NAME)}"/></font>`);
      const fillId = this.find(this.fills, this.newFills, look.fill, () => `<fill><patternFill patternType="solid"><fgColor rgb="FF${style.fill!.toUpperCase()}"/></patternFill></fill>`);
      const thin = (side: string) => `<${side} style="thin"><color rgb="${BORDER_COLOR}"/></${side}>`;
      const borderId = this.find(this.borders, this.newBorders, look.border, () => (style.border ? `<border>${thin("left")}${thin("right")}${thin("top")}${thin("bottom")}<diagonal/></border>` : "<border><left/><right/><top/><bottom/><diagonal/></border>"));
      const numFmtId = this.formatId(numFmt);
      const alignment = [look.h ? ` horizontal="${look.h}"` : "", ` vertical="${look.v}"`, look.wrap ? ` wrapText="1"` : ""].join("");
      const xml =
        `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ""} applyFont="1"${look.fill !== "none" ? ' applyFill="1"' : ""}${style.border ? ' applyBorder="1"' : ""} applyAlignment="1" applyProtection="1">` +
        `<alignment${alignment}/>${look.locked ? "" : '<protection locked="0"/>'}</xf>`;
      index = this.xfCount + this.newXfs.length;
      this.newXfs.push(xml);
      this.xfByLook.set(lookKey(look), index);
    }
    this.memo.set(memoKey, index);
    return index;
  }

  private find(existing: string[], added: string[], look: string, xml: () => string): number {
    const i = existing.indexOf(look);
    if (i >= 0) return i;
    existing.push(look);
    added.push(xml());
    return existing.length - 1;
  }

  private formatId(code: string): number {
    const builtin = builtinFormatId(code);
    if (builtin !== undefined) return builtin;
    const custom = this.customFormats.get(code);
    if (custom !== undefined) return custom;
    const id = ++this.maxFormatId;
    this.customFormats.set(code, id);
    this.formatById.set(id, code);
    this.newFormats.push([id, code]);
    return id;
  }

  xml(): string {
    let xml = this.source!;
    const appendTo = (name: string, items: string[], total: number) => {
      if (!items.length) return;
      const close = xml.indexOf(`</${name}>`);
      if (close < 0) throw new LightWriteUnsupported(`styles without <${name}>`);
      xml = `${xml.slice(0, close)}${items.join("")}${xml.slice(close)}`;
      xml = xml.replace(new RegExp(`<${name}\\b[^>]*>`), (tag) => startTag(name, [...attrsOf(tag).filter(([k]) => k !== "count"), ["count", String(total)]], false));
    };
    if (this.newFormats.length) {
      const formats = this.newFormats.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`);
      if (xml.includes("</numFmts>")) appendTo("numFmts", formats, this.formatById.size);
      else {
        const fonts = xml.indexOf("<fonts");
        if (fonts < 0) throw new LightWriteUnsupported("styles without <fonts>");
        xml = `${xml.slice(0, fonts)}<numFmts count="${formats.length}">${formats.join("")}</numFmts>${xml.slice(fonts)}`;
      }
    }
    appendTo("fonts", this.newFonts, this.fonts.length);
    appendTo("fills", this.newFills, this.fills.length);
    appendTo("borders", this.newBorders, this.borders.length);
    appendTo("cellXfs", this.newXfs, this.xfCount + this.newXfs.length);
    return xml;
  }
}

// ---- one worksheet -----------------------------------------------------------------------------------

interface CellChange {
  write?: PatchWrite;
  cached?: SnapshotValue;
}

/** Column widths as exceljs reads them (the <col> width, else undefined → 9 for the caller). */
function columnWidths(xml: string, count: number): number[] {
  const widths = new Array<number>(count).fill(9);
  const start = xml.indexOf("<cols>");
  if (start < 0) return widths;
  const end = xml.indexOf("</cols>", start);
  for (const m of xml.slice(start, end).matchAll(/<col\b[^>]*>/g)) {
    const a = Object.fromEntries(attrsOf(m[0]));
    if (!a.min || !a.max || a.width === undefined) continue;
    for (let c = Number(a.min); c <= Math.min(Number(a.max), count); c++) widths[c - 1] = Number(a.width);
  }
  return widths;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new LightWriteUnsupported(`not a finite number: ${n}`);
  return String(n);
}

/** `<v>` and the t attribute for a formula's cached result. */
function cachedValue(result: SnapshotValue | undefined): { t?: string; v: string } {
  if (result === undefined) return { v: "" };
  if (typeof result === "number") return { v: `<v>${numberText(result)}</v>` };
  if (typeof result === "boolean") return { t: "b", v: `<v>${result ? 1 : 0}</v>` };
  return { t: "str", v: `<v>${esc(result)}</v>` };
}

interface ExistingCell {
  attrs: Array<[string, string]>;
  /** The whole <f …>…</f> or <f …/> element, if the cell has a formula. */
  f?: string;
  fAttrs?: Record<string, string>;
  fText?: string;
}

function parseExistingCell(xml: string): ExistingCell {
  const tagEnd = xml.indexOf(">");
  const attrs = attrsOf(xml.slice(0, tagEnd + 1));
  const fStart = xml.search(/<f[\s>/]/);
  if (fStart < 0) return { attrs };
  const fTagEnd = xml.indexOf(">", fStart);
  const selfClosing = xml[fTagEnd - 1] === "/";
  const fEnd = selfClosing ? fTagEnd + 1 : xml.indexOf("</f>", fTagEnd) + 4;
  const f = xml.slice(fStart, fEnd);
  const fAttrs = Object.fromEntries(attrsOf(xml.slice(fStart, fTagEnd + 1)));
  const fText = selfClosing ? "" : decodeXml(xml.slice(fTagEnd + 1, fEnd - 4));
  return { attrs, f, fAttrs, fText };
}

function decodeXml(s: string): string {
  let out = "";
  walkXml(`<x>${s}</x>`, {
    text(t) {
      out += t;
    },
  });
  return out;
}

function cellXml(address: string, change: CellChange, existing: ExistingCell | null, strings: SharedStrings, styles: Styles): string | null {
  const keep = (existing?.attrs ?? []).filter(([k]) => k !== "r" && k !== "t" && k !== "s");
  const oldStyle = existing?.attrs.find(([k]) => k === "s")?.[1];
  if (!change.write) {
    // A cached figure for a template formula: the formula element stays exactly as it is.
    if (!existing?.f) return null;
    const { t, v } = cachedValue(change.cached);
    return `${startTag("c", [["r", address], ...(oldStyle !== undefined ? [["s", oldStyle] as [string, string]] : []), ...(t ? [["t", t] as [string, string]] : []), ...keep], false)}${existing.f}${v}</c>`;
  }
  const w = change.write;
  const s = styleOf(w, styles) ?? oldStyle;
  const attrs: Array<[string, string]> = [["r", address], ...(s !== undefined ? [["s", s] as [string, string]] : [])];
  if (existing?.fAttrs && (existing.fAttrs.t === "array" || existing.fAttrs.t === "dataTable")) throw new LightWriteUnsupported(`${address}: array formula`);
  if (w.formula !== undefined) {
    const formula = w.formula.replace(/^=/, "");
    const { t, v } = cachedValue(change.cached !== undefined ? change.cached : w.result);
    let f: string;
    // A shared formula's master keeps its element when its formula is unchanged (its group reads it);
    // a different formula there would orphan the group.
    if (existing?.fAttrs?.t === "shared" && existing.fAttrs.ref !== undefined) {
      if (existing.fText !== formula) throw new LightWriteUnsupported(`${address}: master of a shared formula`);
      f = existing.f!;
    } else f = `<f>${esc(formula)}</f>`;
    return `${startTag("c", [...attrs, ...(t ? [["t", t] as [string, string]] : []), ...keep], false)}${f}${v}</c>`;
  }
  const value = w.value;
  if (existing?.fAttrs?.t === "shared" && existing.fAttrs.ref !== undefined) throw new LightWriteUnsupported(`${address}: master of a shared formula`);
  if (value === undefined || value === "") return startTag("c", [...attrs, ...keep], true);
  if (typeof value === "number") return `${startTag("c", [...attrs, ...keep], false)}<v>${numberText(value)}</v></c>`;
  if (typeof value === "boolean") return `${startTag("c", [...attrs, ["t", "b"], ...keep], false)}<v>${value ? 1 : 0}</v></c>`;
  return `${startTag("c", [...attrs, ["t", "s"], ...keep], false)}<v>${strings.of(value)}</v></c>`;
}

interface RowPatch {
  cells: Map<number, { address: string; change: CellChange }>;
  height?: number;
}

/** The style index a write asks for, or undefined when it keeps the cell's own. */
function styleOf(w: CellWrite, styles: Styles): string | undefined {
  return w.style ? String(styles.of(w.style, w.numFmt ?? (w.style === "formFigure" ? NUMBER_FORMATS.score : "General"))) : undefined;
}

const S_ATTR = /\ss="(\d+)"/;

/** A cell the file already holds as the write asks (content and style): its bytes stay. */
function alreadyThere(body: string, start: number, tagEnd: number, change: CellChange, styles: Styles): boolean {
  if (!change.write?.unchanged) return false;
  const wanted = styleOf(change.write, styles);
  if (wanted === undefined) return true;
  // The usual case, ' s="N"' with the N asked for, is checked in place, without a slice.
  const quick = body.indexOf(' s="', start);
  if (quick >= 0 && quick < tagEnd && body.startsWith(wanted, quick + 4) && body.charCodeAt(quick + 4 + wanted.length) === 34 /* " */) return true;
  return (S_ATTR.exec(body.slice(start, tagEnd + 1))?.[1] ?? "0") === wanted;
}

/** The sheet with its changes; null when every cell and row height was already as asked. */
function patchSheet(xml: string, changes: Map<string, CellChange>, heights: Map<number, number>, strings: SharedStrings, styles: Styles): string | null {
  const rows = new Map<number, RowPatch>();
  let maxRow = 0;
  let maxCol = 0;
  for (const [address, change] of changes) {
    const { row, col } = parseCell(address);
    let r = rows.get(row);
    if (!r) rows.set(row, (r = { cells: new Map() }));
    r.cells.set(col, { address: `${colLetters(col)}${row}`, change });
    if (change.write) {
      maxRow = Math.max(maxRow, row);
      maxCol = Math.max(maxCol, col);
    }
  }
  for (const [row, height] of heights) {
    let r = rows.get(row);
    if (!r) rows.set(row, (r = { cells: new Map() }));
    r.height = height;
  }
  const pending = [...rows.keys()].sort((a, b) => a - b);
  let next = 0;
  let changed = false;

  // The rows region [dataStart, dataEnd) between head and tail; <sheetData/> becomes an empty region.
  let head: string;
  let tail: string;
  let dataStart = xml.indexOf("<sheetData>");
  let dataEnd: number;
  if (dataStart < 0) {
    const empty = xml.indexOf("<sheetData/>");
    if (empty < 0) throw new LightWriteUnsupported("no <sheetData>");
    head = `${xml.slice(0, empty)}<sheetData>`;
    tail = `</sheetData>${xml.slice(empty + 12)}`;
    dataStart = dataEnd = empty + 12;
  } else {
    dataStart += 11;
    dataEnd = xml.indexOf("</sheetData>", dataStart);
    if (dataEnd < 0) throw new LightWriteUnsupported("no </sheetData>");
    head = xml.slice(0, dataStart);
    tail = xml.slice(dataEnd);
  }
  const out: string[] = [];
  const newRowsBefore = (limit: number) => {
    while (next < pending.length && pending[next]! < limit) {
      const n = pending[next++]!;
      const p = rows.get(n)!;
      const cells = [...p.cells.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => cellXml(c.address, c.change, null, strings, styles)).filter((c): c is string => c !== null);
      if (!cells.length && p.height === undefined) continue;
      changed = true;
      const attrs: Array<[string, string]> = [["r", String(n)]];
      if (p.height !== undefined) attrs.push(["ht", String(p.height)], ["customHeight", "1"]);
      out.push(cells.length ? `${startTag("row", attrs, false)}${cells.join("")}</row>` : startTag("row", attrs, true));
    }
  };

  let i = dataStart;
  for (;;) {
    const rowStart = xml.indexOf("<row", i);
    if (rowStart < 0 || rowStart >= dataEnd) break;
    const tagEnd = xml.indexOf(">", rowStart);
    const selfClosing = xml[tagEnd - 1] === "/";
    const rowEnd = selfClosing ? tagEnd + 1 : xml.indexOf("</row>", tagEnd) + 6;
    if (!selfClosing && rowEnd < 6) throw new LightWriteUnsupported("row without </row>");
    const tag = xml.slice(rowStart, tagEnd + 1);
    const r = /\sr="(\d+)"/.exec(tag);
    const n = r ? Number(r[1]) : 0;
    if (!n) throw new LightWriteUnsupported("row without r");
    out.push(xml.slice(i, rowStart));
    newRowsBefore(n);
    const p = rows.get(n);
    if (pending[next] === n) next++;
    const body = selfClosing ? "" : xml.slice(tagEnd + 1, rowEnd - 6);
    const cells = p?.cells.size ? patchRow(body, p.cells, n, strings, styles) : null;
    const rowAttrs = p ? attrsOf(tag) : [];
    const heightChanged = p?.height !== undefined && !(Number(rowAttrs.find(([k]) => k === "ht")?.[1]) === p.height && rowAttrs.some(([k, v]) => k === "customHeight" && (v === "1" || v === "true")));
    if (cells === null && !heightChanged) {
      out.push(xml.slice(rowStart, rowEnd));
    } else {
      changed = true;
      // spans is a hint Excel may trust: a row whose cells change drops it rather than keep a wrong one.
      let attrs = cells === null ? rowAttrs : rowAttrs.filter(([k]) => k !== "spans");
      if (heightChanged) attrs = [...attrs.filter(([k]) => k !== "ht" && k !== "customHeight"), ["ht", String(p!.height)], ["customHeight", "1"]];
      const content = cells ?? body;
      out.push(content ? `${startTag("row", attrs, false)}${content}</row>` : startTag("row", attrs, true));
    }
    i = rowEnd;
  }
  out.push(xml.slice(i, dataEnd));
  newRowsBefore(Number.POSITIVE_INFINITY);
  if (!changed) return null;
  return updateDimension(`${head}${out.join("")}${tail}`, maxRow, maxCol);
}

/** The row's cells with its changes; null when none of them changed anything. */
function patchRow(body: string, cells: Map<number, { address: string; change: CellChange }>, rowNumber: number, strings: SharedStrings, styles: Styles): string | null {
  const out: string[] = [];
  const remaining = [...cells.keys()].sort((a, b) => a - b);
  let next = 0;
  let changed = false;
  const before = (col: number) => {
    while (next < remaining.length && remaining[next]! < col) {
      const c = cells.get(remaining[next++]!)!;
      const x = cellXml(c.address, c.change, null, strings, styles);
      if (x) {
        out.push(x);
        changed = true;
      }
    }
  };
  let i = 0;
  for (;;) {
    let start = body.indexOf("<c", i);
    while (start >= 0 && !/[\s>/]/.test(body[start + 2] ?? "")) start = body.indexOf("<c", start + 2);
    if (start < 0) break;
    const tagEnd = body.indexOf(">", start);
    const selfClosing = body[tagEnd - 1] === "/";
    const end = selfClosing ? tagEnd + 1 : body.indexOf("</c>", tagEnd) + 4;
    if (!selfClosing && end < 4) throw new LightWriteUnsupported("cell without </c>");
    const col = cellColumn(body, start, tagEnd, rowNumber);
    if (!col) throw new LightWriteUnsupported("cell without its address");
    out.push(body.slice(i, start));
    before(col);
    const c = cells.get(col);
    if (c && !alreadyThere(body, start, tagEnd, c.change, styles)) {
      if (remaining[next] === col) next++;
      const existing = body.slice(start, end);
      const x = cellXml(c.address, c.change, parseExistingCell(existing), strings, styles);
      if (x !== null && x !== existing) changed = true;
      out.push(x ?? existing);
    } else {
      if (c && remaining[next] === col) next++;
      out.push(body.slice(start, end));
    }
    i = end;
  }
  out.push(body.slice(i));
  before(Number.POSITIVE_INFINITY);
  return changed ? out.join("") : null;
}

/**
 * The column of the cell whose start tag is body[start..tagEnd], read from its r="A1" attribute; 0 unless
 * that names a cell in row `rowNumber`. Scanned in place, not matched on a slice: it runs for every cell of
 * a sheet patched (~110,000 at 5,000 indicators).
 */
function cellColumn(body: string, start: number, tagEnd: number, rowNumber: number): number {
  let at = body.indexOf(' r="', start);
  // The attribute may follow any whitespace, as the regex \sr=" allowed.
  if (at < 0 || at > tagEnd) {
    const m = /\sr="/.exec(body.slice(start, tagEnd));
    if (!m) return 0;
    at = start + m.index;
  }
  const close = body.indexOf('"', at + 4);
  const cell = close >= 0 && close < tagEnd ? scanCellAt(body, at + 4, close) : null;
  return cell && cell.row === rowNumber ? cell.col : 0;
}

function updateDimension(xml: string, maxRow: number, maxCol: number): string {
  if (!maxRow) return xml;
  return xml.replace(/<dimension\s+ref="([^"]*)"\s*\/>/, (whole, ref: string) => {
    try {
      const r = parseRange(ref);
      const bottom = Math.max(r.bottom, maxRow);
      const right = Math.max(r.right, maxCol);
      if (bottom === r.bottom && right === r.right) return whole;
      return `<dimension ref="${colLetters(r.left)}${r.top}:${colLetters(right)}${bottom}"/>`;
    } catch {
      return whole;
    }
  });
}
