/*
 * pairing_oracle: the reply-pairing core (src/pairing.c) and the
 * per-conversation table (src/pairing_table.c), linked alone, against a
 * brute-force oracle.
 *
 * The input is a list of messages, 3 bytes each: a conversation (0..7), a
 * time (-64..63) and a byte of bits (sender, split side).  For every
 * conversation:
 *   - first reply: the summaries built in input order, in reverse order,
 *     brand messages first (descending time) and by merging the two sides
 *     of the split must all pass sm_pairing_check_working, equal the
 *     brute-force answer (earliest customer message, earliest brand message
 *     strictly after it) and have the same canonical form;
 *   - reply waits: sm_reply_waits over the sorted customer and brand times
 *     must give, in each mode, the multiset of waits the brute force gives
 *     (per customer message: the first brand message strictly later; a
 *     block is the customer messages with the same reply).
 * The table, keyed by bigint and by bytes ids, must find every conversation
 * again, count each once and list them in canonical order.
 *
 * LINK: src/pairing.c src/pairing_table.c
 */
#include "postgres.h"

#include "pairing_table.h"
#include "pairing.h"

/* port.h maps stdio to libpgport's versions; this target links no libpgport */
#undef fprintf
#undef snprintf
#undef printf
#include "fuzz_common.h"

