// Tile map of the provinces (one square each, placed by approximate geography) and the task trend.
(function () {
  const vi = (document.documentElement.lang || "vi") === "vi";
  const fmtPct = new Intl.NumberFormat(vi ? "vi-VN" : "en-GB", { style: "percent", maximumFractionDigits: 1 });
  const fmtNum = new Intl.NumberFormat(vi ? "vi-VN" : "en-GB", { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  const mapEl = document.getElementById("tile-map");
  const mapData = document.getElementById("map-data");
  if (mapEl && mapData && typeof echarts !== "undefined") {
    const m = JSON.parse(mapData.textContent);
    const isShare = m.metric === "task_on_time" || m.metric === "online_share";
    const fmt = (v) => (v == null ? "–" : isShare ? fmtPct.format(v) : fmtNum.format(v));
    const values = m.tiles.map((t) => t.value).filter((v) => v != null);
    const maxCol = Math.max(...m.tiles.map((t) => t.col));
    const maxRow = Math.max(...m.tiles.map((t) => t.row));
    const chart = echarts.init(mapEl, null, { renderer: "svg" });
    const short = (name) => name.replace("Thành phố ", "").replace("Tỉnh ", "");
    chart.setOption({ animation: false,
      tooltip: {
        formatter: (p) => `<strong>${p.data.name}</strong><br>${m.label} ${m.year}: ${fmt(p.data.value[2])}` +
          (p.data.rank ? `<br>${vi ? "Hạng" : "Rank"}: ${p.data.rank}/${values.length}` : ""),
      },
      grid: { left: 8, right: 8, top: 8, bottom: 50 },
      xAxis: { type: "value", min: -0.5, max: maxCol + 0.5, show: false },
      yAxis: { type: "value", min: -maxRow - 0.5, max: 0.5, show: false },
      visualMap: {
        min: Math.min(...values), max: Math.max(...values), dimension: 2, orient: "horizontal", left: "center",
        bottom: 0, calculable: true, text: [fmt(Math.max(...values)), fmt(Math.min(...values))],
        inRange: { color: ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"] }, outOfRange: { color: "#d9dde3" },
      },
      series: [{
        type: "scatter", symbol: "roundRect",
        symbolSize: () => Math.min(mapEl.clientWidth / (maxCol + 1.2), (mapEl.clientHeight - 60) / (maxRow + 1.2)) * 0.94,
        data: m.tiles.map((t) => ({ name: t.name, key: t.key, rank: t.rank, value: [t.col, -t.row, t.value] })),
        label: { show: true, formatter: (p) => short(p.data.name).slice(0, 10), fontSize: 10, fontWeight: 600,
          color: "#111", textBorderColor: "#fff", textBorderWidth: 2 },
        itemStyle: { borderColor: "#fff", borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: "#b3261e", borderWidth: 3 } },
      }],
    });
    chart.on("click", (p) => { if (p.data && p.data.key) window.location.href = `/dashboard/unit/${encodeURIComponent(p.data.key)}/`; });
    window.addEventListener("resize", () => chart.resize());
  }
  const trendEl = document.getElementById("task-trend");
  const trendData = document.getElementById("trend-data");
  if (trendEl && trendData && typeof echarts !== "undefined") {
    const pts = JSON.parse(trendData.textContent);
    const chart = echarts.init(trendEl, null, { renderer: "svg" });
    chart.setOption({ animation: false,
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 44, right: 36, top: 32, bottom: 26 },
      xAxis: { type: "category", data: pts.map((p) => p.month) },
      yAxis: [{ type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } }, { type: "value", minInterval: 1 }],
      series: [
        { name: vi ? "Đúng hạn (%)" : "On time (%)", type: "line", data: pts.map((p) => (p.on_time_rate == null ? null : Math.round(p.on_time_rate * 1000) / 10)), color: "#0b5cab" },
        { name: vi ? "Quá hạn" : "Overdue", type: "bar", yAxisIndex: 1, data: pts.map((p) => p.overdue), color: "#b3261e", barMaxWidth: 14 },
      ],
    });
    window.addEventListener("resize", () => chart.resize());
  }
})();

// Unit profile: index history, pillar radar against the mean of the peers, monthly service use.
(function () {
  const dataEl = document.getElementById("profile-data");
  if (!dataEl || typeof echarts === "undefined") return;
  const p = JSON.parse(dataEl.textContent);
  const vi = (document.documentElement.lang || "vi") === "vi";
  const hist = document.getElementById("dti-history");
  if (hist && p.history.length) {
    echarts.init(hist, null, { renderer: "svg" }).setOption({ animation: false,
      tooltip: { trigger: "axis" }, grid: { left: 44, right: 20, top: 20, bottom: 26 },
      xAxis: { type: "category", data: p.history.map((h) => String(h.year)) },
      yAxis: { type: "value", min: 0, max: 1 },
      series: [{ type: "line", name: "DTI", data: p.history.map((h) => h.score), color: "#0b5cab", label: { show: true, formatter: (x) => x.value.toFixed(4) } }],
    });
  }
  const radar = document.getElementById("pillar-radar");
  if (radar && p.radar) {
    const names = vi ? ["Chính quyền số", "Kinh tế số", "Xã hội số"] : ["Digital government", "Digital economy", "Digital society"];
    echarts.init(radar, null, { renderer: "svg" }).setOption({ animation: false,
      legend: { bottom: 0 }, tooltip: {},
      radar: { indicator: names.map((n) => ({ name: n, max: 1 })) },
      series: [{ type: "radar", data: [
        { name: p.unit.name, value: ["cqs", "kts", "xhs"].map((k) => p.radar.unit[k]) },
        { name: vi ? "Trung bình các tỉnh" : "Mean of peers", value: ["cqs", "kts", "xhs"].map((k) => p.radar.peers[k]) },
      ] }],
    });
  }
  const svc = document.getElementById("service-trend");
  if (svc && p.services.length) {
    echarts.init(svc, null, { renderer: "svg" }).setOption({ animation: false,
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 44, right: 20, top: 30, bottom: 26 },
      xAxis: { type: "category", data: p.services.map((s) => s.period) },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
      series: [
        { name: vi ? "Trực tuyến (%)" : "Online (%)", type: "line", data: p.services.map((s) => s.online_share == null ? null : Math.round(s.online_share * 1000) / 10) },
        { name: vi ? "Đúng hạn (%)" : "On time (%)", type: "line", data: p.services.map((s) => s.on_time_share == null ? null : Math.round(s.on_time_share * 1000) / 10) },
      ],
    });
  }
})();
