#include "util/run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static int spawn_piped(const struct run_spec *spec, int po[2], int pe[2], pid_t *pid)
{
    if (pipe2(po, O_CLOEXEC) < 0)
        return -errno;
    if (pipe2(pe, O_CLOEXEC) < 0) {
        int e = -errno;
        close(po[0]);
        close(po[1]);
        return e;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    if (spec->cwd)
        posix_spawn_file_actions_addchdir_np(&fa, spec->cwd);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    int e =
        posix_spawn(pid, spec->argv[0], &fa, &at, spec->argv, spec->envp ? spec->envp : environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(po[1]);
    close(pe[1]);
    if (e != 0) {
        close(po[0]);
        close(pe[0]);
        return -e;
    }
    return 0;
}

static void first_line(const char *buf, size_t len, char *ret, size_t n)
{
    size_t i = 0;
    while (i < len && (buf[i] == '\n' || buf[i] == '\r' || buf[i] == ' '))
        i++;
    size_t l = 0;
    while (i + l < len && buf[i + l] != '\n' && buf[i + l] != '\r')
        l++;
    if (l >= n)
        l = n - 1;
    memcpy(ret, buf + i, l);
    ret[l] = '\0';
}

int run_program(const struct run_spec *spec, struct strbuf *out, struct run_result *res)
{
    res->status = -1;
    res->err_line[0] = '\0';
    int po[2], pe[2];
    pid_t pid;
    int rc = spawn_piped(spec, po, pe, &pid);
    if (rc < 0)
        return rc;
    char ebuf[512];
    size_t elen = 0;
    uint64_t start = now_ms();
    /* The answer is complete once the child has exited and the pipes are
     * drained: a daemon it started (wineserver under Wine, a Windows process
     * behind interop) may hold the pipes open for seconds more, so EOF is not
     * waited for after that. A pidfd says when the child exits; without one,
     * look every 20 ms. */
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    struct pollfd p[3] = {{.fd = po[0], .events = POLLIN},
                          {.fd = pe[0], .events = POLLIN},
                          {.fd = pidfd, .events = POLLIN}};
    int open_fds = 2, status = 0;
    bool exited = false;
    while (open_fds > 0 && rc == 0) {
        uint64_t el = now_ms() - start;
        if (el >= spec->timeout_ms) {
            rc = -ETIMEDOUT;
            break;
        }
        int slice = (int)(spec->timeout_ms - el);
        if (pidfd < 0 && slice > 20)
            slice = 20;
        int k = poll(p, 3, slice);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = -errno;
            break;
        }
        if (!exited && (pidfd < 0 || (p[2].revents & POLLIN)) &&
            waitpid(pid, &status, WNOHANG) == pid) {
            exited = true;
            for (int i = 0; i < 2; i++)
                if (p[i].fd >= 0) {
                    fcntl(p[i].fd, F_SETFL, fcntl(p[i].fd, F_GETFL) | O_NONBLOCK);
                    p[i].revents = POLLIN;
                }
        }
        for (int i = 0; i < 2 && rc == 0; i++) {
            if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            for (;;) { /* once exited: everything left; before: one read */
                char buf[16384];
                ssize_t n = read(p[i].fd, buf, sizeof(buf));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0) { /* EOF, an error, or (once exited) drained */
                    close(p[i].fd);
                    p[i].fd = -1;
                    open_fds--;
                    break;
                }
                if (i == 0) {
                    size_t room = out->len < spec->cap ? spec->cap - out->len : 0;
                    if ((size_t)n > room && spec->cap_is_error) {
                        rc = -EFBIG;
                        break;
                    }
                    strbuf_add(out, buf, (size_t)n < room ? (size_t)n : room);
                } else if (elen < sizeof(ebuf)) {
                    size_t take = (size_t)n < sizeof(ebuf) - elen ? (size_t)n : sizeof(ebuf) - elen;
                    memcpy(ebuf + elen, buf, take);
                    elen += take;
                }
                if (!exited)
                    break;
            }
        }
    }
    for (int i = 0; i < 2; i++)
        if (p[i].fd >= 0)
            close(p[i].fd);
    if (pidfd >= 0)
        close(pidfd);
    if (!exited) {
        if (rc < 0)
            kill(-pid, SIGKILL); /* the group: a wrapper's children too */
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    first_line(ebuf, elen, res->err_line, sizeof(res->err_line));
    res->status = WIFEXITED(status) ? WEXITSTATUS(status)
                                    : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return rc;
}

int run_capture(char *const argv[], const char *cwd, int timeout_ms, size_t cap, struct strbuf *out)
{
    struct run_spec spec = {.argv = argv,
                            .cwd = cwd,
                            .timeout_ms = timeout_ms > 0 ? (unsigned)timeout_ms : 0,
                            .cap = cap};
    struct run_result res;
    int rc = run_program(&spec, out, &res);
    return rc < 0 ? rc : res.status;
}
