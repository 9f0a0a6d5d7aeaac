// The network graph (Cytoscape, served from static/vendor). The tables under it hold the same
// actors and ties, so the graph is never the only way: it takes no keyboard focus, and the
// zoom buttons are ordinary buttons. Without Cytoscape the page says so and the tables remain.
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  var source = document.getElementById("network-data");
  if (!box || !source) { return; }
  if (typeof cytoscape === "undefined") {
    box.textContent = "図を表示できません。下の表をご覧ください。";
    return;
  }
  var data = JSON.parse(source.textContent);
  var style = getComputedStyle(box);
  function colour(sector) {
    return style.getPropertyValue("--sector-" + sector).trim() || "#767676";
  }
  var elements = data.nodes.map(function (n) {
    return { group: "nodes", data: { id: n.id, label: n.label, url: n.url, colour: colour(n.sector) },
             classes: n.kind + (n.isolated ? " isolated" : "") };
  }).concat(data.edges.map(function (e, i) {
    return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target }, classes: e.kind };
  }));
  var cy = cytoscape({
    container: box,
    elements: elements,
    // The page scrolls with the wheel as everywhere else; zoom has its own buttons.
    userZoomingEnabled: false,
    boxSelectionEnabled: false,
    autoungrabify: true,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", "label": "data(label)", "font-size": 14,
        "font-family": "Noto Sans JP, Noto Sans CJK JP, sans-serif", "color": "#1a1a1a",
        "text-valign": "bottom", "text-margin-y": 4, "text-background-color": "#fff",
        "text-background-opacity": 0.85, "text-background-padding": 2,
        "width": 26, "height": 26, "min-zoomed-font-size": 9, "border-width": 2, "border-color": "#1a1a1a" } },
      { selector: "node.org", style: { "shape": "round-rectangle" } },
      { selector: "node.res", style: { "shape": "ellipse" } },
      { selector: "node.isolated", style: { "border-style": "dashed", "opacity": 0.8 } },
      { selector: "edge", style: { "width": 3, "line-color": "#4d4d4d", "curve-style": "bezier" } },
      { selector: "edge.council", style: { "line-style": "dashed", "width": 2, "line-color": "#767676" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90, padding: 24 }
  });
  cy.on("tap", "node", function (event) {
    var url = event.target.data("url");
    if (url) { window.location.href = url; }
  });
  var tools = document.createElement("div");
  tools.className = "inline-form network-tools";
  [["拡大", 1.25], ["縮小", 0.8], ["全体を表示", 0]].forEach(function (item) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = item[0];
    button.addEventListener("click", function () {
      if (item[1] === 0) { cy.fit(undefined, 24); return; }
      cy.zoom({ level: cy.zoom() * item[1], renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
    });
    tools.appendChild(button);
  });
  box.parentNode.insertBefore(tools, box);
})();
