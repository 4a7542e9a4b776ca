/* Dotted version numbers ("2.6.1", WSL's releases), compared as numbers. */
#ifndef HEADROOM_VERSION_CMP_H
#define HEADROOM_VERSION_CMP_H

/* Compares a dotted version with major.minor.patch: <0, 0, >0. Missing
 * parts count as 0; "" sorts first. */
int wsl_version_cmp(const char *version, unsigned major, unsigned minor, unsigned patch);

#endif
