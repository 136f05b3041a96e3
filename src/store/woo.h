/* woo.h: syncing orders from a WooCommerce shop (REST API v3): every order
 * modified since the saved cursor, page by page; each page and the cursor
 * move in one transaction, so an interrupted sync resumes and never writes
 * half an order. 429 is waited out (Retry-After), 5xx and timeouts retried
 * with backoff; anything malformed is an error that writes nothing. */
#ifndef AFTERCARE_STORE_WOO_H
#define AFTERCARE_STORE_WOO_H

#include <stddef.h>

#include "store/store.h"

struct db;

/* 0, or -1 with *err (what was committed before stays). */
int woo_sync(struct db *db, const struct config_store *s, struct store_report *r, char **err);
/* The orders whose billing email is email (registered and guest). */
int woo_sync_customer(struct db *db, const struct config_store *s, const char *email,
    struct store_report *r, char **err);

#endif
