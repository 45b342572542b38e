/* The quick report form: pick the place by clicking the map or with the phone's position.
   Without JavaScript the form still works with the area list. */
(function () {
  "use strict";
  function setPoint(map, state, latlng, how) {
    document.getElementById("lat").value = latlng.lat.toFixed(6);
    document.getElementById("lon").value = latlng.lng.toFixed(6);
    var precision = document.getElementById("precision");
    if (precision) { precision.value = "exakt"; }
    if (state.marker) { state.marker.setLatLng(latlng); }
    else { state.marker = L.marker(latlng, { keyboard: false, interactive: false }).addTo(map); }
    var status = document.getElementById("position-status");
    status.textContent = status.getAttribute("data-" + how) + " " +
      latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("pick-map");
    var state = { marker: null };
    var button = document.getElementById("use-position");
    function ready(map) {
      map.on("click", function (e) { setPoint(map, state, e.latlng, "picked"); });
      // An outline's popup stops the click from reaching the map, so a tap inside any area
      // (the town's outline covers them all) picked nothing and offered a link away from the
      // half-filled form instead. Here a tap picks the place; the tooltip still names the area.
      map.eachLayer(function (layer) {
        if (layer.feature) { layer.unbindPopup(); }
      });
      if (button && navigator.geolocation) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var status = document.getElementById("position-status");
          status.textContent = status.getAttribute("data-wait");
          navigator.geolocation.getCurrentPosition(function (pos) {
            var ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
            map.setView(ll, 17);
            setPoint(map, state, ll, "located");
          }, function () {
            status.textContent = status.getAttribute("data-failed");
          }, { enableHighAccuracy: true, timeout: 15000 });
        });
      }
    }
    if (!el) { return; }
    if (el.samverkanMap) { ready(el.samverkanMap); }
    else { el.addEventListener("samverkan:map", function (e) { ready(e.detail.map); }); }
  });
})();
