// Monthly online and on-time shares of dossiers, from the json_script data.
(function () {
  const el = document.getElementById("kpi-chart");
  const data = document.getElementById("kpi-series");
  if (!el || !data || typeof echarts === "undefined") return;
  const s = JSON.parse(data.textContent);
  const vi = (document.documentElement.lang || "vi") === "vi";
  const pct = (v) => (v == null ? null : Math.round(v * 1000) / 10);
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({ animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 20, top: 36, bottom: 30 },
    xAxis: { type: "category", data: s.map((p) => p.period) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
    series: [
      { name: vi ? "Hồ sơ trực tuyến (%)" : "Online (%)", type: "line", data: s.map((p) => pct(p.online_share)), color: "#0b5cab" },
      { name: vi ? "Đúng hạn (%)" : "On time (%)", type: "line", data: s.map((p) => pct(p.on_time_share)), color: "#1e7b3a" },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
