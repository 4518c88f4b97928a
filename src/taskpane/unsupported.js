/*
 * Runs before the pane's bundle, in ES5 so that every webview Office may use can parse it. Excel 2016/2019
 * volume-licensed renders add-ins in Internet Explorer 11 (Trident), and Office 2016/2019 retail without
 * WebView2 in Edge Legacy (EdgeHTML); neither can parse the pane's ES2022 bundle, which would leave a blank
 * pane. There, this says in Chinese which Office and which runtime the add-in needs. Microsoft's advice:
 * https://learn.microsoft.com/office/dev/add-ins/develop/support-ie-11
 */
(function () {
  var ua = (window.navigator && window.navigator.userAgent) || "";
  var trident = ua.indexOf("Trident") !== -1;
  // Edge Legacy says "Edge/"; Chromium Edge and WebView2 say "Edg/".
  var edgeLegacy = ua.indexOf("Edge/") !== -1;
  // Any other engine without ES2022's library is too old for the bundle as well (e.g. Safari before 15.4).
  var modern = typeof Object.hasOwn === "function" && typeof Array.prototype.at === "function";
  if (!trident && !edgeLegacy && modern) return;
  window.__jixiaoUnsupported = true;
  var engine = trident ? "Internet Explorer 11" : edgeLegacy ? "旧版 Microsoft Edge（EdgeHTML）" : "过旧的浏览器组件";
  var message =
    "绩效自评助手无法在此 Excel 中运行：它显示加载项所用的" +
    engine +
    "不支持本助手。请使用 Microsoft 365 订阅版、Office 2021 或更新版本的 Excel（Windows 上需安装 Microsoft Edge WebView2 运行时），" +
    "或在 Edge、Chrome 浏览器中使用 Excel 网页版。Excel 2016、Excel 2019 批量授权版无法使用本助手。";
  function show() {
    var root = document.getElementById("root") || document.body;
    if (!root) return;
    root.setAttribute("role", "alert");
    root.style.padding = "16px";
    root.style.fontFamily = "'Microsoft YaHei', SimSun, sans-serif";
    root.style.fontSize = "14px";
    root.style.lineHeight = "1.6";
    root.innerHTML = "";
    root.appendChild(document.createTextNode(message));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
