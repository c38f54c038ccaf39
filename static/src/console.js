// Live sync console: polls the run's output and appends new lines.
//
// The page renders the output so far and a refresh link, so it works
// without JavaScript. With it, the refresh link hides and the console
// requests the lines after its last sequence number from run-output until
// the run leaves the "running" status.

const POLL_MS = 1000;
const MAX_BACKOFF_MS = 15000;

export function attachConsole(root) {
  const output = root.querySelector("[data-console-output]");
  const statusBadge = root.querySelector("[data-console-status]");
  const stopForm = root.querySelector("[data-console-stop]");
  const refresh = root.querySelector("[data-console-refresh]");
  const done = root.querySelector("[data-console-done]");
  const notice = root.querySelector("[data-console-notice]");
  const url = root.dataset.outputUrl;
  let after = Number.parseInt(root.dataset.after || "0", 10) || 0;
  let delay = POLL_MS;

  if (!output || !url || root.dataset.status !== "running") return;
  if (refresh) refresh.hidden = true;

  function append(lines) {
    const placeholder = output.querySelector("[data-console-empty]");
    if (placeholder && lines.length) placeholder.remove();
    const nearBottom =
      output.scrollHeight - output.scrollTop - output.clientHeight < 40;
    for (const line of lines) {
      const item = document.createElement("li");
      item.className = `console__line console__line--${String(line.level).toLowerCase()}`;
      item.value = line.seq;
      item.textContent = line.text;
      output.append(item);
    }
    if (nearBottom) output.scrollTop = output.scrollHeight;
  }

  function finish(payload) {
    root.dataset.status = payload.status;
    // The console's badge and the run's row in any run table on the page.
    const badges = [
      statusBadge,
      ...document.querySelectorAll(`[data-run-status="${root.dataset.runId}"]`),
    ];
    for (const badge of badges) {
      if (!badge) continue;
      badge.textContent = payload.status_label;
      badge.className = `badge badge--${payload.status}`;
    }
    if (stopForm) stopForm.hidden = true;
    if (done) done.hidden = false;
  }

  async function poll() {
    let payload;
    try {
      const response = await fetch(`${url}?after=${after}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      payload = await response.json();
    } catch (error) {
      if (notice) {
        notice.textContent = root.dataset.labelOffline || String(error);
        notice.hidden = false;
      }
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
      window.setTimeout(poll, delay);
      return;
    }
    if (notice) notice.hidden = true;
    delay = POLL_MS;
    append(payload.lines);
    after = payload.last_seq;
    if (payload.more) {
      window.setTimeout(poll, 0);
    } else if (payload.finished) {
      finish(payload);
    } else {
      window.setTimeout(poll, delay);
    }
  }

  window.setTimeout(poll, POLL_MS);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const root of document.querySelectorAll("[data-console]")) {
    attachConsole(root);
  }
});
