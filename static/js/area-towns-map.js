// The assignment map: one point per town; clicking a point ticks or unticks the town's box in
// the checklist below, which is the real control (keyboard and screen readers use it). A
// ticked town is drawn filled and larger, and its tooltip says so (not by colour alone).
// Without Leaflet or tiles the page says so and the checklist still works.
(function () {
  "use strict";
  var box = document.getElementById("town-map");
  var status = document.getElementById("town-map-status");
  if (!box) { return; }
  var points = JSON.parse(document.getElementById("town-points").textContent);
  if (typeof L === "undefined" || !points.length) {
    box.hidden = true;
    status.textContent = points.length
      ? "地図を表示できません。下の一覧で選んでください。"
      : "代表点（緯度・経度）のある町丁目がないため、地図は表示しません。下の一覧で選んでください。";
    return;
  }
  var centre = box.dataset.centre.split(",").map(Number);
  var map = L.map(box, { zoomAnimation: false, fadeAnimation: false }).setView(centre, 13);
  window.sasaeaiMapTiles(map, box, status, "背景の地図を読み込めません。町丁目の点と、下の一覧で選んでください。");
  var markers = {};
  // Leaflet puts a string tooltip into the page as HTML; an element goes in as it is. Town names
  // come from imported files, so they are always given as text inside an element.
  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  function boxOf(pk) { return document.getElementById("town-" + pk); }
  function draw(point) {
    var ticked = boxOf(point.pk).checked;
    markers[point.pk].setStyle({
      radius: ticked ? 9 : 6, weight: 2, color: ticked ? "#0017c1" : "#666666",
      fillColor: ticked ? "#0017c1" : "#ffffff", fillOpacity: ticked ? 0.8 : 0.6
    });
    markers[point.pk].setTooltipContent(label(point.name + (ticked ? "（この圏域に入れる）" : "")));
  }
  var bounds = [];
  points.forEach(function (point) {
    var input = boxOf(point.pk);
    if (!input) { return; }
    markers[point.pk] = L.circleMarker([point.lat, point.lng]).bindTooltip(label(point.name)).addTo(map);
    markers[point.pk].on("click", function () {
      input.checked = !input.checked;
      draw(point);
      status.textContent = "「" + point.name + "」を" +
        (input.checked ? "この圏域に入れます" : "この圏域から外します") + "（保存すると反映されます）。";
    });
    input.addEventListener("change", function () { draw(point); });
    draw(point);
    bounds.push([point.lat, point.lng]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 }); }
})();
