/* Live campaign phase (预热中 / 进行中 / 已结束) from the visitor's date in China time.
   The page already shows the status at build time; this only corrects it when the page is old. */
(function () {
  var nodes = document.querySelectorAll(".cs-phase[data-start][data-end]");
  if (!nodes.length) return;
  var today;
  try {
    today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  } catch (e) {
    var d = new Date(Date.now() + 8 * 3600 * 1000);
    today = d.toISOString().slice(0, 10);
  }
  if (window.CS_TODAY) today = window.CS_TODAY;
  nodes.forEach(function (node) {
    var start = node.getAttribute("data-start"), end = node.getAttribute("data-end");
    var text = today < start ? "预热中" : today > end ? "已结束" : "进行中";
    var target = node.querySelector(".cs-phase-text");
    if (target) target.textContent = text;
    node.setAttribute("data-phase", text);
  });
})();
/* The timeline's 今天 marker on the visitor's day (the page shows the build day without JavaScript). */
(function () {
  var marker = document.querySelector(".cs-timeline .cs-today");
  if (!marker) return;
  var today;
  try {
    today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  } catch (e) {
    today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  }
  var start = marker.getAttribute("data-start"), end = marker.getAttribute("data-end");
  if (today < start || today > end) { marker.setAttribute("visibility", "hidden"); return; }
  var days = Math.round((Date.parse(today) - Date.parse(start)) / 86400000);
  var y = parseFloat(marker.getAttribute("data-top")) + days * parseFloat(marker.getAttribute("data-day"));
  marker.setAttribute("transform", "translate(0 " + y + ")");
  marker.setAttribute("visibility", "visible");
})();
