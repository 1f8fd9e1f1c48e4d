// Intake autosave: htmx posts the form as the volunteer types, and the answer comes back into
// the status line, with each field's errors placed next to it. The form itself is never
// replaced, so nothing typed meanwhile is lost.
//
// When a save fails (no connection, or the server did not answer), a banner fixed at the
// bottom of the screen says what is not saved yet, until a save succeeds; the page posts
// again as soon as the connection is back. Leaving the page with changes not saved asks first.
//
// What is typed stays in this page only: nothing is written to the browser's storage (a test
// reads this file to check it never names one).
(function () {
  "use strict";
  var form = document.getElementById("intake");
  var status = document.getElementById("autosave-status");
  var banner = document.getElementById("offline-banner");
  var changedList = document.getElementById("offline-fields");
  if (!form || !status || !banner) { return; }

  var edits = 0;            // changes typed since the page opened
  var sentEdits = 0;        // how many of them the request in flight carries
  var savedEdits = 0;       // how many of them are saved
  var pending = {};         // field name -> edit count when it last changed
  var failed = false;
  var submitting = false;

  function labelOf(element) {
    var label = element.id && form.querySelector('label[for="' + element.id + '"]');
    if (label && label.firstChild && label.firstChild.nodeType === 3) {
      var text = label.firstChild.textContent.trim();
      if (text) { return text; }
    }
    var group = element.closest("fieldset");
    var legend = group && group.querySelector("legend");
    return legend ? legend.textContent.trim() : element.name;
  }

  function unsavedLabels() {
    var labels = [];
    Object.keys(pending).forEach(function (name) {
      var element = form.elements[name];
      if (element && element.length && !element.tagName) { element = element[0]; }
      var label = element ? labelOf(element) : name;
      if (labels.indexOf(label) < 0) { labels.push(label); }
    });
    return labels;
  }

  function showBanner() {
    var labels = unsavedLabels();
    changedList.textContent = labels.length
      ? changedList.dataset.changed + " " + labels.join("; ") + "."
      : "";
    banner.hidden = false;
  }

  function saveFailed(message) {
    failed = true;
    status.textContent = message;
    status.classList.add("row-error");
    showBanner();
  }

  function noteChange(event) {
    if (!event.target.name || event.target.name === "csrfmiddlewaretoken") { return; }
    edits += 1;
    pending[event.target.name] = edits;
    if (failed) { showBanner(); }
  }

  // After each answer: show the question about a repeated time where the server says the
  // clocks showed the time twice, and mark the fields that have errors.
  function placeErrors() {
    form.querySelectorAll(".field-errors").forEach(function (errors) {
      var name = errors.id.replace(/^errors-/, "");
      var fold = document.getElementById("fold-" + name);
      if (fold) { fold.hidden = errors.dataset.fold !== "needed"; }
      var field = form.elements[name];
      if (field && field.tagName) {
        if (errors.children.length) {
          field.setAttribute("aria-invalid", "true");
        } else {
          field.removeAttribute("aria-invalid");
        }
      }
    });
  }

  form.addEventListener("input", noteChange);
  form.addEventListener("change", noteChange);
  form.addEventListener("submit", function () { submitting = true; });

  form.addEventListener("htmx:beforeRequest", function () { sentEdits = edits; });
  form.addEventListener("htmx:sendError", function () { saveFailed(status.dataset.offline); });
  form.addEventListener("htmx:timeout", function () { saveFailed(status.dataset.offline); });
  form.addEventListener("htmx:responseError", function () { saveFailed(status.dataset.failed); });
  form.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) { return; }
    savedEdits = sentEdits;
    Object.keys(pending).forEach(function (name) {
      if (pending[name] <= savedEdits) { delete pending[name]; }
    });
    failed = false;
    status.classList.remove("row-error");
    banner.hidden = true;
  });
  document.body.addEventListener("htmx:afterSettle", placeErrors);

  window.addEventListener("online", function () {
    if (failed || edits !== savedEdits) { htmx.trigger(form, "change"); }
  });

  window.addEventListener("beforeunload", function (event) {
    // A field the server refused is not saved either, even after a save succeeded.
    var refused = status.querySelector("[data-unsaved]") !== null;
    if (submitting || (edits === savedEdits && !refused)) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
})();
