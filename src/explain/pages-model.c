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
};

const size_t explain_model_count = sizeof(explain_model_pages) / sizeof(explain_model_pages[0]);
