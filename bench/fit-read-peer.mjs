// Reads a GGUF header with a peer reader, as a user of that library would:
//   node bench/fit-read-peer.mjs hf FILE    @huggingface/gguf (metadata + tensor infos)
//   node bench/fit-read-peer.mjs nlc FILE   node-llama-cpp's readGgufFileInfo
// Prints the architecture, so the work cannot be skipped.
import { createRequire } from "node:module";
import path from "node:path";
const require = createRequire(path.resolve("build/bench-node/package.json"));
const [mode, file] = process.argv.slice(2);
if (mode === "hf") {
  const { gguf } = await import(require.resolve("@huggingface/gguf"));
  const r = await gguf(path.resolve(file), { allowLocalFile: true });
  console.log(r.metadata["general.architecture"]);
} else {
  const { readGgufFileInfo } = await import(require.resolve("node-llama-cpp"));
  const r = await readGgufFileInfo(path.resolve(file));
  console.log(r.metadata.general.architecture);
}
