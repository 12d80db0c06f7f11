// Times the theme's search ranking (the same algorithm as themes/default/static/site.js) on a
// built site's search_index.json: `node benches/search_query.mjs public/search_index.json`.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "public/search_index.json";
const raw = readFileSync(file, "utf8");
const data = JSON.parse(raw);
const index = { docs: data.docs, stems: data.stems, keys: Object.keys(data.stems) };
const fold = (t) => String(t).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
const STOP = new Set(("au aux avec ce ces cet cette dans de des du elle elles en est et eux il ils je la le les leur " +
  "leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sont sur ta te " +
  "tes toi ton tu un une vos votre vous plus comme fait faire etre avoir aussi tout tous toute toutes sans entre dont " +
  "ont peut bien the and of to").split(" "));
const words = (t) => {
  const all = fold(t).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
  const kept = all.filter((w) => !STOP.has(w));
  return kept.length ? kept : all;
};

function rank(words) {
  let total = null;
  for (const q of words) {
    const scores = new Map();
    for (const s of index.keys) {
      if ((s.length >= 3 && q.startsWith(s)) || s.startsWith(q)) {
        for (const [d, w] of index.stems[s]) scores.set(d, (scores.get(d) || 0) + w);
      }
    }
    if (total === null) { total = scores; continue; }
    const next = new Map();
    for (const [d, v] of total) if (scores.has(d)) next.set(d, v + scores.get(d));
    total = next;
  }
  return [...(total ?? new Map())].sort((a, b) => b[1] - a[1]).map(([d]) => index.docs[d].title);
}

const queries = ["reputation", "communautés", "gestion de crise", "mod", "veille concurrentielle", "salaire junior"];
console.log(`index: ${file}, ${raw.length} bytes, ${index.docs.length} documents, ${index.keys.length} stems`);
for (const q of queries) {
  const runs = 200;
  const start = process.hrtime.bigint();
  let top;
  for (let i = 0; i < runs; i++) top = rank(words(q));
  const us = Number(process.hrtime.bigint() - start) / 1000 / runs;
  console.log(`${q.padEnd(24)} ${us.toFixed(0).padStart(6)} µs/query  first: ${top[0] ?? "(none)"}`);
}
