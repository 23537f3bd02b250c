// Veil review page. Every text from the draft is inserted with textContent (never as HTML).
// The server recomputes everything (risk, re-scan, published text) on each decision.
(function () {
  "use strict";
  var token = new URLSearchParams(window.location.search).get("token") || "";
  var decisions = { policy: null, terms: [], rejected: [], edits: {} };
  var view = null;
  var busy = false;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function request(method, path, body) {
    var opts = { method: method, headers: { "X-Veil-Token": token }, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, data: data }; });
    });
  }

  function showMessage(text, kind) {
    var m = $("message");
    if (!text) { m.hidden = true; m.textContent = ""; return; }
    m.hidden = false;
    m.className = "message " + (kind || "error");
    m.textContent = text;
  }

  function setBusy(b) {
    busy = b;
    document.body.classList.toggle("busy", b);
    $("publish").disabled = b || !view || !view.publishable || !!view.publication;
  }

  function send() {
    setBusy(true);
    return request("POST", "api/evaluate", decisions).then(function (r) {
      setBusy(false);
      if (r.status !== 200) { showMessage(r.data.error || ("The server answered " + r.status + "."), "error"); return; }
      showMessage("");
      render(r.data);
    }, function () { setBusy(false); showMessage("The review server does not answer (was it stopped?).", "error"); });
  }

  function percent(x) { return Math.round(x * 100) + "%"; }

  // Keeps keyboard focus on the same control across a re-render.
  function focusKey() { var a = document.activeElement; return a && a.dataset ? a.dataset.key : null; }
  function restoreFocus(key) {
    if (!key) return;
    var e = document.querySelector('[data-key="' + key.replace(/"/g, "") + '"]');
    if (e) e.focus();
  }

  var actionWords = { redact: "removed", generalize: "less specific", pseudonymize: "pseudonym", keep: "kept", flag: "flagged" };

  function render(v) {
    var key = focusKey();
    view = v;
    decisions = {
      policy: v.decisions.policy, terms: (v.decisions.terms || []).slice(),
      rejected: (v.decisions.rejected || []).slice(), edits: Object.assign({}, v.decisions.edits || {})
    };
    $("draft-name").textContent = v.draft;

    var risk = $("risk-summary");
    risk.textContent = "Risk " + percent(v.risk.score) + (v.risk.exceeds ? " — above the policy's threshold of " + percent(v.risk.threshold) : " — within the policy's threshold of " + percent(v.risk.threshold));
    risk.className = "risk " + (v.risk.exceeds ? "high" : "ok");
    var rescan = $("rescan");
    rescan.textContent = (v.rescan.ok ? "✓ " : "✗ ") + v.rescan.message;
    rescan.className = "rescan " + (v.rescan.ok ? "ok" : "high");
    $("risk-explanation").textContent = "Whole draft: " + v.risk.explanation;

    var sel = $("policy");
    sel.textContent = "";
    v.policies.forEach(function (p) {
      var o = el("option", null, p.label); o.value = p.id; if (p.id === v.policy) o.selected = true; sel.appendChild(o);
    });

    var terms = $("terms");
    terms.textContent = "";
    if (v.terms.length === 0) terms.appendChild(el("li", "muted small", "None yet."));
    v.terms.forEach(function (t, i) {
      var li = el("li", "term");
      li.appendChild(el("span", "term-text", t));
      var b = el("button", "small-button", "Remove");
      b.type = "button";
      b.setAttribute("aria-label", "Remove term " + (i + 1) + ": " + t);
      b.dataset.key = "term-remove-" + i;
      b.addEventListener("click", function () { decisions.terms.splice(i, 1); send(); });
      li.appendChild(b);
      terms.appendChild(li);
    });

    renderTexts(v);
    renderChanges(v);
    renderSources(v);

    $("published-heading").textContent = v.publication ? "Published text" : "What will be published";
    var pub = $("publication");
    if (v.publication) {
      pub.hidden = false;
      $("pub-output").textContent = v.publication.output;
      $("pub-vault").textContent = v.publication.vault + " (" + v.publication.records + " sealed records, your decisions among them)";
    } else {
      pub.hidden = true;
    }
    var publish = $("publish");
    publish.disabled = busy || !v.publishable || !!v.publication;
    $("publish-help").textContent = v.publication ? "Published. The files are listed below." :
      (v.publishable ? "Writes " + v.vault + " (verified), then " + v.output + "." : "Publishing is disabled: the re-scan refused the text.");
    restoreFocus(key);
  }

  function changeIndex(v) {
    var byId = {};
    v.changes.forEach(function (c, i) { byId[c.id] = i; });
    return byId;
  }

  function renderTexts(v) {
    var byId = changeIndex(v);
    var orig = $("original");
    orig.textContent = "";
    v.original.forEach(function (s) {
      if (s.m === undefined || s.m === null) { orig.appendChild(document.createTextNode(s.t)); return; }
      var m = v.marks[s.m];
      var node;
      if (m.change && byId[m.change] !== undefined) {
        node = el("a", "mark a-" + m.action + " c-" + m.category, s.t);
        node.href = "#" + m.change;
        node.setAttribute("aria-label", s.t + " (" + m.category + ", " + (actionWords[m.action] || m.action) + "; change " + (byId[m.change] + 1) + ")");
      } else {
        node = el("mark", "mark a-" + m.action + " c-" + m.category, s.t);
        node.title = m.reason;
      }
      node.dataset.category = m.category;
      orig.appendChild(node);
    });
    var pub = $("published");
    pub.textContent = "";
    v.published.forEach(function (s) {
      if (!s.c) { pub.appendChild(document.createTextNode(s.t)); return; }
      var i = byId[s.c];
      var c = i !== undefined ? v.changes[i] : null;
      var node = el("mark", "mark a-" + (c ? c.action : "redact") + (c && c.status !== "accepted" ? " s-" + c.status : ""), s.t);
      if (c) node.title = "Change " + (i + 1) + ": " + c.reason;
      pub.appendChild(node);
    });
  }

  function renderChanges(v) {
    $("change-count").textContent = "(" + v.counts.changes + ": " + v.counts.accepted + " accepted, " + v.counts.rejected + " rejected, " + v.counts.edited + " edited)";
    var list = $("changes");
    list.textContent = "";
    var rejectedSet = {};
    decisions.rejected.forEach(function (id) { rejectedSet[id] = true; });
    v.changes.forEach(function (c, i) {
      var n = i + 1;
      var li = el("li", "change s-" + c.status);
      li.id = c.id;
      var head = el("div", "change-head");
      head.appendChild(el("span", "badge c-" + c.category, c.category));
      head.appendChild(el("span", "badge a-" + c.action, actionWords[c.action] || c.action));
      head.appendChild(el("span", "status", c.status));
      li.appendChild(head);

      var pair = el("dl", "pair");
      pair.appendChild(el("dt", null, "Draft"));
      pair.appendChild(el("dd", "orig", c.original));
      pair.appendChild(el("dt", null, "Published"));
      pair.appendChild(el("dd", "prop", c.proposed === null || c.proposed === undefined ? c.original + " (as written)" : c.proposed));
      li.appendChild(pair);
      li.appendChild(el("p", "reason", c.reason));
      var rule = el("details", "rule-box");
      rule.appendChild(el("summary", "small muted", "Policy rule"));
      rule.appendChild(el("p", "rule small muted", c.rule));
      li.appendChild(rule);
      if (c.note) li.appendChild(el("p", "note", c.note));

      var actions = el("div", "change-actions");
      if (c.canReject) {
        var rejected = rejectedSet[c.id] === true;
        var b = el("button", rejected ? "" : "secondary", rejected ? "Accept" : "Reject");
        b.type = "button";
        b.dataset.key = "reject-" + c.id;
        b.setAttribute("aria-label", (rejected ? "Accept change " : "Reject change ") + n + ": " + c.original);
        b.addEventListener("click", function () {
          var k = decisions.rejected.indexOf(c.id);
          if (k >= 0) decisions.rejected.splice(k, 1); else { decisions.rejected.push(c.id); delete decisions.edits[c.id]; }
          send();
        });
        actions.appendChild(b);
      }
      if (c.canEdit) {
        var form = el("form", "edit-form");
        var inputId = "edit-" + c.id;
        var label = el("label", "small", "Your wording");
        label.htmlFor = inputId;
        var input = el("input");
        input.type = "text"; input.id = inputId; input.value = c.wording !== null && c.wording !== undefined ? c.wording : (c.proposed || "");
        input.dataset.key = "edit-input-" + c.id;
        input.setAttribute("aria-label", "Wording for change " + n + ", replacing " + c.original);
        input.autocomplete = "off";
        var apply = el("button", "secondary", "Use wording");
        apply.type = "submit";
        apply.dataset.key = "edit-apply-" + c.id;
        apply.setAttribute("aria-label", "Use this wording for change " + n);
        form.appendChild(label);
        var row = el("div", "row");
        row.appendChild(input); row.appendChild(apply);
        if (c.status === "edited") {
          var undo = el("button", "secondary", "Policy's wording");
          undo.type = "button";
          undo.dataset.key = "edit-undo-" + c.id;
          undo.setAttribute("aria-label", "Go back to the policy's wording for change " + n);
          undo.addEventListener("click", function () { delete decisions.edits[c.id]; send(); });
          row.appendChild(undo);
        }
        form.appendChild(row);
        form.addEventListener("submit", function (ev) {
          ev.preventDefault();
          var w = input.value.trim();
          if (w === "") { showMessage("Write a wording first (or reject the change to keep the original).", "error"); return; }
          decisions.edits[c.id] = w;
          send();
        });
        actions.appendChild(form);
      }
      li.appendChild(actions);
      list.appendChild(li);
    });
    if (v.changes.length === 0) list.appendChild(el("li", "muted", "The policy changes nothing in this draft."));
  }

  function renderSources(v) {
    var list = $("sources");
    list.textContent = "";
    if (v.sources.length === 0) list.appendChild(el("li", "muted", "No anonymous source was found."));
    v.sources.forEach(function (s, i) {
      var li = el("li", "source" + (s.exceeds ? " high" : ""));
      li.appendChild(el("h3", "source-title", "Source " + (i + 1) + ": risk " + percent(s.score) + (s.exceeds ? " (above the threshold)" : "")));
      var meter = el("meter");
      meter.min = 0; meter.max = 1; meter.low = 0.3; meter.high = v.risk.sourceThreshold; meter.optimum = 0; meter.value = s.score;
      meter.setAttribute("aria-label", "Risk of source " + (i + 1));
      li.appendChild(meter);
      var dl = el("dl", "pair");
      dl.appendChild(el("dt", null, "Draft"));
      dl.appendChild(el("dd", "orig", s.text));
      dl.appendChild(el("dt", null, "Published"));
      dl.appendChild(el("dd", "prop", s.published || s.text + " (as written)"));
      li.appendChild(dl);
      if (s.details.length) {
        li.appendChild(el("p", "small-heading", "Attached details"));
        var ul = el("ul", "details");
        s.details.forEach(function (d) { ul.appendChild(el("li", null, d.kind + ": " + d.text)); });
        li.appendChild(ul);
      }
      li.appendChild(el("p", "small", s.surviving.length ? "Still identifying: " + s.surviving.join(", ") : "Nothing identifying survives."));
      li.appendChild(el("p", "small muted", s.explanation));
      list.appendChild(li);
    });
  }

  function publish() {
    if (!view || !view.publishable || view.publication) return;
    setBusy(true);
    showMessage("Publishing…", "info");
    request("POST", "api/publish", decisions).then(function (r) {
      setBusy(false);
      if (r.status === 200) {
        render(r.data);
        showMessage("Published: " + r.data.publication.output + " and " + r.data.publication.vault + ".", "info");
        $("publication-heading").setAttribute("tabindex", "-1");
        $("publication-heading").focus();
      } else {
        showMessage(r.data.error || ("Publish failed (" + r.status + ")."), "error");
        if (r.status === 409) $("publish").disabled = true;
      }
    }, function () { setBusy(false); showMessage("The review server does not answer (was it stopped?).", "error"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("policy").addEventListener("change", function () { decisions.policy = this.value; send(); });
    $("term-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var t = $("term-input").value.trim();
      if (!t) { showMessage("Type a term to add first.", "error"); return; }
      decisions.terms.push(t);
      $("term-input").value = "";
      send();
    });
    $("publish").addEventListener("click", publish);
    request("GET", "api/state").then(function (r) {
      if (r.status !== 200) { showMessage(r.data.error || "The review could not be loaded.", "error"); return; }
      render(r.data);
    }, function () { showMessage("The review server does not answer.", "error"); });
  });
})();
