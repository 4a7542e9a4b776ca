/* The explain pages of the audio rules (src/rules/audio.c,
 * src/rules/audio-consent.c), after the doctor's others. Written for
 * headroom; every source is a public URL. */
#include "explain/explain.h"
#include "explain/sources.h"

const struct explain_page explain_audio_pages[] = {
    {"audio.wslg-missing",
     "audio",
     "info-warning",
     "WSLg's PulseAudio server is missing",
     "/mnt/wslg/PulseServer.",
     "Speech and voice tools (whisper, TTS) have no audio device without it.",
     "The socket path looked for.",
     "headroom config set guiApplications=true, then wsl.exe --update and wsl.exe --shutdown.",
     "WSLg uses some memory of its own.",
     {"https://github.com/microsoft/wslg"}},
    {"audio.pipewire-conflict",
     "audio",
     "warning",
     "PipeWire or PulseAudio beside WSLg",
     "PipeWire or PulseAudio user units running or enabled in the guest.",
     "A local sound server takes the clients that should reach WSLg's, so audio is silent "
     "or stutters.",
     "The units and whether they run or are enabled.",
     "Disable the units (sudo systemctl --global disable for globally enabled ones, or "
     "systemctl --user disable --now).",
     "Programs that need the local server lose it.",
     {"https://github.com/microsoft/wslg/issues/1220", WSL_ISSUE "13528"}},
    {"audio.pulse-server-env",
     "audio",
     "warning",
     "PULSE_SERVER points elsewhere",
     "The PULSE_SERVER variable against WSLg's server.",
     "Clients then look for a sound server that is not there.",
     "The value found.",
     "echo 'export PULSE_SERVER=unix:/mnt/wslg/PulseServer' >> ~/.bashrc",
     "None known.",
     {"https://github.com/microsoft/wslg", WSL_INIT_CONFIG}},
    {"audio.tools-missing",
     "audio",
     "info-warning",
     "the sound tools and ALSA's PulseAudio plugin",
     "Whether pulseaudio-utils (pactl, paplay, parecord), alsa-utils (speaker-test, arecord, "
     "aplay) and libasound2-plugins are installed, from dpkg's record.",
     "The tools are how you check sound by hand; without libasound2-plugins, programs that use "
     "ALSA (arecord, PortAudio and so Python's sounddevice, which many Whisper front ends use) "
     "have no way to WSLg's PulseAudio server, since WSL has no sound card. A warning when the "
     "plugin is missing, a note when only the tools are.",
     "The packages not installed and where that was read.",
     "sudo apt install with the missing packages; headroom audio test measures the sound path "
     "without them.",
     "None known; together they are a few MB.",
     {"https://packages.debian.org/bookworm/libasound2-plugins",
      "https://packages.debian.org/bookworm/alsa-utils",
      "https://packages.debian.org/bookworm/pulseaudio-utils"}},
    {"audio.alsa-not-routed",
     "audio",
     "warning",
     "ALSA's default device is not PulseAudio",
     "/etc/alsa/conf.d/*.conf, /etc/asound.conf and each user's ~/.asoundrc, in the order "
     "alsa-lib reads them, for the definition of pcm.default: PulseAudio's plugin (type pulse, "
     "or the alias pulse), or the hook file pulseaudio installs.",
     "WSL has no sound card, so ALSA's own default device does not exist there: arecord, aplay "
     "and every PortAudio program fail to open the default device even while PulseAudio programs "
     "play and record through WSLg.",
     "Which files were read, what decided the default, and the users without the route.",
     "As the user who records: printf 'pcm.!default {\\n  type pulse\\n}\\nctl.!default {\\n  "
     "type pulse\\n}\\n' >> ~/.asoundrc (needs libasound2-plugins).",
     "Programs that open a hardware device by name (hw:0) still find none.",
     {"https://github.com/alsa-project/alsa-plugins/blob/master/doc/pulse.txt",
      "https://www.alsa-project.org/alsa-doc/alsa-lib/conf.html"}},
    {"audio.mic-denied",
     "audio",
     "warning",
     "Windows denies the microphone",
     "The Windows helper's reading of the per-user consent Settings keeps: Value under "
     "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\"
     "ConsentStore\\microphone (Microphone access) and under its NonPackaged subkey (Let "
     "desktop apps access your microphone).",
     "WSLg's microphone (RDPSource) is fed by its remote-desktop client, a desktop app on "
     "Windows, so either switch off leaves it without sound: recording in WSL works but gets "
     "silence, and speech recognition hears nothing. This follows from what each switch covers; "
     "a recording made in WSL shows the silence itself.",
     "Both values as read (Allow, Deny, or not set, which is Windows' default) and which "
     "source read them.",
     "Settings > Privacy & security > Microphone: turn on Microphone access and Let desktop "
     "apps access your microphone; the ms-settings:privacy-microphone URI opens the page.",
     "Every desktop app may then ask for the microphone.",
     {"https://learn.microsoft.com/en-us/windows/apps/develop/launch/launch-settings",
      "https://github.com/microsoft/wslg"}},
};
const size_t explain_audio_count = sizeof(explain_audio_pages) / sizeof(explain_audio_pages[0]);
