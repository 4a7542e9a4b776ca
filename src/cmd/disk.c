/* headroom disk trim: fstrim -v on one mounted file system, with its figures
 * (statfs, as `status` reads them) before and after. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/act.h"
#include "cmd/cmds.h"
#include "disk/trim.h"
#include "out/json.h"
#include "out/machine-json.h"
#include "out/text.h"
#include "util/sanitize.h"
#include "util/shell-word.h"
#include "util/size.h"

static bool arg_dry_run;

static const struct opt disk_opts[] = {
    {"dry-run", 'n', OPT_FLAG, &arg_dry_run, NULL,
     "say what would be run and show the figures; trim nothing"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static void print_fs_line(FILE *f, const char *label, const struct disk_fs *fs)
{
    fprintf(f, "  %-7s used %s of %s · %s available\n", label, size_str(disk_fs_used(fs)),
            size_str(disk_fs_size(fs)), size_str(disk_fs_available(fs)));
}

static void print_json(struct ctx *ctx, const char *fstrim, const char *path,
                       const struct disk_fs *before, const struct disk_trim_result *r)
{
    struct json j;
    json_init(&j, ctx->out);
    json_obj_begin(&j);
    json_kv_str(&j, "path", path);
    json_kv_bool(&j, "dry_run", r == NULL);
    json_key(&j, "command");
    json_arr_begin(&j);
    json_str(&j, fstrim);
    json_str(&j, "-v");
    json_str(&j, "--");
    json_str(&j, path);
    json_arr_end(&j);
    if (r)
        json_kv_u64(&j, "discarded", r->discarded);
    else
        json_kv_null(&j, "discarded");
    json_key(&j, "before");
    machine_json_disk_fs(&j, before);
    json_key(&j, "after");
    if (r)
        machine_json_disk_fs(&j, &r->after);
    else
        json_null(&j);
    json_obj_end(&j);
    json_finish(&j);
}

static int trim_failed(struct ctx *ctx, const char *shown, const char *type, int e,
                       const struct fstrim_said *said, const struct diag *d)
{
    char msg[256];
    text_sanitize(said->error, strlen(said->error), msg, sizeof(msg));
    if (e == -EOPNOTSUPP)
        return cli_error(ctx, EXIT_SYSTEM,
                         "%s (%s): the file system cannot discard (tmpfs, 9p and devices "
                         "without discard cannot); nothing done (%s)",
                         shown, type, msg);
    if (e == -EPERM)
        return cli_error(ctx, EXIT_SYSTEM,
                         "%s: not permitted (FITRIM needs CAP_SYS_ADMIN, which this process "
                         "lacks: a container?); nothing done (%s)",
                         shown, msg);
    if (e == -ETIMEDOUT)
        return cli_error(ctx, EXIT_SYSTEM, "%s: fstrim did not finish within %u s and was killed",
                         shown, DISK_TRIM_TIMEOUT_MS / 1000);
    if (e == -EBADMSG) {
        char where[400];
        diag_format(d, where, sizeof(where));
        return cli_error(ctx, EXIT_SYSTEM, "%s: fstrim's output did not parse: %s", shown, where);
    }
    if (e == -EIO)
        return cli_error(ctx, EXIT_SYSTEM, "%s: fstrim failed (exit %d): %s", shown, said->status,
                         msg);
    return cli_error(ctx, EXIT_SYSTEM, "%s: %s", shown, strerror(-e));
}

static int run_trim(struct ctx *ctx, int argc, char **argv)
{
    if (ctx->root_given)
        return cli_usage_error(ctx->cmd, "'disk trim' acts on this machine's mounted file "
                                         "systems; --root (a snapshot) has nothing to trim");
    const char *given = argc == 2 ? argv[1] : "/";
    char shown[512];
    text_sanitize(given, strlen(given), shown, sizeof(shown));
    /* absolute, so that fstrim never takes it for an option */
    char path[PATH_MAX];
    if (!realpath(given, path))
        return cli_usage_error(ctx->cmd, "%s: %s", shown, strerror(errno));
    text_sanitize(path, strlen(path), shown, sizeof(shown));
    struct stat sst;
    if (stat(path, &sst) == 0 && !S_ISDIR(sst.st_mode))
        return cli_usage_error(ctx->cmd, "%s: not a directory (give the mount point)", shown);
    struct disk_fs before;
    int e = disk_fs_stat_path(path, &before);
    if (e < 0)
        return cli_error(ctx, EXIT_SYSTEM, "%s: statfs: %s", shown, strerror(-e));
    const char *type = disk_fs_type_name(before.fs_type);
    if (!type)
        type = "file system";
    char fbuf[PATH_MAX];
    const char *fstrim = fstrim_find(fbuf, sizeof(fbuf));
    if (!fstrim)
        return cli_error(ctx, EXIT_SYSTEM,
                         "fstrim is not installed (Debian and Ubuntu: the util-linux package); "
                         "nothing done");
    char fshown[512];
    text_sanitize(fstrim, strlen(fstrim), fshown, sizeof(fshown));

    if (arg_dry_run) {
        if (ctx->json) {
            print_json(ctx, fstrim, path, &before, NULL);
            return EXIT_OK;
        }
        FILE *f = ctx->out;
        fprintf(f, "%s%s%s (%s): would run %s -v -- %s%s\n", tc(TC_BOLD), shown, tc(TC_RESET), type,
                fshown, shown, geteuid() == 0 ? "" : " (as root: sudo)");
        print_fs_line(f, "now", &before);
        return EXIT_OK;
    }
    struct strbuf sudo = STRBUF_INIT;
    strbuf_addstr(&sudo, "disk trim");
    if (argc == 2) {
        strbuf_addch(&sudo, ' ');
        if (!shell_word_add(&sudo, path))
            strbuf_addstr(&sudo, "MOUNTPOINT");
    }
    int st = act_check(ctx, false, "trimming (the FITRIM ioctl fstrim issues)", sudo.buf);
    strbuf_release(&sudo);
    if (st)
        return st;

    struct disk_trim_result r;
    struct fstrim_said said;
    struct diag d;
    diag_clear(&d);
    e = disk_trim(fstrim, path, &r, &said, &d);
    if (e < 0)
        return trim_failed(ctx, shown, type, e, &said, &d);
    if (ctx->json) {
        print_json(ctx, fstrim, path, &r.before, &r);
        return EXIT_OK;
    }
    FILE *f = ctx->out;
    fprintf(f, "%s%s%s (%s): %s (%llu bytes) discarded, as fstrim -v reports\n", tc(TC_BOLD), shown,
            tc(TC_RESET), type, size_str(r.discarded), (unsigned long long)r.discarded);
    print_fs_line(f, "before", &r.before);
    print_fs_line(f, "after", &r.after);
    fputs("Trimming frees nothing inside: it tells the disk below which blocks are free. In\n"
          "WSL2 that disk is the distro's ext4.vhdx, which gives the space back to the\n"
          "Windows drive only once it is compacted (or is a sparse VHD).\n",
          f);
    return EXIT_OK;
}

