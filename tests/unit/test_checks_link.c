/* test_checks_link.c — the summary of a linked dataset (count, min and max
 * per key, bounded in keys) and the linked terms of an expression. */
#include "test_checks_helpers.h"

static sa_value vint(int64_t i)
{
    sa_value v = {.kind = SA_VAL_INT, .enum_index = -1};
    v.as.i = i;
    return v;
}

static sa_value vdate(const char *iso)
{
    sa_value v = {.kind = SA_VAL_DATE, .enum_index = -1};
    v.as.date = D(iso);
    return v;
}

static sa_value vdec(double d)
{
    sa_value v = {.kind = SA_VAL_DECIMAL, .enum_index = -1};
    v.as.d = d;
    return v;
}

static const sa_value empty = {.kind = SA_VAL_EMPTY, .enum_index = -1};

/* Linked rows in these tests: column 0 a date, 1 a decimal (kept), 2 an int (not kept). */
static sa_link_map *two_columns(size_t max_keys)
{
    static const int cols[] = {0, 1};
    static const sa_value_kind kinds[] = {SA_VAL_DATE, SA_VAL_DECIMAL};
    return sa_link_map_new(cols, kinds, 2, max_keys);
}

static const sa_expr_link_term terms[] = {
    {SA_LINK_COUNT, -1}, {SA_LINK_MIN, 0}, {SA_LINK_MAX, 0}, {SA_LINK_MIN, 1}, {SA_LINK_MAX, 1},
};

static void test_count_min_max_over_dates(void **state)
{
    (void)state;
    sa_link_map *m = two_columns(10);
    sa_value a[] = {vdate("2024-05-01"), vdec(2.5), vint(1)};
    sa_value b[] = {vdate("2024-03-01"), empty, vint(2)};
    sa_value c[] = {vdate("2024-07-31"), vdec(-1.25), vint(3)};
    assert_true(sa_link_map_add(m, 42, a, 3));
    assert_true(sa_link_map_add(m, 42, b, 3));
    assert_true(sa_link_map_add(m, 42, c, 3));
    assert_int_equal(sa_link_map_size(m), 1);
    sa_value out[5];
    sa_link_map_values(m, sa_link_map_find(m, 42), terms, 5, out);
    assert_int_equal(out[0].kind, SA_VAL_INT);
    assert_int_equal(out[0].as.i, 3);
    assert_int_equal(out[1].kind, SA_VAL_DATE);
    assert_int_equal(out[1].as.date, D("2024-03-01"));
    assert_int_equal(out[2].as.date, D("2024-07-31"));
    /* The empty decimal is counted as a row but takes no part in min and max. */
    assert_int_equal(out[3].kind, SA_VAL_DECIMAL);
    assert_true(out[3].as.d == -1.25);
    assert_true(out[4].as.d == 2.5);
    sa_link_map_free(m);
}

/* A key no row had: count 0, min and max empty (a comparison with them is unknown). */
static void test_no_linked_rows(void **state)
{
    (void)state;
    sa_link_map *m = two_columns(10);
    sa_value a[] = {empty, empty, vint(1)};
    assert_true(sa_link_map_add(m, 7, a, 3));
    assert_null(sa_link_map_find(m, 8));
    assert_null(sa_link_map_find(m, 0));
    sa_value out[5];
    sa_link_map_values(m, NULL, terms, 5, out);
    assert_int_equal(out[0].kind, SA_VAL_INT);
    assert_int_equal(out[0].as.i, 0);
    for (size_t i = 1; i < 5; i++)
        assert_int_equal(out[i].kind, SA_VAL_EMPTY);
    /* Rows whose linked cells were all empty: counted, still no min or max. */
    sa_link_map_values(m, sa_link_map_find(m, 7), terms, 5, out);
    assert_int_equal(out[0].as.i, 1);
    assert_int_equal(out[1].kind, SA_VAL_EMPTY);
    assert_int_equal(out[4].kind, SA_VAL_EMPTY);
    sa_link_map_free(m);
}

/* Past the bound a new key is refused and nothing of it is kept; known keys still count. */
static void test_bound_reached(void **state)
{
    (void)state;
    sa_link_map *m = two_columns(3);
    sa_value a[] = {vdate("2024-05-01"), vdec(1), vint(1)};
    for (uint64_t k = 1; k <= 3; k++)
        assert_true(sa_link_map_add(m, k * 0x9e3779b97f4a7c15ULL, a, 3));
    assert_false(sa_link_map_add(m, 4 * 0x9e3779b97f4a7c15ULL, a, 3));
    assert_int_equal(sa_link_map_size(m), 3);
    assert_null(sa_link_map_find(m, 4 * 0x9e3779b97f4a7c15ULL));
    assert_true(sa_link_map_add(m, 2 * 0x9e3779b97f4a7c15ULL, a, 3));
    sa_value out[1];
    sa_link_map_values(m, sa_link_map_find(m, 2 * 0x9e3779b97f4a7c15ULL), terms, 1, out);
    assert_int_equal(out[0].as.i, 2);
    sa_link_map_free(m);
}

