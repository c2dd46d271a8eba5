// The review page: autosave with the live score, the time the tab was visible, "Overridden" marks,
// and comments pinned to transcript lines. Without it the form still answers and submits.
(function () {
  const form = document.querySelector("[data-review-form]");
  const csrf = document.querySelector("input[name=csrf_token]");
  const headers = { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" };
  const percent = (value) => (value === null || value === undefined ? "N/A" : `${value.toFixed(1)}%`);

  markPinnedLines();
  if (!form) return;

  const status = form.querySelector("[data-save-status]");
  const revision = form.querySelector("[data-revision]");
  const secondsField = form.querySelector("[data-seconds]");
  const DEBOUNCE_MS = 1200;
  // The server adds at most 120 s per save: a tab read for longer without changes still saves its time.
  const HEARTBEAT_SECONDS = 60;

  // Time counts only while the tab is visible (Page Visibility API), never in a background tab.
  let visibleMs = 0;
  let visibleSince = document.visibilityState === "visible" ? performance.now() : null;
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") visibleSince = performance.now();
    else if (visibleSince !== null) { visibleMs += performance.now() - visibleSince; visibleSince = null; }
  });
  const elapsedMs = () => visibleMs + (visibleSince === null ? 0 : performance.now() - visibleSince);
  const takeSeconds = () => {
    const whole = Math.floor(elapsedMs() / 1000);
    visibleMs = elapsedMs() - whole * 1000;
    if (visibleSince !== null) visibleSince = performance.now();
    return whole;
  };

  let timer = null, saving = false, again = false, stale = false, dirty = false;
  let submitting = false, submitAfterSave = false;

  const say = (text, kind) => { status.textContent = text; status.dataset.state = kind; };

  function payload(seconds) {
    const answers = {};
    form.querySelectorAll("[data-criterion]").forEach((box) => {
      const key = box.dataset.criterion;
      const checked = box.querySelector(`input[name="answer-${key}"]:checked`);
      const comment = box.querySelector(`textarea[name="comment-${key}"]`);
      answers[key] = { value: checked ? checked.value : null, comment: comment ? comment.value : "" };
    });
    const overall = form.querySelector("textarea[name=overall_comment]");
    return { base_revision: parseInt(revision.value, 10), seconds, answers, overall_comment: overall ? overall.value : "" };
  }

  async function save() {
    clearTimeout(timer);
    if (stale || submitting) return;
    if (saving) { again = true; return; }
    saving = true; dirty = false;
    const seconds = takeSeconds();
    say("Saving…", "saving");
    try {
      const response = await fetch(form.dataset.autosaveUrl, { method: "POST", headers, body: JSON.stringify(payload(seconds)) });
      const data = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
      if (response.ok && data.ok) {
        revision.value = data.revision;
        const at = new Date(data.saved_at);
        say(`Saved ${at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`, "saved");
        showScore(data.breakdown);
      } else {
        stale = Boolean(data.stale);
        if (!stale) { visibleMs += seconds * 1000; dirty = true; }  // keep the time for the next save
        say(`Not saved: ${data.error}`, "error");
      }
    } catch (error) {
      visibleMs += seconds * 1000; dirty = true;
      say("Not saved: the server could not be reached. Your answers are still on this page.", "error");
    } finally {
      saving = false;
    }
    if (submitAfterSave) return HTMLFormElement.prototype.submit.call(form);
    if (again) { again = false; save(); }
  }

  function changed() {
    dirty = true;
    markOverrides();
    clearTimeout(timer);
    timer = setTimeout(save, DEBOUNCE_MS);
  }

  function markOverrides() {
    form.querySelectorAll("[data-criterion][data-autoqa]").forEach((box) => {
      const checked = box.querySelector("input[type=radio]:checked");
      const mark = box.querySelector("[data-overridden]");
      if (mark) mark.hidden = !checked || checked.value === box.dataset.autoqa;
    });
  }

  function showScore(breakdown) {
    const card = document.querySelector("[data-score]");
    if (!card || !breakdown) return;
    card.querySelector("[data-score-total]").textContent = percent(breakdown.total);
    const result = card.querySelector("[data-score-result]");
    result.textContent = "";
    if (breakdown.auto_fail_reason || breakdown.passed !== null) {
      const badge = document.createElement("span");
      const failed = breakdown.auto_fail_reason || !breakdown.passed;
      badge.className = `badge badge-${failed ? "failed" : "succeeded"}`;
      badge.textContent = breakdown.auto_fail_reason ? "auto-fail" : breakdown.passed ? "pass" : "fail";
      result.appendChild(badge);
    }
    const open = breakdown.missing.length;
    card.querySelector("[data-score-note]").textContent = breakdown.auto_fail_reason
      || (open ? `${open} question${open === 1 ? "" : "s"} still open.` : "");
    breakdown.sections.forEach((section) => {
      const row = card.querySelector(`[data-section-score="${section.key}"] [data-percent]`);
      if (row) row.textContent = percent(section.percent);
    });
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", (event) => { if (event.target.tagName === "TEXTAREA") changed(); });
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    submitting = true;
    secondsField.value = takeSeconds();
    if (saving) { event.preventDefault(); submitAfterSave = true; }  // it bumps the revision: submit after it
  });
  setInterval(() => {
    if (!stale && !saving && !submitting && document.visibilityState === "visible" && elapsedMs() >= HEARTBEAT_SECONDS * 1000) save();
  }, 5000);
  window.addEventListener("beforeunload", (event) => {
    if ((dirty || saving) && !submitting && !stale) event.preventDefault();
  });
  setupMoments();
})();

