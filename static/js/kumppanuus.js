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
// A background job's page (data-refresh on #job-progress) updates its progress
// section in place until the job is done; without this file, its Refresh link.
(function () {
  "use strict";
  var section = document.getElementById("job-progress");
  if (!section || !section.dataset.refresh || !window.fetch) {
    return;
  }
  var delay = parseInt(section.dataset.refresh, 10) || 2000;
  function update() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("job-progress");
        if (!fresh) {
          return;
        }
        section.querySelector("[role=status]").innerHTML = fresh.querySelector("[role=status]").innerHTML;
        if (fresh.dataset.refresh) {
          window.setTimeout(update, delay);
        }
      });
  }
  window.setTimeout(update, delay);
})();
