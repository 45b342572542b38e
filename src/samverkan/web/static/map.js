/* Draws areas (GeoJSON in a <script type="application/json"> island) on every .map element.
   Tiles only when a tile URL is configured: without them the outlines still show. */
(function () {
  "use strict";
  var LEVEL_COLOURS = { gron: "#1a7f37", gul: "#b08800", orange: "#d4650a", rod: "#c2272d" };

  function drawMap(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: true });
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 19, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
    } else {
      el.classList.add("map-plain");
    }
    var options = {
      pointToLayer: function (f, latlng) {
        var small = (f.properties || {}).kind === "incident" && data.features.length > 20;
        return L.circleMarker(latlng, { radius: small ? 5 : 8, color: "#c2272d", weight: 2, fillOpacity: 0.6 });
      },
      style: function (f) {
        var p = f.properties || {};
        if (p.kind === "kde") {
          return { stroke: false, fillColor: "#6a3d9a", fillOpacity: 0.08 + 0.5 * (p.share || 0) };
        }
        if (p.kind === "hex") {
          return { color: p.significant ? "#c2272d" : "#d4650a", weight: 1,
                   fillOpacity: p.significant ? 0.5 : 0.15 };
        }
        var big = p.kind === "kommun";
        return {
          color: LEVEL_COLOURS[p.level] || (big ? "#5b6770" : "#1d5fa8"),
          weight: big ? 1.5 : 2.5,
          dashArray: p.approximate ? "6 4" : null,
          fillOpacity: big ? 0.03 : 0.15
        };
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {};
        if (p.kind === "incident" || p.kind === "hex" || p.kind === "kde") {
          l.bindTooltip(p.name); return;
        }
        var label = document.createElement("a");
        label.href = "/stadsdelar/" + f.id;
        label.textContent = p.name;
        l.bindTooltip(p.name, { sticky: true });
        l.bindPopup(label);
      }
    };
    // Optional overlays (the lägesbild): features of these kinds go in layers of their own
    // that the reader can switch off; their names come with the data ("layers").
    var named = data.layers || {};
    var overlays = {};
    var base = data.features.filter(function (f) { return !named[(f.properties || {}).kind]; });
    var layer = L.geoJSON({ type: "FeatureCollection", features: base }, options).addTo(map);
    Object.keys(named).forEach(function (kind) {
      var feats = data.features.filter(function (f) { return (f.properties || {}).kind === kind; });
      if (feats.length) {
        overlays[named[kind]] = L.geoJSON({ type: "FeatureCollection", features: feats }, options).addTo(map);
      }
    });
    if (Object.keys(overlays).length) {
      L.control.layers(null, overlays, { collapsed: false }).addTo(map);
      layer.bringToFront();
    }
    var bounds = layer.getBounds();
    var small = L.geoJSON({ type: "FeatureCollection", features: data.features.filter(function (f) {
      return f.properties && f.properties.kind !== "kommun" && f.properties.kind !== "hex" && f.properties.kind !== "kde" &&
        f.geometry.type !== "Point";
    }) }).getBounds();
    if (bounds.isValid()) {
      map.fitBounds(small.isValid() ? small : bounds, { padding: [12, 12], maxZoom: 16 });
    } else {
      map.setView([58.41, 15.62], 12);
    }
    el.samverkanMap = map;
    el.setAttribute("data-ready", "1");
    el.dispatchEvent(new CustomEvent("samverkan:map", { detail: { map: map } }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var maps = document.querySelectorAll(".map[data-source]");
    for (var i = 0; i < maps.length; i++) { drawMap(maps[i]); }
  });
})();
