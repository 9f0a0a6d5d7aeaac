// The base map of every Leaflet page: the configured tiles (data-tiles, data-attribution on the
// map's box), and when they cannot load, a class and a sentence saying what to use instead.
window.sasaeaiMapTiles = function (map, box, status, message) {
  function noTiles() {
    box.classList.add("pin-map--no-tiles");
    status.textContent = message;
  }
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 18 })
      .on("tileerror", noTiles)
      .addTo(map);
  } else {
    noTiles();
  }
};