/* Many keys through several growths: each keeps its own count and min. */
static void test_many_keys(void **state)
{
    (void)state;
    sa_link_map *m = two_columns(100000);
    for (uint64_t k = 1; k <= 50000; k++) {
        sa_value a[] = {vdate("2024-04-01"), vdec((double)k), vint(1)};
        assert_true(sa_link_map_add(m, k, a, 3));
        if (k % 3 == 0) {
            a[1] = vdec((double)k / 2);
            assert_true(sa_link_map_add(m, k, a, 3));
        }
    }
    assert_int_equal(sa_link_map_size(m), 50000);
    for (uint64_t k = 1; k <= 50000; k += 997) {
        sa_value out[5];
        sa_link_map_values(m, sa_link_map_find(m, k), terms, 5, out);
        assert_int_equal(out[0].as.i, k % 3 == 0 ? 2 : 1);
        assert_true(out[3].as.d == (k % 3 == 0 ? (double)k / 2 : (double)k));
        assert_true(out[4].as.d == (double)k);
    }
    sa_link_map_free(m);
}

/* The same key cell hashes alike in two datasets with the same provider, and not across providers;
 * an empty key cell gives no key. */
static void test_keys_by_provider_and_cell(void **state)
{
    (void)state;
    sa_value cells[2] = {vint(17), vint(17)};
    sa_row a = {.values = cells, .nvalues = 2, .provider = "8HX01"};
    sa_row b = a;
    b.provider = "8HX02";
    uint64_t ha, ha2, hb;
    const int c0 = 0, c1 = 1;
    assert_true(sa_row_key_hash(&a, SA_LINK_KEY_SPACE, &c0, 1, &ha));
    assert_true(sa_row_key_hash(&a, SA_LINK_KEY_SPACE, &c1, 1, &ha2));
    assert_true(sa_row_key_hash(&b, SA_LINK_KEY_SPACE, &c0, 1, &hb));
    assert_true(ha == ha2);
    assert_true(ha != hb);
    cells[0] = empty;
    assert_false(sa_row_key_hash(&a, SA_LINK_KEY_SPACE, &c0, 1, &ha));
}

/* An expression lists each linked term once, and evaluates against the values it is given. */
static void test_expression_terms(void **state)
{
    (void)state;
    static sa_column dcols[] = {{.name = "died_on", .type = SA_COL_DATE}};
    static sa_column rcols[] = {{.name = "received_on", .type = SA_COL_DATE}, {.name = "note", .type = SA_COL_STRING}};
    static const sa_dataset deaths = {.name = "deaths", .columns = dcols, .ncolumns = 1, .provider_column = -1};
    static const sa_dataset refs = {.name = "referrals", .columns = rcols, .ncolumns = 2, .provider_column = -1};
    sa_diags *d = sa_diags_new();
    sa_expr *e = sa_expr_compile_linked(
        "linked_count() >= 1 and days_between(linked_min(received_on), died_on) >= 14 and linked_count() < 9",
        (sa_pos){"t.yaml", 1, 1}, &deaths, &refs, NULL, d);
    assert_non_null(e);
    const sa_expr_link_term *t;
    assert_int_equal(sa_expr_link_terms(e, &t), 2);
    assert_int_equal(t[0].fn, SA_LINK_COUNT);
    assert_int_equal(t[1].fn, SA_LINK_MIN);
    assert_int_equal(t[1].column, 0);
    int cols[4];
    assert_int_equal(sa_expr_columns(e, cols, 4), 1); /* received_on is the linked dataset's */
    sa_value row[] = {vdate("2024-04-20")};
    sa_value linked[] = {vint(2), vdate("2024-04-06")};
    sa_expr_set_linked(e, linked);
    assert_int_equal(sa_expr_eval_bool(e, row), SA_TRI_TRUE);
    linked[1] = vdate("2024-04-07");
    assert_int_equal(sa_expr_eval_bool(e, row), SA_TRI_FALSE);
    linked[0] = vint(0);
    linked[1] = empty;
    assert_int_equal(sa_expr_eval_bool(e, row), SA_TRI_FALSE);
    sa_expr_set_linked(e, NULL);
    assert_int_equal(sa_expr_eval_bool(e, row), SA_TRI_UNKNOWN);
    sa_expr_free(e);
    /* Without a link, and with a text column, positioned errors. */
    assert_null(sa_expr_compile("linked_count() > 0", (sa_pos){"t.yaml", 1, 1}, &deaths, NULL, d));
    assert_null(sa_expr_compile_linked("linked_max(note) > 0", (sa_pos){"t.yaml", 1, 1}, &deaths, &refs, NULL, d));
    assert_int_equal(sa_diags_count(d), 2);
    assert_string_equal(sa_diags_at(d, 0)->code, "E-EXPR-NO-LINK");
    assert_int_equal(sa_diags_at(d, 0)->pos.col, 1);
    assert_string_equal(sa_diags_at(d, 1)->code, "E-EXPR-TYPE");
    assert_int_equal(sa_diags_at(d, 1)->pos.col, 12);
    sa_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_min_max_over_dates),
        cmocka_unit_test(test_no_linked_rows),
        cmocka_unit_test(test_bound_reached),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_keys_by_provider_and_cell),
        cmocka_unit_test(test_expression_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
