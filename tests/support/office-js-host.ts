/**
 * The shipped Excel JavaScript runtime (node_modules/@microsoft/office-js/dist/excel-*.js), run headless
 * in a node `vm` context, with a stub host that records every request the runtime hands to Excel
 * instead of sending it. Our src/excel code runs against this real `Excel` namespace, so the requests
 * measured here are the ones Office.js builds, byte for byte: the same actions, object paths and JSON.
 *
 * How a request travels: `ctx.sync()` builds the body ({ Actions, ObjectPaths }), and Office.js's
 * OfficeJsRequestExecutor (the executor for the local document, i.e. an add-in in Excel) serialises it
 * with JSON.stringify into a message array and calls `OSF.DDA.RichApi.executeRichApiRequestAsync`,
 * the host transport (on the web a postMessage to Excel Online, on desktop the host bridge). That
 * function is the stub here.
 *
 * The stub is a blank workbook that answers only the reads it is told about (`answer`); any other
 * read fails the request with "UnexpectedQuery", so a new read in a measured code path cannot pass
 * on a made-up answer.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import vm from "node:vm";

const require = createRequire(import.meta.url);

/** The directory of the shipped runtime files. */
export const OFFICE_JS_DIST = join(dirname(require.resolve("@microsoft/office-js/package.json")), "dist");

/** The package's version, for the test's report. */
export const OFFICE_JS_VERSION = (JSON.parse(readFileSync(join(OFFICE_JS_DIST, "..", "package.json"), "utf8")) as { version: string }).version;

export interface ActionInfo {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  QueryInfo?: { Select?: string[] };
  /** A method's arguments, or the value a property is set to (its only argument). */
  ArgumentInfo?: { Arguments?: unknown[] };
}

export interface ObjectPathInfo {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: { Arguments?: unknown[] };
}

export interface RequestBody {
  Actions: ActionInfo[];
  ObjectPaths: Record<string, ObjectPathInfo>;
}

/** One request as the host received it. */
export interface CapturedRequest {
  /** UTF-8 bytes of the request body (the JSON of actions and object paths). */
  bodyBytes: number;
  /** UTF-8 bytes of the whole message handed to the transport, serialised as JSON (body escaped inside). */
  messageBytes: number;
  /** Actions in the request: every instantiation, property set, method call and query. */
  actions: number;
  /** Object paths the request refers to (each proxy object: a range, its format, its font…). */
  objectPaths: number;
  /** Request flags (1 = writes, 64 = delay for cell edit). */
  flags: number;
  body: RequestBody;
}

/**
 * A read the host answers: the query's target (its object path's name, e.g. "Worksheets") → the value,
 * or a function of the target's object path and the request's paths, for a target whose answer depends
 * on its arguments (e.g. one table column's GetDataBodyRange among several).
 */
export type AnswerFor = (path: ObjectPathInfo, paths: Record<string, ObjectPathInfo>) => unknown;
export type Answers = Record<string, unknown>;

/** Action and object path types of the RichApi protocol (office.js ActionType, ObjectPathType). */
const INSTANTIATE = 1;
const QUERY = 2;
const METHOD = 3;
const SET_PROPERTY = 4;

/** A collection in the RichApi protocol: its items under `_Items`, each with PascalCase properties. */
export const collection = (items: Array<Record<string, unknown>>) => ({ _Items: items });

export interface OfficeJsHost {
  /** The shipped runtime's `Excel` namespace. */
  excel: typeof Excel;
  /** Every request received since the last reset, in order. */
  requests: CapturedRequest[];
  /** What reads are answered with (replace to change the workbook the host pretends to be). */
  answers: Answers;
}

/**
 * Loads a shipped Excel runtime, e.g. "excel-web-16.00.js" (Excel on the web, the host with the 5 MB
 * limit) or "excel-win32-16.01.js", into a fresh context with a recording host.
 */
