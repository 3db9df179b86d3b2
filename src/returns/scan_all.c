/*
 * scan_all.c — reads many returns on several threads, and one large return
 * on all of them.
 *
 * Work is handed out in units, file after file: a small file is one unit (one
 * reader, as sa_returns_scan), a large one is cut into blocks of a fixed size,
 * one unit each. A thread takes the next unit, loads its block, summarises it
 * (split.c), and learns from the summaries of the blocks before it the quote
 * parity, record and line number where its block starts. It reads the records
 * from the first split point in its block to the first split point in the
 * next, numbering rows as one reader would. Per thread and file it keeps one
 * scan (decoding, unique values) and one client part (check's accumulators).
 *
 * Order: each block's diagnostics are kept apart and taken into the file's
 * list in block order, so the list is the one a single reader would make
 * (the cap per code keeps the same first ones). Repeats of unique columns are
 * found once all blocks are read, across the threads' values (a thread with no
 * block left seals its own first, while the others read).
 *
 * Checksum: SHA-256 cannot be split, so blocks go into the file's hash in
 * order: the thread that loads block k hashes its bytes once block k-1 is in,
 * before the parser rewrites them and before it waits for anything else (so
 * the chain never waits on a waiting thread). Hashing a block takes a fraction
 * of the time reading it does, so the wait is short, and the hash is of the
 * very bytes checked, without a second pass over the file.
 *
 * Proof: every part must end exactly at the next part's start, cleanly and
 * with the predicted number of records and lines (split.c says why that
 * suffices). When one does not, or a part meets a CSV error, every part of
 * the file is discarded and the file is read again by one reader: the same
 * result as without splitting, at twice the cost, for malformed files only.
 */
#include <assert.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "returns/returns_private.h"
#include "core/alloc.h"

#define SPLIT_BLOCK (1u << 20) /* the reader's block: a part's first bytes are read once */

typedef struct at_block { /* where a block starts, as the blocks before it tell */
    bool inside;
    uint64_t ends, lines;
} at_block;

typedef struct part_state { /* one block's output until it is taken in order */
    sa_diags *diags;
    sa_scan_stats stats;
    bool done, ok;
} part_state;

typedef struct thread_file { /* what one thread keeps for one split file */
    ret_scan *scan;
    sa_csv *reader;
    void *client_part;
    bool broken; /* the header could not be read: the file is read again by one reader */
} thread_file;

typedef struct file_run {
    const sa_return_file *file;
    size_t index;
    int fd;
    uint64_t size, block;
    size_t nblocks; /* 0: not split */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    ret_block_sum *sums;
    bool *summed;
    at_block *starts; /* starts[k] valid for k <= nchained */
    size_t nchained;
    part_state *parts;
    size_t ntaken;
    atomic_bool failed;
    thread_file *threads;
    unsigned sealing; /* threads sealing their scan (seal_scans): the file is finished after */
    sa_sha256 hash; /* with opts->checksum: blocks [0, nhashed) are in it */
    size_t nhashed;
    bool hash_lost; /* a block could not be loaded: no checksum from the parts */
} file_run;

typedef struct unit {
    file_run *fr;
    size_t block;
} unit;

typedef struct driver {
    const sa_scan_options *opts;
    const sa_scan_client *client;
    unsigned jobs;
    file_run *runs;
    size_t nruns;
    unit *units;
    size_t nunits;
    atomic_size_t next;
    sa_scan_stats *stats;
    int *rc;
    sa_diags **diags;
    ret_simd simd;
} driver;

typedef struct thread_arg {
    driver *d;
    unsigned id;
} thread_arg;

/* ---- whole files ------------------------------------------------------------------ */

static void *open_part(driver *d, unsigned t, size_t fi)
{
    return d->client && d->client->open ? d->client->open(d->client->ctx, t, fi) : NULL;
}

static void close_parts(driver *d, unsigned t, size_t fi, void **parts, size_t n, bool keep)
{
    if (d->client && d->client->close)
        d->client->close(d->client->ctx, t, fi, parts, n, keep);
}

static void read_whole(driver *d, unsigned t, size_t fi, const sa_return_file *file)
{
    void *part = open_part(d, t, fi);
    sa_row_fn fn = d->client ? d->client->row : NULL;
    d->rc[fi] = sa_returns_scan(file, d->opts, fn, part, &d->stats[fi], d->diags[fi]);
    close_parts(d, t, fi, &part, 1, true);
}

