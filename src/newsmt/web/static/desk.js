/* The editor's desk: nothing typed is lost. Served from /static (the CSP allows no inline
   script). Without it every form still works; with it the desk warns before unsaved text
   is left behind, saves all paragraphs at once or with Ctrl+Enter, and keeps the text
   when the session expired until the editor logged in again (in another tab). */
(function () {
  "use strict";
  var leaving = false;
  function textareas() {
    return Array.prototype.slice.call(document.querySelectorAll("form.paragraph textarea"));
  }
  function dirty() {
    return textareas().filter(function (t) { return t.value !== t.defaultValue; });
  }
  function say(text) {
    var box = document.getElementById("desk-status");
    if (box) { box.textContent = text; box.hidden = false; }
  }
  function saveDirty() {
    var open = dirty();
    open.forEach(function (t) { t.form.requestSubmit(); });
    return open.length;
  }
  var saveAll = document.getElementById("save-all");
  if (saveAll) {
    saveAll.hidden = false;
    saveAll.addEventListener("click", function () {
      var n = saveDirty();
      say(n ? n + " Absätze werden gespeichert …" : "Nichts zu speichern: alles ist gespeichert.");
    });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && target.matches &&
        target.matches("form.paragraph textarea")) {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("form.paragraph textarea")) {
      event.target.closest("tr").classList.toggle("unsaved", event.target.value !== event.target.defaultValue);
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && dirty().length) { event.preventDefault(); event.returnValue = ""; }
  });
  Array.prototype.forEach.call(document.querySelectorAll("form.decision"), function (form) {
    form.addEventListener("submit", function (event) {
      var n = dirty().length;
      if (n && !window.confirm(n + " Absatz/Absätze sind nicht gespeichert. Trotzdem fortfahren und die Änderungen verwerfen?")) {
        event.preventDefault();
        return;
      }
      leaving = true;
    });
  });
  function expired() {
    var dialog = document.getElementById("session-expired");
    if (dialog) { dialog.hidden = false; dialog.querySelector("a").focus(); }
  }
  // 409: someone saved the paragraph meanwhile; the answer is the row with both texts
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409 && event.detail.serverResponse.indexOf("<tr") === 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      say("Der Absatz wurde inzwischen geändert: bitte beide Texte zusammenführen.");
    }
  });
  // An editor has seen their own saves: move the decision forms' view version along the
  // chain of the saves' before -> after versions, in whatever order the answers arrive. A
  // save by someone else in between breaks the chain, and a decision is refused (409).
  var views = {};
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (!event.detail.successful || !xhr) { return; }
    var before = xhr.getResponseHeader("X-Newsmt-View-Before");
    var after = xhr.getResponseHeader("X-Newsmt-View");
    if (!before || !after || before === after) { return; }
    views[before] = after;
    Array.prototype.forEach.call(document.querySelectorAll("input[name=gesehen]"), function (input) {
      var seen = input.value, steps = 0;
      while (views[seen] && steps < 1000) { seen = views[seen]; steps += 1; }
      input.value = seen;
    });
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 401 || status === 403) { expired(); return; }
    say("Speichern fehlgeschlagen (Fehler " + status + "). Ihr Text ist noch da.");
  });
  document.body.addEventListener("htmx:sendError", function () {
    say("Keine Verbindung zum Server. Ihr Text ist noch da; bitte erneut speichern.");
  });
  var again = document.getElementById("save-again");
  if (again) {
    again.addEventListener("click", function () {
      fetch("/edit/sitzung", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok && r.headers.get("content-type").indexOf("json") >= 0 ? r.json() : null; })
        .then(function (data) {
          if (!data) { say("Noch nicht angemeldet: bitte zuerst im anderen Tab anmelden."); return; }
          document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRF-Token": data.csrf }));
          Array.prototype.forEach.call(document.querySelectorAll("input[name=csrf_token]"),
            function (input) { input.value = data.csrf; });
          document.getElementById("session-expired").hidden = true;
          var n = saveDirty();
          say("Wieder angemeldet als " + data.user + "; " + n + " Absätze werden gespeichert.");
        })
        .catch(function () { say("Keine Verbindung zum Server. Ihr Text ist noch da."); });
    });
  }
})();
