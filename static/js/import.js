// Drag and drop onto the import form: dropped files go into the file input, and are listed.
(function () {
  const zone = document.querySelector("[data-dropzone]");
  if (!zone) return;
  const input = zone.querySelector("input[type=file]");
  const list = zone.querySelector("[data-chosen]");
  const show = () => {
    list.replaceChildren(...Array.from(input.files).map((file) => {
      const item = document.createElement("li");
      item.textContent = `${file.name} (${Math.ceil(file.size / 1024)} KB)`;
      return item;
    }));
  };
  ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
    event.preventDefault(); zone.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => zone.classList.remove("over")));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    const files = new DataTransfer();
    Array.from(input.files).concat(Array.from(event.dataTransfer.files)).forEach((file) => files.items.add(file));
    input.files = files.files;
    show();
  });
  input.addEventListener("change", show);
})();
