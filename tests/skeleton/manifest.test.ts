// The add-in manifest: what the product relies on, and that scripts/validate-manifest.mjs catches
// the mistakes it is meant to catch.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const manifestPath = path.join(root, "manifest.xml");
const script = path.join(root, "scripts/validate-manifest.mjs");

interface XmlElement {
  name: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}
interface Problem {
  zh: string;
  en: string;
}
interface ValidateModule {
  checkManifest(xml: string, options?: { root?: string }): Problem[];
  parseXml(xml: string): XmlElement;
}

// A computed specifier: the .mjs has no type declarations; its surface is described above.
const validator = (await import(pathToFileURL(script).href)) as ValidateModule;
const xml = readFileSync(manifestPath, "utf8");
const app = validator.parseXml(xml);

function descendants(el: XmlElement, local: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.local === local ? [c] : []), ...descendants(c, local)]);
}
function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local);
}
/** Resource id → DefaultValue. */
const resources = new Map(
  ["Image", "Url", "String"].flatMap((kind) =>
    descendants(app, kind)
      .filter((r) => r.attrs.id)
      .map((r) => [r.attrs.id ?? "", r.attrs.DefaultValue ?? ""] as const),
  ),
);

/** Replaces one occurrence (it must exist, or the "mutation" would test nothing) and checks the copy. */
function checkMutated(from: string | RegExp, to: string): string[] {
  const mutated = xml.replace(from, to);
  expect(mutated, `mutation ${String(from)} must change the manifest`).not.toBe(xml);
  return validator.checkManifest(mutated).map((p) => p.en);
}

