#!/usr/bin/env node
// Offline manifest check (npm run validate).
// `office-addin-manifest validate` posts the manifest to a Microsoft service, which a 政务网 machine or CI
// cannot reach; so this runs `office-addin-manifest info` (parses the manifest the way the Office tooling
// does) and then checks what this product relies on.
//
// Usage: node scripts/validate-manifest.mjs [manifest.xml] [--root DIR] [--json] [--skip-info]
//   --root       directory whose assets/ and src/ hold the build inputs (default: the repo root)
//   --json       print {ok, errors} as JSON instead of messages
//   --skip-info  structural checks only (used by tests that check mutated copies)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const DEV_ORIGIN = "https://localhost:3000";

// Page URL → webpack input that produces it (HtmlWebpackPlugin templates).
export const PAGE_SOURCES = {
  "/taskpane.html": "src/taskpane/index.html",
  "/commands.html": "src/commands/commands.html",
};

// ---------------------------------------------------------------------------------------------------------
// A small XML parser: elements, attributes, text. Enough for a manifest (no DTDs, no entities beyond the
// predefined and numeric ones); it throws on malformed nesting, which is all we need from it.

/**
 * @typedef {{ name: string, local: string, attrs: Record<string, string>, children: XmlElement[], text: string, line: number }} XmlElement
 */

const ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

/** @returns {XmlElement} the root element */
export function parseXml(xml) {
  let i = 0;
  /** @type {XmlElement[]} */
  const stack = [];
  /** @type {XmlElement | undefined} */
  let root;
  const lineAt = (pos) => xml.slice(0, pos).split("\n").length;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) {
      if (xml.slice(i).trim()) throw new Error("text after the root element");
      break;
    }
    const text = xml.slice(i, lt);
    if (stack.length) stack[stack.length - 1].text += decode(text);
    else if (text.trim()) throw new Error(`text outside the root element (line ${lineAt(i)})`);
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      if (end < 0) throw new Error(`unterminated comment (line ${lineAt(lt)})`);
      i = end + 3;
    } else if (xml.startsWith("<?", lt)) {
      const end = xml.indexOf("?>", lt + 2);
      if (end < 0) throw new Error(`unterminated processing instruction (line ${lineAt(lt)})`);
      i = end + 2;
    } else if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt + 9);
      if (end < 0 || !stack.length) throw new Error(`bad CDATA section (line ${lineAt(lt)})`);
      stack[stack.length - 1].text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith("<!", lt)) {
      throw new Error(`DOCTYPE/declarations are not allowed (line ${lineAt(lt)})`);
    } else if (xml[lt + 1] === "/") {
      const gt = xml.indexOf(">", lt);
      if (gt < 0) throw new Error(`unterminated end tag (line ${lineAt(lt)})`);
      const name = xml.slice(lt + 2, gt).trim();
      const open = stack.pop();
      if (!open || open.name !== name) {
        throw new Error(`end tag </${name}> does not match <${open ? open.name : ""}> (line ${lineAt(lt)})`);
      }
      i = gt + 1;
    } else {
      const tagRe = /<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
      tagRe.lastIndex = lt;
      const m = tagRe.exec(xml);
      if (!m) throw new Error(`malformed start tag (line ${lineAt(lt)})`);
      const attrs = {};
      for (const a of m[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]} (line ${lineAt(lt)})`);
        attrs[a[1]] = decode(a[2] ?? a[3] ?? "");
      }
      const name = m[1];
      /** @type {XmlElement} */
      const el = { name, local: name.includes(":") ? name.slice(name.indexOf(":") + 1) : name, attrs, children: [], text: "", line: lineAt(lt) };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error(`second root element <${name}> (line ${el.line})`);
      else root = el;
      if (!m[3]) stack.push(el);
      i = tagRe.lastIndex;
    }
  }
  if (stack.length) throw new Error(`unclosed element <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error("no root element");
  return root;
}

