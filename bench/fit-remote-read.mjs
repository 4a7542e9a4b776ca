// @huggingface/gguf reading a remote header, as a user of the library would:
//   node bench/fit-remote-read.mjs URL
// Prints the architecture and the tensor count, so the work cannot be skipped.
import { createRequire } from "node:module";
import path from "node:path";
const require = createRequire(path.resolve("build/bench-node/package.json"));
const { gguf } = await import(require.resolve("@huggingface/gguf"));
const r = await gguf(process.argv[2]);
console.log(r.metadata["general.architecture"], r.tensorInfos.length);
