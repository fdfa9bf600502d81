/* One A4 page: shrink the type a step at a time until the letter fits (a long list of items). */
(function () {
  var first = document.querySelector("h1"), last = document.querySelector(".signoff"), size = 14;
  var page = 245 * 96 / 25.4;
  while (last.getBoundingClientRect().bottom - first.getBoundingClientRect().top > page && size > 10) {
    size -= 0.5;
    document.body.style.fontSize = size + "pt";
  }
})();
