// FunctionFile runtime. The ribbon button only opens the task pane (ShowTaskpane), so there are no function
// commands; Office still waits for the page to initialise office.js, hence the onReady call.
// Office is undefined when office.js failed to load; nothing to do then.
if (typeof Office !== "undefined") {
  void Office.onReady();
}
