// Each chart draws the table printed under it (the tables are the accessible, printable truth).
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") return;
  // Numbers read the Vietnamese way (1.500.000) in every language, like the tables under the charts.
  Chart.defaults.locale = "vi-VN";
  // No growing lines for those who asked their system for less motion.
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;
  // A count axis starts at zero, or a small change looks like a collapse. A new object for each
  // chart: Chart.js writes its resolved settings into the options it is given.
  const fromZero = (axis) => ({ scales: { [axis]: { beginAtZero: true } } });
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  // Labels come from the page, in the reader's language.
  const children = document.getElementById("trend").dataset.label;
  const trend = read("trend-data"), areas = read("area-data"), rows = read("row-data"), years = read("years-data");
  new Chart(document.getElementById("trend"), {
    type: "line",
    options: fromZero("y"),
    data: { labels: trend.map((t) => t.year), datasets: [{ label: children, data: trend.map((t) => t.children) }] },
  });
  new Chart(document.getElementById("areas"), {
    type: "bar",
    options: fromZero("y"),
    data: { labels: years, datasets: areas.map((a) => ({ label: a[0] + ". " + a[1], data: a[2] })) },
  });
  new Chart(document.getElementById("rows"), {
    type: "bar",
    options: { ...fromZero("x"), indexAxis: "y" },
    data: { labels: rows.map((r) => r[0]), datasets: [{ label: children, data: rows.map((r) => r[1]) }] },
  });
});
