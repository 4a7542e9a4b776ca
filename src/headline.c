#include "headline.h"

#include <string.h>

#include "util/parse.h"
#include "win/catalog.h"

size_t headline_applied_items(const char *cmd, char *buf, size_t n)
{
    static const char prefix[] = "headroom windows script --apply ";
    if (strncmp(cmd, prefix, sizeof(prefix) - 1) != 0 || n == 0)
        return 0;
    const char *p = cmd + sizeof(prefix) - 1;
    size_t len = strcspn(p, " \t");
    if (len >= n)
        return 0;
    size_t count = 0;
    for (size_t i = 0; i < len; i++) {
        buf[i] = p[i] == ',' ? '\0' : p[i];
        if (p[i] == ',')
            count++;
    }
    buf[len] = '\0';
    return len ? count + 1 : 0;
}

static bool already(const struct headline *h, const char *id)
{
    for (size_t i = 0; i < h->nsavings; i++)
        if (strcmp(h->savings[i].item_id, id) == 0)
            return true;
    return false;
}

static void add_savings(const struct finding *x, const struct win_host *host, struct headline *h)
{
    for (size_t c = 0; c < x->ncmds; c++) {
        char items[256];
        size_t k = headline_applied_items(x->cmds[c].text, items, sizeof(items));
        const char *id = items;
        for (size_t i = 0; i < k; i++, id += strlen(id) + 1) {
            const struct win_item *it = win_item_find(id);
            if (!it || already(h, it->id) || h->nsavings == HEADLINE_MAX_SAVINGS)
                continue;
            struct win_saving s;
            win_item_measure(it, host, &s);
            /* only what was measured running now: a driver or a policy
             * has no working set to give back */
            if (!s.known || !s.running || !s.bytes)
                continue;
            h->savings[h->nsavings++] = (struct headline_saving){
                .finding = x,
                .item_id = it->id,
                .item_title = it->title,
                .bytes = s.bytes,
                .shared = s.shared,
            };
            h->saved = sat_add_u64(h->saved, s.bytes);
        }
    }
}

void headline_compute(const struct doctor_result *dr, const struct budget *b,
                      const struct win_host *host, const struct machine *m, struct headline *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->critical = findings_count_at_least(&dr->findings, SEV_CRITICAL);
    ret->warnings = findings_count_at_least(&dr->findings, SEV_WARNING) - ret->critical;
    ret->next = doctor_next_step(dr);
    if (ret->next && ret->next->ncmds)
        ret->next_command = ret->next->cmds[0].text;
    else if (ret->next)
        ret->next_advice = ret->next->advice;
    if (b && b->left_known) {
        ret->room_known = true;
        ret->room_measured_now = b->measured_now;
        ret->room = b->left;
    }
    ret->guest_available = m->meminfo.mem_available;
    /* a saving lowers the measured Windows line: only then is it one of the room */
    if (host && host->state == WIN_HOST_OK && ret->room_measured_now)
        for (size_t i = 0; i < dr->findings.n; i++)
            add_savings(&dr->findings.v[i], host, ret);
    ret->room_after = ret->room + (int64_t)ret->saved;
}