export function loadOfficeJs(file: string, answers: Answers = {}): OfficeJsHost {
  const code = readFileSync(join(OFFICE_JS_DIST, file), "utf8");
  // The globals the runtime touches while loading and running: a window (itself), timers, and a
  // location/navigator/document it reads once (no DOM is needed to build requests).
  const sandbox: Record<string, unknown> = {
    console: { log() {}, warn() {}, error() {}, info() {}, debug() {} },
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    location: new URL("https://localhost/taskpane.html"),
    navigator: { userAgent: "node", language: "zh-CN" },
    document: { cookie: "", readyState: "complete", addEventListener() {}, getElementsByTagName: () => [], createElement: () => ({}) },
    addEventListener() {},
    removeEventListener() {},
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  vm.runInContext(code, vm.createContext(sandbox), { filename: file });

  const host: OfficeJsHost = { excel: sandbox.Excel as typeof Excel, requests: [], answers };
  const osf = sandbox.OSF as { DDA: { RichApi: { executeRichApiRequestAsync: unknown } } };
  // The message array of RichApiMessageUtility.buildRequestMessageSafeArray: [customData, method, path,
  // headers, body, appPermission, requestFlags, …].
  osf.DDA.RichApi.executeRichApiRequestAsync = (message: unknown[], callback: (result: unknown) => void) => {
    const text = String(message[4]);
    const body = JSON.parse(text) as RequestBody;
    host.requests.push({
      bodyBytes: Buffer.byteLength(text, "utf8"),
      messageBytes: Buffer.byteLength(JSON.stringify(message), "utf8"),
      actions: body.Actions.length,
      objectPaths: Object.keys(body.ObjectPaths).length,
      flags: Number(message[6]),
      body,
    });
    const results: Array<{ ActionId: number; Value: unknown }> = [];
    let error: { Code: string; Message: string; HttpStatusCode: number; Location: string } | undefined;
    for (const action of body.Actions) {
      const path = body.ObjectPaths[action.ObjectPathId];
      // An object an add() created is valid after the sync only once the host has named it: Excel
      // answers its instantiation with the new object's id, and Office.js then refers to it as
      // collection.getItem(id) (ObjectPath.updateUsingObjectData). Without this answer the next sync
      // fails with InvalidObjectPath, as it would against a host that lost the object.
      if (action.ActionType === INSTANTIATE && path?.ObjectPathType === METHOD && path.Name === "Add") {
        results.push({ ActionId: action.Id, Value: { Id: `{00000000-0000-0000-0000-${String(action.Id).padStart(12, "0")}}` } });
        continue;
      }
      if (action.ActionType !== QUERY) continue;
      const target = path?.Name ?? "?";
      const answer = host.answers[target];
      if (target in host.answers) results.push({ ActionId: action.Id, Value: typeof answer === "function" ? (answer as AnswerFor)(path!, body.ObjectPaths) : answer });
      else {
        error = { Code: "UnexpectedQuery", Message: `The recording host has no answer for a read of ${target}.`, HttpStatusCode: 400, Location: target };
        break;
      }
    }
    const response = JSON.stringify(error ? { Error: error } : { Results: results });
    // A succeeded async result whose data is [statusCode, headers, body] (RichApiMessageUtility).
    queueMicrotask(() => callback({ status: "succeeded", value: { data: [200, [], response] } }));
  };
  return host;
}

/** The names of the object paths a request's actions act on, e.g. "GetRange" or "Values" per action. */
export function actionNames(request: CapturedRequest): string[] {
  return request.body.Actions.map((a) => a.Name || (request.body.ObjectPaths[a.ObjectPathId]?.Name ?? ""));
}

/** A range property a request sets, e.g. every "Formulas": the worksheet, the range's address and the value. */
export interface RangeSet {
  sheet: string;
  address: string;
  value: unknown;
}

/**
 * The `property` settings of a request on ranges got as worksheets.getItem(sheet).getRange(address), the
 * way src/excel addresses cells, with the values set.
 */
export function rangeSets(request: CapturedRequest, property: string): RangeSet[] {
  const paths = request.body.ObjectPaths;
  const out: RangeSet[] = [];
  for (const a of request.body.Actions) {
    if (a.ActionType !== SET_PROPERTY || a.Name !== property) continue;
    const range = paths[a.ObjectPathId];
    const sheet = range?.ParentObjectPathId === undefined ? undefined : paths[range.ParentObjectPathId];
    if (range?.Name !== "GetRange" || !sheet) throw new Error(`${property} is set on ${range?.Name ?? "?"}, not on a worksheet's GetRange`);
    out.push({ sheet: String(sheet.ArgumentInfo?.Arguments?.[0]), address: String(range.ArgumentInfo?.Arguments?.[0]), value: a.ArgumentInfo?.Arguments?.[0] });
  }
  return out;
}
