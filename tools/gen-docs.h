/* tools/gen-docs: the man pages (gen-docs.c) and the shell completions
 * (gen-completions.c), from the command table. */
#ifndef HEADROOM_TOOLS_GEN_DOCS_H
#define HEADROOM_TOOLS_GEN_DOCS_H

/* Write the bash / zsh completion to path; 0, or 1 with the error printed. */
int write_bash(const char *path);
int write_zsh(const char *path);

#endif