/* ---- the chain of block summaries ---------------------------------------------------- */

static void publish_summary(file_run *fr, size_t k, const ret_block_sum *sum)
{
    pthread_mutex_lock(&fr->mu);
    fr->sums[k] = *sum;
    fr->summed[k] = true;
    while (fr->nchained < fr->nblocks && fr->summed[fr->nchained]) {
        const at_block *a = &fr->starts[fr->nchained];
        const ret_block_sum *s = &fr->sums[fr->nchained];
        fr->starts[fr->nchained + 1] =
            (at_block){a->inside ^ (s->quotes & 1), a->ends + s->ends[a->inside], a->lines + s->lines};
        fr->nchained++;
    }
    pthread_cond_broadcast(&fr->cv);
    pthread_mutex_unlock(&fr->mu);
}

/* Waits until the blocks before k are summarised (each is summarised by the thread that
 * took it before it waits for anything, so this never waits on a waiting thread). */
static at_block wait_start(file_run *fr, size_t k)
{
    pthread_mutex_lock(&fr->mu);
    while (fr->nchained < k)
        pthread_cond_wait(&fr->cv, &fr->mu);
    at_block a = fr->starts[k];
    pthread_mutex_unlock(&fr->mu);
    return a;
}

/* Adds block k's bytes (NULL: they could not be loaded) to the file's hash once the blocks
 * before it are in. Every thread that takes a block calls this once, before any other wait. */
static void hash_block(const driver *d, file_run *fr, size_t k, const char *data, size_t len)
{
    if (!d->opts->checksum)
        return;
    pthread_mutex_lock(&fr->mu);
    while (fr->nhashed < k)
        pthread_cond_wait(&fr->cv, &fr->mu);
    pthread_mutex_unlock(&fr->mu);
    if (data) /* alone: the threads of later blocks wait for nhashed */
        sa_sha256_update(&fr->hash, data, len);
    pthread_mutex_lock(&fr->mu);
    fr->hash_lost = fr->hash_lost || !data;
    fr->nhashed = k + 1;
    pthread_cond_broadcast(&fr->cv);
    pthread_mutex_unlock(&fr->mu);
}

/* ---- one block ------------------------------------------------------------------------ */

typedef struct span {
    uint64_t begin, end;  /* file offsets */
    uint64_t record, line; /* of the record at begin */
    uint64_t end_record, end_line;
} span;

/* The split point at or after block k's start; false when none can be found. */
static bool split_at(file_run *fr, size_t k, at_block a, uint64_t max_scan, uint64_t *offset,
                     uint64_t *record, uint64_t *line)
{
    if (k == 0) {
        *offset = 0;
        *record = *line = 1;
        return true;
    }
    if (k == fr->nblocks) {
        *offset = fr->size;
        *record = *line = 0; /* nothing follows the last part */
        return true;
    }
    ret_split_point sp;
    if (ret_split_find(fr->fd, (uint64_t)k * fr->block, fr->size, a.inside, max_scan, &sp) != 1)
        return false;
    *offset = sp.offset;
    *record = 1 + a.ends + sp.ends;
    *line = 1 + a.lines + sp.lines;
    return true;
}

/* Loads block k, summarises it and works out the part it holds. */
static bool block_span(driver *d, file_run *fr, thread_file *tf, size_t k, span *sp)
{
    uint64_t at = (uint64_t)k * fr->block;
    uint64_t len = fr->size - at < fr->block ? fr->size - at : fr->block;
    size_t got;
    /* one byte past the block: a CR at its end needs to know what follows */
    const char *data = ret_csv_load(tf->reader, at, (size_t)len + (at + len < fr->size), &got);
    ret_block_sum sum;
    memset(&sum, 0, sizeof sum);
    bool read_ok = data && got >= len;
    if (read_ok)
        ret_block_summarise(data, (size_t)len, got > len ? (unsigned char)data[len] : -1, d->simd, &sum);
    publish_summary(fr, k, &sum); /* even when broken: the threads after this one wait for it */
    hash_block(d, fr, k, read_ok ? data : NULL, (size_t)len);
    if (!read_ok)
        return false;
    at_block a = wait_start(fr, k);
    at_block next = {a.inside ^ (sum.quotes & 1), a.ends + sum.ends[a.inside], a.lines + sum.lines};
    uint64_t max_scan = ret_csv_max_record(tf->reader);
    return split_at(fr, k, a, max_scan, &sp->begin, &sp->record, &sp->line) &&
           split_at(fr, k + 1, next, max_scan, &sp->end, &sp->end_record, &sp->end_line);
}

