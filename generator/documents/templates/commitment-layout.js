/* One A4 page (225 mm of text block): first set the lines closer (GB/T 9704 §7.3.5.5 adjusts line spacing),
   then, for a very long list of items, the type smaller as well. */
(function () {
  var sheet = document.querySelector(".sheet"), first = document.querySelector("h1");
  var last = document.querySelector(".signoff"), page = {{ g.notice.block_height | num }} * 96 / 25.4, line = {{ g.line | replace('mm', '') }}, size = {{ g.body_pt }};
  function height() { return last.getBoundingClientRect().bottom - first.getBoundingClientRect().top; }
  while (height() > page && line > 8) {
    line -= 0.2;
    sheet.style.setProperty("--line", line.toFixed(1) + "mm");
  }
  while (height() > page && size > 10) {
    size -= 0.5;
    line = size * 0.6;
    sheet.style.fontSize = size + "pt";
    sheet.style.setProperty("--line", line.toFixed(1) + "mm");
  }
})();
