// The public maps: the search's map (one pin per place, grouped when close) and a place's small
// map. Each pin opens a popup with the place's name, when, where and a link to its page; the
// popup's text follows the 文字サイズ (its size is set in rem in app.css). The list under the map
// (or the address on a place's page) holds the same, so the map is never the only way. Without
// Leaflet, or when the background tiles cannot load, the page says so and the list remains.
// 現在地: the position the visitor shared for 近い順 (data-here), or asked for here with the
// 「現在地を地図に出す」 button; it is drawn as a labelled marker and never sent anywhere.
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
  var zoom = Number(box.dataset.zoom || 13);
  // No animations: pins stay where they are (calmer to read, and nothing moves under a finger).
  var map = L.map(box, {
    scrollWheelZoom: false, maxZoom: 18, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false
  }).setView(centre, zoom);
  window.sasaeaiMapTiles(map, box, status, box.dataset.noTiles || "背景の地図を読み込めません。ピンの位置と、下の一覧をご覧ください。");
  var layer = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ animate: false, animateAddingMarkers: false })
    : L.layerGroup();

  function line(parent, label, text) {
    if (!text) { return; }
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = label + "：";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(text));
    parent.appendChild(p);
  }

  function popupOf(p) {
    var popup = document.createElement("div");
    popup.className = "portal-popup";
    var name = document.createElement("p");
    name.className = "portal-popup__name";
    name.textContent = p.name;
    popup.appendChild(name);
    line(popup, "いつ", p.when);
    line(popup, "どこで", p.place);
    if (p.url) {
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = (box.dataset.more || "くわしく見る") + "（" + p.name + "）";
      popup.appendChild(link);
    }
    return popup;
  }

  var bounds = [];
  points.forEach(function (p) {
    var marker = L.marker([p.lat, p.lng], { title: p.name, alt: p.name });
    marker.bindPopup(popupOf(p), { maxWidth: Math.min(360, box.clientWidth - 40) });
    layer.addLayer(marker);
    bounds.push([p.lat, p.lng]);
  });
  layer.addTo(map);
  if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
  } else if (bounds.length === 1) {
    map.setView(bounds[0], Math.max(zoom, 15));
  }

  var here = null;
  function showHere(lat, lng, pan) {
    if (here) { map.removeLayer(here); }
    // A plain circle, not a pin: it is where the visitor is, not a place to go.
    here = L.circleMarker([lat, lng], {
      radius: 10, color: "#000", weight: 3, fillColor: "#ffd43d", fillOpacity: 1,
      className: "portal-map__here"
    }).bindTooltip("現在地", { permanent: true, direction: "top", className: "portal-map__here-label" });
    here.addTo(map);
    if (pan) { map.setView([lat, lng], Math.max(map.getZoom(), 15)); }
  }
  if (box.dataset.here) {
    var at = box.dataset.here.split(",").map(Number);
    showHere(at[0], at[1], false);
  }

  var button = document.getElementById("show-here");
  if (button && "geolocation" in navigator) {
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "現在地を調べています…";
      navigator.geolocation.getCurrentPosition(function (position) {
        showHere(position.coords.latitude, position.coords.longitude, true);
        status.textContent = "現在地を地図に出しました（黄色の丸）。";
        // On a phone the map starts below the button: bring it into view.
        box.scrollIntoView({ block: "nearest" });
      }, function () {
        status.textContent = "現在地がわかりませんでした。地図を動かしてさがしてください。";
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }
})();
