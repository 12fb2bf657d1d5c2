/*
 * sketch_unit.c
 *	  Unit test of src/sketch.c alone (no server), meant to be built with
 *	  clang -fsanitize=address,undefined.  Checks against independent
 *	  oracles (sorted arrays, long-double logarithms, exact integer sums),
 *	  then runs deterministic mutations of valid encodings through both
 *	  decoders: every input must be accepted or rejected cleanly, and an
 *	  accepted input must re-encode to exactly its own bytes.
 *
 *	  usage: sketch_unit [fuzz-iterations]     exit status 0 = pass
 */
#include "c.h"

#include <math.h>

#include "../../src/sketch.h"

/* port.h (from c.h) maps these to libpgport's versions; no libpgport here */
#undef fprintf
#undef printf
#undef qsort
#undef snprintf

static int	failures = 0;

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) \
		{ \
			failures++; \
			if (failures < 30) \
			{ \
				fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
				fprintf(stderr, __VA_ARGS__); \
				fprintf(stderr, "\n"); \
			} \
		} \
	} while (0)

/* splitmix64: deterministic pseudo-random numbers */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rng(void)
{
	uint64_t	z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double
u01(void)
{
	return ((rng() >> 11) + 0.5) / 9007199254740992.0;
}

static double
lognormal(double mu, double sigma)
{
	double		u1 = u01(),
				u2 = u01();

	return exp(mu + sigma * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2));
}

/* allocator: malloc, remembered so that everything is freed at the end */
static void **blocks;
static size_t nblocks,
			capblocks;

static void *
test_alloc(void *arg, size_t size)
{
	void	   *p;

	(void) arg;
	if (nblocks == capblocks)
	{
		capblocks = capblocks ? capblocks * 2 : 1024;
		blocks = realloc(blocks, capblocks * sizeof(void *));
	}
	p = malloc(size ? size : 1);
	blocks[nblocks++] = p;
	return p;
}

static void
free_all(void)
{
	size_t		i;

	for (i = 0; i < nblocks; i++)
		free(blocks[i]);
	nblocks = 0;
}

static const SmAllocator alloc = {test_alloc, NULL};

/* mapping cache (malloc) */
static const SmMapping *maps[SM_K_MAX + 1];

static const SmMapping *
getmap(int k, void *arg)
{
	(void) arg;
	if (k < SM_K_MIN || k > SM_K_MAX)
		return NULL;
	if (!maps[k])
		maps[k] = sm_mapping_init(malloc(sm_mapping_size(k)), k);
	return maps[k];
}

