// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  // Move focus to the error summary (autofocus does this in most browsers).
  var summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) { summary.focus(); }
  // A print button makes sense only where script runs.
  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