/* Reads the records of the part; true when they are exactly the part's records. */
static bool read_span(driver *d, file_run *fr, thread_file *tf, size_t k, const span *sp, part_state *ps)
{
    ret_csv_start(tf->reader, sp->begin, sp->end, sp->record, sp->line, ps->diags);
    if (k == 0) {
        const sa_csv_field *f;
        size_t n;
        if (sa_csv_next(tf->reader, &f, &n) != 1)
            return false;
        ret_scan_header(tf->scan, f, n, ps->diags); /* reported once, from block 0 */
    }
    sa_row_fn fn = d->client ? d->client->row : NULL;
    if (ret_scan_rows(tf->scan, tf->reader, fn, tf->client_part, &ps->stats, ps->diags) != 0)
        return false;
    if (sp->end == fr->size)
        return true; /* the end of the file: read as one reader would */
    return ret_csv_ended_cleanly(tf->reader) && sa_csv_record(tf->reader) + 1 == sp->end_record &&
           ret_csv_next_line(tf->reader) == sp->end_line;
}

/* The thread's scan of a split file, its header read from the file's start. */
static thread_file *thread_state(driver *d, file_run *fr, unsigned t)
{
    thread_file *tf = &fr->threads[t];
    if (tf->scan || tf->broken)
        return tf;
    sa_diags *scratch = sa_diags_new(); /* block 0 reports the header */
    tf->reader = ret_csv_open_part(fr->fd, fr->file->path, &d->opts->limits, scratch);
    tf->scan = ret_scan_new(fr->file, d->opts);
    ret_scan_share(tf->scan, d->jobs); /* the threads' unique values together fill one reader's memory */
    tf->client_part = open_part(d, t, fr->index);
    size_t got;
    const sa_csv_field *f;
    size_t n;
    if (ret_csv_load(tf->reader, 0, SPLIT_BLOCK < fr->size ? SPLIT_BLOCK : (size_t)fr->size, &got)) {
        ret_csv_start(tf->reader, 0, fr->size, 1, 1, scratch);
        if (sa_csv_next(tf->reader, &f, &n) == 1)
            ret_scan_header(tf->scan, f, n, scratch);
        else
            tf->broken = true;
    } else {
        tf->broken = true;
    }
    sa_diags_free(scratch);
    return tf;
}

static void finish_file(driver *d, file_run *fr, unsigned t);

/* Takes finished blocks into the file's list in block order; the thread that takes the last finishes the file. */
static void take_in_order(driver *d, file_run *fr, unsigned t)
{
    bool last = false;
    pthread_mutex_lock(&fr->mu);
    while (fr->ntaken < fr->nblocks && fr->parts[fr->ntaken].done) {
        part_state *ps = &fr->parts[fr->ntaken++];
        sa_diags_take(d->diags[fr->index], ps->diags);
        sa_diags_free(ps->diags);
        ps->diags = NULL;
        d->stats[fr->index].rows += ps->stats.rows;
        d->stats[fr->index].bad_rows += ps->stats.bad_rows;
        last = fr->ntaken == fr->nblocks;
    }
    pthread_mutex_unlock(&fr->mu);
    if (last)
        finish_file(d, fr, t);
}

/* Reads block k's part; false when it is not proven to be exactly the part's rows. */
static bool try_block(driver *d, file_run *fr, size_t k, unsigned t, part_state *ps)
{
    thread_file *tf = thread_state(d, fr, t);
    if (tf->broken || atomic_load(&fr->failed)) {
        ret_block_sum none = {0}; /* the file is read again by one reader: only unblock the others */
        publish_summary(fr, k, &none);
        hash_block(d, fr, k, NULL, 0);
        return false;
    }
    span sp;
    if (!block_span(d, fr, tf, k, &sp))
        return false;
    return sp.begin >= sp.end || read_span(d, fr, tf, k, &sp, ps);
}

static void read_block(driver *d, file_run *fr, size_t k, unsigned t)
{
    part_state *ps = &fr->parts[k];
    ps->diags = sa_diags_new();
    sa_diags_set_max_per_code(ps->diags, sa_diags_max_per_code(d->diags[fr->index]));
    bool ok = try_block(d, fr, k, t, ps);
    if (!ok)
        atomic_store(&fr->failed, true);
    pthread_mutex_lock(&fr->mu);
    ps->ok = ok;
    ps->done = true;
    pthread_mutex_unlock(&fr->mu);
    take_in_order(d, fr, t);
}

