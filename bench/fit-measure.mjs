// One measured run of real llama.cpp (node-llama-cpp 3.22.1's prebuilt CPU
// build): load MODEL, create a context of CTX tokens, evaluate a prompt batch
// and generate a few tokens, then print one JSON line with the process's
// peak RSS over the baseline taken after getLlama() (the addon and ggml
// backends loaded, no model yet).
//   node bench/fit-measure.mjs MODEL CTX MMAP(0|1)
//   node bench/fit-measure.mjs --estimate MODEL CTX MMAP   node-llama-cpp's own estimate
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(path.resolve("build/bench-node/package.json"));
const { getLlama, readGgufFileInfo, GgufInsights } = await import(require.resolve("node-llama-cpp"));

const status = () => {
  const s = readFileSync("/proc/self/status", "utf8");
  const kb = (k) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, "m"))[1]) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM"), anon: kb("RssAnon"), file: kb("RssFile") };
};

const args = process.argv.slice(2);
const estimateOnly = args[0] === "--estimate";
if (estimateOnly) args.shift();
const [model, ctxArg, mmapArg] = args;
const ctx = Number(ctxArg), useMmap = mmapArg === "1";
const batch = Math.min(ctx, 512);

const llama = await getLlama({ gpu: false, build: "never", skipDownload: true, logLevel: "error" });
if (estimateOnly) {
  // the "V2" estimates: llama.cpp's own allocation sizes, from a no_alloc load
  const info = await readGgufFileInfo(model);
  const ins = await GgufInsights.from(info, llama);
  const m = await ins.estimateModelResourceRequirementsV2({ gpuLayers: 0, useMmap });
  const c = await ins.estimateContextResourceRequirementsV2({
    contextSize: ctx, modelGpuLayers: 0, batchSize: batch, sequences: 1, useMmap,
  });
  console.log(JSON.stringify({ estimate: m.cpuRam + c.cpuRam, model: m.cpuRam, context: c.cpuRam }));
  process.exit(0);
}
const base = status();
const lm = await llama.loadModel({ modelPath: model, useMmap, gpuLayers: 0 });
const afterLoad = status();
const context = await lm.createContext({ contextSize: ctx, batchSize: batch, sequences: 1 });
const afterCtx = status();
const seq = context.getSequence();
const n = Math.min(512, ctx) - 16;
const prompt = Array.from({ length: n }, (_, i) => 300 + (i % 200));
await seq.evaluateWithoutGeneratingNewTokens(prompt);
let generated = 0;
for await (const _ of seq.evaluate([301], { temperature: 0 })) {
  if (++generated >= 4) break;
}
const end = status();
console.log(JSON.stringify({
  peak: end.hwm - base.rss, base: base.rss, load: afterLoad.rss - base.rss,
  ctx: afterCtx.rss - base.rss, anon: end.anon, file: end.file, prompt: n, generated,
}));
process.exit(0);
