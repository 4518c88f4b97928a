/**
 * Field ids are a TypeScript type, not strings repeated across registries: a typo is a compile error
 * (checked by `npm run typecheck`, which `npm test` runs first), and the registries agree at run time.
 */
import { describe, expect, it } from "vitest";
import { SCALAR_INPUTS, UNIT_TEXT_FIELDS } from "../../src/domain/fields";
import { evaluationInputSchema } from "../../src/domain/model";
import { fieldInfo, isFieldId, nameOf } from "../../src/template/fields";
import { FIELD_NAMES, SELF_TABLE_HEADER, SHEETS, type FieldId } from "../../src/template/spec";

describe("the typed field catalogue", () => {
  it("rejects unknown ids at compile time", () => {
    // @ts-expect-error "unit.supervisr" is not a field id: a typo must not compile
    const typo: FieldId = "unit.supervisr";
    // @ts-expect-error nameOf takes a FieldId, not any string
    expect(() => nameOf(String(typo))).toThrow(/No defined name|Unknown field/);
    expect(isFieldId("unit.supervisor")).toBe(true);
    expect(isFieldId(typo)).toBe(false);
  });

  it("every field the sheets show has a label, a kind and a unique defined name", () => {
    const ids = SHEETS.flatMap((s) => s.cells.flatMap((c) => ("field" in c ? [c.field] : "link" in c ? [c.link] : "labelOf" in c ? [c.labelOf] : [])));
    expect(ids.length).toBeGreaterThan(60);
    for (const id of ids) {
      const info = fieldInfo(id);
      expect(info.label.length, id).toBeGreaterThan(0);
      expect(info.name).toBe(FIELD_NAMES[id]);
    }
    const names = Object.values(FIELD_NAMES);
    expect(new Set(names).size).toBe(names.length);
  });

  it("the unit's plain texts in the JSON schema are the catalogue's, with its labels", () => {
    const unitShape = evaluationInputSchema.shape.unit.shape as Record<string, { description?: string }>;
    expect(UNIT_TEXT_FIELDS.map((f) => f.key)).toContain("supervisor");
    for (const f of UNIT_TEXT_FIELDS) {
      expect(unitShape[f.key]?.description, f.key).toBe(f.label);
      expect(SCALAR_INPUTS.find((s) => s.id === `unit.${f.key}`)?.label).toBe(f.label);
    }
    const parsed = evaluationInputSchema.shape.unit.parse({ name: "某局", year: 2023, supervisor: "某市政府" });
    expect(parsed.supervisor).toBe("某市政府");
  });

  it("the 自评表 header is described once: each header field is a label cell and a live link", () => {
    const selfTable = SHEETS.find((s) => s.key === "selfTable")!;
    for (const h of SELF_TABLE_HEADER) {
      expect(selfTable.cells).toContainEqual({ at: h.label, labelOf: h.field, style: "label" });
      expect(selfTable.cells).toContainEqual({ at: h.value, link: h.field });
    }
  });
});
