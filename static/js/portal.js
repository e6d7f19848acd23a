// Behaviour that would otherwise sit in inline attributes, which the Content-Security-Policy
// forbids: <form data-confirm="…"> asks before submitting, <select data-autosubmit> submits its
// form when changed.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset ? event.target.dataset.confirm : null;
  if (message && !window.confirm(message)) event.preventDefault();
}, true);
document.addEventListener("change", (event) => {
  if (event.target.matches && event.target.matches("select[data-autosubmit]") && event.target.form) {
    event.target.form.submit();
  }
});
// Selects rendered without a class (the plan's targets grid) get Bootstrap's.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-bootstrap-selects] select").forEach((s) => s.classList.add("form-select", "form-select-sm"));
});
