// Monthly trend of the on-time completion rate (line) and overdue tasks (bars), from the json_script data.
(function () {
  const el = document.getElementById("trend-chart");
  const dataEl = document.getElementById("trend-data");
  if (!el || !dataEl || typeof echarts === "undefined") return;
  const points = JSON.parse(dataEl.textContent);
  const lang = document.documentElement.lang || "vi";
  const fmt = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({ animation: false,
    tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "–" : fmt.format(v)) },
    legend: { top: 0, data: [lang === "vi" ? "Tỷ lệ đúng hạn (%)" : "On-time rate (%)", lang === "vi" ? "Quá hạn" : "Overdue"] },
    grid: { left: 48, right: 48, top: 40, bottom: 30 },
    xAxis: { type: "category", data: points.map((p) => p.month) },
    yAxis: [{ type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } }, { type: "value", minInterval: 1 }],
    series: [
      { name: lang === "vi" ? "Tỷ lệ đúng hạn (%)" : "On-time rate (%)", type: "line", smooth: true,
        data: points.map((p) => (p.on_time_rate == null ? null : Math.round(p.on_time_rate * 1000) / 10)), color: "#0b5cab" },
      { name: lang === "vi" ? "Quá hạn" : "Overdue", type: "bar", yAxisIndex: 1, data: points.map((p) => p.overdue), color: "#b3261e", barMaxWidth: 18 },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
