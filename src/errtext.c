/*-------------------------------------------------------------------------
 *
 * errtext.c
 *	  Text for error messages (see errtext.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include "common/shortest_dec.h"
#include "mb/pg_wchar.h"

#include "errtext.h"

/*
 * sm_excerpt_len(str, len): the first len bytes of str as a message quotes
 * them: whole when at most SM_EXCERPT_LEN bytes, else the longest prefix of
 * whole characters within SM_EXCERPT_LEN bytes followed by "...".  str
 * need not be NUL-terminated.  The result is palloc'd: call it on the way
 * to ereport only.
 */
const char *
sm_excerpt_len(const char *str, size_t len)
{
	int			cut;
	char	   *out;

	if (len <= SM_EXCERPT_LEN)
		return pnstrdup(str, len);
	cut = pg_mbcliplen(str, (int) Min(len, (size_t) SM_EXCERPT_LEN * 8),
					   SM_EXCERPT_LEN);
	out = palloc(cut + 4);
	memcpy(out, str, cut);
	memcpy(out + cut, "...", 4);
	return out;
}

/* sm_excerpt(str): the same for a NUL-terminated string. */
const char *
sm_excerpt(const char *str)
{
	return sm_excerpt_len(str, strlen(str));
}

/*
 * sm_double_text(v): v in the shortest form that reads back as v (as
 * float8out prints it with the default extra_float_digits), palloc'd.
 */
const char *
sm_double_text(double v)
{
	char	   *buf = palloc(DOUBLE_SHORTEST_DECIMAL_LEN);

	double_to_shortest_decimal_buf(v, buf);
	return buf;
}
