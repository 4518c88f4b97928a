/**
 * The parts of the Excel fake that real Excel has and the first fake lacked, so those code paths of
 * the adapter run in tests: page layout (ExcelApi 1.9), document properties (1.7), borders and merges,
 * and the rules Excel applies to them. Sources, per rule:
 *
 * - mergeUndoGroup: "If an API within the group doesn't offer undo support, the UndoNotSupported error
 *   is thrown" — worksheet protect/unprotect and the document properties are in the list of APIs without
 *   undo: https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities
 * - Page layout on a protected sheet: the documentation is silent; the safe path is that Excel refuses
 *   (AccessDenied), so the adapter sets print before protecting (docs/excel-probes.md, probe "print").
 * - zoom.horizontalFitToPages alone can fail to apply (https://github.com/OfficeDev/office-js/issues/1860):
 *   the fake keeps a fit-to-pages zoom only when both directions are given.
 * - Merging on a protected sheet is refused (Excel disables Merge & Center under protection).
 * Direct access for assertions: pageOf(fake, sheet), propertiesOf(fake), bordersOf, mergesOf.
 */
import { type Rect, formatRect, parseA1 } from "./a1";
import { ErrorCodes, type SheetModel, type WorkbookModel, officeError } from "./workbook-model";
import type { FakeRequestContext, SyncRun } from "./excel-objects";

export interface PageState {
  orientation?: string;
  paperSize?: string;
  zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  centerHorizontally?: boolean;
  margins: Record<string, number>;
  printArea?: string;
  printTitleRows?: string;
  footers: Record<string, string>;
}

export interface DocumentProps {
  title?: string;
  subject?: string;
  keywords?: string;
  author?: string;
}

const pages = new WeakMap<SheetModel, PageState>();
const props = new WeakMap<WorkbookModel, DocumentProps>();
const borders = new WeakMap<SheetModel, Array<{ rect: Rect; edge: string; prop: string; value: unknown }>>();
const merges = new WeakMap<SheetModel, Rect[]>();

export function pageState(sheet: SheetModel): PageState {
  let p = pages.get(sheet);
  if (!p) pages.set(sheet, (p = { margins: {}, footers: {} }));
  return p;
}

export function documentProps(model: WorkbookModel): DocumentProps {
  let p = props.get(model);
  if (!p) props.set(model, (p = {}));
  return p;
}

export function sheetBorders(sheet: SheetModel): Array<{ rect: Rect; edge: string; prop: string; value: unknown }> {
  let b = borders.get(sheet);
  if (!b) borders.set(sheet, (b = []));
  return b;
}

export function sheetMerges(sheet: SheetModel): Rect[] {
  let m = merges.get(sheet);
  if (!m) merges.set(sheet, (m = []));
  return m;
}

/** Throws UndoNotSupported for an API without undo inside a mergeUndoGroup run (ExcelApi 1.20). */
export function assertUndoable(ctx: FakeRequestContext, api: string): void {
  if (ctx._options.mergeUndoGroup === true && ctx._app.isApiSupported("1.20")) {
    throw officeError(ErrorCodes.undoNotSupported, `${api} does not support undo and cannot be part of an undo group.`, api);
  }
}

function assertPageEditable(sheet: SheetModel, what: string): void {
  if (sheet.protection.protected) throw officeError(ErrorCodes.accessDenied, `The sheet is protected: ${what} cannot be changed.`);
}

/** A plain setter object: each property set is queued and applied to a target at sync. */
type Apply = (run: SyncRun, value: unknown) => void;

function queued(ctx: FakeRequestContext, check: () => void, apply: Apply): (value: unknown) => void {
  return (value) => {
    check();
    ctx._enqueue(null, (run) => {
      apply(run, value);
      run.mutated = true;
    });
  };
}

