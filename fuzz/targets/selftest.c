/*
 * selftest: the framework's own target, independent of the extension's
 * sources.  A tiny LEB128 varint reader, the shape of the sketch's binary
 * decoder.  Built with -DSM_FUZZ_CANARY it has a planted bug (an
 * out-of-bounds read after the bytes "FUZZ") that test/92_fuzz.sh must find
 * within seconds, which shows the harness can fail.
 *
 * LINK:
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

static int
read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t	x = 0;
	int			shift = 0;

	while (*p < end && shift < 64)
	{
		uint8_t		b = *(*p)++;

		x |= (uint64_t) (b & 0x7F) << shift;
		if ((b & 0x80) == 0)
		{
			*out = x;
			return 1;
		}
		shift += 7;
	}
	return 0;
}

/* keeps the reads from being optimised away */
volatile uint64_t selftest_sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data,
			   *end = data + size;
	uint64_t	n,
				sum = 0;

#ifdef SM_FUZZ_CANARY
	if (size >= 4 && memcmp(data, "FUZZ", 4) == 0)
		sum += data[size];	/* the planted bug: one byte past the input */
#endif
	while (read_varint(&p, end, &n))
		sum += n;
	selftest_sink = sum;
	return 0;
}
