// cmbook serve: reloads the page after each rebuild and shows build errors over it.
(() => {
  const overlayId = "cmbook-build-error";
  const show = (text) => {
    let box = document.getElementById(overlayId);
    if (!box) {
      box = document.createElement("div");
      box.id = overlayId;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,28,.94);color:#ffd9d9;font:14px/1.5 ui-monospace,monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "cmbook: the last build failed\n\n" + text;
  };
  const hide = () => document.getElementById(overlayId)?.remove();
  const events = new EventSource("/__cmbook/events");
  events.addEventListener("build-error", (e) => show(e.data.replace(/\u2028/g, "\n")));
  events.addEventListener("reload", (e) => {
    hide();
    if (e.data === "css") {
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const url = new URL(link.href);
        url.searchParams.set("cmbook", Date.now());
        link.href = url.href;
      }
    } else {
      location.reload();
    }
  });
})();