/** Worksheet.pageLayout (ExcelApi 1.9). `sheet()` resolves the worksheet at sync time. */
export function makePageLayout(ctx: FakeRequestContext, sheet: () => SheetModel): Record<string, unknown> {
  ctx._requireApi("1.9", "Worksheet.pageLayout");
  const at = (what: string, apply: (p: PageState, v: unknown) => void) =>
    queued(
      ctx,
      () => undefined,
      (_run, v) => {
        const s = sheet();
        assertPageEditable(s, what);
        apply(pageState(s), v);
      },
    );
  const setters: Record<string, (v: unknown) => void> = {
    orientation: at("orientation", (p, v) => (p.orientation = String(v))),
    paperSize: at("paperSize", (p, v) => (p.paperSize = String(v))),
    centerHorizontally: at("centerHorizontally", (p, v) => (p.centerHorizontally = Boolean(v))),
    zoom: at("zoom", (p, v) => {
      const z = v as PageState["zoom"];
      // office-js #1860: a fit-to-pages zoom with one direction only may not apply.
      if (z && (z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined)) {
        if (z.horizontalFitToPages === undefined || z.verticalFitToPages === undefined) return;
      }
      p.zoom = { ...z };
    }),
  };
  for (const m of ["leftMargin", "rightMargin", "topMargin", "bottomMargin", "headerMargin", "footerMargin"]) {
    setters[m] = at(m, (p, v) => {
      if (typeof v !== "number" || v < 0) throw officeError(ErrorCodes.invalidArgument, `Invalid ${m}`);
      p.margins[m] = v;
    });
  }
  const layout: Record<string, unknown> = {
    setPrintArea: (area: unknown) =>
      queued(
        ctx,
        () => undefined,
        (_run, v) => {
          const s = sheet();
          assertPageEditable(s, "print area");
          const text = typeof v === "string" ? v : String((v as { _address?: string })._address ?? "");
          for (const part of text.split(",")) if (!parseA1(part.trim())) throw officeError(ErrorCodes.invalidArgument, `Invalid print area ${text}`);
          pageState(s).printArea = text;
        },
      )(area),
    setPrintTitleRows: (rows: unknown) =>
      queued(
        ctx,
        () => undefined,
        (_run, v) => {
          const s = sheet();
          assertPageEditable(s, "print titles");
          pageState(s).printTitleRows = String(v);
        },
      )(rows),
    headersFooters: {
      defaultForAllPages: footerSetters(ctx, sheet),
    },
  };
  for (const [k, set] of Object.entries(setters)) {
    Object.defineProperty(layout, k, { set, get: () => pageState(sheet())[k as keyof PageState], enumerable: true });
  }
  return layout;
}

function footerSetters(ctx: FakeRequestContext, sheet: () => SheetModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ["leftFooter", "centerFooter", "rightFooter", "leftHeader", "centerHeader", "rightHeader"]) {
    Object.defineProperty(out, k, {
      set: queued(
        ctx,
        () => undefined,
        (_run, v) => {
          const s = sheet();
          assertPageEditable(s, k);
          pageState(s).footers[k] = String(v);
        },
      ),
      get: () => pageState(sheet()).footers[k],
      enumerable: true,
    });
  }
  return out;
}

/** Workbook.properties (ExcelApi 1.7): setters without undo, readable after load + sync. */
export function makeProperties(ctx: FakeRequestContext): Record<string, unknown> {
  ctx._requireApi("1.7", "Workbook.properties");
  const loaded: Record<string, unknown> = {};
  const obj: Record<string, unknown> = {
    load: (what?: string) => {
      const keys = (what ?? "title,subject,keywords,author").split(",").map((s) => s.trim());
      ctx._enqueue(null, (run) => {
        const p = documentProps(ctx._model);
        const snap = Object.fromEntries(keys.map((k) => [k, p[k as keyof DocumentProps] ?? ""]));
        run.commits.push(() => Object.assign(loaded, snap));
      });
      return obj;
    },
  };
  for (const k of ["title", "subject", "keywords", "author"] as const) {
    Object.defineProperty(obj, k, {
      set: (v: unknown) =>
        ctx._enqueue(null, (run) => {
          assertUndoable(ctx, `DocumentProperties.${k}`);
          documentProps(ctx._model)[k] = String(v);
          run.mutated = true;
        }),
      get: () => {
        if (!(k in loaded)) throw officeError(ErrorCodes.propertyNotLoaded, `The property '${k}' is not available.`);
        return loaded[k];
      },
      enumerable: true,
    });
  }
  return obj;
}

/** RangeFormat.borders (ExcelApi 1.1): getItem(edge).style/weight/color. */
export function makeBorders(ctx: FakeRequestContext, target: () => { sheet: SheetModel; rect: Rect }): Record<string, unknown> {
  return {
    getItem(edge: string) {
      const item: Record<string, unknown> = {};
      for (const prop of ["style", "weight", "color"]) {
        Object.defineProperty(item, prop, {
          set: (v: unknown) =>
            ctx._enqueue(null, (run) => {
              const t = target();
              ctx._model.assertAllowed(t.sheet, "allowFormatCells");
              if ((edge === "InsideHorizontal" && t.rect.r0 === t.rect.r1) || (edge === "InsideVertical" && t.rect.c0 === t.rect.c1)) {
                // Excel has no inside edge on a single row or column.
                throw officeError(ErrorCodes.invalidArgument, `The range ${formatRect(t.rect)} has no ${edge} border.`);
              }
              sheetBorders(t.sheet).push({ rect: { ...t.rect }, edge, prop, value: v });
              run.mutated = true;
            }),
          enumerable: true,
        });
      }
      return item;
    },
  };
}

/** Range.merge(across) (ExcelApi 1.2): refused on a protected sheet. */
export function queueMerge(ctx: FakeRequestContext, target: () => { sheet: SheetModel; rect: Rect }): void {
  ctx._requireApi("1.2", "Range.merge");
  ctx._enqueue(null, (run) => {
    const t = target();
    if (t.sheet.protection.protected) throw officeError(ErrorCodes.accessDenied, "Cannot merge cells on a protected sheet.");
    sheetMerges(t.sheet).push({ ...t.rect });
    run.mutated = true;
  });
}
