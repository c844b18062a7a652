// office.js as Excel's webview would make it look, for the browser test against the Excel
// stand-in: served in place of Microsoft's CDN script, it reports the Excel host and the Office
// theme the test chose (window.__officeTheme, set by an init script). The workbook itself is the
// stand-in's `Excel.run`. The stand-in holds cells, not a file, so getFileAsync fails, as it does
// in hosts that cannot hand the file over.
(function () {
  var info = { host: "Excel", platform: "OfficeOnline" };
  globalThis.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    FileType: { Compressed: "compressed" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    onReady: function (callback) {
      if (typeof callback === "function") callback(info);
      return Promise.resolve(info);
    },
    context: {
      officeTheme: globalThis.__officeTheme,
      document: {
        getFileAsync: function (_type, _options, callback) {
          var done = typeof _options === "function" ? _options : callback;
          done({ status: "failed", error: { message: "The Excel stand-in holds no file." } });
        },
      },
    },
  };
})();
