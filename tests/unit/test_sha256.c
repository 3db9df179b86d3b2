/* test_sha256.c — SHA-256 against the FIPS 180-4 examples and NIST's long
 * message, both block functions against each other at every length around a
 * block boundary and split at every point, and files against sha256sum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sha256.h"

static void hash_hex(const void *data, size_t len, char hex[SA_SHA256_HEX_LEN + 1])
{
    sa_sha256 h;
    sa_sha256_init(&h);
    sa_sha256_update(&h, data, len);
    sa_sha256_final_hex(&h, hex);
}

static void expect_both_paths(const char *msg, size_t len, const char *want)
{
    char hex[SA_SHA256_HEX_LEN + 1];
    for (int allow = 0; allow < 2; allow++) {
        sa_sha256_allow_extensions(allow);
        hash_hex(msg, len, hex);
        assert_string_equal(hex, want);
    }
}

static void test_fips_examples(void **state)
{
    (void)state;
    expect_both_paths("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_both_paths("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect_both_paths(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_million_a(void **state)
{
    (void)state;
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    for (int allow = 0; allow < 2; allow++) {
        sa_sha256_allow_extensions(allow);
        sa_sha256 h;
        sa_sha256_init(&h);
        for (int i = 0; i < 1000; i++)
            sa_sha256_update(&h, chunk, sizeof chunk);
        char hex[SA_SHA256_HEX_LEN + 1];
        sa_sha256_final_hex(&h, hex);
        assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
}

/* Lengths 0..300 cross the 55/56/64-byte padding edges several times; every
 * split of a message into two updates must give the one-update digest. */
static void test_paths_agree_and_splits(void **state)
{
    (void)state;
    uint8_t msg[300];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 131 + 7);
    for (size_t len = 0; len <= sizeof msg; len++) {
        char a[SA_SHA256_HEX_LEN + 1], b[SA_SHA256_HEX_LEN + 1];
        sa_sha256_allow_extensions(false);
        hash_hex(msg, len, a);
        sa_sha256_allow_extensions(true);
        hash_hex(msg, len, b);
        assert_string_equal(a, b);
        for (size_t cut = 0; cut <= len; cut += 7) {
            sa_sha256 h;
            sa_sha256_init(&h);
            sa_sha256_update(&h, msg, cut);
            sa_sha256_update(&h, msg + cut, len - cut);
            sa_sha256_final_hex(&h, b);
            assert_string_equal(a, b);
        }
    }
}

static void test_file_matches_sha256sum(void **state)
{
    (void)state;
    char path[] = "/tmp/sa-sha256-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < 20000; i++)
        fprintf(f, "row %d,8HX01,2007-04-%02d\n", i, 1 + i % 28);
    fclose(f);
    char hex[SA_SHA256_HEX_LEN + 1];
    uint64_t bytes = 0;
    sa_diags *d = sa_diags_new();
    assert_int_equal(sa_sha256_file(path, hex, &bytes, d), 0);
    assert_true(bytes > 400000);
    char cmd[128], want[SA_SHA256_HEX_LEN + 1] = "";
    snprintf(cmd, sizeof cmd, "sha256sum %s", path);
    FILE *p = popen(cmd, "r");
    if (p && fscanf(p, "%64s", want) == 1)
        assert_string_equal(hex, want);
    if (p)
        pclose(p);
    unlink(path);
    assert_int_equal(sa_sha256_file(path, hex, NULL, d), -1);
    assert_int_equal(sa_diags_count(d), 1);
    sa_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_examples),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_paths_agree_and_splits),
        cmocka_unit_test(test_file_matches_sha256sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
