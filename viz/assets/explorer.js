// The policykg explorer: legend and toggles, search, side panel. Every string from a document
// reaches the page through textContent or vis-network's canvas and plain-text tooltips, never
// through HTML parsing.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("policykg-data").textContent);
  const nodeTypes = data.nodeTypes;
  const edgeTypes = data.edgeTypes;
  const shownNodes = new Set(nodeTypes.filter((t) => t.shown).map((t) => t.name));
  const shownEdges = new Set();
  edgeTypes.forEach((t, i) => { if (t.shown) shownEdges.add(i); });

  const shorten = (s) => (s.length > 14 ? s.slice(0, 13) + "…" : s);
  const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign(n, {
    label: shorten(n.name),
    title: n.name + "\n" + n.group + (n.aliases ? "\n" + n.aliases.join("、") : ""),
  })));
  const edges = new vis.DataSet(data.edges.map((e, i) => {
    const style = edgeTypes[e.t];
    return Object.assign(e, {
      id: i, dashes: style.dashes, width: style.width,
      color: {color: style.color, highlight: style.color, hover: style.color},
      title: style.name + (e.role ? " · " + e.role : ""),
    });
  }));
  const nodeView = new vis.DataView(nodes, {filter: (n) => shownNodes.has(n.group)});
  const edgeView = new vis.DataView(edges, {filter: (e) => shownEdges.has(e.t)});

  const byId = (id) => document.getElementById(id);
  const container = byId("network");
  const network = new vis.Network(container, {nodes: [], edges: []}, data.options);
  window.policykg = {network: network, nodes: nodes, edges: edges,
                     nodeView: nodeView, edgeView: edgeView, openPanel: openPanel};

  function ready() {
    window.policykgReadyAt = performance.now();
    window.policykgReady = true;
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({physics: {enabled: false}});
      ready();
    });
  } else {
    network.once("afterDrawing", ready);
  }
  network.setData({nodes: nodeView, edges: edgeView});

  function element(tag, text, className) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function legendItem(list, type, marker, onToggle) {
    const item = element("li");
    const box = element("input");
    box.type = "checkbox";
    box.checked = type.shown;
    box.addEventListener("change", () => onToggle(box.checked));
    const label = element("label");
    label.append(box, marker, element("span", type.name));
    item.append(label, element("span", String(type.count), "count"));
    list.append(item);
  }

  nodeTypes.forEach((type) => {
    const swatch = element("span", undefined, "swatch");
    swatch.style.background = type.color;
    legendItem(byId("node-types"), type, swatch, (on) => {
      if (on) shownNodes.add(type.name); else shownNodes.delete(type.name);
      nodeView.refresh();
    });
  });
  edgeTypes.forEach((type, index) => {
    const line = element("span", undefined, "line");
    line.style.borderTopStyle = type.dashes ? "dashed" : "solid";
    line.style.borderTopColor = type.color;
    legendItem(byId("edge-types"), type, line, (on) => {
      if (on) shownEdges.add(index); else shownEdges.delete(index);
      edgeView.refresh();
    });
  });
  byId("note").textContent = data.note;

  const names = byId("names");
  new Set(data.nodes.map((n) => n.name)).forEach((name) => {
    const option = element("option");
    option.value = name;
    names.append(option);
  });

  function fill(listId, items) {
    const list = byId(listId);
    list.replaceChildren(...items.map((text) => element("li", text)));
  }

  function edgeItem(edge, id) {
    const outgoing = edge.from === id;
    const other = nodes.get(outgoing ? edge.to : edge.from);
    const head = edgeTypes[edge.t].name + (outgoing ? " → " : " ← ") + other.name +
      (edge.role ? " (" + edge.role + ")" : "");
    const item = element("li", head);
    if (edge.q !== undefined) item.append(element("blockquote", data.quotes[edge.q]));
    return item;
  }

  function openPanel(id) {
    const node = nodes.get(id);
    byId("panel-name").textContent = node.name;
    byId("panel-type").textContent = node.group + " · " + node.key;
    fill("panel-aliases", node.aliases || []);
    fill("panel-plans", (node.plans || []).map((i) => data.plans[i]));
    const incident = edges.get({filter: (e) => e.from === id || e.to === id});
    byId("panel-edges").replaceChildren(...incident.map((e) => edgeItem(e, id)));
    byId("panel").hidden = false;
  }

  network.on("click", (params) => {
    if (params.nodes.length) openPanel(params.nodes[0]);
  });
  byId("panel-close").addEventListener("click", () => { byId("panel").hidden = true; });

  function matches(query) {
    const visible = (n) => shownNodes.has(n.group);
    const exact = nodes.get({filter: (n) => visible(n) &&
      (n.name === query || (n.aliases || []).includes(query))});
    return exact.length ? exact : nodes.get({filter: (n) => visible(n) && n.name.includes(query)});
  }

  byId("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = byId("search").value.trim();
    if (!query) return;
    const found = matches(query);
    byId("status").textContent = found.length ? found.length + " found" : "not found";
    if (!found.length) return;
    network.selectNodes([found[0].id]);
    network.focus(found[0].id, {scale: 1.0});
    openPanel(found[0].id);
  });
})();
