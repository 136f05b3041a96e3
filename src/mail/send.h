/* send.h: delivering an account's outbox over SMTP with libcurl. Each item
 * is marked "sending" (attempt counted) before the first byte goes out and
 * "sent" after the server's final OK; an item found still "sending" after a
 * crash was possibly accepted already and is sent again with the very same
 * bytes and Message-ID, so the recipient's client shows it once. Temporary
 * failures (no connection, timeouts, 4xx) retry with capped exponential
 * backoff and jitter; a permanent 5xx fails the item with the server's
 * sanitised reason. */
#ifndef AFTERCARE_MAIL_SEND_H
#define AFTERCARE_MAIL_SEND_H

#include <time.h>

#include "util/settings.h"

struct db;

struct send_tally {
	int sent, retry, failed;
	time_t next_due; /* earliest next attempt of what is left, 0 if nothing */
};

/* Delivers what is due for account a (with force, everything queued,
 * whatever its backoff). 0, or -1 with *err for trouble that concerns the
 * whole account (no password, database); per-item outcomes go to the rows. */
int send_due(struct db *db, const struct config_account *a, int force, struct send_tally *t,
    char **err);

/* The earliest next attempt of a's queued items, 0 if none. */
time_t send_next_due(struct db *db, const struct config_account *a);

#endif
