/* A Windows program that opens ARGV[1] for reading and writing without
 * sharing it (as the Hyper-V storage stack holds a VM's attached virtual
 * disks), creates the file ARGV[2] to say so, and waits ARGV[3] seconds
 * (default 60). Built by tests/cli/windows-wine-disk.sh, so that
 * headroom-win.exe meets a swap disk it cannot open: "in_use": true. */
#include <stdlib.h>
#include <windows.h>

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    HANDLE f = CreateFileA(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return 1;
    HANDLE ready =
        CreateFileA(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (ready != INVALID_HANDLE_VALUE)
        CloseHandle(ready);
    int s = argc > 3 ? atoi(argv[3]) : 60;
    Sleep((DWORD)(s > 0 && s < 3600 ? s : 60) * 1000);
    CloseHandle(f);
    return 0;
}
