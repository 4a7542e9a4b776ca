/* The memory thresholds the rules judge by, in one place: mem.c's findings
 * and `top`'s colours (out/top-layout.c) use the same figures, so a value top
 * shows in red is one doctor calls critical. */
#ifndef HEADROOM_THRESHOLDS_H
#define HEADROOM_THRESHOLDS_H

#define LOW_AVAILABLE_WARN_PCT 10   /* MemAvailable under 10 % of MemTotal */
#define LOW_AVAILABLE_CRIT_PCT 5    /* under 5 %: critical */
#define PSI_SOME_WARN          1000 /* hundredths of a percent: 10.00 % */
#define PSI_FULL_CRIT          500  /* 5.00 % */

#endif
