/* Human sizes: binary units (KiB, MiB, GiB, TiB) for output, and a lenient
 * parser for command-line sizes such as "16GB", "5.6G", "512MiB", "4096".
 * (The strict .wslconfig memory-size grammar lives in src/wslconfig/.) */
#ifndef HEADROOM_SIZE_H
#define HEADROOM_SIZE_H

#include <stddef.h>
#include <stdint.h>

#define KIB ((uint64_t)1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)
#define TIB (GIB * 1024)

/* "0 B", "512 B", "1.5 KiB", "7.7 GiB", "120 GiB": one decimal below 100 in
 * the chosen unit, none from 100 up. Returns buf. A buffer of 16 bytes is
 * always enough. */
char *size_format(uint64_t bytes, char *buf, size_t n);
/* Like size_format() with a static ring of buffers, for printf arguments. At
 * most 8 results are valid at once. */
const char *size_str(uint64_t bytes);
/* Parses "<number>[.<fraction>][ ]<unit>" where unit is one of B, K, KB, KiB,
 * M, MB, MiB, G, GB, GiB, T, TB, TiB (any case; all binary multipliers, as
 * Windows and WSL count). A unit is never guessed: a bare number other than
 * 0 is -EDOM ("16" meant 16 GB to the user who typed it, and 16 bytes to a
 * parser that took it as bytes). Returns 0, -EINVAL, -EDOM or -ERANGE. */
int size_parse(const char *s, uint64_t *ret);
/* What is wrong with a size size_parse() refused with `err`, to follow the
 * quoted value: "needs a unit, e.g. 16GB", "is too large", "is not a size
 * (e.g. 16GB, 512MiB)". */
const char *size_parse_problem(int err);

/* A count in words, for parameter counts: "8.0 billion", "630 million",
 * "125 thousand", "950"; one decimal below 10 in the chosen word. Never
 * "B", which means bytes in every size column. Returns buf. */
char *count_words(uint64_t n, char *buf, size_t len);

#endif
