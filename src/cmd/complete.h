/* `headroom __complete WHAT [--root DIR]`: what the shell completions
 * (completions/headroom.bash, completions/_headroom) call at completion time
 * for the candidates no table holds. Not a command of the table (help, man
 * pages and completions do not list it). */
#ifndef HEADROOM_CMD_COMPLETE_H
#define HEADROOM_CMD_COMPLETE_H

/* argv after "__complete". "models": the model names in the stores (Ollama,
 * the Hugging Face cache, LM Studio) of the root, one a line, as `fit`
 * accepts them. Quiet: nothing on stderr, status 0 when the stores cannot be
 * read (nothing to offer); 2 for a WHAT it does not know. */
int complete_main(int argc, char **argv);

#endif
