/* Draws areas (GeoJSON in a <script type="application/json"> island) on every .map element.
   Tiles only when a tile URL is configured: without them the outlines still show. */
(function () {
  "use strict";
  var LEVEL_COLOURS = { gron: "#1a7f37", gul: "#b08800", orange: "#d4650a", rod: "#c2272d" };
  var LEVEL_RANK = { gron: 1, gul: 2, orange: 3, rod: 4 };

  function box(geometry) {
    // [west, south, east, north] of a polygon's outer rings; null for anything else
    var polys = !geometry ? [] : geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var b = null;
    polys.forEach(function (poly) {
      (poly[0] || []).forEach(function (p) {
        if (!b) { b = [p[0], p[1], p[0], p[1]]; return; }
        b = [Math.min(b[0], p[0]), Math.min(b[1], p[1]), Math.max(b[2], p[0]), Math.max(b[3], p[1])];
      });
    });
    return b;
  }

  function holds(outer, inner) {
    return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3] &&
      (outer[0] < inner[0] || outer[1] < inner[1] || outer[2] > inner[2] || outer[3] > inner[3]);
  }

  // The order areas are drawn in (the last on top): an area before the areas inside it, so
  // that its outline (and the rings of its holes, which are their outlines: "the town but the
  // districts") never hides theirs; among areas side by side the higher level last, so that
  // its colour shows on the border they share; then the larger first. Points come last.
  function drawOrder(features) {
    var boxes = features.map(function (f) { return box(f.geometry); });
    var keyed = features.map(function (f, i) {
      var p = f.properties || {};
      var b = boxes[i];
      var depth = 0;
      if (b) {
        boxes.forEach(function (o, j) { if (o && j !== i && holds(o, b)) { depth += 1; } });
      }
      return {
        f: f, i: i, point: b ? 0 : 1, depth: depth, rank: LEVEL_RANK[p.level] || 0,
        size: b ? (b[2] - b[0]) * (b[3] - b[1]) : 0
      };
    });
    keyed.sort(function (a, b) {
      return (a.point - b.point) || (a.depth - b.depth) || (a.rank - b.rank) || (b.size - a.size) || (a.i - b.i);
    });
    var out = [];
    keyed.forEach(function (k) { out.push.apply(out, outlined(k.f)); });
    return out;
  }

  // A polygon with holes is drawn as its fill (no outline: the rings of its holes are the
  // outlines of the areas inside, in their own colours) and then the outline of its outer
  // rings alone, which takes no clicks.
  function outlined(f) {
    var g = f.geometry || {};
    var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    var holes = polys.some(function (poly) { return poly.length > 1; });
    if (!holes) { return [f]; }
    var p = f.properties || {};
    return [
      { type: "Feature", id: f.id, geometry: g, properties: Object.assign({}, p, { part: "fill" }) },
      { type: "Feature", id: f.id, properties: Object.assign({}, p, { part: "outline" }),
        geometry: { type: "MultiPolygon", coordinates: polys.map(function (poly) { return [poly[0]]; }) } }
    ];
  }

  // Tooltips are text: a place's name comes from whoever filed the report, never markup.
  function text(s) {
    var span = document.createElement("span");
    span.textContent = s == null ? "" : String(s);
    return span;
  }

  function drawMap(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: true, zoomControl: false });
    // the zoom buttons' tooltips in the page's language (Leaflet's own are English)
    L.control.zoom({
      zoomInTitle: el.getAttribute("data-zoom-in") || "Zoom in",
      zoomOutTitle: el.getAttribute("data-zoom-out") || "Zoom out"
    }).addTo(map);
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
          fillOpacity: big ? 0.03 : 0.15,
          stroke: p.part !== "fill",
          fill: p.part !== "outline",
          interactive: p.part !== "outline"
        };
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {};
        if (p.part === "outline") { return; }
        if (p.kind === "incident" || p.kind === "hex" || p.kind === "kde") {
          l.bindTooltip(text(p.name)); return;
        }
        var label = document.createElement("a");
        label.href = "/stadsdelar/" + f.id;
        label.textContent = p.name;
        l.bindTooltip(text(p.name), { sticky: true });
        l.bindPopup(label);
      }
    };
    // Optional overlays (the lägesbild): features of these kinds go in layers of their own
    // that the reader can switch off; their names come with the data ("layers").
    var named = data.layers || {};
    var overlays = {};
    var base = drawOrder(data.features.filter(function (f) { return !named[(f.properties || {}).kind]; }));
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
    // Each district's outline carries its name (not the municipality's, nor an area with
    // districts cut out of it, whose middle lies in one of them).
    var labels = L.layerGroup();
    layer.eachLayer(function (l) {
      var p = (l.feature || {}).properties || {};
      if (!l.getBounds || p.kind === "kommun" || p.part || !p.name || p.kind === "hex" || p.kind === "kde") {
        return;
      }
      labels.addLayer(L.marker(l.getBounds().getCenter(), {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "area-label", html: text(p.name).outerHTML, iconSize: null })
      }));
    });
    labels.addTo(map);
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
