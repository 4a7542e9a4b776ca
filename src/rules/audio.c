/* Audio rules: WSLg's PulseAudio server, and what collides with it. */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "wslconfig/wslconfig.h"
#include "util/strbuf.h"

#define WSLG_PULSE "unix:/mnt/wslg/PulseServer"

void check_audio_wslg_missing(const struct doctor_input *in, struct rule_out *o)
{
    const struct audio_info *a = &in->m->audio;
    if (!rules_need_wsl2(in, o))
        return;
    if (a->pulse_socket)
        return;
    const struct wsl_setting *gui =
        in->wslconfig ? wsl_eval_get(&in->wslconfig->ev, "wsl2.guiApplications") : NULL;
    if (gui && gui->from_file && !gui->b) {
        /* switched off on purpose: say what it costs, do not warn */
        struct finding *f = rule_emit(o, SEV_INFO,
                                      "WSLg is off (guiApplications=false): no sound or microphone "
                                      "in WSL, so Whisper and voice assistants cannot use them");
        finding_set_evidence(f, "guiApplications=%s (%s:%u); %s", gui->text, in->wslconfig_display,
                             wsl_stmt_line(&in->wslconfig->ev.syn.v[gui->stmt]),
                             a->wslg_dir ? "/mnt/wslg/PulseServer not present"
                                         : "/mnt/wslg not present");
        finding_set_fix(f, "for audio in WSL, turn WSLg on and restart WSL:\n"
                           "$ headroom config set guiApplications=true\n"
                           "$ wsl.exe --shutdown");
        return;
    }
    struct finding *f =
        rule_emit(o, SEV_WARNING, "WSLg's audio server is missing: no sound or microphone in WSL");
    finding_set_evidence(f, a->wslg_dir ? "/mnt/wslg exists but /mnt/wslg/PulseServer does not"
                                        : "/mnt/wslg not present (WSLg is off or not installed)");
    finding_set_fix(f, "make sure .wslconfig does not set guiApplications=false, update WSL and "
                       "restart it:\n"
                       "$ wsl.exe --update\n"
                       "$ wsl.exe --shutdown");
}

static const char *const pipewire_procs[] = {"pipewire", "pipewire-pulse", "wireplumber",
                                             "pulseaudio"};

void check_audio_pipewire_conflict(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    const struct audio_info *a = &m->audio;
    if (!rules_need_wsl2(in, o))
        return;
    if (!a->pulse_socket) {
        rule_skip(o, "no WSLg audio server (see audio.wslg-missing)");
        return;
    }
    struct strbuf ev = STRBUF_INIT;
    for (size_t i = 0; i < sizeof(pipewire_procs) / sizeof(pipewire_procs[0]); i++) {
        const struct proc_brief *p = proc_list_find(&m->procs, pipewire_procs[i]);
        if (p)
            strbuf_addf(&ev, "%s%s running (PID %d)", ev.len ? ", " : "", p->name, p->pid);
    }
    bool enabled_for_someone = a->n_enabled && (a->n_users == 0 || a->n_masked_by < a->n_users);
    if (enabled_for_someone) {
        strbuf_addf(&ev, "%senabled for every user:", ev.len ? "; " : "");
        for (unsigned i = 0; i < a->n_enabled; i++)
            strbuf_addf(&ev, " %s", a->enabled[i]);
        strbuf_addstr(&ev, " (/etc/systemd/user/*.wants)");
        if (a->n_masked_by)
            strbuf_addf(&ev, "; masked by %u of %u users", a->n_masked_by, a->n_users);
    }
    if (ev.len == 0) {
        strbuf_release(&ev);
        return;
    }
    struct finding *f = rule_emit(o, SEV_WARNING,
                                  "PipeWire or PulseAudio in the distro collides with WSLg's audio "
                                  "server");
    finding_set_evidence(f, "%s", ev.buf);
    static const char units[] = "pipewire pipewire-pulse wireplumber pipewire.socket "
                                "pipewire-pulse.socket";
    if (enabled_for_someone)
        finding_set_fix(f,
                        "stop them, turn off their global enablement, and mask them for you:\n"
                        "$ systemctl --user stop %s\n"
                        "$ sudo systemctl --global disable %s\n"
                        "$ systemctl --user mask %s",
                        units, units, units);
    else
        finding_set_fix(f,
                        "stop them and keep them from starting again for you:\n"
                        "$ systemctl --user stop %s\n"
                        "$ systemctl --user disable %s\n"
                        "$ systemctl --user mask %s",
                        units, units, units);
    strbuf_release(&ev);
}

