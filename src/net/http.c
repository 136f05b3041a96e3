/* http.c: see http.h. */
#include "config.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/remote.h"
#include "net/http.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define MAX_REDIRECTS 3

struct sink {
	struct buf b;
	size_t max;
	int over;
	struct http_response *r;
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;

	/* The cap is enforced here: curl 7.88 does not stop chunked or
	 * compressed bodies at CURLOPT_MAXFILESIZE. */
	if (s->b.len + size * n > s->max || buf_add(&s->b, p, size * n) != 0) {
		s->over = 1;
		return 0;
	}
	return size * n;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;
	char line[256];

	if (len >= sizeof line)
		return len;
	memcpy(line, p, len);
	line[len] = '\0';
	if (strncasecmp(line, "Retry-After:", 12) == 0)
		s->r->retry_after = strtol(line + 12, NULL, 10);
	else if (strncasecmp(line, "X-WP-TotalPages:", 16) == 0)
		s->r->total_pages = strtol(line + 16, NULL, 10);
	return len;
}

/* scheme and host of url; -1 if curl cannot parse it */
static int
split(const char *url, char **scheme, char **host)
{
	CURLU *u = curl_url();
	int rc = -1;

	*scheme = *host = NULL;
	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK)
		rc = 0;
	curl_url_cleanup(u);
	return rc;
}

void
http_response_free(struct http_response *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}

/* 1 when a failed transfer is worth another try: the network, not the
 * request, was the trouble. */
static int
transient(CURLcode cc)
{
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/* The one code path of GET (body NULL) and POST. A redirect is followed
 * only for GET, only to the same scheme and host; for POST any 3xx is an
 * error, so the body and the credentials go nowhere but url. */
static int
request(const char *url, const struct http_opts *o, const char *body, size_t len,
    const char *content_type, struct http_response *r, char **err)
{
	char *scheme = NULL, *host = NULL, *cur = xstrdup(url), *shown, *ctype = NULL;
	int hops, rc = -1;
	CURL *c = curl_easy_init();

	memset(r, 0, sizeof *r);
	*err = NULL;
	if (split(url, &scheme, &host) != 0) {
		shown = text_sanitize(url, strlen(url), TEXT_LINE, NULL);
		*err = xasprintf(_("'%s' is not a valid address"), shown);
		free(shown);
		goto out;
	}
	if (strcasecmp(scheme, "https") != 0 &&
	    !(strcasecmp(scheme, "http") == 0 && remote_host_is_loopback(host))) {
		*err = xasprintf(_("%s: only https:// is allowed (plain http only to this "
		    "machine)"), host);
		goto out;
	}
	if (body != NULL)
		ctype = xasprintf("Content-Type: %s", content_type != NULL ? content_type :
		    "application/octet-stream");
	for (hops = 0; hops <= MAX_REDIRECTS; hops++) {
		struct sink s;
		struct curl_slist *hdrs = NULL;
		char *loc = NULL, *s2 = NULL, *h2 = NULL;
		CURLcode cc;

		memset(&s, 0, sizeof s);
		buf_init(&s.b, o->max_body + 1);
		s.max = o->max_body;
		s.r = r;
		r->retry_after = -1;
		r->total_pages = -1;
		curl_easy_reset(c);
		curl_easy_setopt(c, CURLOPT_URL, cur);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
		if (o->ca_file != NULL)
			curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->timeout_s > 3 ? o->timeout_s / 3 : 1L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout_s);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_PROXY, "");
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
		curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
		curl_easy_setopt(c, CURLOPT_USERAGENT, "aftercare/" PACKAGE_VERSION);
		if (o->user != NULL) {
			curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
			curl_easy_setopt(c, CURLOPT_USERNAME, o->user);
			curl_easy_setopt(c, CURLOPT_PASSWORD, o->password != NULL ? o->password : "");
		}
		hdrs = curl_slist_append(hdrs, "Accept: application/json");
		if (body != NULL) {
			curl_easy_setopt(c, CURLOPT_POST, 1L);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
			hdrs = curl_slist_append(hdrs, ctype);
			/* no "Expect: 100-continue" round trip (a second's wait
			 * with servers that do not answer it) */
			hdrs = curl_slist_append(hdrs, "Expect:");
		}
		if (o->bearer_header != NULL)
			hdrs = curl_slist_append(hdrs, o->bearer_header);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
		cc = curl_easy_perform(c);
		curl_slist_free_all(hdrs);
		if (cc != CURLE_OK) {
			if (s.over)
				*err = xasprintf(_("%s: the answer is larger than %zu bytes"), host,
				    o->max_body);
			else if (cc == CURLE_OPERATION_TIMEDOUT)
				*err = xasprintf(_("%s: no complete answer within %ld s"), host,
				    o->timeout_s);
			else
				*err = xasprintf("%s: %s", host, curl_easy_strerror(cc));
			r->transient = !s.over && transient(cc);
			buf_free(&s.b);
			goto out;
		}
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
		if (r->status >= 300 && r->status < 400 && body != NULL) {
			curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
			shown = loc != NULL ? text_sanitize(loc, strlen(loc), TEXT_LINE, NULL) :
			    xstrdup("?");
			*err = xasprintf(_("%s: a redirect (HTTP %ld to %s) was refused"), host,
			    r->status, shown);
			free(shown);
			buf_free(&s.b);
			goto out;
		}
		if (r->status >= 300 && r->status < 400) {
			curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
			if (loc == NULL || split(loc, &s2, &h2) != 0 ||
			    strcasecmp(h2, host) != 0 || strcasecmp(s2, scheme) != 0) {
				*err = xasprintf(_("%s: a redirect to another host (%s) was refused"),
				    host, h2 != NULL ? h2 : "?");
				curl_free(s2);
				curl_free(h2);
				buf_free(&s.b);
				goto out;
			}
			curl_free(s2);
			curl_free(h2);
			free(cur);
			cur = xstrdup(loc);
			buf_free(&s.b);
			continue;
		}
		r->len = s.b.len;
		r->body = buf_take(&s.b);
		rc = 0;
		goto out;
	}
	*err = xasprintf(_("%s: too many redirects"), host);
out:
	curl_easy_cleanup(c);
	curl_free(scheme);
	curl_free(host);
	free(ctype);
	free(cur);
	return rc;
}

int
http_get(const char *url, const struct http_opts *o, struct http_response *r, char **err)
{
	return request(url, o, NULL, 0, NULL, r, err);
}

int
http_post(const char *url, const struct http_opts *o, const char *body, size_t len,
    const char *content_type, struct http_response *r, char **err)
{
	return request(url, o, body != NULL ? body : "", len, content_type, r, err);
}
