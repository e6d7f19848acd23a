// Keeps what the officer types in the browser too, so an expired session or a dropped link on a
// mountain road loses nothing: the text is restored from localStorage until the server has it.
(function () {
  const form = document.getElementById("narrative-form");
  if (!form) return;
  const key = "report-draft-" + form.dataset.report + "-v" + form.dataset.saved;
  const fields = form.querySelectorAll("textarea");
  const stored = JSON.parse(localStorage.getItem(key) || "null");
  if (stored) {
    fields.forEach((f) => { if (stored[f.name] !== undefined && stored[f.name] !== f.value) f.value = stored[f.name]; });
    const note = document.getElementById("autosave-status");
    if (note) note.textContent = form.dataset.restored;
  }
  form.addEventListener("input", () => {
    const data = {};
    fields.forEach((f) => { data[f.name] = f.value; });
    localStorage.setItem(key, JSON.stringify(data));
  });
  document.body.addEventListener("htmx:afterRequest", (e) => {
    if (e.detail.elt === form && e.detail.successful && !e.detail.xhr.responseURL.includes("dang-nhap")) {
      // The server has the text: the next page load starts from it (the key names the saved time).
      Object.keys(localStorage).filter((k) => k.startsWith("report-draft-" + form.dataset.report + "-")).forEach((k) => localStorage.removeItem(k));
    }
  });
})();
