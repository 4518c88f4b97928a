import DefinedNameXform from "exceljs/lib/xlsx/xform/book/defined-name-xform";
import DefinedNames from "exceljs/lib/doc/defined-names";
import { applyExcelJsPatches } from "./exceljs-patches";
import type { SnapshotName } from "./snapshot";
import type { RawName } from "./snapshot-xlsx";

/**
 * Defined names as exceljs reads them (DefinedNameXform, then DefinedNames with our patches), for the
 * light reader's names that are not one absolute range: exceljs's own code decides, so the snapshot is
 * the one snapshotFromExcelJs gives.
 */

applyExcelJsPatches();

export function exceljsNames(list: readonly RawName[]): SnapshotName[] {
  const models = list.map((d) => {
    const xform = new DefinedNameXform();
    xform.parseOpen({ name: "definedName", attributes: d.attrs });
    xform.parseText(d.text);
    xform.parseClose("definedName");
    return xform.model;
  });
  const names = new DefinedNames();
  names.model = models;
  return (names.model as Array<{ name: string; ranges: string[] }>).map((n) => ({ name: n.name, formula: `=${n.ranges.join(",")}` }));
}