#define MAXMSG	256
#define NCONV	8

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *
MallocAlloc(void *arg, uint64 size)
{
	void	   *p = malloc(size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

static void *
MallocRealloc(void *arg, void *ptr, uint64 size)
{
	void	   *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

static void
MallocFree(void *arg, void *ptr)
{
	free(ptr);
}

static const SmConvAlloc malloc_alloc = {MallocAlloc, MallocRealloc, MallocFree, NULL};

static void
Check(bool ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "property failed: %s\n", what);
		abort();
	}
}

static void
Feed(SmPairing *p, int64 *early, int64 at, bool brand)
{
	sm_pairing_add(p, early, at, brand);
	Check(sm_pairing_check_working(p, early) == NULL, "working summary invalid");
}

typedef struct Waits
{
	int64		v[MAXMSG];		/* waits here are < 128 microseconds */
	int			n;
} Waits;

static void
Collect(void *arg, uint64 wait_us)
{
	Waits	   *w = (Waits *) arg;

	Check(w->n < MAXMSG, "too many waits");
	w->v[w->n++] = (int64) wait_us;
}

/* Same summary after canonicalization (copies). */
static void
SameCanonical(const SmPairing *a, const int64 *ea, const SmPairing *b,
			  const int64 *eb)
{
	SmPairing	x = *a,
				y = *b;
	int64		cx[MAXMSG + 1],
				cy[MAXMSG + 1];

	memcpy(cx, ea, x.nearly * sizeof(int64));
	memcpy(cy, eb, y.nearly * sizeof(int64));
	sm_pairing_canonical(&x, cx);
	sm_pairing_canonical(&y, cy);
	Check(sm_pairing_check(&x, cx) == NULL && sm_pairing_check(&y, cy) == NULL,
		  "canonical summary invalid");
	Check(x.flags == y.flags && x.customer == y.customer && x.reply == y.reply &&
		  x.nearly == y.nearly &&
		  memcmp(cx, cy, x.nearly * sizeof(int64)) == 0,
		  "canonical summaries differ between orders");
}

static void
OneConversation(const int64 *at, const bool *brand, const bool *side, int n)
{
	bool		have_c0 = false,
				have_r = false;
	int64		c0 = 0,
				r = 0;
	SmPairing	fwd,
				rev,
				bf,
				a,
				b;
	static int64 e_fwd[MAXMSG + 1],
				e_rev[MAXMSG + 1],
				e_bf[MAXMSG + 1],
				e_a[2 * MAXMSG + 2],
				e_b[MAXMSG + 1];
	int			order[MAXMSG];
	int			i,
				j;
	uint64		w;
	int64		cust[MAXMSG],
				brd[MAXMSG];
	int			nc = 0,
				nb = 0;
	int			mode;

	/* brute-force first reply */
	for (i = 0; i < n; i++)
		if (!brand[i] && (!have_c0 || at[i] < c0))
		{
			c0 = at[i];
			have_c0 = true;
		}
	for (i = 0; i < n && have_c0; i++)
		if (brand[i] && at[i] > c0 && (!have_r || at[i] < r))
		{
			r = at[i];
			have_r = true;
		}

	sm_pairing_init(&fwd);
	sm_pairing_init(&rev);
	sm_pairing_init(&bf);
	sm_pairing_init(&a);
	sm_pairing_init(&b);
	for (i = 0; i < n; i++)
	{
		Feed(&fwd, e_fwd, at[i], brand[i]);
		Feed(&rev, e_rev, at[n - 1 - i], brand[n - 1 - i]);
		if (side[i])
			Feed(&b, e_b, at[i], brand[i]);
		else
			Feed(&a, e_a, at[i], brand[i]);
	}
	/* brand messages first, each group in descending time */
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--)
		{
			int			x = order[j - 1],
						y = order[j];
			bool		swap = brand[y] != brand[x] ? brand[y] : at[y] > at[x];

			if (!swap)
				break;
			order[j - 1] = y;
			order[j] = x;
		}
	for (i = 0; i < n; i++)
		Feed(&bf, e_bf, at[order[i]], brand[order[i]]);
	sm_pairing_merge(&a, e_a, &b, e_b);
	Check(sm_pairing_check_working(&a, e_a) == NULL, "merged summary invalid");

	Check(sm_pairing_result(&fwd, &w) == (have_c0 && have_r), "answered or not");
	if (have_c0 && have_r)
		Check(w == (uint64) (r - c0), "first-reply wait");
	SameCanonical(&fwd, e_fwd, &rev, e_rev);
	SameCanonical(&fwd, e_fwd, &bf, e_bf);
	SameCanonical(&fwd, e_fwd, &a, e_a);

	/* reply waits */
	for (i = 0; i < n; i++)
	{
		if (brand[i])
			brd[nb++] = at[i];
		else
			cust[nc++] = at[i];
	}
	sm_sort_times(cust, nc);
	sm_sort_times(brd, nb);
	for (i = 1; i < nc; i++)
		Check(cust[i - 1] <= cust[i], "sorted");
	for (mode = SM_RW_BLOCK_START; mode <= SM_RW_LAST; mode++)
	{
		Waits		got,
					want;

		got.n = want.n = 0;
		sm_reply_waits(cust, nc, brd, nb, (SmReplyWaitMode) mode, Collect, &got);
		/* brute force: per customer message its reply; blocks by reply */
		for (i = 0; i < n; i++)
		{
			bool		has = false,
						keep = true;
			int64		reply = 0;

			if (brand[i])
				continue;
			for (j = 0; j < n; j++)
				if (brand[j] && at[j] > at[i] && (!has || at[j] < reply))
				{
					reply = at[j];
					has = true;
				}
			if (!has)
				continue;
			/* duplicates of the same time: count the first index only */
			for (j = 0; j < n && mode != SM_RW_EVERY; j++)
			{
				bool		jhas = false;
				int64		jreply = 0;
				int			k;

				if (brand[j] || j == i)
					continue;
				for (k = 0; k < n; k++)
					if (brand[k] && at[k] > at[j] && (!jhas || at[k] < jreply))
					{
						jreply = at[k];
						jhas = true;
					}
				if (!jhas || jreply != reply)
					continue;
				if (mode == SM_RW_BLOCK_START &&
					(at[j] < at[i] || (at[j] == at[i] && j < i)))
					keep = false;
				if (mode == SM_RW_LAST &&
					(at[j] > at[i] || (at[j] == at[i] && j < i)))
					keep = false;
			}
			if (keep)
				Collect(&want, (uint64) (reply - at[i]));
		}
		sm_sort_times(got.v, got.n);
		sm_sort_times(want.v, want.n);
		Check(got.n == want.n && memcmp(got.v, want.v, got.n * sizeof(int64)) == 0,
			  "reply waits differ from the brute force");
	}
}

