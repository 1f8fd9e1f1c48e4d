// Intake autosave: htmx posts the form as the volunteer types. When the phone loses its
// connection, say so and post again as soon as it is back: what was typed stays in the page.
(function () {
  "use strict";
  var form = document.getElementById("intake");
  var status = document.getElementById("autosave-status");
  if (!form || !status) { return; }
  var pending = false;
  function offline() {
    pending = true;
    status.textContent = status.dataset.offline;
    status.classList.add("row-error");
  }
  document.body.addEventListener("htmx:sendError", offline);
  document.body.addEventListener("htmx:timeout", offline);
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) { pending = false; status.classList.remove("row-error"); }
  });
  window.addEventListener("online", function () {
    if (pending) { htmx.trigger(form, "change"); }
  });
})();
