import { cpus } from "node:os";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import { BATCH_WORKER_FLAG } from "../worker-script";
import type { Finding } from "../../domain";
import { evaluateFile } from "../evaluate-file";
import { UsageError } from "../errors";

/** Deductions a reviewer must see explained: the three "扣分无理由" findings. */
const UNEXPLAINED_DEDUCTION: ReadonlySet<string> = new Set(["EXECUTION_DEDUCTION_NO_REASON", "OVERRIDE_BELOW_COMPUTED_NO_REASON", "SCORE_BELOW_WEIGHT_NO_REASON"]);

/** What one file contributes to the batch summary: small, so workers send little. */
export type BatchRow =
  | {
      ok: true;
      file: string;
      unit: string;
      year: number;
      /** Nothing filled in (no unit name, no indicator): listed, never ranked. */
      blank: boolean;
      profile: { id: string; name: string };
      executionRate: number | null;
      levels: Record<string, number>;
      total: number;
      grade: string;
      counts: { error: number; warning: number; info: number };
      /** Any score set by hand (预算执行率 or an indicator's 调整得分). */
      overridden: boolean;
      unexplainedDeductions: number;
      findings: Array<Pick<Finding, "code" | "severity" | "message"> & { cell: string; located: boolean }>;
      /** Each 项目支出绩效自评表 of the file. */
      projects: BatchProjectRow[];
    }
  | { ok: false; file: string; reason: string };

export interface BatchProjectRow {
  name: string;
  budget: number | null;
  actual: number | null;
  rate: number | null;
  total: number;
  grade: string;
  deductions: number;
  unexplained: number;
}

export async function evaluateForBatch(file: string): Promise<BatchRow> {
  try {
    const { result, read } = await evaluateFile(file);
    const input = read.input;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of result.findings) counts[f.severity]++;
    const overridden =
      typeof input.execution?.override?.score === "number" || input.indicators.some((i) => typeof i.override?.score === "number");
    return {
      ok: true,
      file,
      unit: result.unit.name,
      year: result.unit.year,
      blank: !String(input.unit.name ?? "").trim() && input.indicators.length === 0,
      profile: result.profile,
      executionRate: result.rates.execution.value,
      levels: Object.fromEntries(result.levels.map((l) => [l.id, l.score])),
      total: result.total,
      grade: result.grade,
      counts,
      overridden,
      unexplainedDeductions: result.findings.filter((f) => UNEXPLAINED_DEDUCTION.has(f.code)).length,
      findings: result.findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        message: f.message,
        cell: f.ref.cell ?? f.ref.field,
        located: Boolean(f.ref.cell),
      })),
      projects: result.projects.map((p) => ({
        name: p.name,
        budget: p.funds.total.adjusted,
        actual: p.funds.total.actual,
        rate: p.execution.rate,
        total: p.total,
        grade: p.grade,
        deductions: p.deductions.count,
        unexplained: p.deductions.unexplained,
      })),
    };
  } catch (e) {
    const reason = e instanceof UsageError ? e.message : `无法读取：${(e as Error).message}`;
    return { ok: false, file, reason };
  }
}

export interface BatchOptions {
  /** The script a worker thread runs (the CLI bundle); without it everything runs in this thread. */
  workerScript?: string;
  workers?: number;
  onProgress?: (done: number, file: string) => void;
}

/** Evaluates every file, on up to `workers` threads; a file that fails never stops the batch. */
export async function runBatch(files: readonly string[], options: BatchOptions = {}): Promise<BatchRow[]> {
  const rows = new Array<BatchRow>(files.length);
  let done = 0;
  const report = (i: number, row: BatchRow) => {
    rows[i] = row;
    done++;
    options.onProgress?.(done, basename(files[i]!));
  };
  const threads = Math.max(1, Math.min(options.workers ?? cpus().length, files.length));
  if (!options.workerScript || threads === 1 || files.length < 4) {
    for (let i = 0; i < files.length; i++) report(i, await evaluateForBatch(files[i]!));
    return rows;
  }
  const script = options.workerScript;
  let next = 0;
  // One lane per thread: a worker takes the next file when it answers. If a worker dies (out of
  // memory on a pathological file), that file is reported and a fresh worker continues the lane.
  const lane = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(script, { argv: [BATCH_WORKER_FLAG] });
      let current = -1;
      const feed = () => {
        if (next >= files.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage(files[current]);
      };
      worker.on("message", (row: BatchRow) => {
        report(current, row);
        feed();
      });
      worker.on("error", (e) => {
        if (current >= 0 && !rows[current]) report(current, { ok: false, file: files[current]!, reason: `处理时出错：${e.message}` });
        void worker.terminate();
        resolve(lane());
      });
      worker.on("online", feed);
    });
  await Promise.all(Array.from({ length: threads }, lane));
  return rows;
}

/** The worker side: evaluate each path it is sent and answer with its row. */
export function serveBatchWorker(port: import("node:worker_threads").MessagePort): void {
  port.on("message", (file: string) => {
    void evaluateForBatch(file).then((row) => port.postMessage(row));
  });
}
