/**
 * `npm run bench`: every speed and size budget of the product, measured, printed as
 * `name: value unit` lines (and one JSON object with --json). Each section adds its figures.
 */
import { engineBench } from "./bench/engine";
import { reportBench } from "./bench/report";
import { templateBench } from "./bench/template";
import { syncsBench } from "./bench/syncs";
import { cliBench } from "./bench/cli";
import { paneBench } from "./bench/pane";
import { projectsBench } from "./bench/projects";

export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** What the figure is held against, printed beside it. */
  note?: string;
}

export type Section = () => Promise<Metric[]>;

const SECTIONS: Array<[string, Section]> = [
  ["engine", engineBench],
  ["projects", projectsBench],
  ["template", templateBench],
  ["syncs", syncsBench],
  ["report", reportBench],
  ["pane", paneBench],
  ["cli", cliBench],
];

async function run() {
  const json = process.argv.includes("--json");
  const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
  const all: Metric[] = [];
  for (const [name, section] of SECTIONS) {
    if (only && !only.split(",").includes(name)) continue;
    try {
      const metrics = await section();
      all.push(...metrics);
      if (!json) for (const m of metrics) console.log(`${m.name}: ${round(m.value)} ${m.unit}${m.note ? `   (${m.note})` : ""}`);
    } catch (e) {
      console.error(`bench section ${name} failed: ${(e as Error).stack ?? String(e)}`);
      process.exitCode = 1;
    }
  }
  if (json) console.log(JSON.stringify(Object.fromEntries(all.map((m) => [m.name, round(m.value)])), null, 2));
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
}

void run();
