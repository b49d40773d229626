// Charts of the platform pages: the database connection graph, a database's quality history, a platform's usage.
// Every chart has the same figures in a table beside it.
(function () {
  "use strict";
  if (!window.echarts) return;
  var lang = document.documentElement.lang || "vi";
  var pct = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", {style: "percent", maximumFractionDigits: 1});
  var num = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", {maximumFractionDigits: 0});
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var chart = echarts.init(el, null, {renderer: "svg"});
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var colours = {connected: "#2e7d32", partial: "#b26a00", planned: "#8a94a3", broken: "#c62828"};

  var g = data("graph-data");
  if (g) {
    draw("db-graph", {
      tooltip: {formatter: function (p) {
        return p.dataType === "edge" ? (g.status[p.data.status] || p.data.status) : p.data.fullName;
      }},
      series: [{
        type: "graph", layout: "circular", roam: false,
        label: {show: true, position: "right", fontSize: 11, color: "#1d2733", textBorderWidth: 0},
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 8, lineStyle: {width: 2, curveness: 0.15},
        data: g.nodes.map(function (n) {
          return {name: n.id, fullName: n.id === "IOC" ? g.labels.ioc : n.name,
                  symbolSize: n.kind === "ioc" ? 46 : 30,
                  itemStyle: {color: n.kind === "ioc" ? "#0b3d6e" : n.kind === "national" ? "#1f6fb2" : "#7aa7d6"}};
        }),
        links: g.edges.map(function (e) {
          return {source: e.source, target: e.target, status: e.status,
                  lineStyle: {color: colours[e.status] || "#888", type: e.status === "planned" ? "dashed" : "solid"}};
        })
      }]
    });
  }

  var q = data("quality-data");
  if (q && q.runs.length) {
    var keys = ["correct", "complete", "clean", "live", "overall"];
    draw("quality-chart", {
      tooltip: {trigger: "axis", valueFormatter: function (v) { return v == null ? "–" : pct.format(v); }},
      legend: {top: 0},
      grid: {left: 44, right: 12, top: 40, bottom: 28},
      xAxis: {type: "category", data: q.runs.map(function (r) { return r.as_of; })},
      yAxis: {type: "value", min: 0, max: 1, axisLabel: {formatter: function (v) { return pct.format(v); }}},
      series: keys.map(function (k) {
        return {name: q.labels[k], type: "line", data: q.runs.map(function (r) { return r[k]; }),
                lineStyle: {width: k === "overall" ? 3 : 1.5}};
      })
    });
  }

  var u = data("usage-data");
  if (u && Object.keys(u).length) {
    var metric = Object.keys(u)[0];
    draw("usage-chart", {
      tooltip: {trigger: "axis", valueFormatter: function (v) { return num.format(v); }},
      grid: {left: 60, right: 12, top: 24, bottom: 28},
      xAxis: {type: "category", data: u[metric].map(function (x) { return x.month; })},
      yAxis: {type: "value", name: metric, axisLabel: {formatter: function (v) { return num.format(v); }}},
      series: [{type: "bar", data: u[metric].map(function (x) { return x.value; }), itemStyle: {color: "#1f6fb2"}}]
    });
  }
})();
