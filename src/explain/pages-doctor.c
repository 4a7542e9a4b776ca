/* Explain pages of the doctor rules (src/rules/table.c), in its order.
 * Written for headroom; every source is a public URL. */
#include "explain/explain.h"
#include "explain/sources.h"

const struct explain_page explain_doctor_pages[] = {
    {"wsl.not-wsl",
     "wsl",
     "info",
     "is this WSL2 at all",
     "The kernel release (WSL2 kernels end in -microsoft-standard-WSL2; WSL1 reports a "
     "capital-M Microsoft), WSL's interop entry and /run/WSL.",
     "Every other rule reads a WSL2 virtual machine: its RAM is carved out of the Windows host "
     "and returned only on WSL's terms. On WSL1 or plain Linux those numbers mean something else.",
     "The kernel release string and which WSL markers were found.",
     "To use WSL2 for a distribution, from Windows: wsl.exe --set-version DISTRO 2. To check "
     "a WSL machine from elsewhere, take a snapshot on it and read it with --root.",
     "Converting a distribution copies its files into a virtual disk; it takes a while and needs "
     "free disk space on Windows.",
     {"https://learn.microsoft.com/en-us/windows/wsl/compare-versions",
      "https://github.com/microsoft/WSL/blob/b74bc217c86f536e0a6e7ad42739d43d947264cc/src/linux/"
      "init/util.cpp"}},
    {"wsl.no-wslconfig",
     "wsl",
     "warning",
     "no .wslconfig, so WSL's defaults apply",
     "Whether %UserProfile%\\.wslconfig exists on the Windows side.",
     "Without it WSL2 may take up to half the host's RAM (8 GB of 16 GB) and a swap file "
     "whose size Microsoft documents as 25 % of memory, which leaves Windows, the browser and the "
     "GPU driver squeezed while a "
     "model loads.",
     "The path looked for and the host RAM headroom used for the defaults.",
     "headroom config recommend shows a file for this host; headroom config set KEY=VALUE "
     "writes one key (with a backup), then wsl.exe --shutdown applies it.",
     "A memory= too small for the models you run makes the Linux OOM killer end them.",
     {LEARN_CONFIG}},
    {"wsl.limits-not-applied",
     "wsl",
     "warning",
     "the VM runs with other limits than .wslconfig",
     "memory, processors and swap in .wslconfig against MemTotal, the CPU count and the swap "
     "area the VM has now.",
     "WSL reads .wslconfig only when the VM starts; an edit does nothing until every "
     "distribution has stopped, so the limits you think you set are not the ones in force.",
     "Each differing key: the value in the file and the value the VM has.",
     "wsl.exe --shutdown from Windows, then start the distribution again.",
     "--shutdown stops every running distribution, Docker Desktop and WSLg apps included; "
     "save work first.",
     {LEARN_CONFIG}},
    {"wsl.swap-missing",
     "wsl",
     "warning",
     "WSL2 runs with no swap",
     "/proc/swaps in the guest.",
     "With no swap a burst of memory (a model load, a compile) goes straight to the OOM killer; "
     "on 16 GB a few GB of swap turns a kill into a slowdown.",
     "The swap areas found (none) and MemTotal.",
     "swap=4GB under [wsl2] in .wslconfig (headroom config set swap=4GB), then wsl.exe "
     "--shutdown.",
     "Swap lives in a file on the Windows disk; heavy swapping is slow and writes to the SSD.",
     {LEARN_CONFIG, WSL_ISSUE "5476"}},
    {"wsl.old-version",
     "wsl",
     "warning",
     "a WSL release older than 2.1.3",
     "The WSL version the host reports.",
     "Older releases hand memory back to Windows poorly: the VM keeps the page cache it once "
     "used, which on a 16 GB host is memory Windows cannot have back.",
     "The version found and the release the rule wants.",
     "wsl.exe --update from Windows, then wsl.exe --shutdown.",
     "A new WSL release can change defaults; read its release notes.",
     {"https://learn.microsoft.com/en-us/windows/wsl/release-notes", WSL_ISSUE "4166"}},
    {"wsl.systemd-gradual",
     "wsl",
     "warning",
     "autoMemoryReclaim=gradual with systemd or Docker",
     "autoMemoryReclaim in .wslconfig together with systemd in the guest, Docker Desktop or "
     "WSLg.",
     "Gradual reclaim relies on cgroup memory behaviour that has been reported to hang "
     "systemd, Docker Desktop and WSLg sessions.",
     "The reclaim mode and which of systemd, Docker Desktop or WSLg were seen.",
     "headroom config set autoMemoryReclaim=dropCache, then wsl.exe --shutdown.",
     "dropCache frees the cache all at once when the VM is idle; the next file read is "
     "slower.",
     {WSL_ISSUE "10675", WSL_ISSUE "13542", WSL_ISSUE "11066"}},
    {"wslconfig.lint",
     "config",
     "info-critical",
     "config lint of .wslconfig and /etc/wsl.conf",
     "Runs every config lint rule over the .wslconfig in use and /etc/wsl.conf; each finding "
     "keeps its own id (wslconfig.NAME, or wslconf.NAME for /etc/wsl.conf).",
     "WSL ignores a mistyped key or value without a word, so the limit you wrote is not the "
     "one the VM gets.",
     "Those of each lint id: the file, line and column, and the line itself.",
     "headroom config lint shows each finding with its fix; see 'headroom explain' for each "
     "lint id.",
     "Those of each lint id's fix.",
     {LEARN_CONFIG,
      "https://github.com/microsoft/WSL/blob/949b64f4cd1ea314bceba1f903f66372b70377d1/src/shared/"
      "configfile/configfile.cpp"}},
    {"mem.oom-killed",
     "mem",
     "warning",
     "what the OOM killer killed, and which limit it hit",
     "The kernel's log (/dev/kmsg, readable by root, or by anyone when kernel.dmesg_restrict is "
     "0; under --root the OOM lines a snapshot recorded) for its reports of OOM kills, "
     "oom_kill in /proc/vmstat, the kernel's count of kills since boot, and in WSL the VM's "
     "uptime against Windows' (the helper's GetTickCount64): a VM that started long after "
     "Windows may have replaced one that went away with its programs. With no kill in this "
     "VM, the last sample of headroom watch's log (/var/log/headroom-watch.log, on the VM's "
     "disk, so it outlives the VM; its last 64 KiB are read) against this boot's time (btime in "
     "/proc/stat): a sample older than the boot says the VM restarted after it, and the "
     "sample's figures say how much memory it had then (a warning under 10 % available).",
     "A process that vanishes with \"Killed\" was often stopped by the kernel for want of "
     "memory. Which limit it hit decides the fix: a memory cgroup's (Docker, Podman, a systemd "
     "unit's MemoryMax=) is raised where it is set; the whole VM's is memory= and swap= in "
     ".wslconfig, or a smaller model.",
     "The victim, its PID and its RSS at the kill (anon, file and shmem, from the kernel's "
     "line), when it happened against the time since boot, the constraint (CONSTRAINT_MEMCG or "
     "CONSTRAINT_NONE), the cgroup and its limit from the report, the swap the machine had, and "
     "the kill count.",
     "A cgroup's limit: raise it where it is set, or load less into it. The whole machine: load "
     "less (headroom fit MODEL --ctx N shows what fits), or more memory or swap for the VM "
     "(headroom config recommend shows what fits the host), then wsl.exe --shutdown.",
     "More memory for the VM is memory Windows does not have; swap is slow when a model's "
     "weights land in it.",
     {"https://github.com/torvalds/linux/blob/master/mm/oom_kill.c",
      "https://docs.kernel.org/admin-guide/cgroup-v2.html", WSL_ISSUE "40458"}},
    {"mem.low-available",
     "mem",
     "warning-critical",
     "little memory available",
     "MemAvailable against MemTotal in /proc/meminfo: under 10 % warns, under 5 % is critical.",
     "MemAvailable is the kernel's estimate of what can be used without swapping; near zero, "
     "the next allocation (a model's KV cache) swaps or is killed.",
     "MemAvailable, MemTotal and the share.",
     "Close what is eating memory (headroom status lists it), or give WSL more RAM in "
     ".wslconfig if the host can spare it.",
     "More RAM for WSL is less for Windows.",
     {"https://docs.kernel.org/filesystems/proc.html"}},
    {"mem.pressure",
     "mem",
     "warning-critical",
     "processes stall waiting for memory",
     "/proc/pressure/memory: some avg60 of 10 % or more warns, full avg60 of 5 % or more is "
     "critical.",
     "PSI measures time lost to reclaim and swap-in; a token rate that halves for no clear "
     "reason is often memory pressure.",
     "The some and full averages over 10, 60 and 300 seconds.",
     "Free memory (a smaller model or context, fewer processes), or raise memory= in "
     ".wslconfig.",
     "None from measuring; the fix costs what it frees.",
     {"https://docs.kernel.org/accounting/psi.html"}},
    {"mem.cache-held",
     "mem",
     "warning",
     "page cache held by the VM that Windows could use",
     "Page cache no process maps, when it is 1 GiB or more and 20 % or more of MemTotal.",
     "To Windows the cache is memory Vmmem uses; it is not handed back until WSL reclaims it, "
     "so the host can run short while Linux calls it free.",
     "The cache size, its share of MemTotal and the reclaim mode.",
     "sudo headroom reclaim --cache now; autoMemoryReclaim=dropCache in .wslconfig for later.",
     "Dropping the cache makes the next reads of those files come from disk.",
     {WSL_ISSUE "4166", LEARN_CONFIG}},
    {"mem.mapped-model",
     "mem",
     "info",
     "a model's mapped weights sit in the page cache",
     "Inference processes (llama.cpp, Ollama, ...) with a model file mapped, and how much of "
     "it is resident.",
     "A memory-mapped model is counted as cache, not as the process's own memory; the kernel "
     "may evict it under pressure, and then tokens slow down as pages are read back.",
     "The process, the model path and its resident size.",
     "Nothing while it runs; to pin the weights, run it with --no-mmap (headroom fit shows "
     "whether that fits). After it exits: sudo headroom reclaim --cache.",
     "--no-mmap needs the whole model in anonymous memory.",
     {"https://man7.org/linux/man-pages/man2/mmap.2.html"}},
    {"mem.psi-unavailable",
     "mem",
     "info-warning",
     "PSI is off, so pressure cannot be seen",
     "Whether /proc/pressure/memory can be read.",
     "Without PSI headroom (and tools such as systemd-oomd) cannot tell slow from stalled.",
     "Why it is unavailable: missing file or the kernel switched it off.",
     "On a kernel built with CONFIG_PSI: psi=1 on the kernel command line "
     "(kernelCommandLine in .wslconfig), then wsl.exe --shutdown. A kernel built without it "
     "cannot; use one that has it.",
     "A custom kernel is yours to update.",
     {WSL_ISSUE "11147", "https://docs.kernel.org/accounting/psi.html"}},
    {"inference.ollama-verdict",
     "inference",
     "info-warning",
     "Ollama's verdict on a load, explained",
     "Ollama's server log (journalctl -u ollama for the Linux service, ~/.ollama/logs/server.log, "
     "the Windows app's %LOCALAPPDATA%\\Ollama\\server.log through /mnt/c; under --root the "
     "load lines a snapshot recorded): the system memory it saw, its estimate (the offload "
     "line), the runner's context and parallel slots, and a refusal.",
     "\"model requires more system memory (X) than is available (Y)\" is the error users meet "
     "most, "
     "and Ollama's estimate can be wrong both ways. Ollama compares its estimate with free memory "
     "(MemAvailable on Linux) plus free swap; which of its inputs is off decides the fix.",
     "Ollama's own figures (required, free, free swap, total; the estimate's KV cache, weights "
     "and layers), headroom's reading of /proc/meminfo now, and the input that is off. When the "
     "model file the log names is under the root (the blob in Ollama's store; the Windows "
     "app's C:\\ path through /mnt/c), headroom's own fit of it beside them, at the settings "
     "Ollama used: the runner's context over its parallel slots (Ollama passes num_ctx times "
     "the slots as --ctx-size), OLLAMA_KV_CACHE_TYPE and OLLAMA_FLASH_ATTENTION, against "
     "fit's budget (MemAvailable; NVML's free VRAM less fit's margin).",
     "The one change that covers the shortfall, in this order: one parallel slot, a smaller "
     "context, a q8_0 KV cache, stopping the largest other program, more memory for the VM; "
     "else a smaller model (headroom fit PATH shows headroom's own estimate).",
     "A smaller context holds less of a conversation; a q8_0 KV cache needs flash attention and "
     "costs a little quality; more memory for the VM is memory Windows does not have.",
     {"https://github.com/ollama/ollama/blob/ef7d26ba2cd52a5295620067ab9abd9c0055a558/llm/"
      "server.go",
      "https://github.com/ollama/ollama/blob/ef7d26ba2cd52a5295620067ab9abd9c0055a558/llm/"
      "memory.go",
      "https://github.com/ollama/ollama/blob/ef7d26ba2cd52a5295620067ab9abd9c0055a558/discover/"
      "gpu_linux.go",
      "https://github.com/ollama/ollama/issues/12692"}},
    {"inference.duplicate-server",
     "inference",
     "warning",
     "a second inference server on Windows",
     "The Windows host's largest processes (from the helper) for Ollama (ollama.exe, "
     "ollama app.exe), LM Studio (LM Studio.exe, lms.exe) and llama-server.exe; WSL's processes "
     "for ollama and llama-server; and one bounded HTTP GET of /api/version at the address the "
     "ollama CLI uses (OLLAMA_HOST, default 127.0.0.1:11434), which says whether and which "
     "server answers there.",
     "Two servers each load their own copy of a model: on 16 GB, twice 5 GB. They also contend "
     "for port 11434, and with mirrored networking 127.0.0.1 in WSL may reach the Windows one, "
     "so which one answered is not obvious.",
     "The Windows processes with their working sets, WSL's server with its RSS, and what "
     "answered /api/version (status and version).",
     "Keep one. Either quit the Windows app (and take it out of the startup apps), or stop and "
     "disable WSL's service; to use the Windows server from WSL, networkingMode=mirrored (or "
     "OLLAMA_HOST set to the Windows host's address).",
     "Models pulled by one server are not seen by the other: each keeps its own model store.",
     {"https://github.com/ollama/ollama/issues/5008",
      "https://github.com/ollama/ollama/issues/7803",
      "https://learn.microsoft.com/en-us/windows/wsl/networking",
      "https://github.com/ollama/ollama/blob/ef7d26ba2cd52a5295620067ab9abd9c0055a558/docs/"
      "api.md"}},
    {"windows.dosvc",
     "windows",
     "info-warning",
     "Delivery Optimization's memory",
     "The memory of the DoSvc service, from the Windows helper.",
     "Delivery Optimization has been reported to grow large on some hosts; on 16 GB every GB it "
     "holds is a GB WSL cannot get.",
     "The service's measured working set and its start type.",
     "headroom windows script shows the PowerShell that sets it to manual start, with its "
     "undo.",
     "Updates may download more slowly and not be shared on the local network.",
     {"https://learn.microsoft.com/en-us/windows/deployment/do/waas-delivery-optimization"}},
    {"windows.ndu",
     "windows",
     "warning",
     "the Ndu driver on a Killer or MSI network adapter",
     "A Killer/MSI network adapter with the Network Data Usage driver (Ndu) enabled.",
     "Ndu has been reported by third parties to grow the non-paged pool by GBs on these "
     "adapters, memory that no process shows.",
     "The adapter name and the Ndu start value.",
     "headroom windows script --apply ndu -o ndu.ps1, run it in an elevated PowerShell, then "
     "restart Windows.",
     "The data usage page in Windows settings stops counting.",
     {"https://woshub.com/huge-memory-usage-non-paged-pool-windows/"}},
    {"windows.service-memory",
     "windows",
     "info",
     "services and Widgets using host memory",
     "The catalogued services (print spooler, search, SysMain, ...) and Widgets, with their "
     "measured memory.",
     "On 16 GB the host's own services decide how much WSL can have.",
     "Each item, its memory and whether it runs.",
     "headroom windows script shows what can be stopped, with the undo.",
     "A stopped service's feature stops working until it is restored.",
     {"https://learn.microsoft.com/en-us/windows/client-management/mdm/"
      "policy-csp-newsandinterests"}},
    {"windows.host-ram",
     "windows",
     "info-warning",
     "the host's RAM and what is available",
     "Total and available physical memory of Windows.",
     "WSL takes its memory from what Windows has free; a host near full pages the VM.",
     "Total and available bytes on the host.",
     "headroom windows status lists what uses the host's memory.",
     "None from reading.",
     {LEARN_CONFIG}},
    {"windows.commit-headroom",
     "windows",
     "warning",
     "the Windows commit limit is near what the VM may take",
     "The host's commit limit and commit charge (GetPerformanceInfo, from the helper), the "
     "VM's MemTotal (what memory= gives it) and what Vmmem already holds resident.",
     "Windows backs every committed byte with RAM or the page file. When the commit charge "
     "reaches the limit, allocations fail: the VM cannot grow, programs on Windows fail, and WSL "
     "is reported not to start. A fixed, small page file on a 16 GB laptop leaves little room "
     "once the VM and a browser are up.",
     "Commit limit, charge and the room between them; the VM's MemTotal, Vmmem's resident "
     "memory and what the VM may still take; the 1 GiB margin.",
     "Let Windows manage the page file size, or give the VM a smaller memory=. When the page "
     "file is fixed or absent, the fix writes headroom windows script --apply pagefile: it "
     "records AutomaticManagedPagefile and the PagingFiles registry value, sets the page file "
     "to system managed, and --undo puts both back (Windows applies either at the next "
     "restart).",
     "A system-managed page file takes disk space as it grows.",
     {"https://github.com/microsoft/WSL/issues/5231",
      "https://learn.microsoft.com/en-us/troubleshoot/windows-client/performance/"
      "introduction-to-the-page-file",
      "https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-computersystem"}},
    {"gpu.driver-in-guest",
     "gpu",
     "critical",
     "a Linux NVIDIA driver inside WSL",
     "NVIDIA driver packages (nvidia-driver-*, cuda-drivers) or a libcuda outside "
     "/usr/lib/wsl/lib.",
     "WSL's GPU goes through the Windows driver; a Linux driver in the guest shadows WSL's "
     "libcuda and CUDA stops working.",
     "The package or library found.",
     "Remove the package (dpkg -S FILE names it; sudo apt-get remove PACKAGE) and keep the "
     "driver on Windows only.",
     "Remove only the driver; a toolkit package (cuda-toolkit-X-Y) is fine.",
     {NVIDIA_WSL}},
    {"gpu.no-dxg",
     "gpu",
     "warning",
     "/dev/dxg is missing",
     "Whether /dev/dxg, the paravirtualized GPU device, exists.",
     "Without it no GPU compute reaches WSL, and a model runs on the CPU.",
     "The path looked for.",
     "Update the GPU driver on Windows (a WDDM 2.9 or later driver) and WSL (wsl.exe "
     "--update).",
     "A driver update can need a restart.",
     {"https://learn.microsoft.com/en-us/windows/wsl/tutorials/gpu-compute", NVIDIA_WSL}},
    {"gpu.ld-conf",
     "gpu",
     "warning",
     "the loader does not know /usr/lib/wsl/lib",
     "/etc/ld.so.conf.d/ld.wsl.conf and whether it names /usr/lib/wsl/lib.",
     "Programs then do not find WSL's libcuda and fall back to the CPU.",
     "The file's state.",
     "echo /usr/lib/wsl/lib | sudo tee /etc/ld.so.conf.d/ld.wsl.conf && sudo ldconfig",
     "None known; WSL writes this file itself unless automount.ldconfig is off.",
     {WSL_INIT_CONFIG}},
    {"gpu.nvidia-smi-path",
     "gpu",
     "info-warning",
     "WSL's nvidia-smi is not the one on PATH",
     "Which nvidia-smi the PATH finds.",
     "Another nvidia-smi (from a Linux driver) reports nothing or the wrong GPU state.",
     "The nvidia-smi found, if any.",
     "Put /usr/lib/wsl/lib on PATH in ~/.bashrc, or remove the other nvidia-smi.",
     "None known.",
     {NVIDIA_WSL, WSL_INIT_CONFIG}},
    {"gpu.libcuda-missing",
     "gpu",
     "warning",
     "no libcuda from the Windows driver",
     "libcuda.so in /usr/lib/wsl/lib.",
     "The Windows NVIDIA driver puts it there; without it CUDA programs cannot start.",
     "The directory looked in.",
     "Install or update NVIDIA's driver on Windows (never in WSL), then wsl.exe --shutdown.",
     "A driver update can need a restart.",
     {NVIDIA_WSL}},
    {"gpu.vram",
     "gpu",
     "info",
     "the GPU's memory",
     "Total and used VRAM through NVML.",
     "Layers that do not fit in VRAM run on the CPU and take system RAM instead.",
     "Total, used and free VRAM per GPU.",
     "headroom fit MODEL --ngl auto shows how many layers fit.",
     "None from reading.",
     {"https://docs.nvidia.com/deploy/nvml-api/"}},
    {"gpu.vram-held-by-windows",
     "gpu",
     "info",
     "Windows apps holding the GPU's memory",
     "The dedicated GPU memory of each Windows process, from the helper: the PDH counter set GPU "
     "Process Memory (Dedicated Usage, Shared Usage), the data behind Task Manager's Dedicated "
     "GPU memory column; the desktop compositor, the shell and the WSL VM are counted apart.",
     "WSL's GPU is the Windows GPU: what browsers, chat and video apps hold on it is not there "
     "for a model's layers. NVML cannot say who holds it under WDDM, and VRAM that runs out in "
     "WSL does not fall back to system RAM, so a slightly too large offload fails or crawls.",
     "The apps with their dedicated memory, Windows' own share, the adapters' total in use, and "
     "NVML's free and total inside WSL when present. With a model to weigh (the GGUF a "
     "running inference process maps, else the one Ollama's log names for its last load, "
     "else the largest GGUF in the local stores; the finding names it and which), the layers "
     "headroom fit --ngl auto puts on "
     "the GPU now and once the apps are closed, at a 4096 context: NVML's free plus what they "
     "hold, and fit's margin for what Windows still holds then (at least llama.cpp's 1 GiB).",
     "Close the apps before loading a model, or turn off their hardware acceleration; then "
     "headroom fit MODEL --ngl auto shows how many layers fit.",
     "Browsers without hardware acceleration draw more slowly and use more CPU.",
     {"https://devblogs.microsoft.com/directx/gpus-in-the-task-manager/",
      "https://github.com/XuehaiPan/nvitop/issues/55",
      "https://github.com/microsoft/WSL/issues/11050"}},
    {"gpu.cudnn-missing",
     "gpu",
     "warning",
     "cuDNN or cuBLAS missing for CTranslate2",
     "CTranslate2's version (site-packages/ctranslate2-X.Y.Z.dist-info in each user's .venv, "
     "venv, env and ~/.local), cuDNN and cuBLAS by file name in the loader's usual directories "
     "(/usr/lib/x86_64-linux-gnu, /usr/local/cuda) and in NVIDIA's pip wheels beside it "
     "(site-packages/nvidia/cudnn/lib, nvidia/cublas/lib), and LD_LIBRARY_PATH.",
     "faster-whisper runs on CTranslate2, which loads cuDNN and cuBLAS when it starts on the GPU: "
     "4.5 and later need cuDNN 9 and cuBLAS for CUDA 12, 4.0 to 4.4 cuDNN 8. The pip wheels put "
     "them inside the environment, where the loader does not look, so it fails with \"Unable to "
     "load libcudnn_ops.so.9\" although they are installed.",
     "CTranslate2's version and where it is, which cuDNN and cuBLAS were found where.",
     "With the wheels installed: the LD_LIBRARY_PATH line that names their directories. "
     "Without: the pip line for the same environment, then that line.",
     "A LD_LIBRARY_PATH set in ~/.bashrc applies to every program started from the shell.",
     {"https://github.com/SYSTRAN/faster-whisper",
      "https://github.com/SYSTRAN/faster-whisper/issues/516"}},
    {"gpu.torch-cpu-only",
     "gpu",
     "warning",
     "a CPU-only PyTorch where there is a GPU",
     "torch/version.py in each Python environment found (system dist-packages, ~/.local, "
     "virtual environments under the home directories and $VIRTUAL_ENV, conda): its cuda is "
     "None in a CPU-only build; the GPU from NVML or the Windows driver's libcuda.",
     "The commonest reason torch.cuda.is_available() prints False: the wheel came from the CPU "
     "index (download.pytorch.org/whl/cpu) or a distribution package, and has no CUDA code at "
     "all, so everything runs on the CPU however the GPU is set up.",
     "The environment, torch's version and cuda as the file says, and the GPU with the CUDA "
     "version its driver supports.",
     "Uninstall torch (and torchvision / torchaudio, built against it) and install from "
     "https://download.pytorch.org/whl/cuXYZ, the newest CUDA at or below the driver's "
     "(cu126 for a driver that supports 12.7), with that environment's pip.",
     "A CUDA wheel and the NVIDIA libraries it pulls in take some gigabytes of disk.",
     {"https://pytorch.org/get-started/locally/",
      "https://github.com/pytorch/pytorch/blob/main/tools/generate_torch_version.py"}},
    {"gpu.torch-cuda-newer-than-driver",
     "gpu",
     "info-warning",
     "PyTorch built for a newer CUDA than the driver's",
     "torch/version.py's cuda in each Python environment against the newest CUDA the driver "
     "supports (NVML's nvmlSystemGetCudaDriverVersion, the CUDA Version nvidia-smi prints).",
     "A build for a newer CUDA major version than the driver's cannot initialise CUDA: "
     "torch.cuda.is_available() is False. Within one major version it runs by CUDA's minor "
     "version compatibility, but what needs the newer driver, such as PTX compiled at run "
     "time, fails.",
     "The environment, torch's version and cuda, the driver and its CUDA version.",
     "Update the NVIDIA driver on Windows (WSL uses it), or reinstall torch from the index of "
     "the driver's CUDA version with that environment's pip.",
     "A driver update restarts the display; an older torch build may lack features of the "
     "newer one.",
     {"https://docs.nvidia.com/deploy/cuda-compatibility/",
      "https://pytorch.org/get-started/locally/"}},
    {"gpu.onnxruntime-no-cuda",
     "gpu",
     "warning",
     "ONNX Runtime without its CUDA provider",
     "site-packages/onnxruntime, its dist-info (onnxruntime or onnxruntime_gpu) and "
     "onnxruntime/capi/libonnxruntime_providers_cuda.so in each Python environment, on a "
     "machine with an NVIDIA GPU.",
     "Only the onnxruntime-gpu package ships the CUDA execution provider; onnxruntime runs "
     "on the CPU. Both packages install into the same directory, so with both installed the "
     "last one wins and the provider may be gone.",
     "The environment, the packages' dist-infos and whether the provider library is there.",
     "Uninstall onnxruntime (and onnxruntime-gpu when both are there), then install "
     "onnxruntime-gpu with that environment's pip.",
     "onnxruntime-gpu loads CUDA 12 and cuDNN 9 at run time; without them it falls back to "
     "the CPU.",
     {"https://onnxruntime.ai/docs/install/",
      "https://onnxruntime.ai/docs/execution-providers/CUDA-ExecutionProvider.html"}},
    {"gpu.cuda-toolkit",
     "gpu",
     "info-warning",
     "which CUDA toolkit is installed",
     "Installed CUDA toolkit packages and the CUDA version the driver supports.",
     "A toolkit newer than the Windows driver supports builds programs that cannot run.",
     "The toolkit version and the driver's CUDA version.",
     "Keep the toolkit at or below the driver's CUDA version; install it from NVIDIA's "
     "wsl-ubuntu repository (cuda-toolkit-X-Y, never cuda or cuda-drivers).",
     "The meta-packages cuda and cuda-drivers pull in a Linux driver.",
     {NVIDIA_WSL}},
    {"containers.docker-desktop",
     "containers",
     "info-warning",
     "Docker Desktop shares the VM",
     "Docker Desktop's WSL integration and its settings.",
     "Its containers take memory from the same VM as your models; its Resource Saver has been "
     "reported to freeze under cgroup v2.",
     "What was found of Docker Desktop.",
     "Turn Resource Saver off in Docker Desktop's settings; stop containers you do not need.",
     "Docker Desktop then keeps its VM running while idle.",
     {"https://docs.docker.com/desktop/use-desktop/resource-saver/",
      "https://github.com/docker/for-win/issues/14656", WSL_ISSUE "11066"}},
    {"containers.podman-machine-memory",
     "containers",
     "info",
     "a Podman machine's --memory",
     "Podman machines running as WSL distributions.",
     "WSL ignores a Podman machine's --memory: it shares the whole VM's limit.",
     "The machine and the memory it asked for.",
     "Limit memory for all of WSL with memory= under [wsl2] in .wslconfig.",
     "That limit applies to every distribution.",
     {"https://github.com/containers/podman/issues/20175",
      "https://github.com/containers/podman/issues/19443"}},
    {"disk.host-low",
     "disk",
     "warning-critical",
     "the Windows drive under WSL's virtual disk is nearly full",
     "The free space of the drive that holds each WSL2 distribution's ext4.vhdx (the helper: "
     "BasePath from HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss, "
     "GetDiskFreeSpaceEx on it): a warning under 10 GiB available, critical under 2 GiB.",
     "Every write inside WSL can grow ext4.vhdx, and that growth lands on the Windows drive, "
     "not on the 1 TB that df shows inside. A model download alone is 4-9 GB (a 7-8B GGUF at "
     "Q4-Q8). When the drive is full the guest's writes fail (ext4 errors, possible data loss) "
     "and WSL is reported not to start again until space is freed. The thresholds are bytes, "
     "not a percentage: what fails is the next write, whatever the drive's size.",
     "The drive's available and total space, the virtual disks on it with what they take, and "
     "what df inside reports, for comparison.",
     "Free space on the drive (Storage settings, the leftover swap disks of disk.swap-orphans); "
     "compact the virtual disk with headroom windows script --compact, written into the Windows "
     "profile and run as administrator.",
     "Compacting stops WSL (wsl --shutdown) for the minutes it takes; deleting files on Windows "
     "is up to you.",
     {WSL_ISSUE "6986", WSL_ISSUE "8275", WSL_ISSUE "14120"}},
    {"disk.vhdx-bloat",
     "disk",
     "info-warning",
     "the virtual disk takes far more on the drive than it holds",
     "ext4.vhdx's size on the Windows drive (GetCompressedFileSizeW, else its size) against the "
     "space used inside (statfs of /, as df counts it), for the distribution headroom runs in: "
     "reported when the difference is at least 10 GiB and a quarter of the file; a warning when "
     "the drive has less available than that difference.",
     "The virtual disk grows as files are written and does not shrink when they are deleted: "
     "a model tried and removed stays on the Windows drive. The difference is an estimate of "
     "what compacting gives back: it returns the blocks ext4 no longer uses once they are "
     "trimmed, less the disk's own metadata.",
     "The disk on the drive, the used space inside, the estimate, and the drive's free space.",
     "Trim inside (sudo fstrim -v /), then compact with headroom windows script --compact: it "
     "asks, runs wsl --shutdown, compacts (Optimize-VHD -Mode Full with the Hyper-V module, "
     "else diskpart's compact vdisk), reads the size back and restarts nothing.",
     "WSL is stopped while it runs; Docker Desktop must be quit first (it restarts its "
     "distributions). Nothing inside the disk changes.",
     {WSL_ISSUE "4699", WSL_ISSUE "8695",
      "https://learn.microsoft.com/en-us/powershell/module/hyper-v/optimize-vhd",
      "https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/"
      "compact-vdisk"}},
    {"disk.swap-orphans",
     "disk",
     "info-warning",
     "swap disks left in the temp folder",
     "swap.vhdx files in %LOCALAPPDATA%\\Temp\\<VM GUID>\\ (where WSL creates its swap disk "
     "when no swapFile is set) and a bare swap.vhdx there: the helper tries to open each for "
     "reading; one the running VM holds cannot be opened and is left out. A warning from 1 "
     "GiB.",
     "WSL deletes a VM's swap disk, and its folder, when the VM stops; a VM that did not stop "
     "that way leaves them behind, and every one takes space on the Windows drive. WSL's "
     "maintainers call them safe to delete.",
     "Each leftover with its size and when it was last written; how many are attached to the "
     "running VM.",
     "Delete them (the Remove-Item lines; each names a folder by its GUID).",
     "None for a disk no VM uses; the running VM's is never listed.",
     {"https://github.com/microsoft/WSL/blob/3e27a6a50177ce4e32e72f7b957aef5db5768062/src/"
      "windows/service/exe/WslCoreVm.cpp",
      WSL_ISSUE "10941"}},
};

const size_t explain_doctor_count = sizeof(explain_doctor_pages) / sizeof(explain_doctor_pages[0]);