/* ---- finishing a split file --------------------------------------------------------------- */

static void free_threads(driver *d, file_run *fr)
{
    for (unsigned t = 0; t < d->jobs; t++) {
        ret_scan_free(fr->threads[t].scan);
        if (fr->threads[t].reader)
            sa_csv_close(fr->threads[t].reader);
    }
    memset(fr->threads, 0, d->jobs * sizeof *fr->threads);
}

/* Every client part of the file, for the client to merge (keep) or drop. */
static void close_all(driver *d, file_run *fr, unsigned t, bool keep)
{
    void **parts = sa_xcalloc(d->jobs, sizeof *parts);
    size_t n = 0;
    for (unsigned i = 0; i < d->jobs; i++)
        if (fr->threads[i].scan)
            parts[n++] = fr->threads[i].client_part;
    close_parts(d, t, fr->index, parts, n, keep);
    free(parts);
}

static void finish_file(driver *d, file_run *fr, unsigned t)
{
    sa_diags *file_diags = d->diags[fr->index];
    pthread_mutex_lock(&fr->mu);
    while (fr->sealing > 0) /* no thread starts to once every block is taken */
        pthread_cond_wait(&fr->cv, &fr->mu);
    pthread_mutex_unlock(&fr->mu);
    if (atomic_load(&fr->failed)) {
        close_all(d, fr, t, false);
        free_threads(d, fr);
        sa_diags *dropped = sa_diags_new();
        sa_diags_take(dropped, file_diags); /* the parts' diagnostics: the one reader makes them anew */
        sa_diags_free(dropped);
        memset(&d->stats[fr->index], 0, sizeof d->stats[fr->index]);
        read_whole(d, t, fr->index, fr->file);
        return;
    }
    ret_scan *all = NULL;
    for (unsigned i = 0; i < d->jobs; i++) {
        ret_scan *s = fr->threads[i].scan;
        if (s && !all)
            all = s;
        else if (s)
            ret_scan_join(all, s);
    }
    ret_scan_finish(all, true, &d->stats[fr->index], file_diags);
    d->stats[fr->index].bytes = fr->size;
    if (d->opts->checksum) {
        assert(fr->nhashed == fr->nblocks && !fr->hash_lost); /* each block was loaded, in order */
        sa_sha256_final_hex(&fr->hash, d->stats[fr->index].sha256);
    }
    d->rc[fr->index] = 0;
    close_all(d, fr, t, true);
    free_threads(d, fr);
}

/* ---- planning and threads ----------------------------------------------------------------- */

static uint64_t block_size(const sa_scan_options *opts)
{
    const char *env = getenv("SPECAUDIT_SPLIT_BYTES"); /* tests cut small files into many parts */
    uint64_t b = opts->split_bytes;
    if (env && *env)
        b = strtoull(env, NULL, 10);
    if (b == 0 || b > SPLIT_BLOCK)
        b = SPLIT_BLOCK;
    return b;
}

/* Decides whether file i is read in blocks: a regular file larger than two blocks, with
 * more than one thread to read it (or a block size forced for tests). */
