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
	int transient;        /* after -1: the network failed (timeout, connection
	                       * refused or cut), so trying again may help; 0 for
	                       * what would fail again (refused url, TLS, too
	                       * large, redirect) */
};

/* GET url. 0 with *r filled (any status), or -1 with *err (one translated
 * line: refused url, TLS, timeout, too large, redirect off host...). */
int http_get(const char *url, const struct http_opts *o, struct http_response *r, char **err);
/* POST len bytes of body (content_type, e.g. "application/json") to url,
 * with the same rules as http_get, except that no redirect is followed:
 * a 3xx answer is an error naming where it pointed, so the body and the
 * credentials never go anywhere but url. 0 with *r filled (any other
 * status), or -1 with *err. */
int http_post(const char *url, const struct http_opts *o, const char *body, size_t len,
    const char *content_type, struct http_response *r, char **err);
void http_response_free(struct http_response *r);

#endif
