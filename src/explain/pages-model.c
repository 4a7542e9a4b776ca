/* The explain pages of the model rules (src/rules/model.c). */
#include "explain/explain.h"

const struct explain_page explain_model_pages[] = {
    {"model.on-drvfs",
     "model",
     "warning",
     "a model on a Windows drive",
     "The model files running inference processes use (the model files they map, from "
     "/proc/PID/maps, and the model their command line names: -m, --model, an Ollama blob), "
     "with symbolic links resolved, against the mount table (/proc/self/mounts): a Windows "
     "drive is a 9p mount with aname=drvfs (WSL 2) or a drvfs mount (WSL 1). `headroom fit` "
     "checks the model it is given the same way. On this machine (not a snapshot) the file's "
     "read speed is measured by one bounded read: at most 64 MiB or 2 seconds, after asking the "
     "kernel to drop the file's unmapped cached pages.",
     "Files under /mnt/c are served to the VM by the Windows side over 9p, much slower than the "
     "distro's own ext4 disk (Microsoft's advice: keep the files Linux tools work on in the "
     "Linux file system). Memory-mapping a model there has been reported not to "
     "work as on ext4: the whole model is read into the VM's memory instead (llama.cpp, Ollama), "
     "so a 5 GB model costs 5 GB of the VM's RAM and loads slowly every time.",
     "The path as the process names it and, through a link, where it really is; its size; the "
     "mount (mount point, type, Windows drive); which process uses it and how; the measured "
     "read speed (bytes, seconds, bytes per second), or why it was not measured (a snapshot).",
     "Copy the model (for Ollama, its whole store: blobs and manifests) into the distro, e.g. "
     "under ~/models or ~/.ollama, and point the program at the copy (llama-server -m, "
     "OLLAMA_MODELS, or replace the link to /mnt/c). The command is printed, never run.",
     "The copy takes as much space in the distro's ext4.vhdx as the model, and the vhdx does "
     "not shrink by itself when files are deleted later; keep one copy (delete the Windows one "
     "when Windows does not need it).",
     {"https://github.com/ollama/ollama/issues/6006",
      "https://github.com/ggml-org/llama.cpp/issues/1205",
      "https://github.com/ollama/ollama/issues/8043",
      "https://learn.microsoft.com/en-us/windows/wsl/filesystems"}},
    {"model.duplicates",
     "model",
     "info-warning",
     "the same model in several stores",
     "Every model in the stores headroom knows (Ollama in the distro and for Windows under "
     "/mnt/c/Users, the Hugging Face cache, LM Studio), one entry per file (links and a second "
     "tag of one blob count once). Two Ollama blobs with one name have one sha256 (Ollama names "
     "a blob by its digest); any other pair counts as the same model when the files have the "
     "same size and the same first MiB (a 64-bit FNV-1a of it): only files whose size another "
     "file shares are read, 1 MiB each, at most 64. Each copy's file system comes from the mount "
     "table. A warning from 1 GiB wasted, else information.",
     "Every copy takes the model's full size on the disk: in the distro's ext4.vhdx, which only "
     "grows, or on the Windows drive that holds it. Pulling one model into Ollama, LM Studio "
     "and the Hugging Face cache is easy to do by accident.",
     "How the copies were matched (one sha256, or size and first MiB: a header match, the rest "
     "of the file was not compared), each copy's store, name and file, and per file system how "
     "many copies it holds and what the extra ones take.",
     "On one file system, replace the extra copies by hard links to one file (cmp, then ln -f): "
     "the same "
     "bytes are stored once and every store keeps its path. The commands are a plan, printed "
     "and never run; stop the programs that use the models first. Across file systems a hard "
     "link is impossible, and a symbolic link from the distro into /mnt/c makes the model load "
     "over 9p (model.on-drvfs): keep the copy each side uses, or delete the one nothing uses.",
     "Hard-linked files are one file: a tool that wrote into one in place would change them all "
     "(the stores write a model once and only read it after). A header match is not a full "
     "comparison: each planned link runs only when cmp finds the whole files equal.",
     {"https://github.com/ollama/ollama/blob/f4d852dca871646322c2976beb771be4dd8c44ac/server/"
      "modelpath.go",
      "https://www.gnu.org/software/coreutils/manual/html_node/ln-invocation.html",
      "https://huggingface.co/docs/huggingface_hub/guides/manage-cache"}},
};

const size_t explain_model_count = sizeof(explain_model_pages) / sizeof(explain_model_pages[0]);
