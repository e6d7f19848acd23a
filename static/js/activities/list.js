// Activities list: on a phone the ten filter fields fill the first screen, so the filter box
// starts folded there unless a filter is in use. Without JS it simply stays open.
(function () {
  var box = document.querySelector("details.filters");
  if (box && !box.hasAttribute("data-active") && window.matchMedia("(max-width: 767.98px)").matches) {
    box.open = false;
  }
})();
