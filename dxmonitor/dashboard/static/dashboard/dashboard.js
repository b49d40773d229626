// Dashboard charts (ECharts, SVG renderer): the province tile map, trend lines and the unit profile. Data come
// from json_script tags written by the server; every chart has the same data in a table beside it.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  const vi = (document.documentElement.lang || "vi").startsWith("vi");
  const locale = vi ? "vi-VN" : "en-GB";
  const pctFmt = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const idxFmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  const intFmt = new Intl.NumberFormat(locale);
  // Intl writes "97,3%" in Vietnamese; the house style (and the server) write "97,3 %".
  const pct = (v) => (v == null ? "–" : pctFmt.format(v).replace(/\s?%/, "\u00a0%"));
  const idx = (v) => (v == null ? "–" : idxFmt.format(v));
  const T = vi
    ? { rank: "Hạng", noData: "Chưa có dữ liệu", onTime: "Đúng hạn", overdue: "Quá hạn", online: "Trực tuyến",
        mean: "Trung bình các tỉnh", peers: "Trung bình nhóm", gov: "Chính quyền số", econ: "Kinh tế số", soc: "Xã hội số",
        open: "Bấm để xem hồ sơ tỉnh", dossiers: "Hồ sơ" }
    : { rank: "Rank", noData: "No data yet", onTime: "On time", overdue: "Overdue", online: "Online",
        mean: "Provincial mean", peers: "Peers' mean", gov: "Digital government", econ: "Digital economy",
        soc: "Digital society", open: "Click to open the province", dossiers: "Dossiers" };
  const charts = [];
  const data = (id) => { const el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; };
  const make = (el, option) => {
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "system-ui, sans-serif" } }, option));
    charts.push(chart);
    return chart;
  };
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));

  // ---- tile map ---------------------------------------------------------------------------------------------
  const RAMP = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"];
  const NO_DATA = "#e4e7eb";
  const hexToRgb = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const mix = (a, b, t) => { const x = hexToRgb(a), y = hexToRgb(b);
    return "#" + x.map((v, i) => Math.round(v + (y[i] - v) * t).toString(16).padStart(2, "0")).join(""); };
  const colourOf = (v, lo, hi) => {
    if (v == null) return NO_DATA;
    const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    const pos = t * (RAMP.length - 1), i = Math.min(Math.floor(pos), RAMP.length - 2);
    return mix(RAMP[i], RAMP[i + 1], pos - i);
  };
  const isDark = (hex) => { const [r, g, b] = hexToRgb(hex); return 0.2126 * r + 0.7152 * g + 0.0722 * b < 140; };
  const shortName = (n) => n.replace(/^(Thành phố|Tỉnh|TP\.?)\s+/, "");

  const mapEl = document.getElementById("tile-map");
  const m = data("map-data");
  if (mapEl && m && m.has_data) {
    const fmt = m.kind === "share" ? pct : idx;
    const cols = Math.max(...m.tiles.map((t) => t.col)) + 1;
    const rows = Math.max(...m.tiles.map((t) => t.row)) + 1;
    const cap = m.layout === 63 ? 46 : 58;
    const legendH = 46;
    const size = () => Math.min(cap, Math.floor(mapEl.clientWidth / cols));
    // Square tiles: the plot area is exactly cols x rows tiles, centred in the card.
    const gridBox = () => { const s = size();
      return { left: Math.max(0, Math.floor((mapEl.clientWidth - cols * s) / 2)), top: 0, width: cols * s, height: rows * s }; };
    mapEl.style.height = `${rows * size() + legendH}px`;
    const chart = make(mapEl, {
      tooltip: {
        formatter: (p) => {
          const t = m.tiles[p.dataIndex];
          return `<strong>${t.name}</strong><br>${m.label} ${m.year}: <strong>${t.value == null ? T.noData : fmt(t.value)}</strong>` +
            (t.rank ? `<br>${T.rank}: ${t.rank}/${m.with_value}` : "") + `<br><small>${T.open}</small>`;
        },
      },
      grid: gridBox(),
      xAxis: { type: "value", min: 0, max: cols, show: false },
      yAxis: { type: "value", min: 0, max: rows, inverse: true, show: false },
      graphic: [{ type: "group", left: "center", bottom: 4, children: [
        ...RAMP.map((c, i) => ({ type: "rect", shape: { x: 60 + i * 26, y: 0, width: 26, height: 12 }, style: { fill: c } })),
        { type: "text", style: { x: 54, y: 6, text: fmt(m.min), align: "right", verticalAlign: "middle", fontSize: 11, fill: "#39414d" } },
        { type: "text", style: { x: 66 + RAMP.length * 26, y: 6, text: fmt(m.max), verticalAlign: "middle", fontSize: 11, fill: "#39414d" } },
        { type: "rect", shape: { x: 60, y: 20, width: 12, height: 12 }, style: { fill: NO_DATA } },
        { type: "text", style: { x: 78, y: 26, text: T.noData, verticalAlign: "middle", fontSize: 11, fill: "#39414d" } },
      ] }],
      series: [{
        type: "custom",
        coordinateSystem: "cartesian2d",
        data: m.tiles.map((t) => [t.col, t.row, t.value]),
        encode: { x: 0, y: 1, tooltip: 2 },
        renderItem: (params, api) => {
          const t = m.tiles[params.dataIndex];
          const [x, y] = api.coord([t.col, t.row]);
          const s = api.size([1, 1])[0];
          const fill = colourOf(t.value, m.min, m.max);
          const font = s >= 54 ? 11 : s >= 40 ? 9.5 : 8;
          return { type: "group", children: [
            { type: "rect", shape: { x: x + 1, y: y + 1, width: s - 2, height: s - 2, r: 3 },
              style: { fill, stroke: "#fff", lineWidth: 1 },
              emphasis: { style: { stroke: "#b3261e", lineWidth: 3 } } },
            { type: "text", silent: true, style: { x: x + s / 2, y: y + s / 2, text: shortName(t.name), width: s - 4,
              overflow: "break", lineHeight: font + 1, align: "center", verticalAlign: "middle", fontSize: font,
              fontWeight: 600, fill: isDark(fill) ? "#fff" : "#1d2733" } },
          ] };
        },
      }],
    });
    chart.on("click", (p) => { const t = m.tiles[p.dataIndex]; if (t && t.url) window.location.href = t.url; });
    window.addEventListener("resize", () => {
      mapEl.style.height = `${rows * size() + legendH}px`;
      chart.resize();
      chart.setOption({ grid: gridBox() });
    });
  }

  // ---- trends -----------------------------------------------------------------------------------------------
  const lineOpts = (cats) => ({
    tooltip: { trigger: "axis" }, legend: { top: 0, type: "scroll" }, grid: { left: 48, right: 44, top: 34, bottom: 26 },
    xAxis: { type: "category", data: cats, axisLabel: { hideOverlap: true } },
  });
  const toPct = (v) => (v == null ? null : Math.round(v * 1000) / 10);
  const tr = data("trend-data");
  const taskEl = document.getElementById("task-trend");
  if (tr && taskEl && tr.tasks.length) {
    make(taskEl, Object.assign(lineOpts(tr.tasks.map((p) => p.month)), {
      yAxis: [{ type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } }, { type: "value", minInterval: 1 }],
      series: [
        { name: `${T.onTime} (%)`, type: "line", data: tr.tasks.map((p) => toPct(p.on_time_rate)), color: "#0b5cab" },
        { name: T.overdue, type: "bar", yAxisIndex: 1, data: tr.tasks.map((p) => p.overdue), color: "#b3261e", barMaxWidth: 14 },
      ],
    }));
  }
  const dtiEl = document.getElementById("dti-trend");
  if (tr && dtiEl && tr.dti.length) {
    const s = (name, key, color, width) => ({ name, type: "line", data: tr.dti.map((p) => p[key]), color,
      lineStyle: { width }, symbolSize: width > 2 ? 7 : 4 });
    make(dtiEl, Object.assign(lineOpts(tr.dti.map((p) => String(p.year))), {
      tooltip: { trigger: "axis", valueFormatter: idx },
      yAxis: { type: "value", min: 0, max: 1 },
      series: [s("DTI", "mean", "#08306b", 3), s(T.gov, "cqs", "#3182bd", 1.5), s(T.econ, "kts", "#e6550d", 1.5),
        s(T.soc, "xhs", "#31a354", 1.5)],
    }));
  }
  const svcEl = document.getElementById("service-trend");
  if (tr && svcEl && tr.services.length) {
    make(svcEl, Object.assign(lineOpts(tr.services.map((p) => p.period)), {
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
      series: [
        { name: `${T.online} (%)`, type: "line", data: tr.services.map((p) => toPct(p.online_share)), color: "#0b5cab" },
        { name: `${T.onTime} (%)`, type: "line", data: tr.services.map((p) => toPct(p.on_time_share)), color: "#31a354" },
      ],
    }));
  }

  // ---- unit profile -----------------------------------------------------------------------------------------
  const p = data("profile-data");
  if (!p) return;
  const statusEl = document.getElementById("task-status");
  if (statusEl && p.counts) {
    const colours = { not_due: "#8b95a3", in_progress: "#3182bd", overdue: "#b3261e", completed_on_time: "#31a354",
      completed_late: "#e6a00d" };
    const keys = Object.keys(p.counts).filter((k) => p.counts[k] > 0);
    make(statusEl, {
      tooltip: {}, grid: { left: 8, right: 30, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", inverse: true, data: keys.map((k) => p.labels[k]) },
      series: [{ type: "bar", data: keys.map((k) => ({ value: p.counts[k], itemStyle: { color: colours[k] } })),
        label: { show: true, position: "right" }, barMaxWidth: 22 }],
    });
  }
  const histEl = document.getElementById("dti-history");
  if (histEl && p.history.length) {
    make(histEl, Object.assign(lineOpts(p.history.map((h) => String(h.year))), {
      tooltip: { trigger: "axis", valueFormatter: idx }, legend: { show: false },
      yAxis: { type: "value", min: 0, max: 1 },
      series: [{ type: "line", name: "DTI", data: p.history.map((h) => h.score), color: "#0b5cab",
        label: { show: true, formatter: (x) => idx(x.value) } }],
    }));
  }
  const radarEl = document.getElementById("pillar-radar");
  if (radarEl && p.radar) {
    const keys = ["cqs", "kts", "xhs"];
    make(radarEl, {
      legend: { bottom: 0 }, tooltip: { valueFormatter: idx },
      radar: { indicator: [T.gov, T.econ, T.soc].map((n) => ({ name: n, max: 1 })), radius: "62%" },
      series: [{ type: "radar", data: [
        { name: p.unit, value: keys.map((k) => p.radar.unit[k]), itemStyle: { color: "#b3261e" }, areaStyle: { opacity: 0.15 } },
        { name: T.peers, value: keys.map((k) => p.radar.peers[k]), itemStyle: { color: "#0b5cab" } },
      ] }],
    });
  }
  const usvcEl = document.getElementById("unit-service-trend");
  if (usvcEl && p.services.length) {
    make(usvcEl, Object.assign(lineOpts(p.services.map((s) => s.period)), {
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
      series: [
        { name: `${T.online} (%)`, type: "line", data: p.services.map((s) => toPct(s.online_share)), color: "#0b5cab" },
        { name: `${T.onTime} (%)`, type: "line", data: p.services.map((s) => toPct(s.on_time_share)), color: "#31a354" },
      ],
    }));
  }
})();