void check_audio_pulse_server_env(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (!rules_need_wsl2(in, o))
        return;
    if (!m->audio.pulse_socket) {
        rule_skip(o, "no WSLg audio server (see audio.wslg-missing)");
        return;
    }
    char v[256];
    enum machine_env_state st = machine_getenv(m, "PULSE_SERVER", v, sizeof(v));
    if (st == ENV_NOT_RECORDED) {
        rule_skip(o, "PULSE_SERVER was not recorded (snapshots keep only WSL_* variables)");
        return;
    }
    if (st == ENV_SET && strcmp(v, WSLG_PULSE) == 0)
        return;
    struct finding *f = rule_emit(o, SEV_WARNING,
                                  st == ENV_UNSET ? "PULSE_SERVER is not set: sound programs "
                                                    "will not find WSLg's audio server"
                                                  : "PULSE_SERVER points away from WSLg's "
                                                    "audio server");
    if (st == ENV_UNSET)
        finding_set_evidence(f, "PULSE_SERVER unset (environment); /mnt/wslg/PulseServer exists");
    else
        finding_set_evidence(f, "PULSE_SERVER=%s (environment); WSLg's is %s", v, WSLG_PULSE);
    finding_set_fix(f, "$ echo 'export PULSE_SERVER=%s' >> ~/.bashrc", WSLG_PULSE);
}

/* The usual hand checks of sound (speaker-test, arecord, aplay, pactl) come
 * from these packages, and ALSA programs reach PulseAudio only through
 * libasound2-plugins. Read from dpkg's record (probe/packages.c). */
void check_audio_tools_missing(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (!rules_need_wsl2(in, o))
        return;
    if (!m->audio.pulse_socket) {
        rule_skip(o, "no WSLg audio server (see audio.wslg-missing)");
        return;
    }
    const struct packages *p = &m->packages;
    if (p->st.state == PROBE_MALFORMED) {
        char why[700];
        rule_skip(o, "%s", probe_status_reason(&p->st, why, sizeof(why)));
        return;
    }
    if (p->st.state != PROBE_OK && !p->from_lists) {
        rule_skip(o, "no dpkg record (/var/lib/dpkg/status): not a Debian or Ubuntu system, or "
                     "not recorded");
        return;
    }
    struct strbuf missing = STRBUF_INIT;
    for (size_t i = 0; packages_audio[i]; i++)
        if (!packages_has(p, packages_audio[i]))
            strbuf_addf(&missing, "%s%s", missing.len ? " " : "", packages_audio[i]);
    if (missing.len == 0) {
        strbuf_release(&missing);
        return;
    }
    bool plugins = !packages_has(p, "libasound2-plugins");
    struct finding *f =
        rule_emit(o, plugins ? SEV_WARNING : SEV_INFO,
                  plugins ? "ALSA's PulseAudio plugin is not installed: ALSA programs (arecord, "
                            "PortAudio, Python's sounddevice) cannot reach WSLg's audio"
                          : "the sound test tools are not installed (pactl, speaker-test, "
                            "arecord, aplay)");
    finding_set_evidence(f, "not installed: %s (%s)", missing.buf, packages_source(p));
    finding_set_fix(f, "$ sudo apt install %s", missing.buf);
    strbuf_release(&missing);
}

void check_audio_alsa_not_routed(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    const struct alsa_info *a = &m->alsa;
    if (!rules_need_wsl2(in, o))
        return;
    if (!m->audio.pulse_socket) {
        rule_skip(o, "no WSLg audio server (see audio.wslg-missing)");
        return;
    }
    if (!a->configured) {
        rule_skip(o, "no /etc/alsa or /etc/asound.conf: ALSA is not installed or was not "
                     "recorded (see audio.tools-missing)");
        return;
    }
    if (a->malformed) {
        char d[600];
        diag_format(&a->diag, d, sizeof(d));
        rule_skip(o, "%s: %s", a->bad_file, d);
        return;
    }
    /* routed for someone: the system files, or one user's ~/.asoundrc */
    struct strbuf who = STRBUF_INIT;
    bool any = a->n_users == 0 ? a->system == ALSA_DEFAULT_PULSE : false;
    for (unsigned u = 0; u < a->n_users; u++) {
        if (alsa_effective(a, u) == ALSA_DEFAULT_PULSE)
            any = true;
        else
            strbuf_addf(&who, "%s%s", who.len ? ", " : "", a->users[u]);
    }
    if (any) {
        strbuf_release(&who);
        return;
    }
    struct finding *f = rule_emit(o, SEV_WARNING,
                                  "ALSA's default device is not PulseAudio: arecord and aplay "
                                  "fail on WSLg even where PulseAudio works");
    if (a->system == ALSA_DEFAULT_OTHER)
        finding_set_evidence(f,
                             "%s makes the default device something else, and no "
                             "~/.asoundrc routes it (%s%s)",
                             a->system_from, who.len ? "users: " : "no home directory", who.buf);
    else
        finding_set_evidence(f,
                             "no pcm.default in /etc/asound.conf, /etc/alsa/conf.d (%u file%s "
                             "read) or ~/.asoundrc (%s%s)",
                             a->files_read, a->files_read == 1 ? "" : "s",
                             who.len ? "users: " : "no home directory", who.buf);
    finding_set_fix(f, "as the user who records (not with sudo), make PulseAudio ALSA's default:\n"
                       "$ printf 'pcm.!default {\\n  type pulse\\n}\\nctl.!default {\\n  type "
                       "pulse\\n}\\n' >> ~/.asoundrc");
    strbuf_release(&who);
}
