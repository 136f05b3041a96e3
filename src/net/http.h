/* http.h: HTTP for shop APIs through libcurl with safe defaults: HTTPS only
 * (plain HTTP only to a loopback address), certificates verified, connect
 * and total timeouts, a response size cap enforced while reading, no
 * redirect off the original host, no proxy from the environment, and the
 * headers the APIs page and throttle with. */
#ifndef AFTERCARE_NET_HTTP_H
#define AFTERCARE_NET_HTTP_H

#include <stddef.h>

struct http_opts {
	const char *ca_file;      /* NULL: the system store */
	long timeout_s;           /* total, per request (connect: a third of it) */
	size_t max_body;          /* bytes */
	const char *user, *password; /* HTTP Basic, or NULL */
	const char *bearer_header;   /* e.g. "X-Shopify-Access-Token: ...", or NULL */
};

struct http_response {
	long status;
	char *body;           /* NUL-terminated; owned */
	size_t len;
	long retry_after;     /* seconds from Retry-After, -1 if none */
	long total_pages;     /* X-WP-TotalPages, -1 if none */
};

/* GET url. 0 with *r filled (any status), or -1 with *err (one translated
 * line: refused url, TLS, timeout, too large, redirect off host...). */
int http_get(const char *url, const struct http_opts *o, struct http_response *r, char **err);
void http_response_free(struct http_response *r);

#endif
