// On a phone a page shows its point first: the disclosures marked .area-table start closed
// (the overview and each area's signals are above them), and a wide calendar scrolls to the
// week in progress. Without JavaScript everything is still there, open.
(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(max-width: 640px)").matches) {
    document.querySelectorAll("details.area-table[open]").forEach(function (d) {
      d.open = false;
    });
  }
  document.querySelectorAll("[data-scroll-to]").forEach(function (box) {
    var target = box.querySelector(box.getAttribute("data-scroll-to"));
    if (target && box.scrollWidth > box.clientWidth) {
      box.scrollLeft = Math.max(0, target.offsetLeft - 8);
    }
  });
})();
