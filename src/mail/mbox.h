/* mbox.h: splitting an mbox file (mboxo and mboxrd) into messages, and
 * listing a Maildir. Both only read: an import never changes the source. */
#ifndef AFTERCARE_MAIL_MBOX_H
#define AFTERCARE_MAIL_MBOX_H

#include <stddef.h>

struct mbox_iter {
	const char *buf;
	size_t len, pos;
};

void mbox_iter_init(struct mbox_iter *it, const char *buf, size_t len);
/* The next message, without its "From " separator line and with mboxrd
 * quoting undone (one '>' removed from lines matching ^>+From ). *msg is
 * newly allocated (caller frees); *offset is where its separator starts.
 * Returns 1, or 0 at the end. Text before the first "From " line is not a
 * message and is skipped. */
int mbox_next(struct mbox_iter *it, char **msg, size_t *msglen, size_t *offset);

/* The messages of a Maildir: "cur/NAME" and "new/NAME", sorted. Returns 0,
 * or -1 with *err (translated; caller frees). */
int maildir_list(const char *dir, char ***names, size_t *n, char **err);
void maildir_list_free(char **names, size_t n);
/* Where a message of the Maildir is now, after a mail client moved it from
 * new/ to cur/ or changed its flags: "cur/NAME" or "new/NAME" whose unique
 * part (the name up to ':') is unique; NULL if it is gone. Caller frees. */
char *maildir_find(const char *dir, const char *unique);

#endif
