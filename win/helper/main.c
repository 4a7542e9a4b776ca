/* headroom-win.exe — the Windows side of headroom. Run from WSL by
 * `headroom windows status` (and by `doctor`, `budget`, `snapshot`), it
 * prints one JSON document on stdout and exits 0. See helper.h. */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "helper.h"

int main(int argc, char **argv)
{
    if (argc > 1) {
        if (strcmp(argv[1], "--version") == 0) {
            printf("headroom-win %s\n", HELPER_VERSION);
            return 0;
        }
        fputs("usage: headroom-win.exe [--version]\n"
              "Prints one JSON document describing this Windows host (memory, services,\n"
              "adapters, the WSL VM's process) for headroom. Reads only; changes nothing.\n",
              argc > 1 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
        return strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    ULONGLONG t0 = GetTickCount64();
    struct procs ps;
    procs_collect(&ps);

    /* bytes as they are (no CRLF translation), in large blocks */
    _setmode(_fileno(stdout), _O_BINARY);
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
    struct json w;
    json_init(&w, stdout);
    json_obj_begin(&w);
    json_kv_str(&w, "format", "headroom-host/1");
    json_kv_str(&w, "source", "helper");
    json_kv_str(&w, "source_version", HELPER_VERSION);
    emit_os(&w);
    emit_memory(&w);
    emit_processes(&w, &ps);
    emit_services(&w, &ps);
    emit_ndu(&w);
    emit_adapters(&w);
    emit_profile(&w);
    emit_gpu_memory(&w, &ps);
    emit_pagefile(&w);
    emit_uptime(&w);
    emit_wsl_distros(&w);
    emit_wsl_swap(&w);
    emit_mic_consent(&w);
    json_kv_u64(&w, "elapsed_ms", (uint64_t)(GetTickCount64() - t0));
    json_obj_end(&w);
    json_finish(&w);
    procs_free(&ps);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 3;
}
