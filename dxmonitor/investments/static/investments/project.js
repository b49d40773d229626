// The project's money over time: planned capital and disbursement per year (bars), disbursement's running total
// per month (line). The same figures are in the table under the chart.
(function () {
  "use strict";
  var el = document.getElementById("money-chart");
  var data = JSON.parse(document.getElementById("money-data").textContent);
  if (!el || !window.echarts || !data.years.length) return;
  var lang = document.documentElement.lang || "vi";
  var fmt = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", {maximumFractionDigits: 1});
  var bn = function (v) { return fmt.format(v / 1e9); };
  var chart = echarts.init(el, null, {renderer: "svg"});
  chart.setOption({
    tooltip: {trigger: "axis", valueFormatter: bn},
    legend: {top: 0},
    grid: {left: 50, right: 16, top: 36, bottom: 28},
    xAxis: {type: "category", data: data.years.map(function (y) { return String(y.year); })},
    yAxis: {type: "value", axisLabel: {formatter: bn}},
    series: [
      {name: data.labels.planned, type: "bar", data: data.years.map(function (y) { return y.planned; }), itemStyle: {color: "#9ab7d6"}},
      {name: data.labels.disbursed, type: "bar", data: data.years.map(function (y) { return y.disbursed; }), itemStyle: {color: "#0b4a8a"}}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
