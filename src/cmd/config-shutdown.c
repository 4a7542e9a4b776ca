/* After `config apply` wrote the .wslconfig: WSL reads it only when its VM
 * starts, so on a live WSL machine offer to run `wsl.exe --shutdown` (asked
 * on a terminal; --yes runs it without asking; stdin not a terminal: never
 * asked, the command is printed). Under --root, or where no wsl.exe can be
 * run, the reminder says what to run on Windows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/config.h"
#include "util/interop.h"
#include "util/run.h"
#include "util/strbuf.h"

/* wsl.exe on the live machine: where WSL mounts C: by default, else on PATH
 * (WSL appends the Windows PATH unless interop.appendWindowsPath=false);
 * only when Windows interop is registered (without it no .exe runs). */
static bool find_wsl_exe(const struct ctx *ctx, char *buf, size_t n)
{
#ifdef HEADROOM_TEST_HOOKS
    /* build/headroom-faults only: a stand-in for wsl.exe off WSL */
    const char *fake = getenv("HEADROOM_TEST_WSL_EXE");
    if (fake && *fake) {
        snprintf(buf, n, "%s", fake);
        return true;
    }
#endif
    if (!ctx->root->live || !wsl_interop_registered(ctx->root))
        return false;
    static const char *const fixed[] = {"/mnt/c/Windows/System32/wsl.exe",
                                        "/mnt/c/WINDOWS/system32/wsl.exe"};
    for (size_t i = 0; i < 2; i++)
        if (access(fixed[i], X_OK) == 0) {
            snprintf(buf, n, "%s", fixed[i]);
            return true;
        }
    for (const char *p = getenv("PATH"); p && *p;) {
        size_t len = strcspn(p, ":");
        if (len && p[0] == '/' && len + 9 < n) {
            snprintf(buf, n, "%.*s/wsl.exe", (int)len, p);
            if (access(buf, X_OK) == 0)
                return true;
        }
        p += len + (p[len] == ':');
    }
    return false;
}

static int run_shutdown(const struct ctx *ctx, char *exe)
{
    fputs("running wsl.exe --shutdown: WSL stops now, this shell with it; the next WSL window "
          "starts it with the new settings\n",
          ctx->out);
    /* what was printed must be out before the VM (and this process) stops */
    fflush(ctx->out);
    fflush(stderr);
    char *argv[] = {exe, (char *)"--shutdown", NULL};
    struct run_spec spec = {.argv = argv, .timeout_ms = 60000, .cap = 4096};
    struct strbuf out = STRBUF_INIT;
    struct run_result res;
    int r = run_program(&spec, &out, &res);
    strbuf_release(&out);
    if (r < 0)
        return cli_error(ctx, EXIT_SYSTEM,
                         "wsl.exe --shutdown: %s (the file is written; run it "
                         "from Windows)",
                         r == -ETIMEDOUT ? "no answer in 60 s" : strerror(-r));
    if (res.status != 0)
        return cli_error(ctx, EXIT_SYSTEM,
                         "wsl.exe --shutdown exited with %d%s%s (the file is "
                         "written; run it from Windows)",
                         res.status, res.err_line[0] ? ": " : "", res.err_line);
    return EXIT_OK;
}

/* y or yes (any case), after blanks; anything else (an empty line, end of
 * input) is no */
static bool answer_yes(const char *line)
{
    line += strspn(line, " \t");
    size_t n = strcspn(line, " \t\r\n");
    return (n == 1 && (line[0] == 'y' || line[0] == 'Y')) ||
           (n == 3 && strncasecmp(line, "yes", 3) == 0);
}

int config_offer_shutdown(struct ctx *ctx, bool yes)
{
    char exe[1024];
    if (!find_wsl_exe(ctx, exe, sizeof(exe))) {
        if (!ctx->json)
            fprintf(ctx->out, "%s\n", config_reminder);
        return EXIT_OK;
    }
    if (yes)
        return run_shutdown(ctx, exe);
    if (ctx->json)
        return EXIT_OK; /* "next_step" says it; a script answers nothing */
    if (!isatty(STDIN_FILENO)) {
        fprintf(ctx->out, "WSL applies it when its VM starts again; this stops every WSL window:\n"
                          "$ wsl.exe --shutdown\n");
        return EXIT_OK;
    }
    fputs("WSL applies it when its VM starts again. Run wsl.exe --shutdown now? It stops every "
          "WSL window, this shell too [y/N] ",
          stderr);
    fflush(ctx->out);
    fflush(stderr);
    char line[64] = "";
    if (fgets(line, sizeof(line), stdin) && answer_yes(line))
        return run_shutdown(ctx, exe);
    fprintf(ctx->out, "not run; to apply it later:\n$ wsl.exe --shutdown\n");
    return EXIT_OK;
}
