/* compose.h: building the bytes of a reply with libetpan. Every header value
 * that reaches the writer passes through here first: CR, LF and NUL are
 * removed whatever their origin (mail, chat, store API, template, agent),
 * display names and subjects are RFC 2047-encoded when not plain ASCII, and
 * addresses must be valid addr-specs, because libetpan writes msg-ids,
 * names and addresses verbatim and would otherwise let "\r\nBcc:" through. */
#ifndef AFTERCARE_MAIL_COMPOSE_H
#define AFTERCARE_MAIL_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

struct compose_reply {
	const char *from;          /* "Shop Support <support@shop.example>" */
	const char *to_addr;       /* the customer's addr-spec */
	const char *to_name;       /* display name, or NULL */
	const char *subject;       /* the ticket's subject (Re: and [#N] are added) */
	int64_t ticket;
	const char *in_reply_to;   /* msg-id without <>, or NULL */
	char *const *references;   /* oldest first, without <> */
	size_t nreferences;
	const char *body;          /* UTF-8, LF line ends */
	int64_t date;              /* epoch */
};

#define COMPOSE_MAX_REFERENCES 10

/* 1 when s is a plain addr-spec (dot-atom local part, host name or
 * [address] domain, at most 254 bytes). */
int compose_addr_ok(const char *s);

/* Splits "Name <addr>" (or a bare addr): *addr and *name (may be "") are
 * allocated; -1 when there is no valid addr-spec. */
int compose_split_from(const char *from, char **name, char **addr);

/* "Re: SUBJECT [#N]", without stacking Re: or the tag. Caller frees. */
char *compose_subject(const char *subject, int64_t ticket);

/* The message: CRLF, text/plain UTF-8 quoted-printable. Returns 0 with the
 * bytes in out and len (caller frees) and the Message-ID without <> in msgid
 * (caller frees), or -1 with err (one translated line). */
int compose_build(const struct compose_reply *r, char **out, size_t *len, char **msgid,
    char **err);

#endif
