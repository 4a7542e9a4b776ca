/* A Windows program that only waits (ARGV[1] seconds, default 60): built as
 * ollama.exe by tests/cli/duplicate-server-live.sh, so that a real Windows
 * process of that name runs under Wine for headroom-win.exe to list. */
#include <stdlib.h>
#include <windows.h>

int main(int argc, char **argv)
{
    int s = argc > 1 ? atoi(argv[1]) : 60;
    Sleep((DWORD)(s > 0 && s < 3600 ? s : 60) * 1000);
    return 0;
}
