/*-------------------------------------------------------------------------
 *
 * sketch_common.h
 *	  What the sketch targets share: a mapping cache (the server caches
 *	  mappings the same way) and checks that every reader of a decoded
 *	  sketch stays in bounds and returns sane numbers.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_FUZZ_SKETCH_COMMON_H
#define SM_FUZZ_SKETCH_COMMON_H

#include "c.h"

#include <math.h>

#include "sketch.h"

/* port.h (from c.h) maps stdio to libpgport's versions; no libpgport here */
#undef fprintf
#undef printf
#undef snprintf
#include "fuzz_common.h"

static const SmMapping *fuzz_maps[SM_K_MAX + 1];

/* A decoder asks for the mapping of the k it read; k must be validated. */
static const SmMapping *
fuzz_getmap(int k, void *arg)
{
	(void) arg;
	FUZZ_CHECK(k >= SM_K_MIN && k <= SM_K_MAX, "mapping requested for k = %d", k);
	if (fuzz_maps[k] == NULL)
	{
		size_t		sz = (sm_mapping_size(k) + 7) & ~(size_t) 7;
		void	   *buf = aligned_alloc(8, sz);

		FUZZ_CHECK(buf != NULL, "mapping of %zu bytes", sz);
		fuzz_maps[k] = sm_mapping_init(buf, k);
	}
	return fuzz_maps[k];
}

static int
fuzz_format_double(double v, char *buf)
{
	return snprintf(buf, 32, "%.17g", v);
}

static const SmAllocator fuzz_allocator = {fuzz_alloc, NULL};

/* Read everything a stored sketch can be asked for. */
static void
fuzz_exercise_view(const SmView *v)
{
	static const double qs[] = {0, 0.001, 0.25, 0.5, 0.99, 1};
	double		out[6];
	SmBinIter	it;
	int32_t		idx,
				prev = INT32_MIN;
	uint64_t	c,
				total = v->zeros;
	bool		overflow;
	int			i;

	sm_bin_iter_init(&it, v);
	while (sm_bin_next(&it, &idx, &c))
	{
		FUZZ_CHECK(idx > prev && c > 0, "bins out of order (%d after %d) or empty", idx, prev);
		FUZZ_CHECK(total + c >= total, "bin counts overflow");
		total += c;
		prev = idx;
	}
	FUZZ_CHECK(total == v->count, "bins sum to %llu, count is %llu",
			   (unsigned long long) total, (unsigned long long) v->count);
	sm_view_quantiles(v, qs, out, 6);
	for (i = 0; i < 6; i++)
	{
		double		q = sm_view_quantile(v, qs[i]);

		FUZZ_CHECK(q == out[i] || (isnan(q) && isnan(out[i])), "quantile(s) disagree");
		if (v->count > 0)
		{
			FUZZ_CHECK(isfinite(q) && q >= 0, "quantile %g = %g", qs[i], q);
			FUZZ_CHECK(q <= v->max || v->count == v->zeros, "quantile %g above max", qs[i]);
		}
	}
	for (i = 0; i < 6; i++)
	{
		double		r = sm_view_rank(v, out[i] * 1.5 + 1);

		FUZZ_CHECK(v->count == 0 || (r >= 0 && r <= 1), "rank %g", r);
	}
	(void) sm_view_sum(v, &overflow);
	(void) sm_view_mean(v);
	(void) sm_view_min(v);
}

#endif							/* SM_FUZZ_SKETCH_COMMON_H */
