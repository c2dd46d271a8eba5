// A module of a coaching plan: counts the time the page is visible (Page Visibility API, as on the review
// page), sends it every minute and when the agent leaves or marks the module done. The server adds at most
// two minutes a call, so a tab left open in the background counts nothing and one left open in front
// counts no more than a heartbeat's worth each time.
(function () {
  const clock = document.querySelector("[data-module-clock]");
  if (!clock) return;
  const csrf = document.querySelector("input[name=csrf_token]");
  const shown = document.querySelector("[data-time-spent]");
  const doneForm = document.querySelector("[data-done-form]");
  const heartbeatMs = parseInt(clock.dataset.heartbeat, 10) * 1000;

  let visibleMs = 0;
  let visibleSince = document.visibilityState === "visible" ? performance.now() : null;
  const elapsedMs = () => visibleMs + (visibleSince === null ? 0 : performance.now() - visibleSince);
  const takeSeconds = () => {
    const whole = Math.floor(elapsedMs() / 1000);
    visibleMs = elapsedMs() - whole * 1000;
    if (visibleSince !== null) visibleSince = performance.now();
    return whole;
  };
  const two = (n) => String(n).padStart(2, "0");
  const clockText = (total) => (total >= 3600
    ? `${Math.floor(total / 3600)}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`
    : `${Math.floor(total / 60)}:${two(total % 60)}`);

  let sending = false;
  async function send() {
    if (sending) return;
    const seconds = takeSeconds();
    if (seconds <= 0) return;
    sending = true;
    try {
      const response = await fetch(clock.dataset.url, {
        method: "POST", body: JSON.stringify({ seconds }),
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok && data.ok) {
        if (shown) shown.textContent = clockText(data.seconds_spent);
      } else {
        visibleMs += seconds * 1000;  // keep it for the next heartbeat
      }
    } catch (error) {
      visibleMs += seconds * 1000;
    } finally {
      sending = false;
    }
  }

  // The last seconds when the tab is hidden or closed: a keepalive fetch outlives the page (sendBeacon
  // would too, but cannot send the CSRF header).
  function flush() {
    const seconds = takeSeconds();
    if (seconds <= 0) return;
    fetch(clock.dataset.url, {
      method: "POST", body: JSON.stringify({ seconds }), keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
    }).catch(() => {});
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      visibleSince = performance.now();
    } else {
      if (visibleSince !== null) { visibleMs += performance.now() - visibleSince; visibleSince = null; }
      flush();
    }
  });
  setInterval(() => { if (document.visibilityState === "visible" && elapsedMs() >= heartbeatMs) send(); }, 5000);
  if (doneForm) {
    // The seconds not yet sent go with "Mark as done", so the total includes the last stretch.
    doneForm.addEventListener("submit", () => { doneForm.querySelector("[data-seconds]").value = takeSeconds(); });
  }
})();
