/* compose.c: see compose.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include <libetpan/libetpan.h>

#include "mail/compose.h"
#include "mail/mime.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

/* Removes CR, LF and NUL (and turns other C0 controls and DEL into spaces):
 * whatever the origin, nothing can start a new header line. */
static char *
clean(const char *s)
{
	char *out = xstrdup(s != NULL ? s : ""), *w = out;
	const char *r;

	for (r = out; *r != '\0'; r++) {
		unsigned char c = (unsigned char)*r;

		if (c == '\r' || c == '\n') {
			/* a line break becomes one space, never a new line */
			if (w > out && w[-1] != ' ')
				*w++ = ' ';
			continue;
		}
		*w++ = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	*w = '\0';
	return out;
}

static int
atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

int
compose_addr_ok(const char *s)
{
	const char *at, *p;
	size_t n;

	if (s == NULL || (n = strlen(s)) == 0 || n > 254 || (at = strrchr(s, '@')) == NULL ||
	    at == s || at[1] == '\0' || (size_t)(at - s) > 64)
		return 0;
	/* dot-atom local part */
	if (s[0] == '.' || at[-1] == '.')
		return 0;
	for (p = s; p < at; p++)
		if (!(atext((unsigned char)*p) || (*p == '.' && p[1] != '.')))
			return 0;
	p = at + 1;
	if (*p == '[') {
		/* [192.0.2.1] or [IPv6:...]: digits, hex, dots, colons */
		if (s[n - 1] != ']')
			return 0;
		p++;
		if (strncmp(p, "IPv6:", 5) == 0)
			p += 5;
		if (p >= s + n - 1)
			return 0;
		for (; p < s + n - 1; p++)
			if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
			    (*p >= 'A' && *p <= 'F') || *p == '.' || *p == ':'))
				return 0;
		return 1;
	}
	if (*p == '.' || *p == '-' || s[n - 1] == '.' || s[n - 1] == '-')
		return 0;
	for (; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || (*p == '.' && p[1] != '.')))
			return 0;
	return 1;
}

int
compose_split_from(const char *from, char **name, char **addr)
{
	char *c = clean(from), *lt = strrchr(c, '<'), *gt;
	char *a, *nm, *end;

	*name = *addr = NULL;
	if (lt != NULL && (gt = strchr(lt, '>')) != NULL) {
		a = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		*lt = '\0';
		nm = c;
	} else {
		a = xstrdup(c);
		nm = c + strlen(c);
	}
	while (*nm == ' ' || *nm == '"')
		nm++;
	end = nm + strlen(nm);
	while (end > nm && (end[-1] == ' ' || end[-1] == '"'))
		*--end = '\0';
	if (!compose_addr_ok(a)) {
		free(a);
		free(c);
		return -1;
	}
	*addr = a;
	*name = xstrdup(nm);
	free(c);
	return 0;
}

char *
compose_subject(const char *subject, int64_t ticket)
{
	char *s = clean(subject), *p = s, tag[32];
	char *out;

	snprintf(tag, sizeof tag, "[#%lld]", (long long)ticket);
	for (;;) {
		while (*p == ' ')
			p++;
		if (strncasecmp(p, "re:", 3) == 0 || strncasecmp(p, "aw:", 3) == 0)
			p += 3;
		else if (strncasecmp(p, "fwd:", 4) == 0)
			p += 4;
		else
			break;
	}
	out = strstr(p, tag) != NULL ? xasprintf("Re: %s", p) :
	    xasprintf("Re: %s%s%s", p, p[0] != '\0' ? " " : "", tag);
	free(s);
	return out;
}

/* A msg-id we write: printable ASCII without <, >, spaces or quotes. */
static int
msgid_ok(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0, i;

	if (n == 0 || n > 250 || strchr(s, '@') == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f || s[i] == '<' || s[i] == '>' || s[i] == '"' ||
		    s[i] == '\\')
			return 0;
	return 1;
}

/* A display name as libetpan will write it: encoded words for non-ASCII,
 * otherwise the clean ASCII (libetpan quotes it when it needs quoting). */
static char *
display_name(const char *name)
{
	char *c = clean(name), *e;

	if (c[0] == '\0') {
		free(c);
		return NULL;
	}
	e = mime_rfc2047_encode(c);
	free(c);
	return e;
}

