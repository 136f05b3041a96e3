/* fetch.h: bringing new mail of one IMAP folder or POP3 mailbox into the
 * queue through the ingest path. Non-destructive: IMAP folders are opened
 * read-only (EXAMINE) and bodies fetched with BODY.PEEK; POP3 mail stays on
 * the server unless the account asks for deletion. Progress is saved with
 * the messages it covers (IMAP: UIDVALIDITY and the highest UID; POP3: the
 * UIDLs), so a crash at any point loses nothing and duplicates nothing. */
#ifndef AFTERCARE_MAIL_FETCH_H
#define AFTERCARE_MAIL_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include <libetpan/libetpan.h>

#include "mail/mime.h"
#include "util/settings.h"

struct db;

struct fetch_ctx {
	struct db *db;
	struct mime_worker *worker;
	struct mime_limits limits;
	const regex_t *order_re;
	const char *account;
	/* Test hook (AFTERCARE_TEST_FETCH_DELAY_MS): a pause before each
	 * commit, so a test can kill the server in the middle of a sync. */
	unsigned delay_ms;
	/* POP3 messages that failed to come, by UIDL, and how many times in
	 * a row (for as long as the fetcher runs). */
	struct {
		char uidl[72];
		int count;
	} refused[8];
};

struct fetch_tally {
	size_t messages;     /* new messages stored */
	size_t new_tickets;  /* of which opened a ticket */
	size_t known;        /* already stored (another folder, a re-map) */
	int64_t *tickets;    /* tickets that got mail, without repeats */
	size_t ntickets;
};
void fetch_tally_free(struct fetch_tally *t);

/* Syncs folder on a logged-in session (and leaves it selected, for IDLE).
 * 0, or -1 with *err; what was committed before an error stays. *lost is
 * set when the connection must be dropped. */
int fetch_imap_folder(struct fetch_ctx *f, mailimap *imap, const char *folder,
    struct fetch_tally *t, int *lost, char **err);

/* Fetches what the POP3 mailbox has that was not stored before. */
int fetch_pop3(struct fetch_ctx *f, mailpop3 *pop, int delete_after, struct fetch_tally *t,
    char **err);

/* Records a sync outcome on the source rows of account (state "ok" or
 * "error" with the message). */
void fetch_note_state(struct db *db, const char *kind, const char *account, const char *folder,
    const char *error);

#endif
