/*-------------------------------------------------------------------------
 *
 * compat.h
 *	  Every PG_VERSION_NUM conditional of the project, in one place.
 *
 *	  The project is tested on PostgreSQL 15 and written to build on 13-17.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_COMPAT_H
#define SM_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 130000
#error "social_metrics requires PostgreSQL 13 or later"
#endif

/* MarkGUCPrefixReserved() appeared in 15; EmitWarningsOnPlaceholders before. */
#if PG_VERSION_NUM >= 150000
#define SM_RESERVE_GUC_PREFIX(p) MarkGUCPrefixReserved(p)
#else
#define SM_RESERVE_GUC_PREFIX(p) EmitWarningsOnPlaceholders(p)
#endif

#endif							/* SM_COMPAT_H */
