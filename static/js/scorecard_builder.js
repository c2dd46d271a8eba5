// The scorecard builder. The page is a plain form that saves without this script; the script adds and
// removes rows (from the <template> elements), reorders them (drag the ⠿ handle, or the ↑ ↓ buttons for
// keyboard users), renumbers every field name in page order so the server reads rows in the order shown,
// shows only the fields of each criterion's answer type and AutoQA rule, keeps one label field per scale
// point, and suggests keys from names while a row's key has not been typed by hand.
(() => {
  const form = document.querySelector("[data-builder]");
  if (!form) return;
  form.classList.add("scripted");
  const MAX_SCALE_STEPS = 10;
  const LABEL = "scale_label-";

  // The fields (or the one field) that belong to this row itself, not to a row inside it.
  const ownFields = (row) => Array.from(row.querySelectorAll("[data-name]")).filter(
    (field) => field.closest("[data-row]") === row);
  const own = (row, name) => ownFields(row).find((field) => field.dataset.name === name);

  function nameRow(row, prefix, order) {
    ownFields(row).forEach((field) => { field.name = prefix + field.dataset.name; });
    const orderField = own(row, "order");
    if (orderField) orderField.value = order;
  }

  function renumber() {
    form.querySelectorAll("[data-row=section]").forEach((section, i) => {
      nameRow(section, `section-${i}-`, i + 1);
      section.querySelectorAll("[data-row=criterion]").forEach((criterion, j) => {
        const prefix = `section-${i}-criterion-${j}-`;
        nameRow(criterion, prefix, j + 1);
        criterion.querySelectorAll("[data-row=option]").forEach((option, k) => {
          nameRow(option, `${prefix}option-${k}-`, k + 1);
        });
      });
    });
  }

  function showChosenFields(criterion) {
    const type = own(criterion, "answer_type").value;
    const rule = own(criterion, "autoqa_rule").value;
    criterion.querySelectorAll("[data-for-types]").forEach((part) => {
      part.hidden = !part.dataset.forTypes.split(" ").includes(type);
    });
    criterion.querySelectorAll("[data-for-rules]").forEach((part) => {
      part.hidden = !part.dataset.forRules.split(" ").includes(rule);
    });
  }

  // One label field per point of the scale, keeping what was typed for points that stay.
  function relabelScale(criterion) {
    const low = Number(own(criterion, "scale_min").value);
    const high = Number(own(criterion, "scale_max").value);
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low || high - low > MAX_SCALE_STEPS) return;
    const list = criterion.querySelector("[data-scale-labels]");
    const model = list.firstElementChild;
    const typed = {};
    list.querySelectorAll("input").forEach((input) => { typed[input.dataset.name.slice(LABEL.length)] = input.value; });
    const items = [];
    for (let point = low; point <= high; point += 1) {
      const item = model.cloneNode(true);
      item.querySelectorAll(".error").forEach((message) => message.remove());
      item.querySelectorAll(".has-error").forEach((part) => part.classList.remove("has-error"));
      item.querySelector(".blabel").textContent = `Label of ${point}`;
      const input = item.querySelector("input");
      input.dataset.name = LABEL + point;
      input.value = typed[point] || "";
      items.push(item);
    }
    list.replaceChildren(...items);
    renumber();
  }

  function slug(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40).replace(/_+$/, "");
  }

  function suggestKey(row, source) {
    const keyField = own(row, "key");
    if (!keyField || !keyField.hasAttribute("data-auto-key")) return;
    const taken = new Set(Array.from(form.querySelectorAll(`[data-row=${row.dataset.row}]`))
      .filter((other) => other !== row).map((other) => own(other, "key").value));
    const base = slug(source.value);
    let key = base;
    for (let n = 2; key && taken.has(key); n += 1) key = `${base.slice(0, 36)}_${n}`;
    keyField.value = key;
  }

  function addRow(button) {
    const kind = button.dataset.add;
    const row = document.getElementById(`${kind}-template`).content.firstElementChild.cloneNode(true);
    const scope = kind === "section" ? form : button.parentElement;
    scope.querySelector(`[data-list=${kind}]`).append(row);
    row.querySelectorAll("[data-row=criterion]").forEach(showChosenFields);
    if (row.dataset.row === "criterion") showChosenFields(row);
    renumber();
    const first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-add], button[data-remove], button[data-move]");
    if (!button) return;
    const row = button.closest("[data-row]");
    if (button.dataset.add) {
      addRow(button);
    } else if (button.hasAttribute("data-remove")) {
      if (row.dataset.row === "section" && !window.confirm("Remove this section and its criteria?")) return;
      row.remove();
      renumber();
    } else {
      const up = button.dataset.move === "up";
      const sibling = up ? row.previousElementSibling : row.nextElementSibling;
      if (!sibling) return;
      if (up) sibling.before(row); else sibling.after(row);
      renumber();
      button.focus();
    }
  });

  form.addEventListener("input", (event) => {
    const field = event.target;
    const row = field.closest("[data-row]");
    if (!row) return;
    if (field.dataset.name === "key") field.removeAttribute("data-auto-key");
    if (field.hasAttribute("data-key-source")) suggestKey(row, field);
    if (field.hasAttribute("data-scale-bound")) relabelScale(row);
  });

  form.addEventListener("change", (event) => {
    const field = event.target;
    if (field.hasAttribute("data-answer-type") || field.hasAttribute("data-autoqa-rule")) {
      showChosenFields(field.closest("[data-row=criterion]"));
    }
  });

  // Drag and drop: the dragged row follows the pointer over rows of its own kind (criteria may move to
  // another section, also an empty one); the names are renumbered when the drag ends.
  let dragged = null;
  form.addEventListener("dragstart", (event) => {
    const handle = event.target.closest && event.target.closest("[data-drag]");
    if (!handle) return;
    dragged = handle.closest("[data-row]");
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.row);
    event.dataTransfer.setDragImage(dragged, 16, 16);
  });
  form.addEventListener("dragover", (event) => {
    if (!dragged) return;
    const kind = dragged.dataset.row;
    const target = event.target.closest(`[data-row=${kind}]`);
    if (target && target !== dragged) {
      const box = target.getBoundingClientRect();
      if (event.clientY > box.top + box.height / 2) target.after(dragged); else target.before(dragged);
      event.preventDefault();
    } else if (target === dragged) {
      event.preventDefault();
    } else {
      const list = event.target.closest(`[data-list=${kind}]`);
      if (!list) return;
      if (!list.contains(dragged)) list.append(dragged);
      event.preventDefault();
    }
  });
  form.addEventListener("drop", (event) => { if (dragged) event.preventDefault(); });
  form.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    renumber();
  });

  form.querySelectorAll("[data-row=criterion]").forEach(showChosenFields);
})();
