/* 版记 sits at the bottom of the last page: count grid lines before it and pad to the page end. */
(function () {
  var sheet = document.querySelector(".sheet"), colophon = document.querySelector(".colophon");
  if (!colophon) return;
  var probe = document.createElement("div");
  probe.style.height = "var(--line)";
  sheet.appendChild(probe);
  var line = probe.getBoundingClientRect().height, perPage = 22;
  sheet.removeChild(probe);
  var used = Math.round((colophon.getBoundingClientRect().top - sheet.getBoundingClientRect().top -
    parseFloat(getComputedStyle(sheet).paddingTop)) / line);
  var own = Math.round(colophon.getBoundingClientRect().height / line);
  var free = perPage - (used % perPage) - own;
  if (free < 0) free += perPage;
  document.querySelector(".spacer").style.height = "calc(var(--line) * " + free + ")";
})();
