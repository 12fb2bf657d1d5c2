/*-------------------------------------------------------------------------
 *
 * business_time.h
 *	  Business time for the rest of the extension (src/business_time.c):
 *	  the SQL entry points of the business_calendar type, and
 *	  business_seconds callable from C.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_BUSINESS_TIME_H
#define SM_BUSINESS_TIME_H

#include "fmgr.h"
#include "datatype/timestamp.h"

extern Datum business_calendar_in(PG_FUNCTION_ARGS);
extern Datum business_calendar_out(PG_FUNCTION_ARGS);

/*
 * business_seconds(start, finish, calendar) for a detoasted calendar datum,
 * with the same errors.  *zone_cache (NULL at first) keeps the calendar's
 * zone between calls, allocated in cxt; the caller keeps it no longer than
 * cxt lives.
 */
extern double sm_business_seconds(const struct varlena *calendar,
								  TimestampTz start, TimestampTz finish,
								  void **zone_cache, MemoryContext cxt);

#endif							/* SM_BUSINESS_TIME_H */
