// The module editor's live preview. The server renders the Markdown through the same sanitiser as the module
// page (training/modules/markdown.py), so what the trainer sees is what learners get; nothing is rendered here.
const editor = document.querySelector("[data-module-editor]");
if (editor) {
  const body = editor.querySelector("textarea[name=body]");
  const pane = editor.querySelector("[data-preview]");
  const moduleId = editor.querySelector("input[name=module_id]");
  let timer = null;
  let latest = 0;
  const refresh = async () => {
    const ticket = ++latest;
    const data = new FormData();
    data.append("csrf_token", editor.querySelector("input[name=csrf_token]").value);
    data.append("body", body.value);
    if (moduleId) data.append("module_id", moduleId.value);
    try {
      const response = await fetch(editor.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" });
      const text = await response.text();
      if (ticket !== latest) return;  // a newer keystroke's preview is on its way
      if (response.ok) pane.innerHTML = text;  // already sanitised by the server
      else pane.textContent = text;
    } catch (error) {
      if (ticket === latest) pane.textContent = "The preview could not be loaded; the Preview button still works.";
    }
  };
  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  if (!pane.innerHTML.trim() && body.value.trim()) refresh();
}