static int
fmt_double(double v, char *buf)
{
	return snprintf(buf, 32, "%.17g", v);
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

/* encode a working sketch to a compact payload (malloc'd) */
static uint8_t *
encode(const SmSketch *sk, size_t *len)
{
	SmView		v;
	uint8_t    *buf;

	sm_view_from_sketch(&v, sk, getmap(sk->k, NULL));
	buf = malloc(sm_encoded_size_bound(&v));
	*len = sm_encode(&v, buf);
	return buf;
}

/* build with the inline fast path where it applies (as the aggregates do) */
static SmSketch *
build(int k, const double *vals, size_t n)
{
	SmSketch   *sk = sm_sketch_create(k, &alloc);
	size_t		i;

	for (i = 0; i < n; i++)
		if (!sm_sketch_insert_fast(sk, getmap(k, NULL), vals[i]))
			CHECK(sm_sketch_insert(&sk, getmap(k, NULL), vals[i], &alloc) == SM_OK,
				  "insert %g", vals[i]);
	return sk;
}

/* build with the general path only: the oracle of the fast path */
static SmSketch *
build_slow(int k, const double *vals, size_t n)
{
	SmSketch   *sk = sm_sketch_create(k, &alloc);
	size_t		i;

	for (i = 0; i < n; i++)
		CHECK(sm_sketch_insert(&sk, getmap(k, NULL), vals[i], &alloc) == SM_OK,
			  "insert %g", vals[i]);
	return sk;
}

static void
test_mapping(void)
{
	int			ks[] = {2, 3, 7, 35, 69, 347, 1000, 3466};
	size_t		t;

	for (t = 0; t < sizeof(ks) / sizeof(ks[0]); t++)
	{
		int			k = ks[t];
		const SmMapping *m = getmap(k, NULL);
		int			b,
					far_mismatch = 0;
		long		i;

		/* boundaries: increasing, and within 1 ulp of the long double value */
		for (b = 0; b < k; b++)
		{
			long double ref = exp2l((long double) b / k);
			double		got;
			uint64_t	bits = (UINT64_C(1023) << 52) | m->bound[b];

			memcpy(&got, &bits, 8);
			CHECK(fabsl((long double) got - ref) <= ref * 1.2e-16L,
				  "k=%d b=%d boundary %.17g vs %.20Lg", k, b, got, ref);
			if (b > 0)
				CHECK(m->bound[b] > m->bound[b - 1], "k=%d boundaries not increasing", k);
		}
		/* bucket0 against ceil(k log2 v) computed in long double */
		for (i = 0; i < 200000; i++)
		{
			double		v = ldexp(1.0 + u01(), (int) (rng() % 2000) - 1000);
			long double l = (long double) k * log2l((long double) v);
			long double c = ceill(l);
			int32_t		got = sm_bucket0(m, v);

			if (got != (int32_t) c)
			{
				/* allowed only within rounding distance of a boundary */
				if (fabsl(l - roundl(l)) > 1e-9L * fabsl(l) + 1e-12L)
					far_mismatch++;
			}
		}
		CHECK(far_mismatch == 0, "k=%d: %d bucket mismatches away from boundaries", k, far_mismatch);
		/* exact powers of two are bucket upper bounds */
		CHECK(sm_bucket0(m, 1.0) == 0, "bucket of 1");
		CHECK(sm_bucket0(m, 2.0) == k, "bucket of 2");
		CHECK(sm_bucket0(m, 0.5) == -k, "bucket of 0.5");
		CHECK(sm_bucket0(m, nextafter(1.0, 2.0)) == 1, "bucket above 1");
		/* subnormals */
		CHECK(sm_bucket0(m, 4.9406564584124654e-324) == -1074 * k, "bucket of min subnormal k=%d: %d", k, sm_bucket0(m, 4.9406564584124654e-324));
	}
	{
		int			k;

		CHECK(sm_k_for_relative_error(0.01, &k) == SM_OK && k == SM_K_DEFAULT,
			  "default k %d", k);
		CHECK(sm_alpha(35, 0) <= 0.01 && sm_alpha(34, 0) > 0.01, "alpha 35");
		CHECK(sm_k_for_relative_error(0.0001, &k) == SM_OK && k == SM_K_MAX, "kmax %d", k);
		CHECK(sm_k_for_relative_error(0.25, &k) == SM_OK && k == SM_K_MIN, "kmin %d", k);
		CHECK(sm_k_for_relative_error(0.3, &k) == SM_ERR_PARAM, "0.3");
		CHECK(sm_k_for_relative_error(NAN, &k) == SM_ERR_PARAM, "nan");
		CHECK(sm_k_for_relative_error(0.00009, &k) == SM_ERR_PARAM, "small");
	}
}

/* accuracy, ranks, determinism, text round trip, remove, subtract */
static void
test_sketch(int k, double sigma, size_t n, int zeros_every)
{
	double	   *vals = malloc(n * sizeof(double));
	double	   *sorted = malloc(n * sizeof(double));
	size_t		i;
	SmSketch   *a,
			   *b,
			   *parts[10];
	uint8_t    *ea,
			   *eb;
	size_t		la,
				lb;
	SmView		v,
				pv;
	SmError		err;
	double		alpha;
	static const double qs[] = {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};
	double		outs[12];

	for (i = 0; i < n; i++)
		vals[i] = (zeros_every && i % zeros_every == 0) ? 0.0 : lognormal(3, sigma);
	memcpy(sorted, vals, n * sizeof(double));
	qsort(sorted, n, sizeof(double), cmp_double);

	a = build(k, vals, n);
	/* general path only, reverse order, and a merge of 10 interleaved parts */
	ea = encode(a, &la);
	b = build_slow(k, vals, n);
	eb = encode(b, &lb);
	CHECK(la == lb && memcmp(ea, eb, la) == 0, "k=%d fast path changes bytes", k);
	free(eb);
	b = sm_sketch_create(k, &alloc);
	for (i = n; i-- > 0;)
		sm_sketch_insert(&b, getmap(k, NULL), vals[i], &alloc);
	eb = encode(b, &lb);
	CHECK(la == lb && memcmp(ea, eb, la) == 0, "k=%d order changes bytes", k);
	free(eb);
	for (i = 0; i < 10; i++)
		parts[i] = sm_sketch_create(k, &alloc);
	for (i = 0; i < n; i++)
		if (!sm_sketch_insert_fast(parts[(i * 7) % 10], getmap(k, NULL), vals[i]))
			sm_sketch_insert(&parts[(i * 7) % 10], getmap(k, NULL), vals[i], &alloc);
	b = sm_sketch_create(k, &alloc);
	for (i = 0; i < 10; i++)
	{
		sm_view_from_sketch(&pv, parts[9 - i], getmap(k, NULL));
		CHECK(sm_sketch_merge(&b, &pv, &alloc) == SM_OK, "merge");
	}
	eb = encode(b, &lb);
	CHECK(la == lb && memcmp(ea, eb, la) == 0, "k=%d merge changes bytes", k);
	free(eb);

	/* decode the compact form */
	CHECK(sm_view_init(&v, ea, la, getmap, NULL, &err) == SM_OK, "decode: %s", err.msg);
	alpha = sm_alpha(k, v.level);
	CHECK(v.count == n, "count");
	sm_view_quantiles(&v, qs, outs, 12);
	for (i = 0; i < 12; i++)
	{
		int64_t		r = sm_rank_target(qs[i], n);
		double		exact = sorted[r - 1];
		double		est = sm_view_quantile(&v, qs[i]);

		CHECK(fabs(est - exact) <= alpha * exact * (1 + 1e-12),
			  "k=%d level=%d q=%g est %.17g exact %.17g", k, v.level, qs[i], est, exact);
		CHECK(est == outs[i], "quantiles vs quantile q=%g", qs[i]);
	}
	CHECK(sm_view_quantile(&v, 0) == sorted[0] && sm_view_quantile(&v, 1) == sorted[n - 1],
		  "extremes exact");
	/* ranks: true_rank(x/(1+a)) <= R*n <= true_rank(x/(1-a)) */
	for (i = 0; i < 200; i++)
	{
		double		x = sorted[(rng() % n)] * (0.9 + 0.2 * u01());
		double		r = sm_view_rank(&v, x) * n;
		size_t		lo = 0,
					hi = 0,
					j;

		for (j = 0; j < n; j++)
		{
			lo += sorted[j] <= x / (1 + alpha);
			hi += sorted[j] <= x / (1 - alpha);
		}
		if (x < sorted[0])
			lo = hi = 0;
		CHECK(r + 1e-6 >= lo && r - 1e-6 <= hi, "rank x=%g r=%g [%zu, %zu]", x, r, lo, hi);
	}
	/* mean */
	{
		long double s = 0;
		bool		of;

		for (i = 0; i < n; i++)
			s += sorted[i];
		CHECK(fabsl(sm_view_sum(&v, &of) - s) <= s * 1e-15L, "sum");
		CHECK(fabsl(sm_view_mean(&v) - s / n) <= s / n * 1e-15L, "mean");
	}
	/* text round trip */
	{
		char	   *txt = malloc(sm_text_size_bound(&v));
		SmSketch   *t;
		uint8_t    *et;
		size_t		lt;

		sm_text_format(&v, txt, fmt_double);
		CHECK(sm_text_parse(txt, getmap, NULL, &alloc, &t, &err) == SM_OK, "parse: %s", err.msg);
		et = encode(t, &lt);
		CHECK(lt == la && memcmp(et, ea, la) == 0, "text round trip");
		free(et);
		free(txt);
	}
	/* remove: all but the first and last few, in a different order */
	if (n > 20)
	{
		SmSketch   *c = build(k, vals, n);
		size_t		kept = 0;
		double	   *rest = malloc(n * sizeof(double));
		uint8_t    *ec,
				   *er;
		size_t		lc,
					lr;

		for (i = 0; i < n; i++)
		{
			if (i % 3 == 1)
			{
				SmStatus	st = sm_sketch_remove(c, getmap(k, NULL), vals[i]);

				if (st == SM_ERR_RESTART)
					rest[kept++] = vals[i];
				else
					CHECK(st == SM_OK, "remove %d", st);
			}
			else
				rest[kept++] = vals[i];
		}
		ec = encode(c, &lc);
		b = build(k, rest, kept);
		/* same level? the level of c is that of all values (min/max kept) */
		er = encode(b, &lr);
		CHECK(lc == lr && memcmp(ec, er, lc) == 0, "remove k=%d", k);
		free(ec);
		free(er);
		/* subtract: all parts but one from a full sketch == that part */
		c = build(k, vals, n);
		for (i = 0; i < 10; i++)
		{
			sm_view_from_sketch(&pv, parts[i], getmap(k, NULL));
			if (i == 3)
				continue;
			{
				SmStatus	st = sm_sketch_subtract(c, &pv);

				CHECK(st == SM_OK || st == SM_ERR_RESTART, "subtract %d", st);
			}
		}
		free(rest);
	}
	free(ea);
	free(vals);
	free(sorted);
	free_all();
}

static void
test_collapse(void)
{
	/* k=3466 over 30 octaves: must collapse, alpha in force reported */
	size_t		n = 20000,
				i;
	double	   *vals = malloc(n * sizeof(double));
	double	   *sorted = malloc(n * sizeof(double));
	SmSketch   *a,
			   *b;
	SmView		v;
	uint8_t    *ea,
			   *eb;
	size_t		la,
				lb;
	SmError		err;

	for (i = 0; i < n; i++)
		vals[i] = ldexp(1.0 + u01(), (int) (rng() % 30) - 10);
	memcpy(sorted, vals, n * sizeof(double));
	qsort(sorted, n, sizeof(double), cmp_double);
	a = build(3466, vals, n);
	CHECK(a->level > 0, "no collapse");
	/* build from sorted order: same bytes (level is a function of range) */
	b = build(3466, sorted, n);
	ea = encode(a, &la);
	eb = encode(b, &lb);
	CHECK(la == lb && memcmp(ea, eb, la) == 0, "collapse order");
	CHECK(sm_view_init(&v, ea, la, getmap, NULL, &err) == SM_OK, "decode: %s", err.msg);
	for (i = 0; i <= 100; i++)
	{
		double		q = i / 100.0;
		double		exact = sorted[sm_rank_target(q, n) - 1];
		double		est = sm_view_quantile(&v, q);

		CHECK(fabs(est - exact) <= sm_alpha(3466, v.level) * exact * (1 + 1e-12), "collapse accuracy");
	}
	free(ea);
	free(eb);
	free(vals);
	free(sorted);
	free_all();
}

static void
test_sum(void)
{
	uint64_t	l[SM_SUM_LIMBS] = {0};
	SmView		v;
	bool		of;
	int			i;

	memset(&v, 0, sizeof(v));
	/* 0.1 added 10 times: exact sum rounds to 1.0000000000000000555 -> 1 */
	for (i = 0; i < 10; i++)
		sm_sum_add(l, 0.1);
	memcpy(v.sum, l, sizeof(l));
	v.count = 10;
	CHECK(sm_view_sum(&v, &of) == 1.0, "0.1*10 = %.17g", sm_view_sum(&v, &of));
	/* huge + tiny - huge = tiny */
	memset(l, 0, sizeof(l));
	sm_sum_add(l, 1e300);
	sm_sum_add(l, 4.9406564584124654e-324);
	sm_sum_sub(l, 1e300);
	memcpy(v.sum, l, sizeof(l));
	CHECK(sm_view_sum(&v, &of) == 4.9406564584124654e-324, "tiny");
	/* overflow beyond DBL_MAX is reported */
	memset(l, 0, sizeof(l));
	sm_sum_add(l, 1.7976931348623157e308);
	sm_sum_add(l, 1.7976931348623157e308);
	memcpy(v.sum, l, sizeof(l));
	sm_view_sum(&v, &of);
	CHECK(of, "overflow");
}

/* ---- fuzzing ---- */
static long accepted,
			rejected;

static void
exercise(const SmView *v)
{
	double		q[5] = {0, 0.3, 0.5, 0.99, 1},
				out[5];
	bool		of;

	if (v->count == 0)
		return;
	sm_view_quantiles(v, q, out, 5);
	(void) sm_view_rank(v, 1.0);
	(void) sm_view_sum(v, &of);
	(void) sm_view_mean(v);
}

static void
fuzz_binary(const uint8_t *seed, size_t len, uint8_t *buf)
{
	size_t		n = len;
	int			op = (int) (rng() % 8);
	SmView		v;
	SmError		err;
	uint8_t    *copy;

	memcpy(buf, seed, len);
	switch (op)
	{
		case 0:				/* bit flips */
		case 1:
			{
				int			flips = 1 + (int) (rng() % 4),
							f;

				for (f = 0; f < flips; f++)
					buf[rng() % n] ^= (uint8_t) (1 << (rng() % 8));
			}
			break;
		case 2:				/* truncation */
			n = rng() % len;
			break;
		case 3:				/* extension with junk */
			{
				size_t		extra = 1 + rng() % 16,
							j;

				for (j = 0; j < extra; j++)
					buf[n++] = (uint8_t) rng();
			}
			break;
		case 4:				/* huge varint at a random position */
			{
				size_t		at = 5 + rng() % (len > 5 ? len - 5 : 1);
				int			j;

				for (j = 0; j < 9 && at + j < n; j++)
					buf[at + j] = 0xFF;
				if (at + 9 < n)
					buf[at + 9] = 0x01;
			}
			break;
		case 5:				/* random byte values */
			{
				int			j;

				for (j = 0; j < 3; j++)
					buf[rng() % n] = (uint8_t) rng();
			}
			break;
		case 6:				/* fully random bytes */
			{
				size_t		j;

				n = rng() % 64;
				for (j = 0; j < n; j++)
					buf[j] = (uint8_t) rng();
				if (n > 0 && rng() % 2)
					buf[0] = 1;
				if (n > 1 && rng() % 2)
					buf[1] = 0;
			}
			break;
		default:			/* duplicate a slice */
			{
				size_t		from = rng() % len,
							cnt = 1 + rng() % 8;

				if (from + cnt > len)
					cnt = len - from;
				memmove(buf + from + cnt, buf + from, len - from);
				n = len + cnt;
			}
			break;
	}
	/* an exact-size copy, so that ASan sees any overread */
	copy = malloc(n ? n : 1);
	memcpy(copy, buf, n);
	if (sm_view_init(&v, copy, n, getmap, NULL, &err) == SM_OK)
	{
		uint8_t    *re = malloc(sm_encoded_size_bound(&v));
		size_t		rl = sm_encode(&v, re);

		accepted++;
		CHECK(rl == n && memcmp(re, copy, n) == 0, "accepted non-canonical bytes (op %d)", op);
		exercise(&v);
		free(re);
	}
	else
		rejected++;
	free(copy);
}

/*
 * Mutations of a working-layout value (as a corrupted stored datum would
 * look): anything accepted must encode to a compact form that decodes.
 */
static void
fuzz_working(const SmSketch *seed)
{
	size_t		total = SM_SKETCH_SIZE(seed->cap, seed->width);
	uint64_t   *mem = malloc(total + 8);
	uint8_t    *buf = (uint8_t *) mem;
	SmView		v,
				v2;
	SmError		err;
	int			flips = 1 + (int) (rng() % 3),
				f;

	memcpy(buf, seed, total);
	for (f = 0; f < flips; f++)
	{
		/* header fields more often than counts */
		size_t		at = 4 + (rng() % 2 ? rng() % (SM_SKETCH_HDRSZ - 4) : rng() % (total - 4));

		if (rng() % 2)
			buf[at] ^= (uint8_t) (1 << (rng() % 8));
		else
			buf[at] = (uint8_t) rng();
	}
	if (sm_view_init(&v, buf + 4, total - 4, getmap, NULL, &err) == SM_OK)
	{
		uint8_t    *enc = malloc(sm_encoded_size_bound(&v));
		size_t		n = sm_encode(&v, enc);

		accepted++;
		CHECK(sm_view_init(&v2, enc, n, getmap, NULL, &err) == SM_OK,
			  "accepted working layout encodes to invalid bytes: %s", err.msg);
		exercise(&v);
		free(enc);
	}
	else
		rejected++;
	free(mem);
}

static void
fuzz_text(const char *seed, char *buf)
{
	size_t		len = strlen(seed),
				n = len;
	int			op = (int) (rng() % 6);
	SmSketch   *sk;
	SmError		err;
	static const char alphabet[] = "0123456789.,*=+-expvakminlzsuob ";
	char	   *copy;

	memcpy(buf, seed, len + 1);
	switch (op)
	{
		case 0:
			buf[rng() % n] ^= (char) (1 << (rng() % 7));
			break;
		case 1:
			n = rng() % len;
			buf[n] = '\0';
			break;
		case 2:
			buf[rng() % n] = alphabet[rng() % (sizeof(alphabet) - 1)];
			break;
		case 3:				/* insert digits (huge numbers) */
			{
				size_t		at = rng() % n,
							cnt = 1 + rng() % 25,
							j;

				memmove(buf + at + cnt, buf + at, n - at + 1);
				for (j = 0; j < cnt; j++)
					buf[at + j] = (char) ('0' + rng() % 10);
				n += cnt;
			}
			break;
		case 4:				/* delete a slice */
			{
				size_t		at = rng() % n,
							cnt = 1 + rng() % 10;

				if (at + cnt > n)
					cnt = n - at;
				memmove(buf + at, buf + at + cnt, n - at - cnt + 1);
				n -= cnt;
			}
			break;
		default:
			{
				size_t		j;

				n = rng() % 80;
				for (j = 0; j < n; j++)
					buf[j] = alphabet[rng() % (sizeof(alphabet) - 1)];
				buf[n] = '\0';
			}
			break;
	}
	copy = malloc(strlen(buf) + 1);
	strcpy(copy, buf);
	if (sm_text_parse(copy, getmap, NULL, &alloc, &sk, &err) == SM_OK)
	{
		SmView		v;

		accepted++;
		sm_view_from_sketch(&v, sk, getmap(sk->k, NULL));
		exercise(&v);
	}
	else
		rejected++;
	free(copy);
	if (nblocks > 10000)
		free_all();
}

static void
fuzz(long iterations)
{
	/* seeds: a few valid sketches */
	double		vals[300];
	uint8_t    *seeds[4];
	size_t		seedlen[4];
	char	   *texts[4];
	uint8_t    *buf = malloc(1 << 16);
	char	   *tbuf = malloc(1 << 16);
	SmSketch   *wseeds[8];
	int			s;
	long		i;

	for (s = 0; s < 4; s++)
	{
		SmSketch   *sk;
		SmView		v;
		int			n = s == 0 ? 1 : s == 1 ? 3 : s == 2 ? 40 : 300;
		int			j;

		for (j = 0; j < n; j++)
			vals[j] = (j % 5 == 0 && s > 1) ? 0 : lognormal(2, 2);
		sk = build(s == 3 ? 347 : 35, vals, n);
		seeds[s] = encode(sk, &seedlen[s]);
		sm_view_from_sketch(&v, sk, getmap(sk->k, NULL));
		texts[s] = malloc(sm_text_size_bound(&v));
		sm_text_format(&v, texts[s], fmt_double);
	}
	free_all();
	for (i = 0; i < 8; i++)
	{
		int			n = 1 + (int) (rng() % 500),
					j;

		for (j = 0; j < n; j++)
			vals[j % 300] = (j % 7 == 0) ? 0 : lognormal(2, 1 + i);
		{
			SmSketch   *w = build(i % 2 ? 35 : 347, vals, n < 300 ? n : 300);
			size_t		sz = SM_SKETCH_SIZE(w->cap, w->width);

			/* a private copy: free_all() must not take it */
			wseeds[i] = malloc(sz);
			memcpy(wseeds[i], w, sz);
		}
	}
	for (i = 0; i < iterations; i++)
	{
		s = (int) (rng() % 4);
		if (i % 3 == 0)
			fuzz_binary(seeds[s], seedlen[s], buf);
		else if (i % 3 == 1)
			fuzz_text(texts[s], tbuf);
		else
			fuzz_working(wseeds[rng() % 8]);
	}
	for (i = 0; i < 8; i++)
		free(wseeds[i]);
	free_all();
	for (s = 0; s < 4; s++)
	{
		free(seeds[s]);
		free(texts[s]);
	}
	free(buf);
	free(tbuf);
	printf("fuzz: %ld inputs, %ld accepted, %ld rejected\n",
		   iterations, accepted, rejected);
}

int
main(int argc, char **argv)
{
	long		iterations = argc > 1 ? atol(argv[1]) : 100000;
	int			k;

	test_mapping();
	test_sum();
	test_sketch(35, 2.0, 20000, 0);
	test_sketch(35, 1.0, 5000, 7);
	test_sketch(347, 1.5, 20000, 0);
	test_sketch(2, 3.0, 3000, 3);
	test_sketch(35, 0.0001, 1000, 0);
	test_sketch(35, 1.0, 1, 0);
	test_sketch(35, 1.0, 2, 0);
	test_sketch(35, 0.00001, 70000, 0);	/* counts wider than 16 bits */
	test_sketch(35, 0.01, 300000, 5);	/* promotions, zeros */
	test_sketch(3466, 1.0, 50000, 0);	/* collapsed, fine k */
	test_collapse();
	fuzz(iterations);
	for (k = 0; k <= SM_K_MAX; k++)
		free((void *) maps[k]);
	free(blocks);
	if (failures)
	{
		printf("%d failures\n", failures);
		return 1;
	}
	printf("all passed\n");
	return 0;
}
