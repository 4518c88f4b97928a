/**
 * Whether the pane's webview saves a downloaded file. Office for Mac ignores <a download> of a blob
 * (office-js #2700, closed by Microsoft as by design; #4681), and Office on iPad runs add-ins in the same
 * WKWebView. `platform` is Office.context.platform (Office.PlatformType: PC, OfficeOnline, Mac, iOS,
 * Android, Universal; https://learn.microsoft.com/javascript/api/office/office.platformtype).
 */
export function downloadsWork(platform: string): boolean {
  return platform !== "Mac" && platform !== "iOS";
}
