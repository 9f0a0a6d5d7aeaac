// A map pin picker on top of plain latitude/longitude inputs. The inputs are the real controls
// (keyboard and screen readers use them); the map only helps, and the page works without it.
(function () {
  var box = document.getElementById("pin-map");
  var status = document.getElementById("pin-map-status");
  if (!box) return;
  var latInput = document.getElementById(box.dataset.latInput);
  var lngInput = document.getElementById(box.dataset.lngInput);
  if (!box.dataset.tiles || typeof L === "undefined") {
    box.hidden = true;
    status.textContent = "地図は表示できません。緯度・経度を入力するか、町丁目を選んでください。";
    return;
  }
  var centre = box.dataset.centre.split(",").map(Number);
  var map = L.map(box).setView(centre, 14);
  L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 18 }).addTo(map);
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
