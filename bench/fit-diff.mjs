// Differential test: headroom's GGUF reader (build/tools/gguf-dump) against
// @huggingface/gguf on the same files. Every metadata key, every value (arrays
// in full), the tensor infos, version and tensor data offset must agree.
//   node bench/fit-diff.mjs FILE...      (run by `make bench-fit`)
// Prints one line per file and "N passed, N failed".
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve("build/bench-node/package.json"));
const { gguf } = await import(require.resolve("@huggingface/gguf"));

function same(a, b) {
  if (typeof a === "bigint") a = Number(a);
  if (typeof b === "bigint") b = Number(b);
  if (typeof a === "number" && typeof b === "number") {
    if (a === b) return true;
    return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a === b) return true;
  // @huggingface/gguf decodes each string with TextDecoder, which drops a
  // leading byte-order mark (U+FEFF): llama-spm and phi-3 have a token that
  // is exactly U+FEFF. Count those, and accept them only in that form.
  if (typeof a === "string" && typeof b === "string" && b === "\uFEFF" + a) {
    bomDrops++;
    return true;
  }
  return false;
}
let bomDrops = 0;

let pass = 0, fail = 0;
for (const file of process.argv.slice(2)) {
  const ours = JSON.parse(execFileSync("build/tools/gguf-dump", [file], { maxBuffer: 1 << 30 }).toString());
  const theirs = await gguf(path.resolve(file), { allowLocalFile: true });
  const problems = [];
  const md = theirs.metadata;
  if (Number(md.version) !== ours.version) problems.push(`version ${md.version} vs ${ours.version}`);
  if (Number(md.tensor_count) !== ours.tensor_count) problems.push("tensor_count");
  if (Number(md.kv_count) !== ours.kv_count) problems.push("kv_count");
  if (theirs.littleEndian !== ours.little_endian) problems.push("endianness");
  const keysTheirs = Object.keys(md).filter((k) => !["version", "tensor_count", "kv_count"].includes(k));
  const keysOurs = Object.keys(ours.metadata);
  if (!same(keysTheirs, keysOurs)) problems.push(`keys differ: ${keysTheirs.length} vs ${keysOurs.length}`);
  let values = 0;
  bomDrops = 0;
  for (const k of keysOurs) {
    values += Array.isArray(ours.metadata[k]) ? ours.metadata[k].length : 1;
    if (!same(md[k], ours.metadata[k])) problems.push(`value of ${k}`);
  }
  if (theirs.tensorInfos.length !== ours.tensors.length) problems.push("tensor infos");
  theirs.tensorInfos.forEach((t, i) => {
    const o = ours.tensors[i];
    if (!o || t.name !== o.name || !same(t.shape.map(Number), o.shape) || t.dtype !== o.dtype ||
        Number(t.offset) !== o.offset) problems.push(`tensor ${t.name}`);
  });
  if (theirs.tensorInfos.length && Number(theirs.tensorDataOffset) !== ours.tensor_data_offset)
    problems.push("tensor data offset");
  if (problems.length) {
    fail++;
    console.log(`not ok ${path.basename(file)}: ${problems.slice(0, 5).join("; ")}`);
  } else {
    pass++;
    console.log(`ok ${path.basename(file)}: ${keysOurs.length} keys, ${values} values, ${ours.tensors.length} tensors identical` +
      (bomDrops ? ` (${bomDrops} string(s) where @huggingface/gguf dropped a leading U+FEFF)` : ""));
  }
}
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
