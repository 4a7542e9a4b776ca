/* Random access to the bytes of a model file, for the header readers
 * (gguf.c, ggml-bin.c): a file read with pread() through a 256 KiB window,
 * or a buffer in memory (fuzzing, tests). Reads past the end are -EIO; the
 * readers check lengths against bin_src.size before they ask. */
#ifndef HEADROOM_BIN_SRC_H
#define HEADROOM_BIN_SRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bin_src {
    const uint8_t *mem; /* memory source (borrowed), or NULL */
    int fd;
    bool own_fd; /* close fd in bin_src_free() */
    uint64_t size;
    uint8_t *win;
    uint64_t win_off;
    size_t win_len;
    /* A prefix source (bin_src_prefix): only the first `avail` bytes of the
     * `size` are in mem; a read past them fails with -ENODATA and raises
     * `want` to the end it asked for; `hint` is what the reader said it
     * will need at least (bin_src_want). avail == size otherwise. */
    uint64_t avail;
    uint64_t want;
    uint64_t hint;
    uint64_t guess; /* what the reader expects to need (bin_src_guess), >= hint */
};

/* A source over memory; free with bin_src_free(). */
struct bin_src *bin_src_mem(const void *buf, size_t len);
/* A source over the first `have` bytes of a file of `size` bytes, as a
 * remote reader has fetched them (model/remote.c): the readers check lengths
 * against the whole size and fail with -ENODATA where they need more. */
struct bin_src *bin_src_prefix(const void *buf, size_t have, uint64_t size);
/* Raises `hint` to at least `end`: a reader that knows it will need that
 * many bytes (n strings of at least 8 bytes each) says so, so the next
 * fetch can be one instead of many. */
void bin_src_want(struct bin_src *s, uint64_t end);
/* Raises `guess`: not a bound but an extrapolation (the strings of an array
 * as long as those read so far), which a remote reader may fetch to. */
void bin_src_guess(struct bin_src *s, uint64_t end);
/* For a prefix source, what a reader knows when it runs short: */
/* an array with left_n strings still to read after done_n that took `used`
 * bytes, then items of at least `rest` bytes: at least 8 bytes a string;
 * likely 5/4 of the average so far (a vocabulary's later tokens are the
 * longer ones); */
void bin_src_strings_left(struct bin_src *s, uint64_t pos, uint64_t left_n, uint64_t used,
                          uint64_t done_n, uint64_t rest);
/* a read that ended at `end` failed, then items of at least `rest` bytes;
 * after an array of family_n elements another of as many 4-byte values is
 * likely (a tokenizer's tokens, scores and token types: one length). */
void bin_src_short(struct bin_src *s, uint64_t end, uint64_t rest, uint64_t family_n);
/* A source over an open regular file of `size` bytes (fd not owned). */
struct bin_src *bin_src_fd(int fd, uint64_t size);
/* Copies n bytes at off. 0, -EIO (past the end or the file shrank),
 * -ENODATA (past the prefix of a prefix source), -errno. */
int bin_src_read(struct bin_src *s, uint64_t off, void *dst, size_t n);
void bin_src_free(struct bin_src *s);

struct diag;
/* Sets d to "offset OFF: message" and returns -EBADMSG: the one error the
 * header readers return for malformed bytes. */
int bin_fail(struct diag *d, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
