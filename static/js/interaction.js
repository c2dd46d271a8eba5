// The interaction page: follow processing progress; keep transcript, timeline and audio in step.
(function () {
  const progressBox = document.querySelector("[data-progress-url]");
  if (progressBox) {
    const poll = async () => {
      const response = await fetch(progressBox.dataset.progressUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const state = await response.json();
        if (state.status === "ready" || state.status === "failed") return window.location.reload();
        if (state.progress !== null) progressBox.querySelector("[data-progress]").value = state.progress;
        if (state.step) progressBox.querySelector("[data-step]").textContent = state.step;
      }
      setTimeout(poll, 1500);
    };
    setTimeout(poll, 1500);
  }

  const player = document.querySelector("[data-player]");
  if (!player) return;
  const lines = Array.from(document.querySelectorAll("[data-transcript] [data-start]"));
  const timeline = document.querySelector("[data-timeline]");
  const cursor = document.querySelector("[data-cursor]");

  const playFrom = (seconds) => { player.currentTime = seconds; player.play().catch(() => {}); };
  lines.forEach((line) => {
    line.addEventListener("click", () => playFrom(parseFloat(line.dataset.start)));
    line.addEventListener("keydown", (event) => { if (event.key === "Enter") playFrom(parseFloat(line.dataset.start)); });
  });
  if (timeline) {
    timeline.addEventListener("click", (event) => {
      const box = timeline.getBoundingClientRect();
      playFrom(((event.clientX - box.left) / box.width) * parseFloat(timeline.dataset.duration));
    });
  }
  let current = null;
  player.addEventListener("timeupdate", () => {
    const now = player.currentTime;
    const playing = lines.find((line) => now >= parseFloat(line.dataset.start) && now < parseFloat(line.dataset.end) + 0.25);
    if (playing !== current) {
      if (current) current.classList.remove("playing");
      if (playing) { playing.classList.add("playing"); playing.scrollIntoView({ block: "nearest" }); }
      current = playing;
    }
    if (cursor && timeline) {
      const x = (now / parseFloat(timeline.dataset.duration)) * 1000;
      cursor.setAttribute("x1", x); cursor.setAttribute("x2", x);
    }
  });
})();

// Tag chips: jump to the evidence, highlight it, and play the recording from there.
document.querySelectorAll("[data-jump-to]").forEach((chip) => {
  chip.addEventListener("click", () => {
    const line = document.querySelector(`[data-transcript] [data-position="${chip.dataset.jumpTo}"]`);
    if (!line) return;
    document.querySelectorAll(".utterance.evidence").forEach((other) => other.classList.remove("evidence"));
    line.classList.add("evidence");
    line.scrollIntoView({ block: "center" });
    const player = document.querySelector("[data-player]");
    if (player && chip.dataset.time) { player.currentTime = parseFloat(chip.dataset.time); player.play().catch(() => {}); }
  });
});
