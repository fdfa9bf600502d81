/* Lays the notice out once as Chromium will print it, and places what GB/T 9704 ties to pages:
   §7.3.5 the signature and the date share a page with body text: when they would not fit under the last
   lines, the lines of that page are set closer (§7.3.5.5: line spacing is adjusted, never a page holding
   only the signature); §7.4 the 版记 ends on the bottom edge of the last page, an even page (the back of
   the last sheet), after a blank page when needed; §7.5 those pages carry no page number (page "bare").
   Pages are found by setting the sheet as one text-block-high column that overflows into further columns:
   Chromium breaks columns exactly as it breaks pages. */
(function () {
  var root = document.documentElement, sheet = document.querySelector(".sheet");
  if (!sheet || root.classList.contains("paginated")) return;
  var MM = 96 / 25.4, PAGE = {{ g.notice.block_height | num }} * MM, STEP = ({{ g.notice.block_width | num }} + {{ g.column_gap | num }}) * MM, EPSILON = 0.5;
  root.classList.add("paginate");
  var origin = sheet.getBoundingClientRect();
  var line = parseFloat(getComputedStyle(sheet.querySelector(".title")).lineHeight);

  function fragments(node) {  // an element's or range's boxes as {page (0-based), top, bottom} in its page
    var rects = node.getClientRects(), found = [];
    for (var i = 0; i < rects.length; i++) {
      var r = rects[i];
      if (r.width || r.height) {
        found.push({page: Math.floor((r.left - origin.left + 1) / STEP), top: r.top - origin.top,
          bottom: r.bottom - origin.top});
      }
    }
    return found;
  }
  function later(a, b) { return !a || b.page > a.page || (b.page === a.page && b.bottom > a.bottom) ? b : a; }
  function lastLine(element) {  // the last line of text in `element` (or its last box when it has no text)
    var range = document.createRange(), last = null;
    range.selectNodeContents(element);
    fragments(range).concat(fragments(element).slice(-1)).forEach(function (f) { last = later(last, f); });
    return last;
  }
  function textLines(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    return fragments(range);
  }
  function isContainer(element) {  // a block whose lines belong to its children
    return /^(DIV|UL|OL|BLOCKQUOTE|SECTION)$/.test(element.tagName) && !Array.prototype.some.call(
      element.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
  }
  function leaves(element, into) {
    Array.prototype.forEach.call(element.children, function (child) {
      if (isContainer(child) && !child.classList.contains("signature")) leaves(child, into);
      else into.push(child);
    });
    return into;
  }
  function cut(block, node, offset) {  // `block` ends before node[offset]; the rest becomes its twin
    var range = document.createRange(), tail = block.cloneNode(false);
    range.setStart(node, offset);
    range.setEnd(block, block.childNodes.length);
    tail.appendChild(range.extractContents());
    block.parentNode.insertBefore(tail, block.nextSibling);
    block.classList.add("split-head");
    tail.classList.add("split-tail");
    return tail;
  }
  function splitAt(block, page) {  // the part of `block` printed on `page` and after, as a block of its own
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT), range = document.createRange();
    var node, before = false;
    while ((node = walker.nextNode())) {
      for (var i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        var f = fragments(range)[0];
        if (f && f.page >= page) return before ? cut(block, node, i) : block;
        before = before || !!node.data[i].trim();
      }
    }
    return null;
  }
  function blocksOf(page, signature) {  // the blocks printed on `page` before the signature, split where it begins
    var blocks = leaves(sheet, []), found = [];
    for (var i = blocks.indexOf(signature) - 1; i >= 0; i--) {
      var block = blocks[i], boxes = fragments(block);
      if (block.matches(".title, .mark, .docno, .urgency")) break;
      if (!boxes.length) continue;
      if (boxes[boxes.length - 1].page < page) break;
      if (boxes[0].page < page) {
        var tail = splitAt(block, page);
        if (tail) found.push(tail);
        break;
      }
      found.push(block);
    }
    return found.reverse();
  }

  /* §7.3.5: the signature and date on the page of the last lines of text above them */
  function keepSignatureWithText(signature) {
    var before = signature.previousElementSibling, blocks = null, scale = 1;
    for (var attempt = 0; attempt < 24; attempt++) {
      var text = lastLine(before), own = textLines(signature);
      if (!own.length || (own[0].page === text.page && own[own.length - 1].page === text.page)) return;
      if (!blocks) {
        blocks = blocksOf(text.page, signature).concat([signature]);
        var top = fragments(blocks[0]).filter(function (f) { return f.page === text.page; })[0] || {top: 0};
        var needed = (text.bottom - top.top) / line + 1 + own.length;  // lines so far, a blank line, the signature
        scale = Math.min(1, (PAGE - top.top) / (needed * line) - 0.001);
      } else {
        scale -= 0.01;
      }
      blocks.forEach(function (b) { b.style.setProperty("--line", (line * scale).toFixed(3) + "px"); });
    }
  }

  /* §7.4: the 版记 on the bottom edge of the last page, which is an even page */
  function placeColophon(block) {
    var spacer = block.querySelector(".spacer"), colophon = block.querySelector(".colophon");
    var end = lastLine(block.previousElementSibling), height = colophon.getBoundingClientRect().height;
    var top = fragments(spacer)[0] || {top: end.bottom, page: end.page};
    if (end.page % 2 === 1 && top.page === end.page && top.top + height <= PAGE - EPSILON) {
      spacer.style.height = (PAGE - top.top - height - EPSILON) + "px";
      return;
    }
    if (end.page % 2 === 1) {  // ends on an even page with no room left: a blank page, then the 版记 page
      var blank = document.createElement("div");
      blank.className = "blank-page";
      block.parentNode.insertBefore(blank, block);
    }
    block.classList.add("bare");
    spacer.style.height = (PAGE - height - EPSILON) + "px";
  }

  var signature = sheet.querySelector(".signature"), colophon = sheet.querySelector(".colophon-page");
  if (signature && signature.previousElementSibling) keepSignatureWithText(signature);
  if (colophon) placeColophon(colophon);
  root.classList.remove("paginate");
  root.classList.add("paginated");
})();
