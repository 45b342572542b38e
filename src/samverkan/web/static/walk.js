// The safety walk's finding form on a phone: the point from the phone's position or a tap on a
// small map fills the lat/lon fields (which also work typed, without this script).
(function () {
  "use strict";
  var lat = document.getElementById("f-lat"), lon = document.getElementById("f-lon");
  if (!lat || !lon) return;
  function put(a, b) { lat.value = a.toFixed(6); lon.value = b.toFixed(6); }
  var locate = document.getElementById("f-locate");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        put(pos.coords.latitude, pos.coords.longitude);
        if (marker) marker.setLatLng([pos.coords.latitude, pos.coords.longitude]);
      });
    });
  }
  var box = document.getElementById("f-map"), marker = null;
  if (box && window.L) {
    box.hidden = false;
    var map = L.map(box).setView([+box.dataset.lat, +box.dataset.lon], 13);
    if (box.dataset.tiles) L.tileLayer(box.dataset.tiles, { maxZoom: 19 }).addTo(map);
    map.on("click", function (e) {
      put(e.latlng.lat, e.latlng.lng);
      if (marker) marker.setLatLng(e.latlng); else marker = L.marker(e.latlng).addTo(map);
    });
  }
})();