/** Direct children with this local name. */
const kids = (el, local) => (el ? el.children.filter((c) => c.local === local) : []);
const kid = (el, local) => kids(el, local)[0];
/** All descendants with this local name ("*": every descendant). */
function all(el, local, out = []) {
  for (const c of el ? el.children : []) {
    if (local === "*" || c.local === local) out.push(c);
    all(c, local, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

/** Reads width/height from a PNG's IHDR chunk; undefined when the file is not a PNG. */
export function pngSize(file) {
  const b = readFileSync(file);
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 24 || sig.some((v, k) => b[k] !== v) || b.toString("latin1", 12, 16) !== "IHDR") return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Structural checks of an add-in manifest.
 * @param {string} xml manifest text
 * @param {{ root?: string }} [options] root: where assets/ and src/ are (default: this repo)
 * @returns {{ zh: string, en: string }[]} problems; empty when the manifest is fine
 */
export function checkManifest(xml, options = {}) {
  const root = options.root ?? repoRoot;
  /** @type {{ zh: string, en: string }[]} */
  const errors = [];
  const fail = (zh, en) => errors.push({ zh, en });

  let app;
  try {
    app = parseXml(xml);
  } catch (e) {
    fail(`XML 解析失败：${e.message}`, `XML does not parse: ${e.message}`);
    return errors;
  }
  if (app.local !== "OfficeApp") {
    fail(`根元素应为 OfficeApp，实际为 ${app.name}`, `root element must be OfficeApp, found ${app.name}`);
    return errors;
  }
  if (app.attrs["xsi:type"] !== "TaskPaneApp") {
    fail("OfficeApp 的 xsi:type 应为 TaskPaneApp", 'OfficeApp xsi:type must be "TaskPaneApp"');
  }

  const id = kid(app, "Id")?.text.trim() ?? "";
  if (!GUID.test(id)) fail(`Id 不是 GUID：“${id}”`, `Id is not a GUID: "${id}"`);

  const version = kid(app, "Version")?.text.trim() ?? "";
  if (!/^\d+(\.\d+){0,3}$/.test(version)) fail(`Version 格式错误：“${version}”`, `Version is malformed: "${version}"`);

  const defaultLocale = kid(app, "DefaultLocale")?.text.trim();
  if (defaultLocale !== "zh-CN") {
    fail(`DefaultLocale 应为 zh-CN，实际为 ${defaultLocale ?? "（缺失）"}`, `DefaultLocale must be zh-CN, found ${defaultLocale ?? "(missing)"}`);
  }

  for (const [field, zhName] of [
    ["DisplayName", "显示名称"],
    ["Description", "说明"],
  ]) {
    const el = kid(app, field);
    if (!el || !el.attrs.DefaultValue?.trim()) {
      fail(`缺少${zhName}（${field} DefaultValue）`, `${field} DefaultValue is missing`);
      continue;
    }
    const en = kids(el, "Override").find((o) => o.attrs.Locale === "en-US");
    if (!en || !en.attrs.Value?.trim()) {
      fail(`${zhName}（${field}）缺少 en-US 的 Override`, `${field} has no en-US Override`);
    }
  }

  const permissions = kid(app, "Permissions")?.text.trim();
  if (permissions !== "ReadWriteDocument") {
    fail(`Permissions 应为 ReadWriteDocument，实际为 ${permissions ?? "（缺失）"}`, `Permissions must be ReadWriteDocument, found ${permissions ?? "(missing)"}`);
  }

  const hosts = kids(kid(app, "Hosts"), "Host").map((h) => h.attrs.Name);
  if (!hosts.includes("Workbook")) fail("Hosts 中没有 Workbook（Excel）", "Hosts does not list Workbook (Excel)");

  const sets = kids(kid(kid(app, "Requirements"), "Sets"), "Set");
  const excelApi = sets.find((s) => s.attrs.Name === "ExcelApi");
  if (!excelApi) {
    fail("Requirements 中没有 ExcelApi 要求集", "Requirements does not name the ExcelApi requirement set");
  } else if (!/^1\.\d+$/.test(excelApi.attrs.MinVersion ?? "")) {
    fail(`ExcelApi 的 MinVersion 格式错误：“${excelApi.attrs.MinVersion ?? ""}”`, `ExcelApi MinVersion is malformed: "${excelApi.attrs.MinVersion ?? ""}"`);
  }

  const source = kid(kid(app, "DefaultSettings"), "SourceLocation")?.attrs.DefaultValue;
  if (!source) fail("缺少 DefaultSettings/SourceLocation", "DefaultSettings/SourceLocation is missing");

  for (const field of ["IconUrl", "HighResolutionIconUrl"]) {
    if (!kid(app, field)?.attrs.DefaultValue) fail(`缺少 ${field}`, `${field} is missing`);
  }

  // --- VersionOverrides: ribbon button, resources --------------------------------------------------------
  const vo = kid(app, "VersionOverrides");
  /** @type {Map<string, { kind: string, value: string, el: XmlElement }>} */
  const resources = new Map();
  if (!vo) {
    fail("缺少 VersionOverrides（功能区按钮）", "VersionOverrides (ribbon button) is missing");
  } else {
    if (vo.attrs["xsi:type"] !== "VersionOverridesV1_0") {
      fail("VersionOverrides 的 xsi:type 应为 VersionOverridesV1_0", "VersionOverrides xsi:type must be VersionOverridesV1_0");
    }
    const res = kid(vo, "Resources");
    for (const [group, item, max] of [
      ["Images", "Image", 2048],
      ["Urls", "Url", 2048],
      ["ShortStrings", "String", 125],
      ["LongStrings", "String", 250],
    ]) {
      for (const r of kids(kid(res, group), item)) {
        const rid = r.attrs.id;
        const value = r.attrs.DefaultValue ?? "";
        if (!rid) continue;
        if (resources.has(rid)) fail(`资源 id 重复：${rid}`, `duplicate resource id ${rid}`);
        resources.set(rid, { kind: group, value, el: r });
        if (value.length > max) fail(`资源 ${rid} 超过 ${max} 个字符`, `resource ${rid} is longer than ${max} characters`);
        for (const o of kids(r, "Override")) {
          if ((o.attrs.Value ?? "").length > max) {
            fail(`资源 ${rid} 的 ${o.attrs.Locale} 译文超过 ${max} 个字符`, `resource ${rid} (${o.attrs.Locale}) is longer than ${max} characters`);
          }
        }
      }
    }
    for (const ref of all(vo, "*").filter((e) => e.attrs.resid !== undefined)) {
      const rid = ref.attrs.resid;
      if (!resources.has(rid)) fail(`引用了不存在的资源 ${rid}（第 ${ref.line} 行）`, `resid ${rid} (line ${ref.line}) is not defined in Resources`);
    }

    const workbook = kids(kid(vo, "Hosts"), "Host").find((h) => h.attrs["xsi:type"] === "Workbook");
    const desktop = kid(workbook, "DesktopFormFactor");
    if (!desktop) {
      fail("VersionOverrides 中没有 Workbook 的 DesktopFormFactor", "VersionOverrides has no Workbook DesktopFormFactor");
    } else {
      const ff = kid(desktop, "FunctionFile")?.attrs.resid;
      if (!ff) fail("缺少 FunctionFile", "FunctionFile is missing");
      const home = all(desktop, "OfficeTab").find((t) => t.attrs.id === "TabHome");
      const groups = kids(home, "Group");
      const showTaskpane = groups.flatMap((g) => kids(g, "Control")).map((c) => kid(c, "Action")).find((a) => a?.attrs["xsi:type"] === "ShowTaskpane");
      if (!home || !groups.length) {
        fail("“开始”选项卡（TabHome）上没有自定义组", "no custom group on the Home tab (TabHome)");
      } else if (!groups.some((g) => resources.get(kid(g, "Label")?.attrs.resid ?? "")?.value === "绩效自评")) {
        fail("“开始”选项卡上没有名为“绩效自评”的组", 'no group labelled "绩效自评" on the Home tab');
      }
      if (!showTaskpane) {
        fail("没有打开任务窗格（ShowTaskpane）的按钮", "no button with a ShowTaskpane action");
      } else {
        const url = resources.get(kid(showTaskpane, "SourceLocation")?.attrs.resid ?? "")?.value;
        if (url && new URL(url).pathname !== "/taskpane.html") {
          fail(`任务窗格按钮应打开 taskpane.html，实际为 ${url}`, `the task pane button must open taskpane.html, not ${url}`);
        }
      }
      // Every ribbon Icon needs the three sizes Office picks from (16/32/80); each must be that many pixels.
      for (const icon of all(desktop, "Icon")) {
        const sizes = kids(icon, "Image").map((img) => img.attrs.size);
        for (const need of ["16", "32", "80"]) {
          if (!sizes.includes(need)) fail(`第 ${icon.line} 行的 Icon 缺少 ${need} 像素图片`, `Icon on line ${icon.line} lacks a ${need} px image`);
        }
        for (const img of kids(icon, "Image")) {
          const url = resources.get(img.attrs.resid ?? "")?.value;
          const file = url ? localFile(url, root) : undefined;
          if (file && existsSync(file)) {
            const dim = pngSize(file);
            const n = Number(img.attrs.size);
            if (!dim) fail(`${url} 不是 PNG 文件`, `${url} is not a PNG`);
            else if (dim.width !== n || dim.height !== n) {
              fail(`${url} 应为 ${n}×${n} 像素，实际为 ${dim.width}×${dim.height}`, `${url} must be ${n}×${n} px, is ${dim.width}×${dim.height}`);
            }
          }
        }
      }
    }
  }

  // --- every URL: https, and the dev-origin ones must exist in the build inputs ---------------------------
  const urls = [];
  for (const el of [app, ...all(app, "*")]) {
    for (const [attr, value] of Object.entries(el.attrs)) {
      if (["DefaultValue", "Value"].includes(attr) && /^[a-z]+:\/\//i.test(value)) urls.push({ value, line: el.line });
    }
  }
  for (const { value, line } of urls) {
    if (!value.startsWith("https://")) {
      fail(`第 ${line} 行的地址不是 https：${value}`, `URL on line ${line} is not https: ${value}`);
      continue;
    }
    if (!value.startsWith(DEV_ORIGIN + "/")) continue;
    const file = localFile(value, root);
    if (!file) {
      fail(`第 ${line} 行的地址在构建输入中没有对应文件：${value}`, `URL on line ${line} maps to no build input: ${value}`);
    } else if (!existsSync(file)) {
      fail(`第 ${line} 行引用的文件不存在：${path.relative(root, file)}`, `file referenced on line ${line} does not exist: ${path.relative(root, file)}`);
    }
  }
  for (const [field, min] of [
    ["IconUrl", 32],
    ["HighResolutionIconUrl", 64],
  ]) {
    const url = kid(app, field)?.attrs.DefaultValue;
    const file = url ? localFile(url, root) : undefined;
    if (file && existsSync(file)) {
      const dim = pngSize(file);
      if (!dim || dim.width !== dim.height || dim.width < min) {
        fail(`${field} 应为至少 ${min}×${min} 像素的正方形 PNG`, `${field} must be a square PNG of at least ${min}×${min} px`);
      }
    }
  }
  return errors;
}

/** Maps a dev-origin URL to the file that webpack serves it from; undefined when nothing does. */
export function localFile(url, root = repoRoot) {
  if (!url.startsWith(DEV_ORIGIN + "/")) return undefined;
  const pathname = decodeURIComponent(new URL(url).pathname);
  if (PAGE_SOURCES[pathname]) return path.join(root, PAGE_SOURCES[pathname]);
  // Copied verbatim by copy-webpack-plugin (assets/ → dist/assets/).
  if (pathname.startsWith("/assets/") && !pathname.includes("..")) return path.join(root, pathname.slice(1));
  return undefined;
}

/** Runs `office-addin-manifest info` (offline); returns its exit status and output. */
export function runManifestInfo(manifestPath) {
  const bin = path.join(repoRoot, "node_modules", "office-addin-manifest", "cli.js");
  const r = spawnSync(process.execPath, [bin, "info", manifestPath], { encoding: "utf8" });
  return { status: r.status ?? 1, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

function main(argv) {
  const args = argv.slice(2);
  const flag = (f) => {
    const k = args.indexOf(f);
    if (k >= 0) args.splice(k, 1);
    return k >= 0;
  };
  const json = flag("--json");
  const skipInfo = flag("--skip-info");
  let root = repoRoot;
  const r = args.indexOf("--root");
  if (r >= 0) {
    root = path.resolve(args[r + 1] ?? ".");
    args.splice(r, 2);
  }
  const manifestPath = path.resolve(args[0] ?? path.join(repoRoot, "manifest.xml"));

  /** @type {{ zh: string, en: string }[]} */
  const errors = [];
  if (!existsSync(manifestPath)) {
    errors.push({ zh: `找不到清单文件 ${manifestPath}`, en: `manifest not found: ${manifestPath}` });
  } else {
    if (!skipInfo) {
      const info = runManifestInfo(manifestPath);
      if (info.status !== 0) {
        errors.push({ zh: `office-addin-manifest info 失败：${info.output.trim()}`, en: `office-addin-manifest info failed: ${info.output.trim()}` });
      }
    }
    errors.push(...checkManifest(readFileSync(manifestPath, "utf8"), { root }));
  }

  if (json) {
    console.log(JSON.stringify({ ok: errors.length === 0, errors }));
  } else if (errors.length) {
    console.error(`清单检查未通过 / manifest check failed: ${path.relative(process.cwd(), manifestPath)}`);
    for (const e of errors) console.error(`  ✗ ${e.zh}\n    ${e.en}`);
  } else {
    console.log(`清单检查通过 / manifest check passed: ${path.relative(process.cwd(), manifestPath)}`);
  }
  return errors.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv);
}
