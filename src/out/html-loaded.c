/* The report's "Models in memory": what Ollama has loaded or the files
 * processes map (src/loaded-models.c), as status and top show them. */
#include <string.h>

#include "out/html-parts.h"
#include "util/size.h"

void report_loaded_section(FILE *f, const struct report_model *r)
{
    const struct loaded_models *lm = r->loaded;
    if (!lm)
        return;
    fputs("<section id=\"loaded\"><h2>Models in memory</h2>\n", f);
    if (lm->source == LOADED_OLLAMA) {
        fprintf(f, "<p>%u loaded in Ollama (its <code>/api/ps</code>).</p>\n", lm->ps.total);
        fputs("<table class=\"stack\"><thead><tr><th>model</th><th class=\"n\">size</th>"
              "<th class=\"n\">on the GPU</th><th class=\"n\">context</th><th>unloads at</th>"
              "</tr></thead><tbody>\n",
              f);
        for (unsigned i = 0; i < lm->ps.n; i++) {
            const struct ollama_running *m = &lm->ps.models[i];
            fputs("<tr><td data-label=\"model\">", f);
            html_escape(f, m->name);
            fprintf(f, "</td><td class=\"n\" data-label=\"size\">%s</td>", size_str(m->size));
            fprintf(f, "<td class=\"n\" data-label=\"on the GPU\">%s</td>",
                    m->has_vram ? size_str(m->size_vram) : "–");
            if (m->context_length)
                fprintf(f, "<td class=\"n\" data-label=\"context\">%llu</td>",
                        (unsigned long long)m->context_length);
            else
                fputs("<td class=\"n\" data-label=\"context\">–</td>", f);
            fputs("<td data-label=\"unloads at\">", f);
            html_escape(f, m->expires_at[0] ? m->expires_at : "–");
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table></section>\n", f);
        return;
    }
    if (lm->source == LOADED_NONE) {
        fputs("<p>None: no process maps a model file; ", f);
        html_escape(f, lm->ollama_why);
        fputs(".</p></section>\n", f);
        return;
    }
    fputs("<table class=\"stack\"><thead><tr><th class=\"n\">PID</th><th>process</th>"
          "<th>file</th><th>architecture</th><th class=\"n\">file size</th>"
          "<th class=\"n\">resident file pages</th></tr></thead><tbody>\n",
          f);
    for (unsigned i = 0; i < lm->nprocs; i++) {
        const struct loaded_proc *p = &lm->procs[i];
        fprintf(f, "<tr><td class=\"n\" data-label=\"PID\">%d</td><td data-label=\"process\">",
                p->pid);
        html_escape(f, p->process);
        fputs("</td><td data-label=\"file\"><code>", f);
        html_escape(f, p->file);
        fputs("</code></td><td data-label=\"architecture\">", f);
        html_escape(f, p->architecture[0] ? p->architecture : "–");
        fprintf(f, "</td><td class=\"n\" data-label=\"file size\">%s</td>",
                p->file_bytes ? size_str(p->file_bytes) : "–");
        fprintf(f, "<td class=\"n\" data-label=\"resident file pages\">%s</td></tr>\n",
                size_str(p->resident));
    }
    fputs("</tbody></table></section>\n", f);
}
