/*
 * fuzz_agreement.c — libFuzzer target for the heads-of-agreement loader
 * (secure libxml2 parsing, XSD validation, model building) and for binding
 * an agreement to a small built-in specification.
 *
 * The input is copied into a buffer of exactly its size, without a NUL.
 * The schema is the one in the source tree (or $SA_AGREEMENT_XSD), parsed once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agreement/agreement.h"
#include "core/buf.h"
#include "core/diag.h"
#include "spec/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char schema_path[4096];
static sa_agreement_schema *schema; /* parsed once: compiling the XSD per input would dominate */
static sa_spec *bind_spec;

/* A specification for binding: its id and version match the seeds'. */
static const char bind_spec_yaml[] =
    "specaudit: 1\n"
    "id: county-spc\n"
    "version: \"2007.1\"\n"
    "title: Fuzzing binding target\n"
    "period: {from: 2007-04-01, to: 2008-03-31}\n"
    "datasets:\n"
    "  referrals:\n"
    "    columns:\n"
    "      referral_id: {type: string, required: true}\n"
    "      provider: {type: ods_code}\n"
    "      received_at: {type: datetime}\n"
    "      urgency: {type: enum, values: [urgent, routine]}\n"
    "requirements:\n"
    "  - id: KPI-2\n"
    "    title: Urgent referrals seen\n"
    "    check: {kind: proportion, dataset: referrals, at: received_at,\n"
    "            where: 'urgency == \"urgent\"', meets: 'received_at is not empty',\n"
    "            target: \">= 90%\"}\n"
    "  - id: RET-1\n"
    "    title: Returns on time\n"
    "    check: {kind: submission, every: month, due_days: 15}\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *env = getenv("SA_AGREEMENT_XSD");
    if (env && *env) {
        snprintf(schema_path, sizeof schema_path, "%s", env);
    } else {
        /* __FILE__ is tests/fuzz/fuzz_agreement.c in the source tree */
        snprintf(schema_path, sizeof schema_path, "%s", __FILE__);
        char *slash = strrchr(schema_path, '/');
        if (slash)
            snprintf(slash, sizeof schema_path - (size_t)(slash - schema_path),
                     "/../../specs/schema/agreement.xsd");
    }
    sa_diags *diags = sa_diags_new();
    schema = sa_agreement_schema_load(access(schema_path, R_OK) == 0 ? schema_path : NULL, diags);
    if (!schema) {
        fprintf(stderr, "fuzz_agreement: no agreement schema (set SA_AGREEMENT_XSD)\n");
        abort(); /* fuzzing without validation would miss the schema's code paths */
    }
    bind_spec = sa_spec_load_buffer("bind.yaml", bind_spec_yaml, sizeof bind_spec_yaml - 1, NULL, diags);
    sa_diags_free(diags);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    volatile size_t sink = sa_agreement_sniff(copy, size);
    sa_diags *diags = sa_diags_new();
    sa_agreement *agr = sa_agreement_load_buffer_with("fuzz.xml", copy, size, schema, diags);
    if (agr) {
        sink += agr->nexclusions + agr->nvariations + agr->nwaivers;
        if (agr->provider_code)
            sink += strlen(agr->provider_code);
        if (bind_spec) {
            sa_spec *specs[1] = {bind_spec};
            sa_agreement *agrs[1] = {agr};
            (void)sa_agreement_bind(agrs, 1, specs, 1, SA_DATE_NONE, diags);
            sa_plan *plan = sa_plan_build(bind_spec, agrs, 1, diags);
            if (plan) {
                for (size_t i = 0; i < sa_plan_provider_count(plan); i++) {
                    const sa_provider_plan *pp = sa_plan_provider_at(plan, i);
                    if (pp && pp->nreqs != bind_spec->nrequirements)
                        abort(); /* one effective requirement per spec requirement */
                }
                sa_plan_free(plan);
            }
        }
    }
    sa_buf b = SA_BUF_INIT;
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        sa_buf_clear(&b);
        sa_diag_format_text(sa_diags_at(diags, i), &b);
        sink += strlen(sa_buf_cstr(&b));
    }
    (void)sink;
    sa_buf_free(&b);
    sa_agreement_free(agr);
    sa_diags_free(diags);
    free(copy);
    return 0;
}
