import TableColumnXform from "exceljs/lib/xlsx/xform/table/table-column-xform";
import DefinedNamesXform from "exceljs/lib/xlsx/xform/book/defined-name-xform";
import DefinedNames from "exceljs/lib/doc/defined-names";
import AutoFilterXform from "exceljs/lib/xlsx/xform/table/auto-filter-xform";
import TableStyleInfoXform from "exceljs/lib/xlsx/xform/table/table-style-info-xform";
import PageSetupXform from "exceljs/lib/xlsx/xform/sheet/page-setup-xform";

/**
 * Two gaps in exceljs 4.4.0 that the workbook depends on, closed in place (pinned by
 * tests/template/exceljs-patches.test.ts, so an exceljs upgrade that changes these internals fails loudly):
 *
 * 1. Table columns: exceljs neither writes nor reads <calculatedColumnFormula>. Without it Excel does not
 *    fill the computed columns of a row inserted into the table; and when reading a file Excel saved with
 *    it, exceljs's parser drops every column after the first calculated one (then writes a broken table).
 * 3. Tables as other programs read and write them: a <filterColumn> is written only for a hidden button or a
 *    filter (absent means "button shown", as Excel writes it). Stock exceljs 4.4.0 crashes reading a table
 *    with more <filterColumn>s than the columns it parsed (`setting 'filterButton'`), which is every table
 *    with a calculated column, so files we write must not carry them. A table without <tableStyleInfo>
 *    (LibreOffice writes those) is written back without one instead of crashing on `style.theme`.
 * 4. Page numbers: on read, exceljs sets firstPageNumber = 1 even when the file has none, and on write it
 *    sets useFirstPageNumber whenever firstPageNumber is set. So every sheet of a file read and saved
 *    again restarts at "第 1 页" instead of numbering on from the sheet before. useFirstPageNumber is
 *    now written only when the model asks for it.
 * 2. Defined names whose text is not a plain A1 range ("#REF!", "'预算执行'!#REF!", constants, structured
 *    references) vanish on read, so the reader could not report a broken name and a repaired file would lose
 *    the user's own formula names. They are kept as `unparsed` and written back unchanged.
 */

interface XmlStream {
  openNode(name: string, attributes?: Record<string, unknown>): void;
  leafNode(name: string, attributes: Record<string, unknown> | null, text?: unknown): void;
  closeNode(): void;
}
interface SaxNode {
  name: string;
  attributes: Record<string, string>;
}
interface ColumnModel {
  id: number;
  name: string;
  totalsRowLabel?: string;
  totalsRowFunction?: string;
  dxfId?: string;
  calculatedColumnFormula?: string;
  totalsRowFormula?: string;
}
interface ColumnXform {
  tag: string;
  model: ColumnModel;
  _child?: { name: string; depth: number; text: string[] } | undefined;
  _open?: boolean;
}

export interface UnparsedName {
  name: string;
  text: string;
  localSheetId?: number;
}
interface DefinedNameModel {
  name: string;
  ranges: string[];
  localSheetId?: number;
  text?: string;
}
interface DefinedNamesLike {
  matrixMap: Record<string, { forEach(cb: (cell: unknown) => void): void }>;
  unparsed?: UnparsedName[];
}

const PATCHED = Symbol.for("jixiao.exceljsPatched");
const RANGE = /[$](\w+)[$](\d+)(:[$](\w+)[$](\d+))?/;

export function applyExcelJsPatches(): void {
  const registry = globalThis as unknown as Record<symbol, boolean>;
  if (registry[PATCHED]) return;
  registry[PATCHED] = true;
  patchTableColumns();
  patchDefinedNames();
  patchTableFilterAndStyle();
  patchPageSetup();
}

interface FilterColumnModel {
  filterButton?: boolean;
  customFilters?: unknown;
}

function patchTableFilterAndStyle(): void {
  const filterProto = AutoFilterXform.prototype as Record<string, unknown>;
  const renderFilter = filterProto.render as (this: unknown, xml: XmlStream, model: { autoFilterRef: string; columns: FilterColumnModel[] }) => boolean;
  filterProto.render = function (this: unknown, xml: XmlStream, model: { autoFilterRef: string; columns: FilterColumnModel[] }): boolean {
    // Each column's colId was set by prepare() on the full list, so the columns that stay keep theirs.
    const columns = model.columns.filter((c) => c.filterButton === false || c.customFilters);
    if (columns.length === 0) {
      xml.leafNode("autoFilter", { ref: model.autoFilterRef });
      return true;
    }
    return renderFilter.call(this, xml, { ...model, columns });
  };
  const styleProto = TableStyleInfoXform.prototype as Record<string, unknown>;
  const renderStyle = styleProto.render as (this: unknown, xml: XmlStream, model: unknown) => boolean;
  styleProto.render = function (this: unknown, xml: XmlStream, model: unknown): boolean {
    return model ? renderStyle.call(this, xml, model) : false;
  };
}

