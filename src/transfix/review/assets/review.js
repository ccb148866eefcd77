// transfix review page. Builds everything from the JSON data block with DOM text nodes
// only (never innerHTML), so no document text can become markup or script.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("transfix-data").textContent);
  var KIND = {
    fix: { letter: "F", label: "safe fix", plural: "safe fixes", note: "applied by transfix fix" },
    suggestion: {
      letter: "S",
      label: "suggestion",
      plural: "suggestions",
      note: "check it to apply it in the download",
    },
    finding: { letter: "!", label: "finding", plural: "findings", note: "no automatic fix" },
  };
  var KINDS = ["fix", "suggestion", "finding"];
  var checked = new Set(); // ids of checked suggestions
  var byId = new Map(); // problem id -> {doc, p}
  var lastOpener = null;

  // ------------------------------------------------------------------ DOM helpers

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = v;
        else node.setAttribute(k, v === true ? "" : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }

  // add(node, child, child, ...): children are nodes, strings (as text) or arrays of them.
  function add(node) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) child.forEach(function (c) { add(node, c); });
      else if (typeof child === "string" || typeof child === "number")
        node.appendChild(document.createTextNode(String(child)));
      else node.appendChild(child);
    }
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(n, word, words) {
    return n + " " + (n === 1 ? word : words || word + "s");
  }

  function badge(p, asButton) {
    var k = KIND[p.kind];
    var attrs = {
      class: "badge k-" + p.kind + (checked.has(p.id) ? " on" : ""),
      "data-id": p.id,
      title: k.label + ": " + p.rule,
    };
    if (asButton) {
      attrs.type = "button";
      attrs["aria-label"] =
        k.label + " " + p.rule + " at line " + p.line + ", column " + p.column +
        (p.kind === "suggestion" ? (checked.has(p.id) ? " (checked)" : " (not checked)") : "");
      return el("button", attrs, k.letter);
    }
    attrs["aria-hidden"] = "true";
    return el("span", attrs, k.letter);
  }

  function change(original, replacement) {
    return el(
      "span",
      { class: "change" },
      el("span", { class: "old" }, original === "" ? "(nothing)" : original),
      el("span", { class: "arrow", "aria-label": "becomes" }, "→"),
      el("span", { class: "new" }, replacement === "" ? "(nothing)" : replacement)
    );
  }

  // ---------------------------------------------------------------------- summary

  function totals() {
    var t = { fix: 0, suggestion: 0, finding: 0 };
    var byCategory = new Map();
    var byRule = new Map();
    data.documents.forEach(function (doc) {
      doc.problems.forEach(function (p) {
        t[p.kind] += 1;
        [
          [byCategory, p.category],
          [byRule, p.rule],
        ].forEach(function (pair) {
          var m = pair[0];
          if (!m.has(pair[1])) m.set(pair[1], { fix: 0, suggestion: 0, finding: 0 });
          m.get(pair[1])[p.kind] += 1;
        });
      });
    });
    return { kinds: t, byCategory: byCategory, byRule: byRule };
  }

  function chart(title, rows, max) {
    // rows: [[label, {fix, suggestion, finding}]], sorted; stacked horizontal bars.
    var labelW = 0;
    rows.forEach(function (r) { labelW = Math.max(labelW, r[0].length); });
    labelW = Math.min(labelW * 7 + 12, 330);
    var barW = 220, rowH = 20, width = labelW + barW + 48;
    var box = svg("svg", {
      width: width,
      height: rows.length * rowH + 4,
      viewBox: "0 0 " + width + " " + (rows.length * rowH + 4),
      role: "img",
      "aria-label": title,
    });
    rows.forEach(function (r, i) {
      var y = i * rowH + 2;
      var label = r[0].length > 46 ? r[0].slice(0, 45) + "…" : r[0];
      box.appendChild(svg("text", { x: 0, y: y + 14, class: "label" }, label));
      var x = labelW, total = 0;
      KINDS.forEach(function (k) {
        var n = r[1][k];
        total += n;
        if (!n) return;
        var w = Math.max(2, (n / max) * barW);
        var rect = svg("rect", { x: x, y: y + 3, width: w, height: rowH - 7, class: "bar-" + k });
        rect.appendChild(svg("title", {}, plural(n, KIND[k].label)));
        box.appendChild(rect);
        x += w;
      });
      box.appendChild(svg("text", { x: x + 6, y: y + 14, class: "count" }, String(total)));
    });
    return el("figure", { class: "chart" }, el("h3", { text: title }), box);
  }

  function sortedRows(map) {
    var rows = Array.from(map.entries());
    rows.sort(function (a, b) {
      var na = a[1].fix + a[1].suggestion + a[1].finding;
      var nb = b[1].fix + b[1].suggestion + b[1].finding;
      return nb - na || (a[0] < b[0] ? -1 : 1);
    });
    return rows;
  }

  function legend() {
    return el(
      "ul",
      { class: "legend", "aria-label": "Legend" },
      KINDS.map(function (k) {
        return el(
          "li",
          null,
          badge({ kind: k, id: "legend-" + k, rule: "" }, false),
          el("span", { class: "sample m-" + k }, KIND[k].label),
          " (" + KIND[k].note + ")"
        );
      })
    );
  }

  function summary() {
    var t = totals();
    var files = data.documents.length + data.clean.length;
    var section = el("section", { class: "summary", "aria-labelledby": "summary-title" });
    add(section, el("h2", { id: "summary-title", text: "Summary" }));
    add(
      section,
      el(
        "ul",
        { class: "totals" },
        el("li", null, el("strong", null, plural(files, "file")), " checked"),
        KINDS.map(function (k) {
          return el(
            "li",
            null,
            badge({ kind: k, id: "total-" + k, rule: "" }, false),
            el("strong", null, String(t.kinds[k])),
            " " + (t.kinds[k] === 1 ? KIND[k].label : KIND[k].plural)
          );
        })
      )
    );
    add(section, legend());
    if (data.errors.length) {
      add(
        section,
        el("h3", { class: "errors", text: plural(data.errors.length, "file") + " could not be checked" }),
        el("ul", { class: "errors" }, data.errors.map(function (e) { return el("li", { text: e }); }))
      );
    }
    var cats = sortedRows(t.byCategory);
    var rules = sortedRows(t.byRule);
    var max = 1;
    cats.concat(rules).forEach(function (r) {
      max = Math.max(max, r[1].fix + r[1].suggestion + r[1].finding);
    });
    if (cats.length) {
      var shown = rules.slice(0, 20);
      var title = "By rule" + (rules.length > shown.length ? " (top " + shown.length + " of " + rules.length + ")" : "");
      add(section, el("div", { class: "charts" }, chart("By category", cats, max), chart(title, shown, max)));
    }
    if (data.documents.length) {
      var table = el(
        "table",
        { class: "files" },
        el(
          "thead",
          null,
          el("tr", null, el("th", { text: "File (most problems first)" }), KINDS.map(function (k) {
            return el("th", { text: KIND[k].plural });
          }))
        )
      );
      var body = el("tbody");
      data.documents.forEach(function (doc) {
        add(
          body,
          el(
            "tr",
            null,
            el("td", null, el("a", { href: "#doc-" + doc.index, text: doc.path })),
            KINDS.map(function (k) { return el("td", { class: "n", text: String(doc.counts[k]) }); })
          )
        );
      });
      add(table, body);
      add(section, table);
    }
    if (data.clean.length) {
      add(
        section,
        el("p", { class: "meta" }, plural(data.clean.length, "file") + " with nothing to report: " + data.clean.join(", "))
      );
    }
    return section;
  }

  // -------------------------------------------------------------------- documents

  function overlaps(a, b) {
    if (a.start === a.end && b.start === b.end) return a.start === b.start;
    if (a.start === a.end) return b.start <= a.start && a.start < b.end;
    if (b.start === b.end) return a.start <= b.start && b.start < a.end;
    return a.start < b.end && b.start < a.end;
  }

  function where(p) {
    return p.line + ":" + p.column;
  }

  function renderText(doc) {
    var box = el("div", { class: "text", id: "text-" + doc.index, lang: "en" });
    var text = doc.text;
    var problems = doc.problems;
    var points = new Set([0, text.length]);
    problems.forEach(function (p) { points.add(p.start); points.add(p.end); });
    var cuts = Array.from(points).sort(function (a, b) { return a - b; });
    var starts = new Map();
    problems.forEach(function (p) {
      if (!starts.has(p.start)) starts.set(p.start, []);
      starts.get(p.start).push(p);
    });
    var order = problems.slice().sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var active = [];
    var next = 0;
    for (var i = 0; i < cuts.length; i++) {
      var a = cuts[i];
      (starts.get(a) || []).forEach(function (p) { box.appendChild(badge(p, true)); });
      if (i === cuts.length - 1) break;
      var b = cuts[i + 1];
      while (next < order.length && order[next].start <= a) active.push(order[next++]);
      active = active.filter(function (p) { return p.end > a; });
      var piece = text.slice(a, b);
      var covering = active.filter(function (p) { return p.start <= a && p.end >= b && p.start < p.end; });
      if (!covering.length) {
        box.appendChild(document.createTextNode(piece));
        continue;
      }
      var classes = ["m"];
      KINDS.forEach(function (k) {
        if (covering.some(function (p) { return p.kind === k; })) classes.push("m-" + k);
      });
      var ids = covering.map(function (p) { return p.id; });
      if (ids.some(function (id) { return checked.has(id); })) classes.push("on");
      box.appendChild(el("span", { class: classes.join(" "), "data-ids": ids.join(" ") }, piece));
    }
    box.addEventListener("click", function (ev) {
      var t = ev.target;
      if (!(t instanceof Element)) return;
      var b = t.closest(".badge");
      if (b) {
        openDetails([b.getAttribute("data-id")], b);
        return;
      }
      var m = t.closest(".m");
      if (m) openDetails(m.getAttribute("data-ids").split(" "), m);
    });
    return box;
  }

  function suggestionRows(doc) {
    var rows = doc.problems.filter(function (p) { return p.kind === "suggestion"; });
    if (!rows.length) return null;
    var table = el(
      "table",
      { class: "suggestions" },
      el("caption", { class: "meta", text: "Suggestions: check the ones to apply in the download." })
    );
    add(
      table,
      el(
        "thead",
        null,
        el("tr", null, el("th", { text: "Apply" }), el("th", { text: "Where" }), el("th", { text: "Rule" }), el("th", { text: "Change" }))
      )
    );
    var body = el("tbody");
    rows.forEach(function (p) {
      var box = el("input", {
        type: "checkbox",
        id: "cb-" + p.id,
        class: "pick",
        "data-id": p.id,
        "aria-label": "Apply the suggestion at " + where(p) + " (" + p.rule + ")",
      });
      box.addEventListener("change", function () { setChecked(p.id, box.checked); });
      var show = el("button", { type: "button", class: "link", text: where(p) });
      show.addEventListener("click", function () { openDetails([p.id], show, true); });
      add(
        body,
        el(
          "tr",
          { id: "row-" + p.id },
          el("td", null, box),
          el("td", { class: "where" }, show),
          el("td", { class: "rule-cell", text: p.rule }),
          el("td", null, change(p.original, p.replacement), el("div", { class: "row-note", id: "rownote-" + p.id }))
        )
      );
    });
    add(table, body);
    return table;
  }

  function renderDoc(doc) {
    doc.problems.forEach(function (p) { byId.set(p.id, { doc: doc, p: p }); });
    var c = doc.counts;
    var button = el("button", { type: "button", class: "download", id: "dl-" + doc.index }, "Download " + doc.name);
    button.addEventListener("click", function () { download(doc); });
    var section = el(
      "section",
      { class: "doc", id: "doc-" + doc.index, "aria-labelledby": "doc-title-" + doc.index },
      el(
        "div",
        { class: "doc-head" },
        el("h2", { id: "doc-title-" + doc.index, text: doc.path }),
        el(
          "span",
          { class: "meta" },
          [plural(c.fix, "safe fix", "safe fixes"), plural(c.suggestion, "suggestion"), plural(c.finding, "finding")].join(", ")
        )
      ),
      el(
        "div",
        { class: "actions" },
        button,
        el("span", { class: "meta", text: "with the safe fixes and the checked suggestions applied" })
      ),
      el("p", { class: "note", id: "note-" + doc.index, role: "status", "aria-live": "polite" }),
      renderText(doc),
      suggestionRows(doc)
    );
    return section;
  }

  // ---------------------------------------------------------------- checking

  function setChecked(id, on) {
    var item = byId.get(id);
    if (!item) return;
    var doc = item.doc, p = item.p;
    var note = document.getElementById("note-" + doc.index);
    var rowNote = document.getElementById("rownote-" + id);
    if (on) {
      var clash = doc.problems.find(function (q) {
        return q.id !== id && q.kind === "suggestion" && checked.has(q.id) && overlaps(p, q);
      });
      if (clash) {
        refuseNote(note, rowNote, p, clash);
        syncBoxes(id, false);
        return;
      }
      checked.add(id);
    } else {
      checked.delete(id);
    }
    if (rowNote) rowNote.textContent = "";
    var row = document.getElementById("row-" + id);
    if (row) row.classList.remove("refused");
    note.className = "note";
    note.textContent = "";
    syncBoxes(id, on);
  }

  function refuseNote(note, rowNote, p, clash) {
    var text =
      "Not applied: the suggestion at " + where(p) + " (" + p.rule + ") overlaps the checked suggestion at " +
      where(clash) + " (" + clash.rule + "); uncheck that one first.";
    note.className = "note refused";
    note.textContent = text;
    if (rowNote) rowNote.textContent = "Refused: overlaps the checked suggestion at " + where(clash) + ".";
    var row = document.getElementById("row-" + p.id);
    if (row) row.classList.add("refused");
  }

  function syncBoxes(id, on) {
    document.querySelectorAll('input.pick[data-id="' + id + '"]').forEach(function (box) { box.checked = on; });
    document.querySelectorAll('.badge[data-id="' + id + '"]').forEach(function (b) {
      b.classList.toggle("on", on);
      var label = b.getAttribute("aria-label");
      if (label) b.setAttribute("aria-label", label.replace(/ \((not )?checked\)$/, on ? " (checked)" : " (not checked)"));
    });
    document.querySelectorAll(".m[data-ids]").forEach(function (m) {
      var ids = m.getAttribute("data-ids").split(" ");
      if (ids.indexOf(id) >= 0) m.classList.toggle("on", ids.some(function (x) { return checked.has(x); }));
    });
  }

  // ---------------------------------------------------------------- downloading

  // The document with its safe fixes and the checked suggestions applied, from the offsets
  // in the report, from the end backwards. A checked suggestion supersedes the safe fixes
  // it overlaps (its replacement already includes their effect); of two overlapping
  // checked suggestions the later is refused.
  function buildText(doc) {
    var chosen = [];
    var refused = [];
    doc.problems.forEach(function (p) {
      if (p.kind !== "suggestion" || !checked.has(p.id)) return;
      var clash = chosen.find(function (q) { return overlaps(p, q); });
      if (clash) refused.push([p, clash]);
      else chosen.push(p);
    });
    var edits = chosen.map(function (p) { return { start: p.start, end: p.end, text: p.replacement }; });
    doc.fixes.forEach(function (f) {
      var fix = { start: f[0], end: f[1], text: f[2] };
      if (!chosen.some(function (p) { return overlaps(fix, p); })) edits.push(fix);
    });
    edits.sort(function (a, b) { return b.start - a.start || b.end - a.end; });
    var text = doc.text;
    edits.forEach(function (e) { text = text.slice(0, e.start) + e.text + text.slice(e.end); });
    return { text: text, refused: refused, applied: chosen.length };
  }

  function encode(text, encoding, bom) {
    if (encoding === "utf-16-le" || encoding === "utf-16-be") {
      var little = encoding === "utf-16-le";
      var n = text.length + (bom ? 1 : 0);
      var out = new Uint8Array(n * 2);
      var view = new DataView(out.buffer);
      var offset = 0;
      if (bom) { view.setUint16(0, 0xfeff, little); offset = 2; }
      for (var i = 0; i < text.length; i++) view.setUint16(offset + i * 2, text.charCodeAt(i), little);
      return out;
    }
    var body = new TextEncoder().encode(text);
    if (!bom) return body;
    var withBom = new Uint8Array(body.length + 3);
    withBom.set([0xef, 0xbb, 0xbf], 0);
    withBom.set(body, 3);
    return withBom;
  }

  function download(doc) {
    var result = buildText(doc);
    var note = document.getElementById("note-" + doc.index);
    if (result.refused.length) {
      var r = result.refused[0];
      refuseNote(note, document.getElementById("rownote-" + r[0].id), r[0], r[1]);
    } else {
      note.className = "note ok";
      note.textContent =
        "Downloaded " + doc.name + " with " + plural(doc.fixes.length, "safe fix", "safe fixes") +
        " and " + plural(result.applied, "checked suggestion") + ".";
    }
    var blob = new Blob([encode(result.text, doc.encoding, doc.bom)], { type: "text/plain" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: doc.name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // ---------------------------------------------------------------- details

  function entryInfo(rule) {
    var info = data.rules[rule];
    if (!info || !info.found) return null;
    var box = el("div", { class: "entry" });
    var dl = el("dl");
    function row(label, value) {
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
      add(dl, el("dt", { text: label }), el("dd", { text: Array.isArray(value) ? value.join("; ") : value }));
    }
    row(info.kind === "terms entry" ? "Entry" : "Rule", info.id);
    row("Standard form", info.standard);
    row("Chinese", info.zh);
    row("Wrong forms", info.wrong);
    row("Accepted", info.accepted);
    row("About", info.description);
    row("Note", info.note);
    row("Defined at", info.defined);
    add(box, dl);
    if (info.sources && info.sources.length) {
      add(
        box,
        el("h4", { text: "Sources" }),
        el(
          "ul",
          { class: "sources" },
          info.sources.map(function (s) {
            var label = s.id + ": " + s.title;
            if (s.url && /^https?:\/\//.test(s.url)) {
              return el("li", null, el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", text: label }));
            }
            return el("li", { text: label });
          })
        )
      );
    }
    if (info.examples && info.examples.length) {
      var list = el(
        "ul",
        { class: "examples" },
        info.examples.map(function (x) {
          if (x.keep !== undefined) return el("li", null, el("span", { class: "keep-label", text: "left alone: " }), x.keep);
          return el("li", null, change(x.text, x.fixed));
        })
      );
      add(box, el("details", { open: info.examples.length <= 6 }, el("summary", { text: plural(info.examples.length, "example") }), list));
    }
    return box;
  }

  function problemDetails(p) {
    var k = KIND[p.kind];
    var section = el(
      "section",
      { class: "problem", "aria-label": k.label + " " + p.rule },
      el("h3", null, badge(p, false), el("span", { text: k.label }), el("span", { class: "rule", text: p.rule })),
      el("p", { class: "where", text: "line " + p.line + ", column " + p.column + " · " + p.severity + " · " + p.category })
    );
    if (p.replacement !== null && p.replacement !== undefined) add(section, el("p", null, change(p.original, p.replacement)));
    else add(section, el("p", null, el("span", { class: "old-plain", text: "“" + p.original + "”" })));
    add(section, el("p", { class: "message", text: p.message }));
    if (p.evidence) add(section, el("p", { class: "evidence", text: "Evidence: " + p.evidence }));
    if (p.kind === "suggestion") {
      var box = el("input", { type: "checkbox", class: "pick", "data-id": p.id, id: "dcb-" + p.id });
      box.checked = checked.has(p.id);
      box.addEventListener("change", function () { setChecked(p.id, box.checked); });
      add(section, el("label", { class: "check", for: "dcb-" + p.id }, box, "Apply this suggestion in the download"));
    } else if (p.kind === "fix") {
      add(section, el("p", { class: "meta", text: "Applied by transfix fix, and in the download." }));
    }
    add(section, entryInfo(p.rule));
    return section;
  }

  function openDetails(ids, opener, scroll) {
    var panel = document.getElementById("details");
    var body = document.getElementById("details-body");
    body.textContent = "";
    ids.forEach(function (id) {
      var item = byId.get(id);
      if (item) body.appendChild(problemDetails(item.p));
    });
    document.querySelectorAll(".m.current").forEach(function (m) { m.classList.remove("current"); });
    document.querySelectorAll(".m[data-ids]").forEach(function (m) {
      var mine = m.getAttribute("data-ids").split(" ");
      if (ids.some(function (id) { return mine.indexOf(id) >= 0; })) m.classList.add("current");
    });
    document.getElementById("details-title").textContent =
      ids.length === 1 ? "Details" : "Details (" + ids.length + " problems here)";
    panel.hidden = false;
    document.body.classList.add("with-details");
    lastOpener = opener || null;
    if (scroll) {
      var b = document.querySelector('.text .badge[data-id="' + ids[0] + '"]');
      if (b) b.scrollIntoView({ block: "center" });
    }
    panel.focus();
  }

  function closeDetails() {
    var panel = document.getElementById("details");
    if (panel.hidden) return;
    panel.hidden = true;
    document.body.classList.remove("with-details");
    document.querySelectorAll(".m.current").forEach(function (m) { m.classList.remove("current"); });
    if (lastOpener && document.body.contains(lastOpener)) lastOpener.focus();
  }

  // ---------------------------------------------------------------- start

  function start() {
    var app = document.getElementById("app");
    var files = data.documents.length + data.clean.length;
    document.getElementById("meta").textContent =
      plural(files, "file") + " · " + data.tool.name + " " + data.tool.version + " · " + data.generated;
    app.appendChild(summary());
    data.documents.forEach(function (doc) { app.appendChild(renderDoc(doc)); });
    document.getElementById("details-close").addEventListener("click", closeDetails);
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") closeDetails();
    });
    document.documentElement.setAttribute("data-ready", "1");
  }

  start();
})();
