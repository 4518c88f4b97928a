import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { type HostMode, Shell } from "./Shell";

const container = document.getElementById("root");
if (!container) throw new Error("taskpane.html has no #root element");
const root = createRoot(container);

function render(mode: HostMode): void {
  root.render(
    <FluentProvider theme={webLightTheme}>
      <Shell mode={mode} />
    </FluentProvider>,
  );
}

// Paint right away instead of after Office.onReady: onReady waits for office.js to fetch its host file
// (over a megabyte), and it never resolves if that load fails.
render("connecting");

// office.js is a separate classic script; Office is undefined only when it failed to load
// (local copy missing, CDN blocked). The pane still renders, as a browser preview.
if (typeof Office === "undefined") {
  render("preview");
} else {
  void Office.onReady((info) => {
    render(info.host === Office.HostType.Excel ? "excel" : "preview");
  });
}