static void plan_file(driver *d, file_run *fr, const sa_return_file *file, size_t i)
{
    memset(fr, 0, sizeof *fr);
    fr->file = file;
    fr->index = i;
    fr->fd = -1;
    bool forced = getenv("SPECAUDIT_SPLIT_BYTES") != NULL;
    struct stat st;
    if ((d->jobs < 2 && !forced) || d->opts->split_bytes == UINT64_MAX || strcmp(file->path, "-") == 0 ||
        stat(file->path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    fr->block = block_size(d->opts);
    if ((uint64_t)st.st_size <= 2 * fr->block || !sa_file_check_input(file->path, d->diags[i]))
        return;
    fr->fd = open(file->path, O_RDONLY | O_CLOEXEC);
    if (fr->fd < 0)
        return; /* the one reader reports it */
    fr->size = (uint64_t)st.st_size;
    fr->nblocks = (size_t)((fr->size + fr->block - 1) / fr->block);
    pthread_mutex_init(&fr->mu, NULL);
    pthread_cond_init(&fr->cv, NULL);
    fr->sums = sa_xcalloc(fr->nblocks, sizeof *fr->sums);
    fr->summed = sa_xcalloc(fr->nblocks, sizeof *fr->summed);
    fr->starts = sa_xcalloc(fr->nblocks + 1, sizeof *fr->starts);
    fr->parts = sa_xcalloc(fr->nblocks, sizeof *fr->parts);
    fr->threads = sa_xcalloc(d->jobs, sizeof *fr->threads);
    atomic_init(&fr->failed, false);
    sa_sha256_init(&fr->hash);
}

static void free_run(file_run *fr)
{
    if (fr->nblocks == 0)
        return;
    close(fr->fd);
    pthread_mutex_destroy(&fr->mu);
    pthread_cond_destroy(&fr->cv);
    free(fr->sums);
    free(fr->summed);
    free(fr->starts);
    free(fr->parts);
    free(fr->threads);
}

/* A thread with no unit left seals its scans of the split files not yet finished, while the
 * others read their last blocks: the thread that finishes a file then has less to do alone. */
static void seal_scans(driver *d, unsigned t)
{
    for (size_t i = 0; i < d->nruns; i++) {
        file_run *fr = &d->runs[i];
        if (fr->nblocks == 0)
            continue;
        pthread_mutex_lock(&fr->mu);
        ret_scan *s = fr->ntaken < fr->nblocks && !atomic_load(&fr->failed) ? fr->threads[t].scan : NULL;
        fr->sealing += s != NULL;
        pthread_mutex_unlock(&fr->mu);
        if (!s)
            continue;
        ret_scan_seal(s);
        pthread_mutex_lock(&fr->mu);
        fr->sealing--;
        pthread_cond_broadcast(&fr->cv);
        pthread_mutex_unlock(&fr->mu);
    }
}

static void *thread_main(void *arg)
{
    thread_arg *ta = arg;
    driver *d = ta->d;
    for (;;) {
        size_t u = atomic_fetch_add(&d->next, 1);
        if (u >= d->nunits) {
            seal_scans(d, ta->id);
            break;
        }
        file_run *fr = d->units[u].fr;
        if (fr->nblocks == 0)
            read_whole(d, ta->id, fr->index, fr->file);
        else
            read_block(d, fr, d->units[u].block, ta->id);
    }
    return NULL;
}

static void run_threads(driver *d)
{
    pthread_t *th = sa_xcalloc(d->jobs, sizeof *th);
    thread_arg *args = sa_xcalloc(d->jobs, sizeof *args);
    unsigned started = 1;
    for (unsigned t = 0; t < d->jobs; t++)
        args[t] = (thread_arg){d, t};
    /* a thread that cannot start leaves its units to the others */
    for (unsigned t = 1; t < d->jobs && pthread_create(&th[t], NULL, thread_main, &args[t]) == 0; t++)
        started++;
    thread_main(&args[0]);
    for (unsigned t = 1; t < started; t++)
        pthread_join(th[t], NULL);
    free(th);
    free(args);
}

void sa_returns_scan_files(const sa_return_file *files, size_t nfiles, const sa_scan_options *opts,
                           unsigned jobs, const sa_scan_client *client, sa_scan_stats *stats, int *rc,
                           sa_diags **diags)
{
    sa_scan_options defaults;
    if (!opts) {
        sa_scan_options_default(&defaults);
        opts = &defaults;
    }
    driver d = {.opts = opts, .client = client, .jobs = jobs ? jobs : 1, .stats = stats, .rc = rc,
                .diags = diags, .simd = ret_simd_level()};
    d.runs = sa_xcalloc(nfiles ? nfiles : 1, sizeof *d.runs);
    d.nruns = nfiles;
    size_t nunits = 0;
    for (size_t i = 0; i < nfiles; i++) {
        memset(&stats[i], 0, sizeof stats[i]);
        rc[i] = -1;
        plan_file(&d, &d.runs[i], &files[i], i);
        nunits += d.runs[i].nblocks ? d.runs[i].nblocks : 1;
    }
    d.units = sa_xcalloc(nunits ? nunits : 1, sizeof *d.units);
    for (size_t i = 0; i < nfiles; i++)
        for (size_t k = 0; k < (d.runs[i].nblocks ? d.runs[i].nblocks : 1); k++)
            d.units[d.nunits++] = (unit){&d.runs[i], k};
    atomic_init(&d.next, 0);
    if (d.jobs > d.nunits)
        d.jobs = d.nunits ? (unsigned)d.nunits : 1;
    run_threads(&d);
    for (size_t i = 0; i < nfiles; i++)
        free_run(&d.runs[i]);
    free(d.units);
    free(d.runs);
}
