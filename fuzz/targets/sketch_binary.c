/*
 * sketch_binary: the quantile_sketch binary decoder (sm_view_init), behind
 * quantile_sketch_recv and every read of a stored sketch.  Any bytes: a
 * clean rejection, or a view that every reader handles, whose compact
 * encoding is the input itself (one encoding per content), whose text form
 * parses back to the same bytes, and that merges with itself.
 *
 * LINK: src/sketch.c src/sketch_codec.c
 */
#include "sketch_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes, so ASan sees any overread */
	uint8_t    *in = malloc(size ? size : 1);
	SmError		err;
	SmView		v,
				v2;
	SmSketch   *sk,
			   *sk2 = NULL;
	char	   *t;
	uint8_t    *e;
	size_t		ne;
	SmStatus	st;

	memcpy(in, data, size);
	memset(&err, 0, sizeof(err));
	if (sm_view_init(&v, in, size, fuzz_getmap, NULL, &err) == SM_OK)
	{
		fuzz_exercise_view(&v);
		e = fuzz_alloc(NULL, sm_encoded_size_bound(&v));
		ne = sm_encode(&v, e);
		if (!v.working)
			FUZZ_CHECK(ne == size && memcmp(e, in, size) == 0,
					   "accepted a non-canonical encoding (%zu bytes, canonical %zu)", size, ne);

		t = fuzz_alloc(NULL, sm_text_size_bound(&v));
		(void) sm_text_format(&v, t, fuzz_format_double);
		FUZZ_CHECK(sm_text_parse(t, fuzz_getmap, NULL, &fuzz_allocator, &sk2, &err) == SM_OK,
				   "text of a decoded sketch rejected: %s: %s", err.msg, t);
		sm_view_from_sketch(&v2, sk2, fuzz_getmap(sk2->k, NULL));
		{
			uint8_t    *e2 = fuzz_alloc(NULL, sm_encoded_size_bound(&v2));
			size_t		ne2 = sm_encode(&v2, e2);

			FUZZ_CHECK(ne2 == ne && memcmp(e, e2, ne) == 0, "text round trip changed the sketch");
		}

		sk = sm_sketch_from_view(&v, &fuzz_allocator);
		FUZZ_CHECK(sk != NULL, "sm_sketch_from_view");
		st = sm_sketch_merge(&sk, &v, &fuzz_allocator);
		FUZZ_CHECK(st == SM_OK || st == SM_ERR_OVERFLOW, "merge with itself: status %d", (int) st);
		if (st == SM_OK)
		{
			SmView		vm;

			sm_view_from_sketch(&vm, sk, fuzz_getmap(sk->k, NULL));
			FUZZ_CHECK(vm.count == 2 * v.count, "merged count");
			fuzz_exercise_view(&vm);
			st = sm_sketch_subtract(sk, &v);
			FUZZ_CHECK(st == SM_OK || st == SM_ERR_RESTART, "subtract: status %d", (int) st);
		}
	}
	else
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)) != NULL, "error message not terminated");
	free(in);
	fuzz_free_all();
	return 0;
}
