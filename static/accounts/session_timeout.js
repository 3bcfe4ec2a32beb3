// Automatic logoff, the browser's half (the server enforces it: accounts/session_timeout.py).
//
// 1. Warning. A minute before the practice's idle time runs out, an alert dialog says "You will be signed out in
//    60 s" with "Stay signed in" (a POST to the keep-alive URL). Typing, clicking or scrolling counts as activity:
//    it pings the keep-alive URL at most once a minute, so working on a long form never times out. Before warning,
//    the timer asks the server how much time is left (another tab may have been active).
// 2. Input kept. When time runs out, or whenever the page is left, the values of the page's changed forms are
//    saved in sessionStorage (this tab only, gone when it closes; passwords, files and hidden fields never).
//    The timeout sends the user to sign in with `next` set to this page; after signing in on the same URL, the
//    values are put back and a note says so. Any other page throws the saved values away, as does signing out.
//    A submit that reaches the server after the timeout (a laptop woken from sleep) works the same way: the
//    server signs out and comes back to the form's page.
(function () {
  "use strict";
  var KEY = "casework:unsaved-input";
  var script = document.currentScript;
  var userId = script ? script.dataset.user : "";
  var loginUrl = script ? script.dataset.loginUrl : "/accounts/login/";
  var entrancePrefix = loginUrl.replace(/[^/]+\/$/, ""); // "/accounts/": sign-in, two-step, password pages

  function csrfToken() {
    try {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) return headers["X-CSRFToken"];
    } catch (error) { /* fall through to the cookie */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // ---- keeping form input -------------------------------------------------------------------------------
  var SKIP = ["password", "file", "hidden", "submit", "button", "reset", "image"];

  function postForms() {
    return Array.prototype.filter.call(document.querySelectorAll("main form"), function (form) {
      return (form.getAttribute("method") || "").toLowerCase() === "post" && !form.hasAttribute("data-no-restore");
    });
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && SKIP.indexOf((el.type || "").toLowerCase()) === -1;
    });
  }

  function isChanged(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }

  function onEntrancePage() {
    return location.pathname.indexOf(entrancePrefix) === 0;
  }

  function saveInput(onlyForm) {
    if (onEntrancePage()) return; // never the sign-in form itself, nor what is waiting for the sign-in
    var forms = postForms();
    var saved = [];
    forms.forEach(function (form, index) {
      if (onlyForm && form !== onlyForm) return;
      var fields = fieldsOf(form);
      if (!fields.some(isChanged)) return;
      saved.push({
        index: index,
        action: form.getAttribute("action") || "",
        fields: fields.map(function (el) {
          if (el.type === "checkbox" || el.type === "radio") return { name: el.name, value: el.value, checked: el.checked };
          if (el.tagName === "SELECT") {
            return { name: el.name, values: Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; }) };
          }
          return { name: el.name, value: el.value };
        }),
      });
    });
    if (!saved.length) return;
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, user: userId, forms: saved, awaitingSignIn: false }));
    } catch (error) { /* storage full or disabled: nothing more we can do */ }
  }

  function restoreInto(form, fields) {
    var seen = {};
    fields.forEach(function (field) {
      var candidates = Array.prototype.filter.call(form.elements, function (el) { return el.name === field.name; });
      if (field.checked !== undefined) {
        candidates.forEach(function (el) { if (el.value === field.value) el.checked = field.checked; });
      } else if (field.values !== undefined) {
        candidates.forEach(function (el) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = field.values.indexOf(o.value) !== -1; });
        });
      } else {
        var position = seen[field.name] || 0; // formsets repeat no names, but a few forms repeat one
        seen[field.name] = position + 1;
        var el = candidates[position];
        if (el) el.value = field.value;
      }
      candidates.forEach(function (el) { el.dispatchEvent(new Event("input", { bubbles: true })); });
    });
  }

  function announceRestored() {
    var main = document.getElementById("main");
    if (!main) return;
    var note = document.createElement("div");
    note.className = "alert alert-info";
    note.setAttribute("role", "status");
    note.textContent = "What you had typed before you were signed out has been put back. Check it, then save.";
    main.insertBefore(note, main.firstChild);
  }

  function handleSavedInput() {
    var raw = sessionStorage.getItem(KEY);
    if (!raw) return;
    var saved;
    try { saved = JSON.parse(raw); } catch (error) { sessionStorage.removeItem(KEY); return; }
    if (onEntrancePage()) {
      // Signing in (or the two-step page): keep it for the page we come back to.
      if (!userId) { saved.awaitingSignIn = true; sessionStorage.setItem(KEY, JSON.stringify(saved)); }
      return;
    }
    sessionStorage.removeItem(KEY);
    if (!saved.awaitingSignIn || saved.path !== location.pathname || saved.user !== userId) return;
    var forms = postForms();
    saved.forms.forEach(function (entry) {
      var form = forms[entry.index];
      if (!form || (form.getAttribute("action") || "") !== entry.action) {
        form = forms.filter(function (f) { return (f.getAttribute("action") || "") === entry.action; })[0];
      }
      if (form) restoreInto(form, entry.fields);
    });
    announceRestored();
  }

  // ---- the timer ----------------------------------------------------------------------------------------
  function startTimer(box) {
    var dialog = document.getElementById("session-timeout-dialog");
    var countdown = dialog.querySelector("[data-countdown]");
    var warning = parseInt(box.dataset.warningSeconds, 10) * 1000;
    var deadline = Date.now() + parseInt(box.dataset.remaining, 10) * 1000;
    var lastPing = Date.now();
    var checking = false;
    var ending = false;

    function setRemaining(seconds) {
      if (typeof seconds === "number") deadline = Date.now() + seconds * 1000;
    }

    function end() {
      if (ending) return;
      ending = true;
      saveInput(null);
      var form = document.createElement("form");
      form.method = "post";
      form.action = box.dataset.endUrl;
      [["csrfmiddlewaretoken", csrfToken()], ["next", location.pathname + location.search]].forEach(function (pair) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = pair[0];
        input.value = pair[1];
        form.appendChild(input);
      });
      form.setAttribute("data-no-restore", "");
      document.body.appendChild(form);
      form.submit();
    }

    function call(url, method) {
      return fetch(url, {
        method: method,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      }).then(function (response) {
        if (response.status === 401 || response.redirected) { end(); return null; }
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }

    function closeDialog() {
      if (dialog.open) dialog.close();
    }

    function stay() {
      lastPing = Date.now();
      return call(box.dataset.keepaliveUrl, "POST").then(function (data) {
        if (data) { setRemaining(data.remaining); closeDialog(); }
      });
    }

    function onActivity() {
      if (dialog.open || ending) return; // in the dialog only "Stay signed in" counts
      if (Date.now() - lastPing > 60000) stay();
    }

    ["keydown", "pointerdown", "input", "wheel", "touchstart"].forEach(function (type) {
      document.addEventListener(type, onActivity, { capture: true, passive: true });
    });
    dialog.querySelector("[data-stay]").addEventListener("click", stay);
    dialog.querySelector("[data-sign-out]").addEventListener("click", end);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); }); // Escape = stay

    function tick() {
      if (ending) return;
      var left = deadline - Date.now();
      if (left <= 0) { end(); return; }
      if (left <= warning && !dialog.open && !checking) {
        checking = true;
        call(box.dataset.statusUrl, "GET").then(function (data) {
          checking = false;
          if (!data) return;
          setRemaining(data.remaining);
          if (deadline - Date.now() <= warning + 1000 && !dialog.open) {
            countdown.textContent = String(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
            dialog.showModal();
          }
        });
      }
      if (dialog.open) countdown.textContent = String(Math.max(0, Math.ceil(left / 1000)));
    }
    window.setInterval(tick, 1000);
  }

  function init() {
    handleSavedInput();
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if ((form.getAttribute("method") || "").toLowerCase() === "post" && !form.hasAttribute("data-no-restore")) {
        saveInput(form);
      }
    }, true);
    // Leaving the page any other way (a link, or htmx sent to sign in by a background request) keeps it too.
    window.addEventListener("pagehide", function () { saveInput(null); });
    var logout = document.querySelector("form[action$='/logout/']");
    if (logout) logout.addEventListener("submit", function () { sessionStorage.removeItem(KEY); });
    var box = document.getElementById("session-timeout");
    if (box) startTimer(box);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