CLI_VALUES(sub_values, "disk subcommand", "trim");
/* The subcommands run_disk() dispatches on. */
static const char *const disk_subcommands[] = {"trim", NULL};

static const struct complete_spec disk_complete[] = {
    {NULL, "trim", COMPLETE_DIRS, NULL, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

static int run_disk(struct ctx *ctx, int argc, char **argv)
{
    if (strcmp(argv[0], "trim") == 0)
        return run_trim(ctx, argc, argv);
    char s[80], hint[80];
    return cli_usage_error(ctx->cmd, "'%s' is not a disk subcommand%s (one of: trim)",
                           text_sanitize(argv[0], strlen(argv[0]), s, sizeof(s)),
                           cli_did_you_mean(&sub_values, argv[0], hint, sizeof(hint)));
}

const struct command cmd_disk = {
    .name = "disk",
    .summary = "the disk: trim a file system so its free blocks reach the disk below",
    .usage = "disk trim [MOUNTPOINT] [--dry-run] [--json]",
    .description =
        "disk trim [MOUNTPOINT]\n"
        "  Runs fstrim -v on the file system mounted at MOUNTPOINT (default /): it tells\n"
        "  the device below which of the file system's blocks are free. Prints the bytes\n"
        "  fstrim reports trimmed and the file system's used and available space before\n"
        "  and after (statfs, as status reads them; trimming does not change them). In\n"
        "  WSL2 the discards reach the distro's ext4.vhdx: that file gives space back to\n"
        "  the Windows drive only when compacted (or when it is a sparse VHD). A second\n"
        "  trim soon after reports little: ext4 skips block groups trimmed since they\n"
        "  last changed. --dry-run shows the command and the figures and runs nothing.\n"
        "  Needs root (except --dry-run); acts on this machine only (not under --root).\n"
        "\n"
        "Examples:\n"
        "  sudo headroom disk trim\n"
        "  headroom disk trim --dry-run\n"
        "  sudo headroom disk trim /home --json | jq .discarded\n",
    .opts = disk_opts,
    .min_args = 1,
    .max_args = 2,
    .run = run_disk,
    .exit_status = "0 trimmed (or, with --dry-run, would run); 2 bad usage (no such path, not a\n"
                   "directory, --root); 3 not root, not permitted, no fstrim, the file system\n"
                   "cannot discard (tmpfs, 9p...), or fstrim failed: nothing done.",
    .subcommands = disk_subcommands,
    .complete = disk_complete,
    .wrap_lines = true,
};
