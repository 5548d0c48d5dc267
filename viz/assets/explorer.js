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
      title: style.name + (e.role ? " · " + e.role : "") +
        (e.score !== undefined ? " · " + e.score : ""),
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

  // A reuse link seen from one side (0: the edge's source plan, 1: its target): the other
  // plan, how the two relate, and both passages, each with the task or section holding it.
  function reuseItem(edge, side) {
    const type = edgeTypes[edge.t].name;
    const relation = type === "SIMILAR_TO" ? "similar to" : side === 0 ? "reuses" : "reused by";
    const other = nodes.get(side === 0 ? edge.to : edge.from);
    const item = element("li", relation + " " + other.name + " (" + edge.score + ")");
    const own = [edge.q, edge.q2][side], theirs = [edge.q2, edge.q][side];
    [[own, side], [theirs, 1 - side]].forEach(([quote, end]) => {
      const task = edge.at[end] >= 0 ? nodes.get(edge.at[end]).name : data.quotes[edge.in[end]];
      const where = element("div", (end === side ? "here" : "there") +
        (task ? " · " + task : ""), "where");
      item.append(where, element("blockquote", data.quotes[quote]));
    });
    return item;
  }

  function reuseLinks(id) {
    const reuse = (e) => edgeTypes[e.t].name === "REUSES" || edgeTypes[e.t].name === "SIMILAR_TO";
    const node = nodes.get(id);
    const links = edges.get({filter: (e) => reuse(e) && (node.group === "Plan"
      ? e.from === id || e.to === id : e.at[0] === id || e.at[1] === id)});
    return links.map((e) => reuseItem(e, (node.group === "Plan" ? e.from : e.at[0]) === id
      ? 0 : 1));
  }

  function openPanel(id) {
    const node = nodes.get(id);
    byId("panel-name").textContent = node.name;
    byId("panel-type").textContent = node.group + " · " + node.key;
    fill("panel-aliases", node.aliases || []);
    fill("panel-plans", (node.plans || []).map((i) => data.plans[i]));
    byId("panel-reuse").replaceChildren(...reuseLinks(id));
    const incident = edges.get({filter: (e) => (e.from === id || e.to === id) &&
      e.score === undefined});
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