int
compose_build(const struct compose_reply *r, char **out, size_t *len, char **msgid,
    char **err)
{
	struct mailimf_mailbox_list *from;
	struct mailimf_address_list *to;
	struct mailimf_fields *f;
	struct mailmime *msg, *part;
	struct mailmime_fields *mf;
	struct mailmime_content *ct;
	clist *irt = NULL, *refs = NULL;
	MMAPString *s;
	char *fname = NULL, *faddr = NULL, *subj, *esubj, *tname, *id, *body;
	unsigned char rnd[8];
	size_t i, first;
	int col = 0;

	*out = NULL;
	*msgid = NULL;
	*err = NULL;
	if (compose_split_from(r->from, &fname, &faddr) != 0) {
		char *shown = clean(r->from);

		*err = xasprintf(_("the account's from address is not valid: %s"), shown);
		free(shown);
		return -1;
	}
	if (!compose_addr_ok(r->to_addr)) {
		char *shown = clean(r->to_addr);

		*err = xasprintf(_("the customer's address '%s' is not a valid email address; "
		    "the reply was not queued"), shown);
		free(shown);
		free(fname);
		free(faddr);
		return -1;
	}
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		*err = xstrdup(_("cannot make a Message-ID: no randomness"));
		free(fname);
		free(faddr);
		return -1;
	}
	id = xasprintf("aftercare.%lld.%02x%02x%02x%02x%02x%02x%02x%02x@%s",
	    (long long)r->ticket, rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7],
	    strchr(faddr, '@') + 1);

	from = mailimf_mailbox_list_new_empty();
	mailimf_mailbox_list_add(from, mailimf_mailbox_new(display_name(fname), xstrdup(faddr)));
	to = mailimf_address_list_new_empty();
	tname = display_name(r->to_name);
	mailimf_address_list_add(to, mailimf_address_new(MAILIMF_ADDRESS_MAILBOX,
	    mailimf_mailbox_new(tname, xstrdup(r->to_addr)), NULL));
	if (msgid_ok(r->in_reply_to)) {
		irt = clist_new();
		clist_append(irt, xstrdup(r->in_reply_to));
	}
	/* References: the thread's, capped to the first and the latest ones. */
	if (r->nreferences > 0 || irt != NULL) {
		refs = clist_new();
		first = r->nreferences > COMPOSE_MAX_REFERENCES ?
		    r->nreferences - (COMPOSE_MAX_REFERENCES - 1) : 0;
		for (i = 0; i < r->nreferences; i++) {
			if (i > 0 && i < first)
				continue;
			if (msgid_ok(r->references[i]) && (r->in_reply_to == NULL ||
			    strcmp(r->references[i], r->in_reply_to) != 0))
				clist_append(refs, xstrdup(r->references[i]));
		}
		if (irt != NULL)
			clist_append(refs, xstrdup(r->in_reply_to));
		if (clist_count(refs) == 0) {
			clist_free(refs);
			refs = NULL;
		}
	}
	subj = compose_subject(r->subject, r->ticket);
	esubj = mime_rfc2047_encode(subj);
	free(subj);
	{
		time_t t = (time_t)r->date;
		struct tm tm;

		gmtime_r(&t, &tm);
		f = mailimf_fields_new_with_data_all(mailimf_date_time_new(tm.tm_mday,
		    tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, 0),
		    from, NULL, NULL, to, NULL, NULL, xstrdup(id), irt, refs, esubj);
	}
	msg = mailmime_new_message_data(NULL);
	mailmime_set_imf_fields(msg, f);
	mf = mailmime_fields_new_encoding(MAILMIME_MECHANISM_QUOTED_PRINTABLE);
	ct = mailmime_content_new_with_str("text/plain");
	clist_append(ct->ct_parameters, mailmime_param_new_with_data("charset", "utf-8"));
	part = mailmime_new_empty(ct, mf);
	body = xstrdup(r->body != NULL ? r->body : "");
	mailmime_set_body_text(part, body, strlen(body));
	mailmime_smart_add_part(msg, part);
	s = mmap_string_new("");
	mailmime_write_mem(s, &col, msg);
	*out = xmalloc(s->len + 1);
	memcpy(*out, s->str, s->len);
	(*out)[s->len] = '\0';
	*len = s->len;
	mmap_string_free(s);
	mailmime_free(msg);
	free(body);
	free(fname);
	free(faddr);
	*msgid = id;
	return 0;
}
