// Progressive enhancement only: every page works without this file.
// After a failed submit, move focus to the error summary (for browsers that ignore autofocus on it).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
});