static void
TableChecks(const uint8 *conv, int n)
{
	SmConvTable ti,
				tb,
				tq;
	int			distinct = 0;
	bool		seen[256] = {false};
	int			i;
	char		key[16];
	SmConvSlot *v[MAXMSG + 1],
			   *scratch[MAXMSG + 1];

	sm_conv_init(&ti, SM_CONV_INT8, 24, &malloc_alloc);
	sm_conv_init(&tb, SM_CONV_TEXT, 24, &malloc_alloc);
	sm_conv_init(&tq, SM_CONV_TEXT, 24, &malloc_alloc);
	sm_conv_set_seed(&tq, 0x0123456789abcdefULL, 0xfedcba9876543210ULL);
	for (i = 0; i < n; i++)
	{
		bool		found;
		int			len = conv[i] % 5;	/* keys that are prefixes of others */
		SmConvSlot *s;

		memset(key, 'k', sizeof(key));
		key[0] = (char) conv[i];
		s = sm_conv_lookup(&ti, (int64) conv[i] * 1000003 - 500, NULL, 0, &found);
		Check(found == seen[conv[i]], "bigint lookup found");
		*(int *) sm_conv_entry(s) += 1;
		s = sm_conv_lookup(&tb, 0, key, len + 1, &found);
		Check(found == seen[conv[i]], "bytes lookup found");
		Check(sm_conv_key_len(&tb, s) == (uint32) len + 1 &&
			  memcmp(sm_conv_key_bytes(&tb, s), key, len + 1) == 0, "bytes key kept");
		/* the queue's lookup, with the tag computed beforehand */
		s = sm_conv_lookup_tagged(&tq, sm_conv_tag_bytes(&tq, key, len + 1),
								  key, len + 1, &found);
		Check(found == seen[conv[i]], "tagged lookup found");
		Check(sm_conv_key_len(&tq, s) == (uint32) len + 1 &&
			  memcmp(sm_conv_key_bytes(&tq, s), key, len + 1) == 0, "tagged key kept");
		if (!seen[conv[i]])
			distinct++;
		seen[conv[i]] = true;
	}
	Check(ti.nused == (uint64) distinct && tb.nused == (uint64) distinct &&
		  tq.nused == (uint64) distinct, "one entry per id");
	for (i = 0; i < 256; i++)
	{
		if (!seen[i])
			continue;
		memset(key, 'k', sizeof(key));
		key[0] = (char) i;
		Check(sm_conv_find(&ti, (int64) i * 1000003 - 500, NULL, 0) != NULL, "find bigint");
		Check(sm_conv_find(&tb, 0, key, i % 5 + 1) != NULL, "find bytes");
		/* the tag of the queue is the hash of the plain lookup */
		Check(sm_conv_find(&tq, 0, key, i % 5 + 1) != NULL, "find tagged bytes");
	}
	sm_conv_sorted(&ti, v, scratch);
	for (i = 1; i < distinct; i++)
		Check(sm_conv_compare(&ti, v[i - 1], v[i]) < 0, "bigint order");
	sm_conv_sorted(&tb, v, scratch);
	for (i = 1; i < distinct; i++)
		Check(sm_conv_compare(&tb, v[i - 1], v[i]) < 0, "bytes order");
	sm_conv_free(&ti);
	sm_conv_free(&tb);
	sm_conv_free(&tq);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int64 at[NCONV][MAXMSG];
	static bool brand[NCONV][MAXMSG],
				side[NCONV][MAXMSG];
	int			count[NCONV] = {0};
	uint8		conv[MAXMSG];
	int			n = 0;
	size_t		i;
	int			c;

	for (i = 0; i + 2 < size && n < MAXMSG; i += 3, n++)
	{
		int			k = data[i] % NCONV;

		conv[n] = data[i];
		at[k][count[k]] = (int64) (data[i + 1] & 0x7f) - 64;
		brand[k][count[k]] = (data[i + 2] & 1) != 0;
		side[k][count[k]] = (data[i + 2] & 2) != 0;
		count[k]++;
	}
	for (c = 0; c < NCONV; c++)
		OneConversation(at[c], brand[c], side[c], count[c]);
	TableChecks(conv, n);
	return 0;
}