interface PageSetupModel {
  firstPageNumber?: number;
  useFirstPageNumber?: boolean;
}

function patchPageSetup(): void {
  const proto = PageSetupXform.prototype as Record<string, unknown>;
  const render = proto.render as (this: unknown, xml: XmlStream, model: PageSetupModel | undefined) => void;
  proto.render = function (this: unknown, xml: XmlStream, model: PageSetupModel | undefined): void {
    if (model && !model.useFirstPageNumber) return render.call(this, xml, { ...model, firstPageNumber: undefined });
    return render.call(this, xml, model);
  };
}

function patchTableColumns(): void {
  const proto = TableColumnXform.prototype as Record<string, unknown>;
  const render = proto.render as (this: ColumnXform, xml: XmlStream, model: ColumnModel) => boolean;
  proto.render = function (this: ColumnXform, xml: XmlStream, model: ColumnModel): boolean {
    if (!model.calculatedColumnFormula && !model.totalsRowFormula) return render.call(this, xml, model);
    xml.openNode(this.tag, {
      id: model.id.toString(),
      name: model.name,
      totalsRowLabel: model.totalsRowLabel,
      totalsRowFunction: model.totalsRowFunction,
      dxfId: model.dxfId,
    });
    if (model.calculatedColumnFormula) xml.leafNode("calculatedColumnFormula", null, model.calculatedColumnFormula);
    if (model.totalsRowFunction === "custom" && model.totalsRowFormula) {
      xml.leafNode("totalsRowFormula", null, model.totalsRowFormula);
    }
    xml.closeNode();
    return true;
  };
  // The list parser hands every event inside a <tableColumn> to this instance until parseClose returns
  // false, so `_open` tells a column's start from a child element.
  proto.parseOpen = function (this: ColumnXform, node: SaxNode): boolean {
    if (!this._open) {
      if (node.name !== this.tag) return false;
      const a = node.attributes;
      this.model = { id: 0, name: a.name ?? "", totalsRowLabel: a.totalsRowLabel, totalsRowFunction: a.totalsRowFunction, dxfId: a.dxfId };
      this._open = true;
      return true;
    }
    if (this._child) this._child.depth++;
    else this._child = { name: node.name, depth: 0, text: [] };
    return true;
  };
  proto.parseText = function (this: ColumnXform, text: string): void {
    if (this._child && this._child.depth === 0) this._child.text.push(text);
  };
  proto.parseClose = function (this: ColumnXform, name: string): boolean {
    const child = this._child;
    if (child) {
      if (child.depth > 0) {
        child.depth--;
        return true;
      }
      if (child.name === "calculatedColumnFormula") this.model.calculatedColumnFormula = child.text.join("");
      if (child.name === "totalsRowFormula") this.model.totalsRowFormula = child.text.join("");
      this._child = undefined;
      return true;
    }
    if (name === this.tag) this._open = false;
    return false;
  };
}

function patchDefinedNames(): void {
  const xformProto = DefinedNamesXform.prototype as unknown as Record<string, unknown>;
  const parseClose = xformProto.parseClose as (this: { model: DefinedNameModel; _parsedText: string[] }) => boolean;
  xformProto.parseClose = function (this: { model: DefinedNameModel; _parsedText: string[] }): boolean {
    const text = this._parsedText.join("");
    const out = parseClose.call(this);
    this.model.text = text;
    return out;
  };

  const proto = DefinedNames.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(proto, "model");
  if (!descriptor?.get || !descriptor.set) throw new Error("exceljs DefinedNames.model changed: update exceljs-patches.ts");
  const get = descriptor.get;
  const set = descriptor.set;
  Object.defineProperty(proto, "model", {
    configurable: true,
    get(this: DefinedNamesLike): DefinedNameModel[] {
      const parsed = get.call(this) as DefinedNameModel[];
      const have = new Set(parsed.map((d) => d.name.toLowerCase()));
      const extra = (this.unparsed ?? [])
        .filter((u) => !have.has(u.name.toLowerCase()))
        .map((u): DefinedNameModel => ({ name: u.name, ranges: [u.text], ...(u.localSheetId !== undefined ? { localSheetId: u.localSheetId } : {}) }));
      return [...parsed, ...extra];
    },
    set(this: DefinedNamesLike, value: DefinedNameModel[]) {
      set.call(this, value);
      this.unparsed = value
        .filter((d) => !d.ranges.some((r) => RANGE.test(r.split("!").pop() ?? "")))
        .map((d) => ({ name: d.name, text: d.text ?? d.ranges.join(","), ...(d.localSheetId !== undefined ? { localSheetId: d.localSheetId } : {}) }));
    },
  });
}

/** Names exceljs could not parse as ranges (kept by the patch), e.g. "#REF!". */
export function unparsedNames(definedNames: unknown): UnparsedName[] {
  return (definedNames as DefinedNamesLike).unparsed ?? [];
}
