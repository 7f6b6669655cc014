// Charts and maps of the leadership pages (dashboard, public results, map), drawn with our own copy of ECharts.
// Data come from json_script blocks, so the pages need no inline script (Content-Security-Policy); nothing is
// fetched from another host (no map tiles: points at the units' centroids, or the boundaries an administrator
// loaded). Charts are SVG and resize before printing, so they print at the paper's width.
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  var charts = [];
  var vn = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 3 });
  var css = getComputedStyle(document.documentElement);
  var STATUS_VARS = {
    exceeded: "--exceeded", achieved: "--achieved", not_achieved: "--not-achieved",
    not_implemented: "--not-implemented", no_data: "--no-data", not_assessed: "--not-assessed",
    on_path: "--on-path", behind_path: "--behind-path"
  };
  function statusColour(status) {
    return (css.getPropertyValue(STATUS_VARS[status] || "--no-data") || "#7a8494").trim();
  }
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function make(holder, option) {
    var chart = echarts.init(holder, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }
  function withUnit(unit) {
    return function (value) {
      return value === null || value === undefined || value === "-" ? "—" : vn.format(value) + (unit === "%" ? "%" : "");
    };
  }

  // Dashboard: how many indicators have each status.
  var statusHolder = document.getElementById("status-chart");
  var statusData = data("status-chart-data");
  if (statusHolder && statusData) {
    make(statusHolder, {
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: statusData.statuses.map(function (s) { return s.label; }) },
      tooltip: { trigger: "item" },
      series: [{
        type: "bar",
        label: { show: true, position: "right" },
        data: statusData.statuses.map(function (s) { return { value: s.count, itemStyle: { color: statusColour(s.status) } }; })
      }]
    });
  }

  // Public results: each indicator's yearly figures against its target line.
  var series = data("indicator-charts-data");
  if (series) {
    document.querySelectorAll("[data-series-index]").forEach(function (holder) {
      var item = series[Number(holder.getAttribute("data-series-index"))];
      if (!item) { return; }
      var format = withUnit(item.unit);
      make(holder, {
        animation: false,
        grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
        legend: { data: ["Thực hiện", "Mục tiêu"], top: 0, itemHeight: 8 },
        tooltip: { trigger: "axis", valueFormatter: format },
        xAxis: { type: "category", data: item.years },
        yAxis: { type: "value", scale: true, axisLabel: { formatter: function (v) { return vn.format(v); } } },
        series: [
          { name: "Thực hiện", type: "bar", data: item.values, itemStyle: { color: "#0b4f9c" } },
          { name: "Mục tiêu", type: "line", step: "middle", data: item.targets, connectNulls: true,
            itemStyle: { color: "#a3161a" }, lineStyle: { type: "dashed" } }
        ]
      });
    });
  }

  // Map: polygons where boundaries were loaded, points at the centroids elsewhere.
  var mapHolder = document.getElementById("indicator-map");
  var map = data("indicator-map-data");
  if (mapHolder && map) {
    var byVerdict = mapHolder.getAttribute("data-mode") === "verdict";
    var withBoundary = {};
    map.boundaries.features.forEach(function (f) { withBoundary[f.properties.code] = true; });
    var placed = map.units.filter(function (u) { return withBoundary[u.code] || (u.lat !== null && u.lon !== null); });
    var lons = placed.filter(function (u) { return u.lon !== null; }).map(function (u) { return u.lon; });
    var lats = placed.filter(function (u) { return u.lat !== null; }).map(function (u) { return u.lat; });
    map.boundaries.features.forEach(function (f) {
      var rings = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      rings.forEach(function (polygon) { polygon[0].forEach(function (p) { lons.push(p[0]); lats.push(p[1]); }); });
    });
    if (lons.length) {
      var pad = 0.02;
      var bounds = [[Math.min.apply(null, lons) - pad, Math.max.apply(null, lats) + pad],
                    [Math.max.apply(null, lons) + pad, Math.min.apply(null, lats) - pad]];
      var midLat = (bounds[0][1] + bounds[1][1]) / 2;
      echarts.registerMap("ansinh-units", map.boundaries);
      var format = withUnit(map.unit);
      var values = map.units.filter(function (u) { return u.value !== null; }).map(function (u) { return u.value; });
      var statuses = ["exceeded", "achieved", "on_path", "behind_path", "not_achieved", "not_implemented", "no_data",
        "not_assessed"];
      var labels = {};
      map.units.forEach(function (u) { if (u.status) { labels[u.status] = u.statusLabel; } });
      var visualMap = byVerdict ? {
        type: "piecewise", dimension: 3, orient: "horizontal", left: "center", bottom: 0,
        pieces: statuses.filter(function (s) { return labels[s]; }).map(function (s) {
          return { value: statuses.indexOf(s), label: labels[s], color: statusColour(s) };
        }),
        seriesIndex: [0, 1]
      } : {
        type: "continuous", dimension: 2, orient: "horizontal", left: "center", bottom: 0,
        min: values.length ? Math.min.apply(null, values) : 0, max: values.length ? Math.max.apply(null, values) : 1,
        text: ["cao", "thấp"], calculable: false, inRange: { color: ["#deebf7", "#08306b"] },
        formatter: function (v) { return format(v); }, seriesIndex: [0, 1]
      };
      function point(u) {
        return { name: u.name, code: u.code, text: u.text, statusLabel: u.statusLabel,
                 value: [u.lon, u.lat, u.value === null ? "-" : u.value, u.status ? statuses.indexOf(u.status) : "-"] };
      }
      make(mapHolder, {
        animation: false,
        tooltip: { trigger: "item", formatter: function (p) {
          var d = p.data || {};
          return (d.name || p.name) + ": " + (d.text || "—") + (d.statusLabel ? " — " + d.statusLabel : "");
        } },
        geo: { map: "ansinh-units", roam: true, boundingCoords: bounds, aspectScale: Math.cos(midLat * Math.PI / 180),
               nameProperty: "code", itemStyle: { areaColor: "#f2f4f7", borderColor: "#8a94a6" },
               emphasis: { label: { show: false } }, top: 8, bottom: 48 },
        visualMap: visualMap,
        series: [
          { type: "map", geoIndex: 0, name: "vùng", data: map.units.filter(function (u) { return withBoundary[u.code]; }).map(function (u) {
              var p = point(u); p.name = u.code; p.value = p.value; return p; }) },
          { type: "scatter", coordinateSystem: "geo", symbolSize: 9,
            itemStyle: { borderColor: "#333", borderWidth: 0.5 },
            data: map.units.filter(function (u) { return !withBoundary[u.code] && u.lat !== null; }).map(point) }
        ]
      });
    }
  }

  function resizeAll() { charts.forEach(function (chart) { chart.resize(); }); }
  window.addEventListener("resize", resizeAll);
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    if (print.addEventListener) { print.addEventListener("change", resizeAll); }
  }
})();
