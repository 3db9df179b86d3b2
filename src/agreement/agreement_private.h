/*
 * agreement_private.h — helpers shared by the files of src/agreement/ only.
 */
#ifndef SA_AGREEMENT_PRIVATE_H
#define SA_AGREEMENT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "agreement/agreement.h"

/** True when the inclusive ranges [a_from, a_to] and [b_from, b_to] share a day.
 *  SA_DATE_NONE at either end means unbounded on that side. */
bool sa_agr_ranges_overlap(sa_date a_from, sa_date a_to, sa_date b_from, sa_date b_to);

#endif
