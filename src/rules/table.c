/* Every doctor rule, in the order of the value of fixing it: within a
 * severity, findings are listed in this order (areas grouped). Ids are
 * stable: users grep and suppress them. */
#include "rules/rules.h"

const struct rule rules_table[] = {
    {"wsl.not-wsl", "wsl", "is this WSL2 at all (kernel release, interop, /run/WSL)",
     "microsoft/WSL src/linux/init/util.cpp (WSL1 = capital-M Microsoft)", check_wsl_not_wsl},
    {"wsl.swap-missing", "wsl", "WSL2 runs with no swap area",
     "microsoft/WSL#5476; research/wsl.md §1 (swap defaults to memory/4)", check_wsl_swap_missing},
    {"wsl.old-version", "wsl", "WSL older than 2.1.3, where autoMemoryReclaim is not the default",
     "microsoft/WSL#4166 (default dropCache from 2.1.3); research/wsl.md §3",
     check_wsl_old_version},
    {"mem.low-available", "mem", "MemAvailable under 10 % of MemTotal (5 %: critical)", NULL,
     check_mem_low_available},
    {"mem.pressure", "mem", "PSI memory stalls: some avg60 ≥ 10 %, full avg60 ≥ 5 % (critical)",
     "Documentation/accounting/psi.rst", check_mem_pressure},
    {"mem.cache-held", "mem", "page cache no process maps, held by Vmmem (≥ 1 GiB and ≥ 20 %)",
     "research/memory.md §2; microsoft/WSL#4166", check_mem_cache_held},
    {"mem.mapped-model", "mem", "an inference process's memory-mapped weights in the page cache",
     "research/memory.md §6", check_mem_mapped_model},
    {"mem.psi-unavailable", "mem", "PSI switched off, so pressure cannot be seen",
     "microsoft/WSL#11147", check_mem_psi_unavailable},
    {"gpu.driver-in-guest", "gpu", "a Linux NVIDIA driver or libcuda inside the guest",
     "NVIDIA CUDA on WSL User Guide: install the driver on Windows only",
     check_gpu_driver_in_guest},
    {"gpu.no-dxg", "gpu", "/dev/dxg, the paravirtualized GPU, is missing",
     "microsoft/WSL src/linux/init/WSLCInit.cpp (/dev/dxg)", check_gpu_no_dxg},
    {"gpu.ld-conf", "gpu", "/etc/ld.so.conf.d/ld.wsl.conf missing or not naming /usr/lib/wsl/lib",
     "microsoft/WSL src/linux/init/config.cpp (automount.ldconfig)", check_gpu_ld_conf},
    {"gpu.nvidia-smi-path", "gpu", "WSL's nvidia-smi shadowed or not on PATH",
     "the seed guide (export PATH=/usr/lib/wsl/lib:$PATH); microsoft/WSL config.cpp "
     "(gpu.appendLibPath)",
     check_gpu_nvidia_smi_path},
    {"gpu.libcuda-missing", "gpu", "no libcuda.so from the Windows driver in /usr/lib/wsl/lib",
     "research/wsl.md §5", check_gpu_libcuda_missing},
    {"gpu.cuda-toolkit", "gpu", "which CUDA toolkit is installed, if any",
     "NVIDIA CUDA on WSL User Guide (cuda-toolkit-X-Y only)", check_gpu_cuda_toolkit},
    {"audio.wslg-missing", "audio", "WSLg's PulseAudio socket /mnt/wslg/PulseServer is missing",
     "microsoft/wslg; research/wsl.md §5", check_audio_wslg_missing},
    {"audio.pipewire-conflict", "audio", "PipeWire/PulseAudio running or enabled beside WSLg",
     "microsoft/wslg#1220; microsoft/WSL#13528", check_audio_pipewire_conflict},
    {"audio.pulse-server-env", "audio", "PULSE_SERVER not pointing at WSLg's server",
     "microsoft/WSL src/linux/init/config.cpp (WSLg environment)", check_audio_pulse_server_env},
    {"containers.docker-desktop", "containers", "Docker Desktop sharing the VM's memory",
     "Docker docs: resource-saver.md; docker/for-win#14656; microsoft/WSL#11066",
     check_containers_docker_desktop},
    {"containers.podman-machine-memory", "containers",
     "a Podman machine, whose --memory WSL ignores", "containers/podman#20175, #19443",
     check_containers_podman_machine},
};

const size_t rules_count = sizeof(rules_table) / sizeof(rules_table[0]);
