#ifndef HEADROOM_VERSION_H
#define HEADROOM_VERSION_H
#define HEADROOM_VERSION "0.1.0"
/* the date man pages carry (deterministic: not the build date) */
#define HEADROOM_DATE "November 24, 2026"
#endif
