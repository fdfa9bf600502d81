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
