import { expect, test } from "vitest";
import { downloadsWork } from "../../src/excel/platform";

// Office.PlatformType (https://learn.microsoft.com/javascript/api/office/office.platformtype). Office for
// Mac ignores blob downloads (office-js #2700, #4681); Office on iPad ("iOS") uses the same WKWebView.
test("Word export offers the file download where the webview saves it, the clipboard way on Mac and iPad", () => {
  expect(downloadsWork("PC")).toBe(true);
  expect(downloadsWork("OfficeOnline")).toBe(true);
  expect(downloadsWork("Universal")).toBe(true);
  expect(downloadsWork("Mac")).toBe(false);
  expect(downloadsWork("iOS")).toBe(false);
});
