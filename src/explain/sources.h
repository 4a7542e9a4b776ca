/* Source URLs the explain pages share (src/explain/pages-*.c). */
#ifndef HEADROOM_EXPLAIN_SOURCES_H
#define HEADROOM_EXPLAIN_SOURCES_H

#define LEARN_CONFIG "https://learn.microsoft.com/en-us/windows/wsl/wsl-config"
#define WSL_ISSUE    "https://github.com/microsoft/WSL/issues/"
#define WSL_INIT_CONFIG                                                                            \
    "https://github.com/microsoft/WSL/blob/72faf8c4a09cce02d4704ef7a308e1c1aa11000b/src/linux/"    \
    "init/config.cpp"
#define NVIDIA_WSL "https://docs.nvidia.com/cuda/wsl-user-guide/index.html"

#endif
