/* map-hold FILE: maps FILE read-only, touches every page so that all of it is
 * resident in this process (RssFile), prints "ready" and waits until killed.
 * What a llama.cpp server holding a memory-mapped model looks like to /proc,
 * for the benchmark of status's cost with a large mapping resident. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: map-hold FILE\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0) {
        perror(argv[1]);
        return 1;
    }
    size_t len = (size_t)st.st_size;
    const volatile unsigned char *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    long page = sysconf(_SC_PAGESIZE);
    unsigned sum = 0;
    for (size_t off = 0; off < len; off += (size_t)page)
        sum += p[off];
    printf("ready %u\n", sum);
    fflush(stdout);
    for (;;)
        pause();
}
