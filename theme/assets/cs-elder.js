/* 长辈版 (elder mode, 工信部适老化): larger type and tap targets, no motion, remembered across pages; and
   朗读 on article pages with the browser's own speech synthesis (nothing is loaded from elsewhere). */
(function () {
  var root = document.documentElement, key = "cs-elder";
  function remember(on) {
    try { localStorage.setItem(key, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
  }
  function show(on) {
    root.classList.toggle("cs-elder", on);
    document.querySelectorAll(".cs-elder-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.querySelector(".cs-elder-label").textContent = on ? "退出长辈版" : "长辈版";
    });
  }
  var on = false;
  try { on = localStorage.getItem(key) === "1"; } catch (e) { on = false; }
  show(on);
  document.querySelectorAll(".cs-elder-toggle").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var now = !root.classList.contains("cs-elder");
      show(now);
      remember(now);
    });
  });

  var speech = window.speechSynthesis;
  if (!speech || typeof window.SpeechSynthesisUtterance !== "function") return;
  function articleText() {
    var article = document.querySelector(".md-content article") || document.querySelector(".md-content");
    var copy = article.cloneNode(true);
    copy.querySelectorAll(".cs-read, .cs-print-links, script, style, .headerlink").forEach(function (node) {
      node.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  document.querySelectorAll("[data-cs-read]").forEach(function (panel) {
    panel.hidden = false;
    panel.querySelector("[data-cs-read-start]").addEventListener("click", function () {
      speech.cancel();
      var utterance = new SpeechSynthesisUtterance(articleText());
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      speech.speak(utterance);
    });
    panel.querySelector("[data-cs-read-stop]").addEventListener("click", function () { speech.cancel(); });
  });
})();
