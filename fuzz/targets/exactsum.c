/*
 * exactsum: the exact-sum decimal parser (sm_exact_parse), behind the text
 * input of float8_ratio_state and float8_mean_state.  Any bytes: a clean
 * rejection, or a value whose canonical text (sm_exact_format) fits the
 * documented bound and parses back to the same bits, and whose arithmetic
 * (x + x - x) comes back to x or reports overflow.
 *
 * LINK: src/exactsum.c
 */
#include "postgres.h"

#include "exactsum.h"

/* port.h maps stdio to libpgport's versions; this target links no libpgport */
#undef fprintf
#undef snprintf
#undef printf
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);
	const char *end = NULL;
	SmExact		x,
				y,
				z;
	char		buf[SM_EXACT_TEXT_MAX];
	int			n;

	memcpy(s, data, size);
	s[size] = '\0';
	if (sm_exact_parse(s, &end, &x) == SM_EXACT_OK)
	{
		FUZZ_CHECK(end != NULL && end >= s && end <= s + size, "end pointer outside the input");
		n = sm_exact_format(&x, buf);
		FUZZ_CHECK(n > 0 && n < SM_EXACT_TEXT_MAX && buf[n] == '\0', "format: %d bytes", n);
		FUZZ_CHECK(sm_exact_parse(buf, &end, &y) == SM_EXACT_OK && *end == '\0',
				   "own output rejected: %s", buf);
		FUZZ_CHECK(memcmp(&x, &y, sizeof(x)) == 0, "round trip changed the value: %s", buf);
		(void) sm_exact_to_double(&x);
		z = x;
		if (sm_exact_add(&z, &x))
		{
			FUZZ_CHECK(sm_exact_sub(&z, &x), "x + x - x overflowed after x + x did not");
			FUZZ_CHECK(memcmp(&z, &x, sizeof(x)) == 0, "x + x - x != x for %s", buf);
		}
	}
	free(s);
	return 0;
}
