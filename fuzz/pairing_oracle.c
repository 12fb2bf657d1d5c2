/*-------------------------------------------------------------------------
 *
 * pairing_oracle.c
 *	  libFuzzer target for the first-reply pairing core (src/pairing.c,
 *	  linked alone).  The input is a list of messages (2 bytes each: a
 *	  time 0..127 and a sender bit, plus a split bit); the pairing fed in
 *	  input order, and the merge of the two halves chosen by the split bit,
 *	  must both equal a brute-force answer, and every summary must pass
 *	  sm_pairing_check.
 *
 *	  clang -g -O1 -fsanitize=fuzzer,address,undefined \
 *	      -I$(pg_config --includedir-server) -Isrc \
 *	      src/pairing.c fuzz/pairing_oracle.c -o pairing_fuzz
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdlib.h>

#include "pairing.h"

#define MAXMSG 512

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
Feed(SmPairing *p, int64 *early, int64 at, bool brand)
{
	sm_pairing_add(p, early, at, brand);
	if (sm_pairing_check(p, early) != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64		at[MAXMSG];
	bool		brand[MAXMSG];
	bool		side[MAXMSG];
	int			n = 0;
	int			i;
	bool		have_c0 = false;
	int64		c0 = 0;
	bool		have_r = false;
	int64		r = 0;
	SmPairing	all,
				a,
				b;
	int64		e_all[MAXMSG + 1],
				e_a[2 * MAXMSG + 2],
				e_b[MAXMSG + 1];
	uint64		w1,
				w2;
	bool		ok1,
				ok2;

	for (i = 0; i + 1 < (int) size && n < MAXMSG; i += 2, n++)
	{
		at[n] = (int64) (data[i] & 0x7f) - 64;
		brand[n] = (data[i + 1] & 1) != 0;
		side[n] = (data[i + 1] & 2) != 0;
	}

	/* brute force */
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

	sm_pairing_init(&all);
	sm_pairing_init(&a);
	sm_pairing_init(&b);
	for (i = 0; i < n; i++)
	{
		Feed(&all, e_all, at[i], brand[i]);
		if (side[i])
			Feed(&b, e_b, at[i], brand[i]);
		else
			Feed(&a, e_a, at[i], brand[i]);
	}
	sm_pairing_merge(&a, e_a, &b, e_b);
	if (sm_pairing_check(&a, e_a) != NULL)
		abort();

	ok1 = sm_pairing_result(&all, &w1);
	ok2 = sm_pairing_result(&a, &w2);
	if (ok1 != (have_c0 && have_r) || ok2 != ok1)
		abort();
	if (ok1 && (w1 != (uint64) (r - c0) || w2 != w1))
		abort();
	return 0;
}
