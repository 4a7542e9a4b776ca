// Prints the accuracy table of bench/fit-accuracy.sh from its results.tsv:
// name, file bytes, ctx, mmap, measured peak, headroom, node-llama-cpp.
import { readFileSync } from "node:fs";
const rows = readFileSync(process.argv[2], "utf8").trim().split("\n").filter(Boolean)
  .map((l) => l.split("\t")).map(([name, file, ctx, mmap, peak, h, n]) =>
    ({ name, file: +file, ctx: +ctx, mmap: mmap === "1", peak: +peak, h: +h, n: +n }));
const MiB = 1048576, pct = (x, m) => ((x - m) / m) * 100;
const f = (x, w, d = 1) => x.toFixed(d).padStart(w);
console.log("| model | file MiB | ctx | mmap | measured MiB | headroom MiB | headroom error | node-llama-cpp MiB | node-llama-cpp error |");
console.log("|---|---:|---:|---|---:|---:|---:|---:|---:|");
const eh = [], en = [];
let better = 0, over5 = 0;
for (const r of rows) {
  const a = pct(r.h, r.peak), b = pct(r.n, r.peak);
  eh.push(Math.abs(a)); en.push(Math.abs(b));
  if (Math.abs(a) < Math.abs(b)) better++;
  if (Math.abs(a) > 5) over5++;
  console.log(`| ${r.name} | ${f(r.file / MiB, 7)} | ${r.ctx} | ${r.mmap ? "on" : "off"} | ${f(r.peak / MiB, 8)} | ${f(r.h / MiB, 8)} | ${(a >= 0 ? "+" : "") + a.toFixed(1)}% | ${f(r.n / MiB, 8)} | ${(b >= 0 ? "+" : "") + b.toFixed(1)}% |`);
}
const median = (v) => { const s = [...v].sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`\n${rows.length} runs. median |error|: headroom ${median(eh).toFixed(1)}%, node-llama-cpp ${median(en).toFixed(1)}%; ` +
  `max: headroom ${Math.max(...eh).toFixed(1)}%, node-llama-cpp ${Math.max(...en).toFixed(1)}%`);
console.log(`headroom closer to the measurement on ${better} of ${rows.length} rows; headroom rows above 5%: ${over5}`);
