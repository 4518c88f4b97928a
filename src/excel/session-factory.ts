import sample from "../../assets/samples/reference-2023.json";
import { LiveSession } from "../app/session";
import type { PaneState, Store } from "../app/state";
import { evaluationInputSchema } from "../domain/model";
import { OUTPUT_SHEETS } from "../template/outputs";
import { OfficePort } from "./office-port";
import { downloadsWork } from "./platform";

/**
 * The live session inside Excel: the Office.js adapter, the output sheets, and the pane's store.
 * Loaded with import() after the pane's first paint (the engine is not part of the first bundle).
 */
export async function createExcelSession(options: { store: Store<PaneState> }): Promise<{ store: Store<PaneState>; actions: LiveSession; dispose(): void }> {
  options.store.set({ canDownload: downloadsWork(String(Office.context.platform ?? "")) });
  const port = new OfficePort({ excel: Excel, requirements: Office.context.requirements, platform: String(Office.context.platform ?? "") });
  const session = new LiveSession(port, OUTPUT_SHEETS, {
    host: "excel",
    store: options.store,
    sample: evaluationInputSchema.parse(sample),
  });
  // start() never rejects: a failure to read the workbook is shown in the pane with 立即重算 to retry.
  await session.start();
  return { store: session.store, actions: session, dispose: () => void session.stop() };
}
