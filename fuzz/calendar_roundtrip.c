/*-------------------------------------------------------------------------
 *
 * calendar_roundtrip.c
 *	  libFuzzer target for the business_calendar parser (src/calendar.c,
 *	  linked alone, no server).  Any input must parse or be rejected
 *	  cleanly; whatever parses must be canonical and round-trip: format,
 *	  parse again, and get the same calendar and the same text.
 *
 *	  clang -g -O1 -fsanitize=fuzzer,address,undefined \
 *	      -I$(pg_config --includedir-server) -Isrc \
 *	      src/calendar.c fuzz/calendar_roundtrip.c -o calendar_fuzz
 *	  ./calendar_fuzz -dict=fuzz/calendar.dict fuzz/corpus/calendar
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdlib.h>

#include "calendar.h"

static SmCalendar cal1;
static SmCalendar cal2;

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	SmCalError	err;
	size_t		cap = sm_calendar_holiday_bound(size);
	int32	   *h1 = malloc(cap * sizeof(int32));
	int32	   *h2;
	char	   *text1;
	char	   *text2;
	size_t		len1;
	size_t		len2;

	if (!sm_calendar_parse((const char *) data, size, &cal1, h1, cap, &err))
	{
		if (err.pos > size || err.detail == NULL || err.hint == NULL)
			abort();
		free(h1);
		return 0;
	}
	if (sm_calendar_check(&cal1) != NULL)
		abort();
	text1 = malloc(sm_calendar_format_bound(&cal1));
	len1 = sm_calendar_format(&cal1, text1);
	if (len1 + 1 > sm_calendar_format_bound(&cal1))
		abort();

	cap = sm_calendar_holiday_bound(len1);
	h2 = malloc(cap * sizeof(int32));
	if (!sm_calendar_parse(text1, len1, &cal2, h2, cap, &err))
		abort();
	if (strcmp(cal1.zone, cal2.zone) != 0 ||
		cal1.nwindows != cal2.nwindows ||
		memcmp(cal1.windows, cal2.windows, cal1.nwindows * 2 * sizeof(int16)) != 0 ||
		cal1.nholidays != cal2.nholidays ||
		memcmp(cal1.holidays, cal2.holidays, cal1.nholidays * sizeof(int32)) != 0)
		abort();
	text2 = malloc(sm_calendar_format_bound(&cal2));
	len2 = sm_calendar_format(&cal2, text2);
	if (len1 != len2 || memcmp(text1, text2, len1) != 0)
		abort();
	free(h1);
	free(h2);
	free(text1);
	free(text2);
	return 0;
}
