// 安全隐患督办工作台: the console's only script (CSP script-src 'self'; no inline code).
// It draws the dashboard's charts (Chart.js) and the map (Leaflet) from data the page
// carries in data-* attributes or fetches from the console's own JSON endpoint.
(function () {
  "use strict";

  // Anything the Content-Security-Policy blocks is noted on <body> (the browser test
  // checks that nothing is).
  document.addEventListener("securitypolicyviolation", function (e) {
    var b = document.body;
    b.setAttribute("data-csp-violations", (b.getAttribute("data-csp-violations") || "") + e.violatedDirective + " " + e.blockedURI + "; ");
  });

  function series(canvas) {
    try { return JSON.parse(canvas.getAttribute("data-series") || "[]"); } catch (e) { return []; }
  }

  function drawCharts() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-series]").forEach(function (canvas) {
      var rows = series(canvas);
      var labels = rows.map(function (r) { return r.label; });
      var set = function (label, key, color) {
        return { label: label, data: rows.map(function (r) { return r[key]; }), backgroundColor: color, borderColor: color };
      };
      var monthly = canvas.getAttribute("data-kind") === "monthly";
      var datasets = monthly
        ? [set("发现", "found", "#0b5cad"), set("销号", "closed", "#1a7f37"), set("逾期", "overdue", "#b42318")]
        : [set("发现", "found", "#0b5cad"), set("其中重大", "major", "#b42318"), set("销号", "closed", "#1a7f37")];
      new window.Chart(canvas, {
        type: monthly ? "line" : "bar",
        data: { labels: labels, datasets: datasets },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
      canvas.setAttribute("data-drawn", "true");
    });
  }

  function drawMap() {
    var el = document.getElementById("map");
    if (!el || typeof window.L === "undefined") { return; }
    var L = window.L;
    var map = L.map(el, { preferCanvas: false }).setView([31.215, 121.41], 13);
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap contributors" }).addTo(map);
    }
    var count = document.getElementById("map-count");
    fetch(el.getAttribute("data-source"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (markers) {
        var bounds = [];
        markers.forEach(function (m) {
          var color = m.grade === "major" ? "#b42318" : "#b25e09";
          var marker = L.circleMarker([m.lat, m.lng], {
            radius: m.grade === "major" ? 9 : 7, color: m.overdue ? "#d00000" : "#ffffff",
            weight: m.overdue ? 4 : 2, fillColor: color, fillOpacity: 0.9
          }).addTo(map);
          marker.bindTooltip(m.code + " " + m.title + "（" + m.grade_label + "，" + m.status_label + (m.overdue ? "，逾期" : "") + "）");
          marker.on("click", function () { window.location.href = "/console/hazards/" + m.id; });
          var node = marker.getElement && marker.getElement();
          if (node) {
            node.setAttribute("data-hazard", m.id);
            node.setAttribute("data-street", m.street);
            node.setAttribute("class", (node.getAttribute("class") || "") + " hazard-marker");
          }
          bounds.push([m.lat, m.lng]);
        });
        if (bounds.length > 0) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 }); }
        if (count) { count.textContent = "共 " + markers.length + " 处隐患"; count.setAttribute("data-count", String(markers.length)); }
      })
      .catch(function () { if (count) { count.textContent = "地图数据加载失败，请刷新重试。"; } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    drawMap();
  });
})();
