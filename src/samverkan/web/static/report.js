/* The quick report form: pick the place by clicking the map or with the phone's position.
   Without JavaScript the form still works with the area list. */
(function () {
  "use strict";
  // Whether [lon, lat] lies in a polygon (its outer ring, not in a hole): ray casting.
  function inRing(pt, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = ring[i], b = ring[j];
      if ((a[1] > pt[1]) !== (b[1] > pt[1]) &&
          pt[0] < (b[0] - a[0]) * (pt[1] - a[1]) / (b[1] - a[1]) + a[0]) { inside = !inside; }
    }
    return inside;
  }
  function inPolygons(pt, g) {
    var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polys.some(function (poly) {
      return inRing(pt, poly[0]) && !poly.slice(1).some(function (hole) { return inRing(pt, hole); });
    });
  }

  // The innermost area of the map's that holds the point (a district before the town around
  // it), chosen in the area list, so that the form says where the place is.
  function fillArea(map, latlng) {
    var select = document.getElementById("area_id");
    if (!select) { return null; }
    var pt = [latlng.lng, latlng.lat], best = null, bestSize = Infinity;
    map.eachLayer(function (layer) {
      var f = layer.feature;
      if (!f || !f.geometry || !layer.getBounds) { return; }
      if (!inPolygons(pt, f.geometry)) { return; }
      var b = layer.getBounds(), size = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
      if (size < bestSize && select.querySelector('option[value="' + f.id + '"]')) { best = f; bestSize = size; }
    });
    select.value = best ? String(best.id) : "";
    return best ? best.properties.name : null;
  }

  function setPoint(map, state, latlng, how) {
    document.getElementById("lat").value = latlng.lat.toFixed(6);
    document.getElementById("lon").value = latlng.lng.toFixed(6);
    var precision = document.getElementById("precision");
    if (precision) { precision.value = "exakt"; }
    if (state.marker) { state.marker.setLatLng(latlng); }
    else { state.marker = L.marker(latlng, { keyboard: false, interactive: false }).addTo(map); }
    var status = document.getElementById("position-status");
    var area = fillArea(map, latlng);
    status.textContent = status.getAttribute("data-" + how) + " " +
      latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5) +
      (area ? " " + status.getAttribute("data-in") + " " + area : "");
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
