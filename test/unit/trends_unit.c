/*
 * Prints the quantiles and tails of src/trends_math.c on a grid, one
 * "kind p df value" line each, for test/70_trends_oracles.sh to compare
 * with scipy.  No server: the algorithm file is fmgr-free.
 */
#include "postgres.h"

#include <stdio.h>

#include "trends_math.h"

/* the plain libc printf: the unit test links no libpgport */
#undef printf

int
main(void)
{
	static const double ps[] = {0.5000001, 0.51, 0.6, 0.75, 0.8, 0.9, 0.95, 0.975,
		0.99, 0.995, 0.999, 0.9995, 0.99995, 0.025, 0.001, 1e-10, 1e-300,
	0.9999999999};
	static const long dfs[] = {1, 2, 3, 4, 5, 7, 10, 19, 30, 49, 50, 99, 100,
		199, 500, 999, 1000, 4999, 9999, 10000, 10001, 20000, 123456,
	1000000, 10000000000L};
	static const double ts[] = {0, 0.1, 0.5, 1, 1.5, 1.96, 2, 2.5, 3, 4, 6, 10};
	int			i,
				j;

	for (i = 0; i < (int) lengthof(ps); i++)
		printf("norm_ppf %.17g 0 %.17g\n", ps[i], sm_norm_quantile(ps[i]));
	for (i = 0; i < (int) lengthof(ts); i++)
		printf("norm_sf %.17g 0 %.17g\n", ts[i], sm_norm_sf(ts[i]));
	for (j = 0; j < (int) lengthof(dfs); j++)
	{
		for (i = 0; i < (int) lengthof(ps); i++)
			if (ps[i] >= 1e-6 && ps[i] <= 1 - 1e-6)
				printf("t_ppf %.17g %ld %.17g\n", ps[i], dfs[j],
					   sm_t_quantile(ps[i], dfs[j]));
		for (i = 0; i < (int) lengthof(ts); i++)
			printf("t_sf %.17g %ld %.17g\n", ts[i], dfs[j], sm_t_sf(ts[i], dfs[j]));
	}
	return 0;
}
