// The public map: one pin per place (grouped when close), each linking to the place's page.
// The list under the map holds the same places, so the map is never the only way. Without
// Leaflet, or when the background tiles cannot load, the page says so and the list remains.
(function () {
  "use strict";
  var box = document.getElementById("portal-map");
  var status = document.getElementById("portal-map-status");
  if (!box) { return; }
  if (typeof L === "undefined") {
    box.hidden = true;
    status.textContent = "地図を表示できません。下の一覧をご覧ください。";
    return;
  }
  var points = JSON.parse(document.getElementById("portal-map-points").textContent);
  var centre = box.dataset.centre.split(",").map(Number);
  // No animations: pins stay where they are (calmer to read, and nothing moves under a finger).
  var map = L.map(box, {
    scrollWheelZoom: false, maxZoom: 18, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false
  }).setView(centre, 13);
  window.sasaeaiMapTiles(map, box, status, "背景の地図を読み込めません。ピンの位置と、下の一覧をご覧ください。");
  var layer = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ animate: false, animateAddingMarkers: false })
    : L.layerGroup();
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lng], { title: p.name, alt: p.name });
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    var popup = document.createElement("div");
    popup.appendChild(link);
    if (p.place) { popup.appendChild(document.createElement("br")); popup.appendChild(document.createTextNode(p.place)); }
    marker.bindPopup(popup);
    layer.addLayer(marker);
    bounds.push([p.lat, p.lng]);
  });
  layer.addTo(map);
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 }); }
})();
