// Congress slides: arrow keys, Page Up/Down and the space bar move between slides (the links work without it).
document.addEventListener("keydown", (event) => {
  const rel = { ArrowRight: "next", PageDown: "next", " ": "next", ArrowLeft: "prev", PageUp: "prev" }[event.key];
  const link = rel && document.querySelector(`a[rel="${rel}"]`);
  if (link) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});
