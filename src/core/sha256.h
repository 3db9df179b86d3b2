/*
 * sha256.h — SHA-256 (FIPS 180-4) of buffers and files, for the provenance
 * of reports: a report names the exact specification, agreements and
 * returns its verdicts rest on by their checksums, which anyone can check
 * with `sha256sum`.
 *
 * Portable C, with the x86-64 SHA extensions used when the processor has
 * them (checked once at run time), so hashing a large return costs a small
 * fraction of checking it. Both paths give the same digest.
 */
#ifndef SA_SHA256_H
#define SA_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

#define SA_SHA256_HEX_LEN 64 /* lower-case hex digits, without the NUL */

typedef struct sa_sha256 {
    uint32_t state[8];
    uint64_t bytes;     /* message length so far */
    uint8_t block[64];  /* a partial block, `bytes % 64` of it used */
} sa_sha256;

void sa_sha256_init(sa_sha256 *h);
void sa_sha256_update(sa_sha256 *h, const void *data, size_t len);
/** Finishes and writes 64 hex digits and a NUL to `hex`; `h` is spent. */
void sa_sha256_final_hex(sa_sha256 *h, char hex[SA_SHA256_HEX_LEN + 1]);

/**
 * Hashes the regular file at `path` (not "-": standard input is read once, by
 * the check). Returns 0 and fills `hex` (and `*bytes` when not NULL), or -1
 * with an E-IO-UNREADABLE diagnostic naming the file.
 */
int sa_sha256_file(const char *path, char hex[SA_SHA256_HEX_LEN + 1], uint64_t *bytes, sa_diags *diags);

/** Tests and benchmarks only: false makes every later hash use the portable
 *  code even where the SHA extensions exist. */
void sa_sha256_allow_extensions(bool allow);

#endif
