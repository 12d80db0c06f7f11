// A tiny static file server for the built site, bound to 127.0.0.1 only.
// Pretty URLs: /metier/veille/ → metier/veille/index.html; a missing file → 404.html with status 404.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".pdf": "application/pdf",
};

export function mimeOf(file) {
  return MIME[path.extname(file).toLowerCase()] || "application/octet-stream";
}

/** Starts serving `root` on 127.0.0.1:`port`; resolves to { server, log } once listening. */
export function serve(root, port) {
  const base = path.resolve(root);
  const log = [];
  const server = http.createServer((req, res) => {
    let status = 200;
    let file = null;
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      const rel = decodeURIComponent(url.pathname);
      const candidate = path.resolve(base, "." + rel);
      if (candidate === base || candidate.startsWith(base + path.sep)) {
        let target = candidate;
        if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
          if (!rel.endsWith("/")) {
            res.writeHead(301, { Location: url.pathname + "/" + url.search });
            res.end();
            log.push({ url: req.url, status: 301 });
            return;
          }
          target = path.join(target, "index.html");
        }
        if (fs.existsSync(target) && fs.statSync(target).isFile()) file = target;
      }
    } catch {
      file = null;
    }
    if (!file) {
      status = 404;
      file = path.join(base, "404.html");
    }
    const body = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.from("Not found");
    res.writeHead(status, {
      "Content-Type": mimeOf(file),
      "Content-Length": body.length,
      "Cache-Control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
    log.push({ url: req.url, status });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(port), "127.0.0.1", () => resolve({ server, log }));
  });
}
