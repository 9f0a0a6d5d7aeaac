// A map pin picker on top of plain latitude/longitude inputs. The inputs are the real controls
// (keyboard and screen readers use them); the map only helps. Without a tile server (or when
// tiles fail to load) the map still shows the towns' representative points to click near.
(function () {
  var box = document.getElementById("pin-map");
  var status = document.getElementById("pin-map-status");
  if (!box) return;
  var latInput = document.getElementById(box.dataset.latInput);
  var lngInput = document.getElementById(box.dataset.lngInput);
  if (typeof L === "undefined") {
    box.hidden = true;
    status.textContent = "地図は表示できません。緯度・経度を入力するか、町丁目を選んでください。";
    return;
  }
  var centre = box.dataset.centre.split(",").map(Number);
  var map = L.map(box).setView(centre, 14);
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 18 })
      .on("tileerror", noTiles)
      .addTo(map);
  } else {
    noTiles();
  }
  function noTiles() {
    box.classList.add("pin-map--no-tiles");
    status.textContent = "背景の地図を読み込めません。町丁目の代表点（青い点）を目安にクリックするか、緯度・経度を入力してください。";
  }
  // Leaflet puts a string tooltip into the page as HTML; an element goes in as it is. Town names
  // come from imported files, so each is given as an element holding it as text: a name such as
  // <img src=x onerror=…> shows as those characters and never runs.
  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  var towns = JSON.parse(document.getElementById("town-points").textContent);
  towns.forEach(function (t) {
    L.circleMarker([t.lat, t.lng], { radius: 5, weight: 1 }).bindTooltip(label(t.name)).addTo(map);
  });
  var marker = null;
  function place(lat, lng, pan) {
    if (marker) marker.setLatLng([lat, lng]);
    else marker = L.marker([lat, lng], { draggable: true, keyboard: false }).addTo(map).on("dragend", function () {
      var p = marker.getLatLng();
      write(p.lat, p.lng);
    });
    if (pan) map.panTo([lat, lng]);
  }
  function write(lat, lng) {
    latInput.value = lat.toFixed(6);
    lngInput.value = lng.toFixed(6);
    status.textContent = "位置を 緯度 " + latInput.value + "、経度 " + lngInput.value + " にしました。";
  }
  map.on("click", function (event) {
    place(event.latlng.lat, event.latlng.lng, false);
    write(event.latlng.lat, event.latlng.lng);
  });
  function fromInputs() {
    var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
    if (!isNaN(lat) && !isNaN(lng)) place(lat, lng, true);
  }
  latInput.addEventListener("change", fromInputs);
  lngInput.addEventListener("change", fromInputs);
  fromInputs();
})();
