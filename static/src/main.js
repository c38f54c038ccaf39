// Entry of the web admin bundle. Every page works without it; it adds
// conveniences only, wired through data attributes (no inline handlers).
import "./styles.css";
import "./console.js";
import "./pages.js";

// The language switcher submits on change, so its button can hide.
function enableAutosubmit(root) {
  for (const form of root.querySelectorAll("form[data-autosubmit]")) {
    const button = form.querySelector("[data-autosubmit-button]");
    if (button) button.hidden = true;
    form.addEventListener("change", () => form.requestSubmit());
  }
}

// Buttons and forms with data-confirm ask before destructive actions.
function enableConfirm(root) {
  root.addEventListener("submit", (event) => {
    const form = event.target;
    const submitter = event.submitter;
    const message =
      (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
}

// Password fields get a show/hide toggle.
function enableRevealToggles(root) {
  for (const input of root.querySelectorAll('input[type="password"]')) {
    if (input.disabled || input.dataset.noReveal !== undefined) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--quiet reveal-toggle";
    // The labels come translated from base.html.
    const showLabel = document.body.dataset.labelShow || "Show";
    const hideLabel = document.body.dataset.labelHide || "Hide";
    button.textContent = showLabel;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      const reveal = input.type === "password";
      input.type = reveal ? "text" : "password";
      button.textContent = reveal ? hideLabel : showLabel;
      button.setAttribute("aria-pressed", String(reveal));
    });
    const wrapper = document.createElement("span");
    wrapper.className = "reveal";
    input.replaceWith(wrapper);
    wrapper.append(input, button);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  enableAutosubmit(document);
  enableConfirm(document);
  enableRevealToggles(document);
});
