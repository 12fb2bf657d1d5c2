/*-------------------------------------------------------------------------
 *
 * errtext.h
 *	  Text for error messages, shared by every file that reports user
 *	  errors: quoted input is cut to a short prefix (an input can be a
 *	  megabyte), and doubles are printed at full precision (a rounded value
 *	  can contradict the message: "1 is not between 0 and 1").
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_ERRTEXT_H
#define SM_ERRTEXT_H

/* characters of an input quoted in a message before it is cut */
#define SM_EXCERPT_LEN 60

extern const char *sm_excerpt(const char *str);
extern const char *sm_excerpt_len(const char *str, size_t len);
extern const char *sm_double_text(double v);

#endif							/* SM_ERRTEXT_H */
