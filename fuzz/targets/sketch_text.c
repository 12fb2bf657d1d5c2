/*
 * sketch_text: the quantile_sketch text input (sm_text_parse), the decoder
 * behind quantile_sketch_in.  Any bytes: a clean rejection, or a sketch whose
 * text output parses back to the same text, and whose compact encoding
 * decodes back to the same bytes.
 *
 * LINK: src/sketch.c src/sketch_codec.c
 */
#include "sketch_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *s = malloc(size + 1);
	SmSketch   *sk = NULL,
			   *sk2 = NULL;
	SmError		err;
	SmView		v,
				v2,
				v3;
	char	   *t1,
			   *t2;
	size_t		n1,
				n2,
				bound,
				ne,
				ne2;
	uint8_t    *e,
			   *e2;

	memcpy(s, data, size);
	s[size] = '\0';
	memset(&err, 0, sizeof(err));
	if (sm_text_parse(s, fuzz_getmap, NULL, &fuzz_allocator, &sk, &err) == SM_OK)
	{
		sm_view_from_sketch(&v, sk, fuzz_getmap(sk->k, NULL));
		fuzz_exercise_view(&v);

		bound = sm_text_size_bound(&v);
		t1 = fuzz_alloc(NULL, bound);
		n1 = sm_text_format(&v, t1, fuzz_format_double);
		FUZZ_CHECK(n1 < bound && t1[n1] == '\0', "text of %zu bytes, bound %zu", n1, bound);
		FUZZ_CHECK(sm_text_parse(t1, fuzz_getmap, NULL, &fuzz_allocator, &sk2, &err) == SM_OK,
				   "own output rejected: %s: %s", err.msg, t1);
		sm_view_from_sketch(&v2, sk2, fuzz_getmap(sk2->k, NULL));
		t2 = fuzz_alloc(NULL, sm_text_size_bound(&v2));
		n2 = sm_text_format(&v2, t2, fuzz_format_double);
		FUZZ_CHECK(n1 == n2 && memcmp(t1, t2, n1) == 0, "text round trip: %s -> %s", t1, t2);

		bound = sm_encoded_size_bound(&v);
		e = fuzz_alloc(NULL, bound);
		ne = sm_encode(&v, e);
		FUZZ_CHECK(ne <= bound, "encoding of %zu bytes, bound %zu", ne, bound);
		FUZZ_CHECK(sm_view_init(&v3, e, ne, fuzz_getmap, NULL, &err) == SM_OK,
				   "own encoding rejected: %s", err.msg);
		e2 = fuzz_alloc(NULL, sm_encoded_size_bound(&v3));
		ne2 = sm_encode(&v3, e2);
		FUZZ_CHECK(ne2 == ne && memcmp(e, e2, ne) == 0, "binary round trip");
	}
	else
		FUZZ_CHECK(memchr(err.msg, '\0', sizeof(err.msg)) != NULL, "error message not terminated");
	free(s);
	fuzz_free_all();
	return 0;
}
