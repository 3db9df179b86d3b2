/* common.c — limits, messages and report writing shared by the command pipelines. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "app/app_internal.h"
#include "core/fileio.h"

void sa_app_limits_default(sa_app_limits *limits)
{
    sa_spec_limits_default(&limits->spec);
    sa_csv_limits_default(&limits->csv);
    limits->agreement_max_bytes = SA_AGREEMENT_MAX_BYTES;
    limits->max_providers = SA_CHECK_MAX_PROVIDERS;
    limits->max_periods = SA_CHECK_MAX_PERIODS;
    limits->max_linked_keys = SA_CHECK_MAX_LINKED_KEYS;
}

size_t sa_app_document_max_bytes(const sa_app_limits *limits)
{
    return limits->spec.max_bytes > limits->agreement_max_bytes ? limits->spec.max_bytes
                                                                : limits->agreement_max_bytes;
}

int sa_app_usage_verror(FILE *err, const char *cmd, const char *fmt, va_list ap)
{
    fprintf(err, "specaudit %s: ", cmd);
    vfprintf(err, fmt, ap);
    fprintf(err, "\nTry 'specaudit %s --help'.\n", cmd);
    return SA_EXIT_USAGE;
}

int sa_app_usage_error(FILE *err, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_app_usage_verror(err, cmd, fmt, ap);
    va_end(ap);
    return SA_EXIT_USAGE;
}

void sa_app_print_diags(const sa_diags *diags, FILE *out)
{
    sa_buf b = SA_BUF_INIT;
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        sa_buf_clear(&b);
        sa_diag_format_text(sa_diags_at(diags, i), &b);
        sa_buf_putc(&b, '\n');
        sa_buf_write(&b, out);
    }
    sa_buf_free(&b);
}

bool sa_app_same_file(const char *out, const char *in)
{
    struct stat a, b;
    if (strcmp(out, "-") == 0 || strcmp(in, "-") == 0)
        return false;
    if (stat(out, &a) != 0 || stat(in, &b) != 0)
        return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool sa_app_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int sa_app_write(const sa_app_io *io, const char *path, const sa_buf *data, sa_diags *diags)
{
    if (strcmp(path, "-") != 0)
        return sa_write_file_atomic(path, data->data ? data->data : "", data->len, diags);
    /* As sa_atomic_commit reports standard output. */
    if (fwrite(data->data ? data->data : "", 1, data->len, io->out) != data->len || fflush(io->out) != 0 ||
        ferror(io->out)) {
        sa_diags_error(diags, "E-IO-WRITE", (sa_pos){"<stdout>", 0, 0}, "writing failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}

sa_agreement *sa_app_load_agreement(const char *path, const sa_agreement_schema *schema,
                                    const sa_app_limits *limits, sa_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    if (sa_file_read_all(path, limits->agreement_max_bytes, &data, &len, diags) != 0)
        return NULL;
    sa_agreement *ag = sa_agreement_load_buffer_with(path, data, len, schema, diags);
    free(data);
    return ag;
}

/* Every report format, in the order messages list them. */
static const sa_format formats[] = {SA_FORMAT_TEXT, SA_FORMAT_JSON,  SA_FORMAT_SARIF, SA_FORMAT_JUNIT,
                                    SA_FORMAT_HTML, SA_FORMAT_CSV, SA_FORMAT_MD};

/* "text, json or junit": the formats of `allowed`. */
void sa_app_format_list(unsigned allowed, char *out, size_t size)
{
    size_t n = 0, count = 0, total = 0;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        total += (allowed & SA_FMT(formats[i])) != 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof formats / sizeof formats[0] && n < size; i++) {
        if (!(allowed & SA_FMT(formats[i])))
            continue;
        count++;
        const char *sep = count == 1 ? "" : count == total ? " or " : ", ";
        n += (size_t)snprintf(out + n, size - n, "%s%s", sep, sa_format_name(formats[i]));
    }
}

/* Report formats by file extension. */
static const struct {
    const char *ext;
    sa_format format;
} extensions[] = {
    {"txt", SA_FORMAT_TEXT}, {"text", SA_FORMAT_TEXT}, {"json", SA_FORMAT_JSON}, {"xml", SA_FORMAT_JUNIT},
    {"html", SA_FORMAT_HTML}, {"htm", SA_FORMAT_HTML}, {"csv", SA_FORMAT_CSV},   {"md", SA_FORMAT_MD},
    {"sarif", SA_FORMAT_SARIF},
};

bool sa_app_format_of_path(FILE *err, const char *cmd, const char *path, unsigned allowed, sa_format *out)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    *out = SA_FORMAT_TEXT;
    if (strcmp(path, "-") == 0 || !dot || dot == base)
        return true; /* standard output, or a name without an extension */
    char list[128];
    sa_app_format_list(allowed, list, sizeof list);
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        if (strcasecmp(dot + 1, extensions[i].ext) != 0)
            continue;
        *out = extensions[i].format;
        if (allowed & SA_FMT(*out))
            return true;
        sa_app_usage_error(err, cmd, "a report named %s would be %s, which %s does not write; expected %s "
                           "(or give --format)", path, sa_format_name(*out), cmd, list);
        return false;
    }
    sa_app_usage_error(err, cmd, "cannot tell the format of the report %s from its extension; give --format (%s)", path,
                       list);
    return false;
}
