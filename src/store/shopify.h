/* shopify.h: orders from a Shopify shop through the GraphQL Admin API
 * (POST {url}/admin/api/{api_version}/graphql.json, X-Shopify-Access-Token
 * from token_cmd). Cursor paging, 429 and cost-based throttling honoured,
 * 5xx and timeouts retried with backoff; anything malformed writes nothing. */
#ifndef AFTERCARE_STORE_SHOPIFY_H
#define AFTERCARE_STORE_SHOPIFY_H

#include "store/store.h"

int shopify_sync(struct db *db, const struct config_store *s, struct store_report *r, char **err);
int shopify_sync_customer(struct db *db, const struct config_store *s, const char *email,
    struct store_report *r, char **err);

#endif
