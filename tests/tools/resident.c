/* resident: how many bytes of each FILE are in the page cache, by mincore(2)
 * over a read-only mapping (mapping faults nothing in, so measuring does not
 * change what it measures). One line per file: BYTES_RESIDENT BYTES_SIZE. The
 * live reclaim tests use it for the file they cached, before and after.
 *
 *   resident FILE... */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int measure(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "resident: %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    long page = sysconf(_SC_PAGESIZE);
    size_t len = (size_t)st.st_size, pages = (len + (size_t)page - 1) / (size_t)page;
    unsigned long long resident = 0;
    if (len) {
        void *map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
        unsigned char *vec = map == MAP_FAILED ? NULL : malloc(pages);
        if (!vec || mincore(map, len, vec) != 0) {
            fprintf(stderr, "resident: %s: %s\n", path, strerror(errno ? errno : ENOMEM));
            if (map != MAP_FAILED)
                munmap(map, len);
            free(vec);
            close(fd);
            return -1;
        }
        for (size_t i = 0; i < pages; i++)
            resident += vec[i] & 1;
        resident *= (unsigned long long)page;
        if (resident > len)
            resident = len; /* the last page is partly past the end */
        free(vec);
        munmap(map, len);
    }
    close(fd);
    printf("%llu %llu\n", resident, (unsigned long long)len);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: resident FILE...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (measure(argv[i]) != 0)
            rc = 1;
    return rc;
}
