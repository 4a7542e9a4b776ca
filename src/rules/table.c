/* Every doctor rule, in the order of the value of fixing it: within a
 * severity, findings are listed in this order (areas grouped). Ids are
 * stable: users grep and suppress them. */
#include "rules/model.h"
#include "rules/rules.h"

const struct rule rules_table[] = {
    {"wsl.not-wsl", "wsl", "is this WSL2 at all (kernel release, interop, /run/WSL)",
     "microsoft/WSL src/linux/init/util.cpp @3e27a6a (WSL1 = capital-M Microsoft)",
     check_wsl_not_wsl},
    {"wsl.no-wslconfig", "wsl",
     "no .wslconfig: WSL takes half the host's RAM and a quarter of that as swap",
     "Microsoft Learn, Advanced settings configuration in WSL (.wslconfig defaults): "
     "https://learn.microsoft.com/en-us/windows/wsl/wsl-config",
     check_wsl_no_wslconfig},
    {"wsl.limits-not-applied", "wsl",
     "the .wslconfig's memory/processors/swap differ from what the VM has (not restarted)",
     "Microsoft Learn, Advanced settings configuration in WSL (the 8-second rule, wsl "
     "--shutdown): https://learn.microsoft.com/en-us/windows/wsl/wsl-config",
     check_wsl_limits_not_applied},
    {"wsl.swap-missing", "wsl", "WSL2 runs with no swap area",
     "microsoft/WSL#5476; Microsoft Learn, Advanced settings configuration in WSL (swap: 25 % "
     "of memory): https://learn.microsoft.com/en-us/windows/wsl/wsl-config",
     check_wsl_swap_missing},
    {"wsl.old-version", "wsl", "WSL older than 2.1.3, where autoMemoryReclaim is not the default",
     "microsoft/WSL#4166 (default dropCache from 2.1.3); "
     "https://github.com/microsoft/WSL/releases/tag/2.1.3",
     check_wsl_old_version},
    {"wsl.systemd-gradual", "wsl",
     "autoMemoryReclaim=gradual with systemd, Docker Desktop or WSLg (reported hangs)",
     "microsoft/WSL#10675, #13542", check_wsl_systemd_gradual},
    {"wslconfig.lint", "config",
     "every config lint finding on the .wslconfig in use and /etc/wsl.conf, under its own id",
     "microsoft/WSL src/shared/configfile/configfile.cpp @3e27a6a (how WSL reads them)",
     check_config_lint},
    {"mem.oom-killed", "mem",
     "a process the kernel's OOM killer killed: its RSS and the limit it hit (kernel log)",
     "torvalds/linux mm/oom_kill.c (the kill report: __oom_kill_process, dump_oom_summary); "
     "Linux Documentation/admin-guide/cgroup-v2.rst (memory.max): "
     "https://docs.kernel.org/admin-guide/cgroup-v2.html",
     check_mem_oom_killed},
    {"mem.low-available", "mem", "MemAvailable under 10 % of MemTotal (5 %: critical)",
     "Linux Documentation/filesystems/proc.rst (MemAvailable: an estimate of what can be started "
     "without swapping): https://docs.kernel.org/filesystems/proc.html",
     check_mem_low_available},
    {"mem.pressure", "mem", "PSI memory stalls: some avg60 ≥ 10 %, full avg60 ≥ 5 % (critical)",
     "Linux Documentation/accounting/psi.rst: https://docs.kernel.org/accounting/psi.html",
     check_mem_pressure},
    {"mem.cache-held", "mem", "page cache no process maps, held by Vmmem (≥ 1 GiB and ≥ 20 %)",
     "microsoft/WSL#4166; Linux Documentation/admin-guide/sysctl/vm.rst (drop_caches): "
     "https://docs.kernel.org/admin-guide/sysctl/vm.html",
     check_mem_cache_held},
    {"mem.mapped-model", "mem", "an inference process's memory-mapped weights in the page cache",
     "ggml-org/llama.cpp src/llama-mmap.cpp (weights are mapped from the file)",
     check_mem_mapped_model},
    {"mem.psi-unavailable", "mem", "PSI switched off, so pressure cannot be seen",
     "microsoft/WSL#11147 (the default kernel built without CONFIG_PSI)",
     check_mem_psi_unavailable},
    {"inference.ollama-verdict", "inference",
     "Ollama's last load decision from its server log: a refusal or a partial GPU offload, "
     "the input that is off and the one change",
     "ollama/ollama llm/server.go and llm/memory.go @ef7d26ba2cd52a5295620067ab9abd9c0055a558",
     check_inference_ollama_verdict},
    {"inference.duplicate-server", "inference",
     "an inference server on Windows (Ollama, LM Studio) beside one in WSL or answering "
     "Ollama's address there",
     "ollama/ollama#5008, #7803; Microsoft Learn, Accessing network applications with WSL: "
     "https://learn.microsoft.com/en-us/windows/wsl/networking",
     check_inference_duplicate_server},
    {"model.on-drvfs", "model",
     "a model a running inference process uses lives on a Windows drive (9p/drvfs): slow, "
     "and copied into memory instead of mapped",
     MODEL_DRVFS_SOURCE, check_model_on_drvfs},
    {"model.duplicates", "model",
     "the same model in several stores (Ollama's sha256 blob names; else size and first MiB), "
     "the space each file system wastes, and a plan of hard links",
     "ollama/ollama server/modelpath.go @f4d852dca871646322c2976beb771be4dd8c44ac "
     "(GetBlobsPath: a blob is named by its sha256 digest); GNU coreutils manual, ln "
     "invocation: https://www.gnu.org/software/coreutils/manual/html_node/ln-invocation.html",
     check_model_duplicates},
    {"windows.dosvc", "windows", "Delivery Optimization's measured memory (a leak is reported)",
     "privacy.sexy src/application/collections/windows.yaml (DoSvc): "
     "https://github.com/undergroundwires/privacy.sexy",
     check_windows_dosvc},
    {"windows.ndu", "windows", "a Killer/MSI adapter with the Ndu driver enabled",
     "https://woshub.com/huge-memory-usage-non-paged-pool-windows/ (third-party: Ndu and "
     "Killer/MSI adapters)",
     check_windows_ndu},
    {"windows.service-memory", "windows",
     "catalogued services and Widgets, with their measured memory",
     "each item's own source (headroom windows status lists them)", check_windows_service_memory},
    {"windows.host-ram", "windows", "the host's RAM and what is available of it",
     "Microsoft Learn, Advanced settings configuration in WSL (memory: 50 % of the host's by "
     "default): https://learn.microsoft.com/en-us/windows/wsl/wsl-config",
     check_windows_host_ram},
    {"windows.commit-headroom", "windows",
     "the Windows commit limit against what the VM may still take (its memory= less what is "
     "resident) plus 1 GiB",
     "microsoft/WSL#5231; Microsoft Learn, Introduction to the page file: "
     "https://learn.microsoft.com/en-us/troubleshoot/windows-client/performance/"
     "introduction-to-the-page-file",
     check_windows_commit_headroom},
    {"gpu.driver-in-guest", "gpu", "a Linux NVIDIA driver or libcuda inside the guest",
     "NVIDIA CUDA on WSL User Guide (install the driver on Windows only): "
     "https://docs.nvidia.com/cuda/wsl-user-guide/index.html",
     check_gpu_driver_in_guest},
    {"gpu.no-dxg", "gpu", "/dev/dxg, the paravirtualized GPU, is missing",
     "NVIDIA CUDA on WSL User Guide (the GPU reaches WSL through dxgkrnl as /dev/dxg): "
     "https://docs.nvidia.com/cuda/wsl-user-guide/index.html",
     check_gpu_no_dxg},
    {"gpu.ld-conf", "gpu", "/etc/ld.so.conf.d/ld.wsl.conf missing or not naming /usr/lib/wsl/lib",
     "microsoft/WSL src/linux/init/config.cpp @3e27a6a (automount.ldconfig)", check_gpu_ld_conf},
    {"gpu.nvidia-smi-path", "gpu", "WSL's nvidia-smi shadowed or not on PATH",
     "microsoft/WSL src/linux/init/config.cpp @3e27a6a (gpu.appendLibPath puts /usr/lib/wsl/lib on "
     "PATH)",
     check_gpu_nvidia_smi_path},
    {"gpu.libcuda-missing", "gpu", "no libcuda.so from the Windows driver in /usr/lib/wsl/lib",
     "NVIDIA CUDA on WSL User Guide (libcuda.so comes from the Windows driver): "
     "https://docs.nvidia.com/cuda/wsl-user-guide/index.html",
     check_gpu_libcuda_missing},
    {"gpu.vram", "gpu", "the GPU's memory through NVML (dlopen of libnvidia-ml.so.1)",
     "NVML API Reference, nvmlDeviceGetMemoryInfo: https://docs.nvidia.com/deploy/nvml-api/",
     check_gpu_vram},
    {"gpu.vram-held-by-windows", "gpu",
     "Windows apps holding dedicated GPU memory (the helper's PDH GPU Process Memory counters)",
     "Microsoft DirectX Developer Blog, GPUs in the Task Manager: "
     "https://devblogs.microsoft.com/directx/gpus-in-the-task-manager/; XuehaiPan/nvitop#55 "
     "(no per-process use from NVML under WDDM); microsoft/WSL#11050 (no sysmem fallback)",
     check_gpu_vram_held_by_windows},
    {"gpu.cudnn-missing", "gpu",
     "CTranslate2 (faster-whisper) without the cuDNN and cuBLAS it loads, or with them where "
     "the loader does not look",
     "SYSTRAN/faster-whisper README (GPU): https://github.com/SYSTRAN/faster-whisper; "
     "SYSTRAN/faster-whisper#516",
     check_gpu_cudnn_missing},
    {"gpu.torch-cpu-only", "gpu",
     "a CPU-only PyTorch wheel (torch/version.py: cuda None) in a Python environment of a "
     "machine with an NVIDIA GPU",
     "PyTorch, Start Locally (the CUDA builds' --index-url): "
     "https://pytorch.org/get-started/locally/; pytorch/pytorch tools/generate_torch_version.py",
     check_gpu_torch_cpu_only},
    {"gpu.torch-cuda-newer-than-driver", "gpu",
     "a PyTorch wheel built for a newer CUDA than the driver supports "
     "(nvmlSystemGetCudaDriverVersion)",
     "NVIDIA, CUDA Compatibility: https://docs.nvidia.com/deploy/cuda-compatibility/",
     check_gpu_torch_cuda_newer_than_driver},
    {"gpu.onnxruntime-no-cuda", "gpu",
     "ONNX Runtime without its CUDA execution provider (the CPU package, or both packages) on "
     "a machine with an NVIDIA GPU",
     "ONNX Runtime, Install: https://onnxruntime.ai/docs/install/", check_gpu_onnxruntime_no_cuda},
    {"gpu.cuda-toolkit", "gpu", "which CUDA toolkit is installed, if any",
     "NVIDIA CUDA on WSL User Guide (cuda-toolkit-X-Y only): "
     "https://docs.nvidia.com/cuda/wsl-user-guide/index.html",
     check_gpu_cuda_toolkit},
    {"audio.wslg-missing", "audio", "WSLg's PulseAudio socket /mnt/wslg/PulseServer is missing",
     "microsoft/wslg README (audio): https://github.com/microsoft/wslg", check_audio_wslg_missing},
    {"audio.pipewire-conflict", "audio", "PipeWire/PulseAudio running or enabled beside WSLg",
     "microsoft/wslg#1220; microsoft/WSL#13528", check_audio_pipewire_conflict},
    {"audio.pulse-server-env", "audio", "PULSE_SERVER not pointing at WSLg's server",
     "microsoft/WSL src/linux/init/config.cpp @3e27a6a (WSLg environment)",
     check_audio_pulse_server_env},
    {"audio.tools-missing", "audio", "the sound test tools and ALSA's PulseAudio plugin",
     "Debian packages: https://packages.debian.org/bookworm/pulseaudio-utils, "
     "https://packages.debian.org/bookworm/alsa-utils, "
     "https://packages.debian.org/bookworm/libasound2-plugins",
     check_audio_tools_missing},
    {"audio.alsa-not-routed", "audio", "ALSA's default device is not PulseAudio's plugin",
     "alsa-plugins doc/pulse.txt: "
     "https://github.com/alsa-project/alsa-plugins/blob/master/doc/pulse.txt; alsa-lib "
     "configuration files: https://www.alsa-project.org/alsa-doc/alsa-lib/conf.html",
     check_audio_alsa_not_routed},
    {"audio.mic-denied", "audio",
     "Windows denies apps or desktop apps the microphone (the consent the helper reads from "
     "HKCU\\...\\ConsentStore\\microphone)",
     "Microsoft Learn, Launch Windows Settings (ms-settings:privacy-microphone): "
     "https://learn.microsoft.com/en-us/windows/apps/develop/launch/launch-settings",
     check_audio_mic_denied},
    {"containers.docker-desktop", "containers", "Docker Desktop sharing the VM's memory",
     "Docker docs, Resource Saver mode: "
     "https://docs.docker.com/desktop/use-desktop/resource-saver/; "
     "docker/for-win#14656; microsoft/WSL#11066, #12991",
     check_containers_docker_desktop},
    {"containers.podman-machine-memory", "containers",
     "a Podman machine, whose --memory WSL ignores", "containers/podman#20175, #19443",
     check_containers_podman_machine},
    {"disk.host-low", "disk",
     "the Windows drive holding a WSL virtual disk with under 10 GiB available (2 GiB: critical)",
     "microsoft/WSL#6986 (a full drive keeps WSL from starting); microsoft/WSL#8275",
     check_disk_host_low},
    {"disk.vhdx-bloat", "disk",
     "the distribution's ext4.vhdx at least 10 GiB and a quarter larger on the drive than what "
     "it holds (an estimate: on the drive − used inside)",
     "microsoft/WSL#4699, #8695; Microsoft Learn, Optimize-VHD: "
     "https://learn.microsoft.com/en-us/powershell/module/hyper-v/optimize-vhd",
     check_disk_vhdx_bloat},
    {"disk.swap-orphans", "disk",
     "swap.vhdx files in the temp folder that no running WSL VM has attached",
     "microsoft/WSL src/windows/service/exe/WslCoreVm.cpp @3e27a6a; microsoft/WSL#10941",
     check_disk_swap_orphans},
};

const size_t rules_count = sizeof(rules_table) / sizeof(rules_table[0]);

const struct rule_also_area rules_also_areas[] = {
    /* config lint's wslconfig.gradual-hazard, carried under this id */
    {"wsl.systemd-gradual", "config"},
};
const size_t rules_also_count = sizeof(rules_also_areas) / sizeof(rules_also_areas[0]);
