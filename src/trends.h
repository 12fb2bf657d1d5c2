/*-------------------------------------------------------------------------
 *
 * trends.h
 *	  What the fmgr files of the trends feature share (trends_ratio_ci.c,
 *	  trends_intervals.c, trends_lift.c, trends_window.c): the interval
 *	  state types and the checks and result builders of their SQL
 *	  functions.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_TRENDS_H
#define SM_TRENDS_H

#include "common/int.h"
#include "fmgr.h"
#include "lib/stringinfo.h"

#include "state_io.h"
#include "trends_math.h"

/*
 * ratio_ci_state: the sums of engagement_rate_ci over rows with d > 0, and
 * the confidence level the aggregate was called with (0: not given, the
 * final function uses 0.95).
 */
typedef struct SmRatioCi
{
	double		conf;
	SmRatioSums s;
} SmRatioCi;

#define SM_RATIO_CI_SIZE 176

/* mean_ci_state: n rates, their exact sum and sum of squares, confidence */
typedef struct SmMeanCi
{
	int64		n;
	double		conf;
	SmExact		x;
	SmExact		xx;
} SmMeanCi;

#define SM_MEAN_CI_SIZE 80

#define SM_DEFAULT_CONFIDENCE 0.95

extern void sm_check_confidence(double conf);
extern Datum sm_float8_array(const double *v, int n, const char *func);
extern double sm_ratio_ci_rate(const SmRatioCi *st);
extern double sm_ratio_ci_se(const SmRatioCi *st);

/*
 * Adding a row (e, d) with d > 0 to the sums of a ratio interval, or
 * removing it (the inverse): exactly, 22003 on overflow.  Shared by
 * engagement_rate_ci and engagement_rate_lift (inline: once per row).
 */
static inline void
sm_ratio_sums_add_int8(SmRatioSums *s, int64 e, int64 d, bool remove,
					   const char *func)
{
	if (unlikely(remove ? pg_sub_s64_overflow(s->n, 1, &s->n)
				 : pg_add_s64_overflow(s->n, 1, &s->n)))
		sm_int64_overflow_error(func, false);
	if (unlikely(!sm_exact_add_int64(&s->e, e, remove) ||
				 !sm_exact_add_int64(&s->d, d, remove) ||
				 !sm_exact_add_int_product(&s->ee, e, e, remove) ||
				 !sm_exact_add_int_product(&s->ed, e, d, remove) ||
				 !sm_exact_add_int_product(&s->dd, d, d, remove)))
		sm_exact_overflow_error(func);
}

static inline void
sm_ratio_sums_add_float8(SmRatioSums *s, double e, double d, bool remove,
						 const char *func)
{
	if (unlikely(remove ? pg_sub_s64_overflow(s->n, 1, &s->n)
				 : pg_add_s64_overflow(s->n, 1, &s->n)))
		sm_int64_overflow_error(func, false);
	if (unlikely(!sm_exact_add_double(&s->e, e, remove) ||
				 !sm_exact_add_double(&s->d, d, remove) ||
				 !sm_exact_add_product(&s->ee, e, e, remove) ||
				 !sm_exact_add_product(&s->ed, e, d, remove) ||
				 !sm_exact_add_product(&s->dd, d, d, remove)))
		sm_exact_overflow_error(func);
}

/*
 * Text and binary forms of the interval states (trends_ratio_ci.c), shared
 * with ratio_lift_state: a scanner over the input text whose errors are
 * 22P02 with core's wording, exact decimals, and big-endian limbs.
 */
typedef struct SmScan
{
	const char *p;				/* next character */
	const char *input;			/* the whole input, for messages */
	const char *type;			/* the type's name, for messages */
	const char *form;			/* the expected form, for the DETAIL */
} SmScan;

pg_noreturn extern void sm_scan_error(SmScan *s, const char *why);
extern void sm_scan_char(SmScan *s, char c);
extern bool sm_scan_peek(SmScan *s, char c);
extern void sm_scan_exact(SmScan *s, SmExact *out);
extern int64 sm_scan_count(SmScan *s);
extern double sm_scan_confidence(SmScan *s);
extern void sm_scan_end(SmScan *s);
extern void sm_scan_ratio_sums(SmScan *s, SmRatioSums *sums);
extern void sm_append_exact(StringInfo buf, const SmExact *a);
extern void sm_append_confidence(StringInfo buf, double conf);
extern void sm_append_ratio_sums(StringInfo buf, const SmRatioSums *sums);
extern void sm_send_exact(StringInfo buf, const SmExact *a);
extern void sm_recv_exact(StringInfo buf, SmExact *a);
extern const char *sm_ratio_sums_invalid(const SmRatioSums *s);
extern void sm_set_confidence(double *state_conf, double conf,
							  const char *func);
extern void sm_merge_confidence(double *a, double b);

#endif							/* SM_TRENDS_H */