describe("manifest.xml", () => {
  it("passes `npm run validate` (office-addin-manifest info + structural checks)", () => {
    const r = spawnSync(process.execPath, [script], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("清单检查通过");
    expect(r.status).toBe(0);
  });

  it("has no structural problems", () => {
    expect(validator.checkManifest(xml)).toEqual([]);
  });

  it("is a task pane add-in for Excel with a stable GUID, zh-CN first and an en-US override", () => {
    expect(app.local).toBe("OfficeApp");
    expect(app.attrs["xsi:type"]).toBe("TaskPaneApp");
    expect(child(app, "Id")?.text).toBe("a86e9440-b16f-4c02-afe7-ef23d291379e");
    expect(child(app, "DefaultLocale")?.text).toBe("zh-CN");
    const name = child(app, "DisplayName");
    expect(name?.attrs.DefaultValue).toBe("绩效自评助手");
    expect(child(name, "Override")?.attrs).toEqual({ Locale: "en-US", Value: "Performance Self-Evaluation Assistant" });
    expect(child(child(app, "Description"), "Override")?.attrs.Locale).toBe("en-US");
    expect(child(app, "Permissions")?.text).toBe("ReadWriteDocument");
    expect(descendants(child(app, "Hosts")!, "Host").map((h) => h.attrs.Name)).toEqual(["Workbook"]);
  });

  it("requires ExcelApi 1.7 (worksheet onChanged), nothing newer", () => {
    const sets = child(child(app, "Requirements"), "Sets");
    expect(sets?.attrs.DefaultMinVersion).toBe("1.1");
    expect(sets?.children.map((s) => s.attrs)).toEqual([{ Name: "ExcelApi", MinVersion: "1.7" }]);
  });

  it("puts a 绩效自评 group on the Home tab whose button opens taskpane.html", () => {
    const vo = child(app, "VersionOverrides")!;
    expect(vo.attrs["xsi:type"]).toBe("VersionOverridesV1_0");
    const tab = descendants(vo, "OfficeTab");
    expect(tab.map((t) => t.attrs.id)).toEqual(["TabHome"]);
    const group = child(tab[0], "Group")!;
    expect(resources.get(child(group, "Label")!.attrs.resid!)).toBe("绩效自评");
    const action = descendants(group, "Action")[0]!;
    expect(action.attrs["xsi:type"]).toBe("ShowTaskpane");
    expect(resources.get(child(action, "SourceLocation")!.attrs.resid!)).toBe("https://localhost:3000/taskpane.html");
    const functionFile = descendants(vo, "FunctionFile")[0]!;
    expect(resources.get(functionFile.attrs.resid!)).toBe("https://localhost:3000/commands.html");
    expect(child(child(app, "DefaultSettings"), "SourceLocation")?.attrs.DefaultValue).toBe(
      "https://localhost:3000/taskpane.html",
    );
  });

  it("serves every icon from https://localhost:3000/assets/", () => {
    const icons = [...resources.entries()].filter(([id]) => id.startsWith("Icon.")).map(([, url]) => url);
    expect(icons.sort()).toEqual(
      [16, 32, 64, 80].map((n) => `https://localhost:3000/assets/icon-${n}.png`).sort(),
    );
    expect(child(app, "IconUrl")?.attrs.DefaultValue).toBe("https://localhost:3000/assets/icon-64.png");
    expect(child(app, "HighResolutionIconUrl")?.attrs.DefaultValue).toBe("https://localhost:3000/assets/icon-128.png");
  });
});

describe("scripts/validate-manifest.mjs catches", () => {
  it("an Id that is not a GUID", () => {
    expect(checkMutated(/<Id>[^<]*<\/Id>/, "<Id>jixiao</Id>")).toContainEqual(expect.stringMatching(/Id is not a GUID/));
  });

  it("a DefaultLocale other than zh-CN", () => {
    expect(checkMutated("<DefaultLocale>zh-CN", "<DefaultLocale>en-US")).toContainEqual(
      expect.stringMatching(/DefaultLocale must be zh-CN/),
    );
  });

  it("a DisplayName without the en-US override", () => {
    expect(checkMutated('<Override Locale="en-US" Value="Performance Self-Evaluation Assistant"/>', "")).toContainEqual(
      expect.stringMatching(/DisplayName has no en-US Override/),
    );
  });

  it("read-only permissions", () => {
    expect(checkMutated("<Permissions>ReadWriteDocument", "<Permissions>ReadDocument")).toContainEqual(
      expect.stringMatching(/Permissions must be ReadWriteDocument/),
    );
  });

  it("a missing ExcelApi requirement", () => {
    expect(checkMutated('<Set Name="ExcelApi" MinVersion="1.7"/>', '<Set Name="DialogApi" MinVersion="1.1"/>')).toContainEqual(
      expect.stringMatching(/ExcelApi/),
    );
  });

  it("an icon file that does not exist", () => {
    expect(checkMutated("assets/icon-80.png", "assets/icon-99.png")).toContainEqual(
      expect.stringMatching(/does not exist: assets[\\/]icon-99\.png/),
    );
  });

  it("an icon whose pixel size does not match the declared size", () => {
    expect(checkMutated('DefaultValue="https://localhost:3000/assets/icon-16.png"', 'DefaultValue="https://localhost:3000/assets/icon-32.png"')).toContainEqual(
      expect.stringMatching(/must be 16×16 px, is 32×32/),
    );
  });

  it("a page URL that no webpack entry produces", () => {
    expect(checkMutated('id="Taskpane.Url" DefaultValue="https://localhost:3000/taskpane.html"', 'id="Taskpane.Url" DefaultValue="https://localhost:3000/pane.html"')).toContainEqual(
      expect.stringMatching(/maps to no build input/),
    );
  });

  it("a resid without a resource", () => {
    expect(checkMutated('<Label resid="Group.Label"/>', '<Label resid="Group.Missing"/>')).toContainEqual(
      expect.stringMatching(/resid Group\.Missing .* is not defined/),
    );
  });

  it("plain http URLs", () => {
    expect(checkMutated('<SupportUrl DefaultValue="https://', '<SupportUrl DefaultValue="http://')).toContainEqual(
      expect.stringMatching(/is not https/),
    );
  });

  it("malformed XML, and fails the command with exit code 1", () => {
    expect(checkMutated("</OfficeApp>", "")).toContainEqual(expect.stringMatching(/XML does not parse/));
    const r = spawnSync(process.execPath, [script, path.join(root, "package.json")], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("清单检查未通过");
  });
});
