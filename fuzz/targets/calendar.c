/*
 * calendar: the business_calendar text parser (sm_calendar_parse), behind
 * business_calendar_in.  Any bytes: a rejection with a position inside the
 * input, or a canonical calendar whose text output parses back to the same
 * calendar, and whose open-time arithmetic stays within bounds.
 *
 * LINK: src/business_calendar.c
 */
#include "postgres.h"

#include "business_calendar.h"

/* port.h maps stdio to libpgport's versions; this target links no libpgport */
#undef fprintf
#undef snprintf
#undef printf
#include "fuzz_common.h"

static SmCalendar cal1,
			cal2;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		cap = sm_calendar_holiday_bound(size);
	int32	   *h1 = malloc((cap + 1) * sizeof(int32));
	int32	   *h2 = NULL;
	char	   *in = malloc(size ? size : 1);
	SmCalError	err;

	memcpy(in, data, size);		/* exactly size bytes, not terminated */
	memset(&err, 0, sizeof(err));
	if (sm_calendar_parse(in, size, &cal1, h1, cap, &err))
	{
		const char *why = sm_calendar_check(&cal1);
		size_t		bound,
					n;
		char	   *txt;
		SmCalView	view;
		int64		week,
					a,
					b,
					open;
		uint64		seed = 1469598103934665603ULL;
		size_t		i;

		FUZZ_CHECK(why == NULL, "parser output not canonical: %s", why);
		bound = sm_calendar_format_bound(&cal1);
		txt = malloc(bound);
		n = sm_calendar_format(&cal1, txt);
		FUZZ_CHECK(n < bound && txt[n] == '\0', "format: %zu bytes, bound %zu", n, bound);
		h2 = malloc((sm_calendar_holiday_bound(n) + 1) * sizeof(int32));
		FUZZ_CHECK(sm_calendar_parse(txt, n, &cal2, h2, sm_calendar_holiday_bound(n), &err),
				   "own output rejected at %zu: %s: %s", err.pos, err.detail, txt);
		FUZZ_CHECK(strcmp(cal1.zone, cal2.zone) == 0 && cal1.nwindows == cal2.nwindows &&
				   cal1.nholidays == cal2.nholidays &&
				   memcmp(cal1.windows, cal2.windows, 2 * cal1.nwindows * sizeof(int16)) == 0 &&
				   memcmp(h1, h2, cal1.nholidays * sizeof(int32)) == 0,
				   "text round trip changed the calendar: %s", txt);
		free(txt);

		view.nwindows = cal1.nwindows;
		view.windows = cal1.windows;
		view.nholidays = cal1.nholidays;
		view.holidays = h1;
		week = sm_calendar_week_open(&view);
		FUZZ_CHECK(week >= 0 && week <= SM_CAL_WEEK_US, "week open %lld", (long long) week);

		/* an interval derived from the input: up to +-300 years */
		for (i = 0; i < size; i++)
			seed = (seed ^ data[i]) * 1099511628211ULL;
		a = (int64) (seed % (600 * 365 * SM_CAL_DAY_US)) - 300 * 365 * SM_CAL_DAY_US;
		b = a + (int64) ((seed >> 7) % (3 * 365 * SM_CAL_DAY_US));
		open = sm_calendar_open_weekly(&view, a, b);
		FUZZ_CHECK(open >= 0 && open <= b - a, "open %lld in a span of %lld", (long long) open,
				   (long long) (b - a));
		for (i = (size_t) sm_calendar_first_holiday(&view, a); i < (size_t) view.nholidays; i++)
		{
			int64		ov;

			if (sm_calendar_holiday_start(&view, (int) i) >= b)
				break;
			ov = sm_calendar_holiday_overlap(&view, (int) i, a, b);
			FUZZ_CHECK(ov >= 0 && ov <= SM_CAL_DAY_US && ov <= open, "holiday overlap %lld",
					   (long long) ov);
		}
	}
	else
	{
		FUZZ_CHECK(err.pos <= size, "error position %zu beyond %zu bytes", err.pos, size);
		FUZZ_CHECK(err.detail != NULL, "rejection without a detail");
	}
	free(in);
	free(h1);
	free(h2);
	return 0;
}
