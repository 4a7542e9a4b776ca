/* headroom __complete: candidates for the shell completions that come from
 * the machine rather than from a table (see complete.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd/complete.h"
#include "model/stores.h"
#include "util/rootfs.h"

/* A name the shell can take as one word and show as it is: no blank, no
 * control byte, no byte the shells treat specially, not an option. */
static bool word_safe(const char *s)
{
    if (!s[0] || s[0] == '-')
        return false;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c <= ' ' || *c == 0x7f || strchr("\"'\\`$;&|<>()*?[]{}!#~", *c))
            return false;
    return true;
}

static int complete_models(const char *root_path)
{
    const char *env_root = getenv("HEADROOM_ROOT");
    if (!root_path)
        root_path = env_root && *env_root ? env_root : "/";
    struct rootfs *root;
    if (rootfs_new(root_path, &root) < 0)
        return EXIT_OK;
    /* $HOME's stores only on the live machine, as fit resolves names */
    const char *home = root->live ? getenv("HOME") : NULL;
    struct model_list all = {0};
    stores_find_all(root, home, &all, NULL, NULL);
    for (size_t i = 0; i < all.n; i++)
        if (word_safe(all.v[i].name))
            printf("%s\n", all.v[i].name);
    model_list_release(&all);
    rootfs_free(root);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_SYSTEM;
}

int complete_main(int argc, char **argv)
{
    const char *what = argc > 0 ? argv[0] : "";
    const char *root = NULL;
    for (int i = 1; i + 1 < argc; i += 2)
        if (strcmp(argv[i], "--root") == 0)
            root = argv[i + 1];
    if (strcmp(what, "models") == 0)
        return complete_models(root);
    return EXIT_USAGE;
}
