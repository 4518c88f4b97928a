import { Spinner } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { useStrings } from "../i18n";

/** How long an action may run before the pane shows a spinner: a quick recompute should not flicker. */
export const SPINNER_DELAY_MS = 300;

/** True once `active` has stayed true for `delayMs`; false again as soon as it turns false. */
export function useDelayedFlag(active: boolean, delayMs: number): boolean {
  const [elapsed, setElapsed] = useState(false);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setElapsed(true), delayMs);
    return () => {
      clearTimeout(timer);
      setElapsed(false);
    };
  }, [active, delayMs]);
  // `active &&`: between `active` turning false and the cleanup's re-render, never show a stale spinner.
  return active && elapsed;
}

export function BusyIndicator({ busy }: { busy: { label: string } | undefined }) {
  const t = useStrings();
  const show = useDelayedFlag(busy !== undefined, SPINNER_DELAY_MS);
  if (!show) return null;
  return <Spinner size="tiny" labelPosition="after" label={busy?.label || t.busy} data-testid="busy-spinner" />;
}
