/*-------------------------------------------------------------------------
 *
 * fuzz_common.h
 *	  Helpers shared by the libFuzzer targets: an arena allocator freed
 *	  after every input (so ASan sees every overflow and nothing leaks),
 *	  and a failure macro for broken properties (round trips).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_FUZZ_COMMON_H
#define SM_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct FuzzBlock
{
	struct FuzzBlock *next;
	/* max_align_t alignment for the payload */
	long double align[];
} FuzzBlock;

static FuzzBlock *fuzz_blocks;

/* Allocations above this are refused (the server's MaxAllocSize is 1 GB;
 * a decoder must check claimed sizes before allocating, see the README). */
#define FUZZ_ALLOC_LIMIT ((size_t) 64 * 1024 * 1024)

static void *
fuzz_alloc(void *arg, size_t size)
{
	FuzzBlock  *b;

	(void) arg;
	if (size > FUZZ_ALLOC_LIMIT)
	{
		fprintf(stderr, "allocation of %zu bytes requested\n", size);
		abort();
	}
	b = malloc(sizeof(FuzzBlock) + size);
	if (b == NULL)
		return NULL;
	b->next = fuzz_blocks;
	fuzz_blocks = b;
	/* not zeroed: the callers must not assume it (poison it) */
	memset(b->align, 0xA5, size);
	return b->align;
}

static void
fuzz_free_all(void)
{
	while (fuzz_blocks)
	{
		FuzzBlock  *n = fuzz_blocks->next;

		free(fuzz_blocks);
		fuzz_blocks = n;
	}
}

#define FUZZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "property failed: %s: ", #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fprintf(stderr, "\n"); \
			abort(); \
		} \
	} while (0)

#endif							/* SM_FUZZ_COMMON_H */
