/* The interactive power map: Cytoscape.js over the graph the page passes as JSON
   (#graph-data). Placement comes from the server (stance left to right, influence top to
   bottom), so the picture here, the table below it and the printed export agree.
   No inline script or style anywhere (CSP): all styling goes through Cytoscape's style sheet. */
(function () {
  "use strict";

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function lanes(data) {
    const out = [];
    const rows = data.rows;
    const top = rows.length ? rows[0].start : data.size.top;
    const bottom = rows.length ? rows[rows.length - 1].end : data.size.height;
    data.columns.forEach(function (col, i) {
      out.push({
        group: "nodes",
        data: { id: "lane-" + i, label: col.label, color: col.color, w: col.end - col.start, h: bottom - top },
        position: { x: (col.start + col.end) / 2, y: (top + bottom) / 2 },
        classes: "lane",
        selectable: false,
        grabbable: false,
      });
    });
    const left = data.columns.length ? data.columns[0].start : data.size.left;
    const right = data.columns.length ? data.columns[data.columns.length - 1].end : data.size.width;
    rows.forEach(function (row, i) {
      out.push({
        group: "nodes",
        data: { id: "row-" + i, label: row.label },
        position: { x: left - 6, y: (row.start + row.end) / 2 },
        classes: "row-label",
        selectable: false,
        grabbable: false,
      });
      out.push({
        group: "nodes",
        data: { id: "rule-" + i, w: right - left },
        position: { x: (left + right) / 2, y: row.end },
        classes: "rule",
        selectable: false,
        grabbable: false,
      });
    });
    return out;
  }

  function elements(data) {
    const style = data.style;
    const nodes = data.nodes.map(function (n) {
      const kind = style.kinds[n.kind];
      const ring = style.priorities[n.priority] || style.priorities.context;
      return {
        group: "nodes",
        data: {
          id: n.id, label: n.label, kind: n.kind, priority: n.priority, card: n.card,
          color: kind.color, shape: kind.shape,
          borderColor: ring.color, borderWidth: ring.width, borderStyle: ring.style,
        },
        position: { x: n.x, y: n.y },
        classes: "actor kind-" + n.kind,
      };
    });
    const edges = data.edges.map(function (e) {
      return {
        group: "edges",
        data: {
          id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.label,
          derived: e.derived, color: style.relationships[e.kind] || "#5f6368",
        },
        classes: e.derived ? "derived" : "typed",
      };
    });
    return lanes(data).concat(nodes, edges);
  }

  const STYLE = [
    { selector: "node", style: { "z-index-compare": "manual" } },
    { selector: "edge", style: { "z-index-compare": "manual" } },
    {
      selector: "node.lane",
      style: {
        shape: "rectangle", "background-color": "data(color)", width: "data(w)", height: "data(h)",
        "border-width": 0, events: "no", "z-index": 0, label: "data(label)", "text-valign": "top",
        "text-halign": "center", "text-margin-y": -8, "font-size": 13, "font-weight": "bold",
        "text-wrap": "wrap", "text-max-width": 170, color: "#202124",
      },
    },
    {
      selector: "node.row-label",
      style: {
        width: 1, height: 1, "background-opacity": 0, "border-width": 0, events: "no",
        label: "data(label)", "text-halign": "left", "text-valign": "center", "font-size": 11,
        color: "#5f6368", "text-wrap": "wrap", "text-max-width": 130, "z-index": 1,
      },
    },
    {
      selector: "node.rule",
      style: {
        shape: "rectangle", width: "data(w)", height: 1, "background-color": "#c4c7c5",
        "border-width": 0, events: "no", "z-index": 1,
      },
    },
    {
      selector: "node.actor",
      style: {
        shape: "data(shape)", "background-color": "data(color)", width: 34, height: 34,
        "border-color": "data(borderColor)", "border-width": "data(borderWidth)",
        "border-style": "data(borderStyle)", label: "data(label)", "text-valign": "bottom",
        "text-halign": "center", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 130,
        "font-size": 11, color: "#202124", "text-background-color": "#ffffff",
        "text-background-opacity": 0.75, "text-background-padding": 1, "z-index": 10,
      },
    },
    { selector: "node.kind-office", style: { width: 44, height: 30 } },
    { selector: "node.actor:selected", style: { "overlay-color": "#1a73e8", "overlay-opacity": 0.25, "overlay-padding": 6 } },
    {
      selector: "edge",
      style: {
        "curve-style": "bezier", width: 2, "line-color": "data(color)",
        "target-arrow-color": "data(color)", "target-arrow-shape": "triangle", "arrow-scale": 1.1,
        "z-index": 5, opacity: 0.85,
      },
    },
    { selector: "edge.derived", style: { "line-style": "dashed" } },
    {
      selector: "edge.show-label",
      style: {
        label: "data(label)", "font-size": 10, "text-rotation": "autorotate", color: "#202124",
        "text-background-color": "#ffffff", "text-background-opacity": 0.9, width: 3, opacity: 1,
      },
    },
    { selector: ".filtered-out", style: { display: "none" } },
  ];

  function definitionList(card, words) {
    const dl = el("dl");
    [["kind", card.kind], ["priority", card.priority], ["stance", card.stance], ["influence", card.influence]]
      .forEach(function (pair) {
        if (!pair[1]) return;
        dl.appendChild(el("dt", words[pair[0]]));
        dl.appendChild(el("dd", pair[1]));
      });
    return dl;
  }

  function list(title, items, words, render) {
    const fragment = document.createDocumentFragment();
    fragment.appendChild(el("h4", title));
    if (!items || !items.length) {
      fragment.appendChild(el("p", words.none, "muted"));
      return fragment;
    }
    const ul = el("ul");
    items.forEach(function (item) { ul.appendChild(render(item)); });
    fragment.appendChild(ul);
    return fragment;
  }

  function showCard(panel, area, node, words) {
    const card = node.data("card");
    panel.replaceChildren();
    const close = el("button", "×", "outline secondary card-close");
    close.type = "button";
    close.setAttribute("aria-label", words.close);
    close.addEventListener("click", function () { hideCard(panel, area, node.cy()); });
    panel.appendChild(close);
    panel.appendChild(el("h3", card.name));
    panel.appendChild(el("p", card.detail, "muted"));
    panel.appendChild(definitionList(card, words));
    if (card.contacts !== null && card.contacts !== undefined) {
      const p = el("p", words.contacts + ": " + card.contacts);
      panel.appendChild(p);
    }
    panel.appendChild(list(words.powers, card.powers, words, function (text) { return el("li", text); }));
    panel.appendChild(list(words.ties, card.ties, words, function (text) { return el("li", text); }));
    panel.appendChild(list(words.history, card.history, words, function (entry) {
      const li = el("li");
      li.appendChild(el("strong", entry.date + " "));
      li.appendChild(document.createTextNode(entry.change + " — "));
      if (entry.url) {
        const a = el("a", entry.evidence);
        a.href = entry.url;
        a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(document.createTextNode(entry.evidence));
      }
      return li;
    }));
    const open = el("a", words.open);
    open.href = card.url;
    open.setAttribute("role", "button");
    open.className = "outline";
    panel.appendChild(open);
    panel.hidden = false;
    area.classList.add("has-card");
    node.cy().edges().removeClass("show-label");
    node.connectedEdges().addClass("show-label");
    node.cy().resize();
  }

  function hideCard(panel, area, cy) {
    panel.hidden = true;
    panel.replaceChildren();
    area.classList.remove("has-card");
    cy.edges().removeClass("show-label");
    cy.elements().unselect();
    cy.resize();
  }

  function checked(form, name) {
    return new Set(Array.from(form.querySelectorAll("input[name='" + name + "']:checked")).map(function (i) { return i.value; }));
  }

  function applyFilters(cy, form) {
    const kinds = checked(form, "kinds");
    const priorities = checked(form, "priorities");
    const relationships = checked(form, "relationships");
    const derivedBox = form.querySelector("input[name='derived']");
    const derived = derivedBox ? derivedBox.checked : true;
    cy.batch(function () {
      cy.nodes(".actor").forEach(function (node) {
        const show = kinds.has(node.data("kind")) && priorities.has(node.data("priority"));
        node.toggleClass("filtered-out", !show);
      });
      cy.edges().forEach(function (edge) {
        const show = relationships.has(edge.data("kind")) && (derived || !edge.data("derived")) &&
          !edge.source().hasClass("filtered-out") && !edge.target().hasClass("filtered-out");
        edge.toggleClass("filtered-out", !show);
      });
    });
  }

  function start() {
    const source = document.getElementById("graph-data");
    const container = document.getElementById("power-map");
    const panel = document.getElementById("node-card");
    if (!source || !container || !panel || typeof window.cytoscape !== "function") return;
    const data = JSON.parse(source.textContent);
    const area = container.parentElement;
    container.hidden = false;
    // As tall as the map needs at this width (no empty band on a phone), within the window.
    const ratio = data.size.height / Math.max(data.size.width, 1);
    const wanted = container.clientWidth * ratio + 48;
    container.style.height = Math.round(Math.max(280, Math.min(window.innerHeight * 0.75, wanted))) + "px";
    const cy = window.cytoscape({
      container: container,
      elements: elements(data),
      style: STYLE,
      layout: { name: "preset", fit: true, padding: 24 },
      autoungrabify: true,
      boxSelectionEnabled: false,
      minZoom: 0.2,
      maxZoom: 3,
    });
    window.brightlinePowerMap = cy;
    cy.on("tap", "node.actor", function (event) { showCard(panel, area, event.target, data.words); });
    const form = document.getElementById("map-filters");
    if (form) {
      form.addEventListener("change", function () { applyFilters(cy, form); });
    }
    window.addEventListener("resize", function () { cy.resize(); });
    container.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
