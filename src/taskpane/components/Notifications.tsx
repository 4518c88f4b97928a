import { Toast, Toaster, ToastTitle, useId, useToastController } from "@fluentui/react-components";
import { useEffect } from "react";
import { onNotify } from "../notify";

/** Fluent's toaster for the pane's confirmations (export, repair, new workbook); polite, gone after 4 s. */
export function Notifications() {
  const toasterId = useId("pane-toaster");
  const { dispatchToast } = useToastController(toasterId);
  useEffect(
    () =>
      onNotify((message) =>
        dispatchToast(
          <Toast data-testid="toast">
            <ToastTitle>{message}</ToastTitle>
          </Toast>,
          { intent: "success", politeness: "polite", timeout: 4000 },
        ),
      ),
    [dispatchToast],
  );
  return <Toaster toasterId={toasterId} position="bottom" />;
}
