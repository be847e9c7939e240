// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  // Screen readers and keyboard users start from the list of errors.
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      // A choice inside a closed group (the municipalities by region) opens its group.
      var group = field.closest("details");
      if (group) {
        group.open = true;
      }
      field.scrollIntoView({ block: "center" });
      field.focus();
    }
  });
})();
