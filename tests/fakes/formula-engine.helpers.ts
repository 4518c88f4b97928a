/** Small wrappers so the engine tests read naturally. */
import { type Rect, formatAddress, parseA1 } from "./a1";

export function parseA1Check(address: string): Rect | null {
  return parseA1(address)?.rect ?? null;
}

export function formatA1Check(sheet: string, rect: Rect): string {
  return formatAddress(sheet, rect);
}
