/*-------------------------------------------------------------------------
 *
 * compat.h
 *	  Every PG_VERSION_NUM conditional of the project, in one place.
 *
 *	  Every C file includes this header right after postgres.h, so each
 *	  conditional here is compiled by every build.  The versions the code is
 *	  built and tested on are the ones CI runs (see HACKING.md); the
 *	  #error below is the only claim made here.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_COMPAT_H
#define SM_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 150000
#error "social_metrics requires PostgreSQL 15 or later"
#endif

/*
 * 16 moved VARDATA_ANY, VARSIZE_ANY_EXHDR, SET_VARSIZE and friends from
 * postgres.h into varatt.h.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * 18 replaced the pg_attribute_noreturn() suffix by the pg_noreturn prefix
 * (C11 _Noreturn where available).  The code is written the 18 way:
 * "pg_noreturn extern void f(void);".  Before 18 the GCC attribute is
 * equally valid in front of a declaration.
 */
#if PG_VERSION_NUM < 180000
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * 18 lets a module report its name and version (pg_get_loaded_modules()).
 * SM_MODULE_VERSION comes from the Makefile (the control file's
 * default_version), so the version is written in one place; only
 * social_metrics.c expands this macro.
 */
#if PG_VERSION_NUM >= 180000
#define SM_MODULE_MAGIC \
	PG_MODULE_MAGIC_EXT(.name = "social_metrics", .version = SM_MODULE_VERSION)
#else
#define SM_MODULE_MAGIC PG_MODULE_MAGIC
#endif

/*
 * 17 added infinite intervals (+/-infinity: every field at its maximum or
 * minimum).  Before 17 no interval is infinite.  The argument is an
 * Interval pointer.
 */
#if PG_VERSION_NUM >= 170000
#define SM_INTERVAL_NOT_FINITE(iv) INTERVAL_NOT_FINITE(iv)
#define SM_INTERVAL_IS_NOBEGIN(iv) INTERVAL_IS_NOBEGIN(iv)
#else
#define SM_INTERVAL_NOT_FINITE(iv) ((void) (iv), false)
#define SM_INTERVAL_IS_NOBEGIN(iv) ((void) (iv), false)
#endif

#endif							/* SM_COMPAT_H */
