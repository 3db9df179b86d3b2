/*
 * fileio.h — reading inputs with limits, and writing outputs atomically.
 *
 * Reports are never written partially: output goes to a temporary file in
 * the destination directory, which is renamed over the destination only when
 * everything was written and flushed. A failed write (disk full, missing
 * directory) leaves nothing behind and is reported as a diagnostic.
 */
#ifndef SA_FILEIO_H
#define SA_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"

/**
 * Reads a whole regular file (or standard input for "-") into a NUL-terminated
 * malloc'd buffer. Refuses directories, FIFOs and devices, and files larger
 * than `max_bytes` (0 = no limit), with E-IO-* diagnostics naming the file.
 * Returns 0 on success (caller frees *data), -1 on failure.
 */
int sa_file_read_all(const char *path, size_t max_bytes, char **data, size_t *len, sa_diags *diags);

/**
 * Checks that `path` names something readable as an input file (a regular
 * file or "-"), reporting E-IO-NOT-FOUND, E-IO-IS-DIRECTORY, E-IO-NOT-REGULAR
 * or E-IO-UNREADABLE. Returns true when it is.
 */
bool sa_file_check_input(const char *path, sa_diags *diags);

/** Removes every temporary of a report still being written (async-signal-safe:
 *  the fatal-signal handler and sa_oom call it just before the process ends). */
void sa_atomic_remove_pending(void);

/** Convenience: writes `len` bytes to `path` atomically. 0 on success. */
int sa_write_file_atomic(const char *path, const void *data, size_t len, sa_diags *diags);

#endif
