// Conveniences of the data pages; each page also works without them.

// Filter forms submit when a select changes, so no button press is needed.
function enableFilterForms(root) {
  for (const form of root.querySelectorAll("form[data-autosubmit-form]")) {
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.requestSubmit());
    }
  }
}

// Tables with data-filter-rows hide rows that do not contain the text typed
// into the input named by the attribute, before the form is submitted.
function enableRowFilter(root) {
  for (const table of root.querySelectorAll("table[data-filter-rows]")) {
    const input = root.getElementById(table.dataset.filterRows);
    if (!input) continue;
    const rows = Array.from(table.tBodies[0]?.rows || []);
    input.addEventListener("input", () => {
      const needle = input.value.trim().toLocaleLowerCase();
      for (const row of rows) {
        const text = row.textContent.toLocaleLowerCase();
        row.hidden = needle !== "" && !text.includes(needle);
      }
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  enableFilterForms(document);
  enableRowFilter(document);
});
