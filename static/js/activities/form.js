/* The record form on a slow mountain link: keeps a draft in this browser (a dropped connection
   or an expired session loses nothing), restores indicator values after the content area's
   fields arrive (htmx), sends the form once however often the button is pressed, and shrinks
   photos before upload. Without JavaScript the form still works (server-side everything). */
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  var prefix = "activity-draft:";
  // A page shown after a successful save names the draft to forget.
  var saved = document.querySelector("[data-clear-draft]");
  if (saved) { try { localStorage.removeItem(prefix + saved.dataset.clearDraft); } catch (e) { /* private mode */ } }
  if (!form) return;

  var key = prefix + form.dataset.draftKey;
  var SKIP = { csrfmiddlewaretoken: 1, submission_key: 1, version: 1, files: 1, _refresh: 1 };

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name && !SKIP[el.name] && el.type !== "file"; });
  }
  function read() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function save() {
    var data = {};
    fields().forEach(function (el) { data[el.name] = el.type === "checkbox" ? el.checked : el.value; });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or disabled */ }
  }
  function restore(data, onlyEmpty) {
    var changed = false;
    fields().forEach(function (el) {
      if (!(el.name in data)) return;
      if (el.type === "checkbox") { if (!onlyEmpty && el.checked !== data[el.name]) { el.checked = data[el.name]; changed = true; } return; }
      if (onlyEmpty && el.value) return;
      if (el.value !== data[el.name]) { el.value = data[el.name]; changed = true; }
    });
    return changed;
  }

  var draft = read();
  if (draft && form.dataset.fresh === "1") {
    var area = form.elements.content_area;
    var areaBefore = area ? area.value : "";
    if (restore(draft, false)) {
      document.getElementById("draft-notice").classList.remove("d-none");
      // The indicators belong to the content area: fetch them, then fill them from the draft.
      if (area && area.value !== areaBefore) area.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
  document.body.addEventListener("htmx:afterSwap", function () { var d = read(); if (d) restore(d, true); });
  var discard = document.getElementById("draft-discard");
  if (discard) discard.addEventListener("click", function () {
    try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
    window.location.reload();
  });
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  // One submission: the button is disabled once pressed (the server also ignores a repeated
  // submission key). Disabled after the event so the browser still sends the form.
  form.addEventListener("submit", function (event) {
    if (form.dataset.sending === "1") { event.preventDefault(); return; }
    form.dataset.sending = "1";
    setTimeout(function () {
      form.querySelectorAll("[data-once]").forEach(function (b) { b.disabled = true; b.textContent = b.textContent + " …"; });
    }, 0);
  });

  // Shrink large JPEG/WebP photos in the browser before upload (the server re-encodes anyway).
  var input = form.elements.files;
  var MAX_SIDE = 2560;
  if (input && window.DataTransfer && window.HTMLCanvasElement) {
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files);
      var status = document.getElementById("shrink-status");
      Promise.all(files.map(shrink)).then(function (out) {
        var dt = new DataTransfer();
        out.forEach(function (f) { dt.items.add(f); });
        input.files = dt.files;
        var before = files.reduce(function (s, f) { return s + f.size; }, 0);
        var after = out.reduce(function (s, f) { return s + f.size; }, 0);
        if (status && after < before) status.textContent = status.dataset.message + " " + Math.round(before / 1024) + " KB → " + Math.round(after / 1024) + " KB.";
      });
    });
  }
  function shrink(file) {
    if (!/^image\/(jpeg|webp)$/.test(file.type) || file.size < 600 * 1024) return Promise.resolve(file);
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(img.width * scale);
        canvas.height = Math.round(img.height * scale);
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.85);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      img.src = url;
    });
  }
})();
