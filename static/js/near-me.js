// 「今いる場所から近い順にする」: asks the browser for its position (only when pressed), then
// sends the search again sorted from there. Without JavaScript or permission, towns remain.
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  if (!button || !("geolocation" in navigator)) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "現在地を調べています…";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(5);
      document.getElementById("lng").value = position.coords.longitude.toFixed(5);
      document.getElementById("near").value = "";
      button.form.submit();
    }, function () {
      status.textContent = "現在地がわかりませんでした。町丁目を選んでください。";
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