// Pinned comments: marked on their transcript lines; clicking a line offers "Comment on this moment".
function markPinnedLines() {
  document.querySelectorAll("[data-moment]").forEach((item) => pinOnLine(item.dataset.position, item.querySelector(".moment-text").textContent));
}

function pinOnLine(position, text) {
  const line = document.querySelector(`[data-transcript] [data-position="${position}"]`);
  if (!line) return;
  const pin = document.createElement("span");
  pin.className = "moment-pin";
  pin.textContent = `📌 ${text}`;
  line.appendChild(pin);
}

function setupMoments() {
  const momentForm = document.querySelector("[data-moment-form]");
  if (!momentForm) return;
  const select = momentForm.querySelector("[data-moment-position]");
  const text = momentForm.querySelector("[data-moment-text]");
  const error = momentForm.querySelector("[data-moment-error]");
  const offer = document.createElement("button");
  offer.type = "button";
  offer.className = "moment-offer";
  offer.textContent = "Comment on this moment";
  offer.addEventListener("click", (event) => {
    event.stopPropagation();
    select.value = offer.dataset.position;
    momentForm.scrollIntoView({ block: "center" });
    text.focus();
  });
  document.querySelectorAll("[data-transcript] [data-position]").forEach((line) => {
    line.addEventListener("click", () => { offer.dataset.position = line.dataset.position; line.appendChild(offer); });
  });

  momentForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(momentForm).entries());
    const csrf = momentForm.querySelector("input[name=csrf_token]").value;
    const response = await fetch(momentForm.action, {
      method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
    }).catch(() => null);
    const data = response ? await response.json().catch(() => ({})) : { error: "the server could not be reached" };
    if (!response || !response.ok || !data.ok) {
      error.textContent = `Not pinned: ${data.error || response.status}`;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    const list = document.querySelector("[data-moment-list]");
    const empty = list.querySelector("[data-no-moments]");
    if (empty) empty.remove();
    const item = document.createElement("li");
    item.dataset.moment = "";
    item.dataset.position = data.moment.position;
    const link = document.createElement("a");
    link.href = `#line-${data.moment.position}`;
    link.textContent = `Line ${data.moment.position + 1}`;
    const words = document.createElement("span");
    words.className = "moment-text";
    words.textContent = data.moment.text;
    const remove = document.createElement("form");
    remove.method = "post";
    remove.action = data.moment.remove_url;
    remove.className = "inline";
    const token = document.createElement("input");
    Object.assign(token, { type: "hidden", name: "csrf_token", value: csrf });
    const button = document.createElement("button");
    Object.assign(button, { type: "submit", className: "link danger", textContent: "Remove" });
    remove.append(token, button);
    item.append(link, ": ", words, " ", remove);
    list.appendChild(item);
    pinOnLine(data.moment.position, data.moment.text);
    text.value = "";
  });
}
