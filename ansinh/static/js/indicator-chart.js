// Values against the target line for one indicator; data comes from a json_script block so that
// the page needs no inline script (Content-Security-Policy).
(function () {
  "use strict";
  var holder = document.getElementById("indicator-chart");
  var dataNode = document.getElementById("indicator-chart-data");
  if (!holder || !dataNode || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(dataNode.textContent);
  var vn = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 3 });
  var format = function (value) {
    return value === null || value === undefined ? "—" : vn.format(value) + (data.unit === "%" ? "%" : "");
  };
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: format },
    legend: { data: ["Thực hiện", "Mục tiêu"] },
    xAxis: { type: "category", data: data.years.map(String) },
    yAxis: { type: "value", name: data.unit, axisLabel: { formatter: function (v) { return vn.format(v); } } },
    series: [
      { name: "Thực hiện", type: "bar", data: data.values },
      { name: "Mục tiêu", type: "line", step: "middle", data: data.targets, connectNulls: true }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
