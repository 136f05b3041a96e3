/* remote.c: see remote.h. The order matters and is the point of this file:
 * connect, TLS (implicit or STARTTLS), verify the chain and host name, and
 * only then run password_cmd and send the credentials. */
#include "config.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mail/remote.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/text.h"
#include "util/xmalloc.h"

#define SECRET_MAX 4096

static int
is_ip_literal(const char *host)
{
	unsigned char a[16];

	return inet_pton(AF_INET, host, a) == 1 || inet_pton(AF_INET6, host, a) == 1;
}

int
remote_addr_is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127);
	}
	return 0;
}

/* The address the stream is connected to is a loopback address: decided on
 * the connection itself, so a name that resolves differently from one
 * lookup to the next cannot pass for local. */
static int
peer_is_loopback(mailstream *s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	mailstream_low *low = s != NULL ? mailstream_get_low(s) : NULL;
	int fd = low != NULL ? mailstream_low_get_fd(low) : -1;

	return fd >= 0 && getpeername(fd, (struct sockaddr *)&ss, &len) == 0 &&
	    remote_addr_is_loopback((struct sockaddr *)&ss);
}

/* Every address the name resolves to is a loopback address. */
int
remote_host_is_loopback(const char *host)
{
	struct addrinfo hints, *res = NULL, *ai;
	int all = 1;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL)
		return 0;
	for (ai = res; ai != NULL; ai = ai->ai_next)
		if (!remote_addr_is_loopback(ai->ai_addr))
			all = 0;
	freeaddrinfo(res);
	return all;
}

int
remote_url_parse(const char *url, struct remote_url *out, char **err)
{
	CURLU *h = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL, *path = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (h == NULL || curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		*err = xasprintf(_("'%s' is not a valid mail server address (as in "
		    "imaps://imap.example.com)"), url);
		goto out;
	}
	if (curl_url_get(h, CURLUPART_USER, &user, 0) == CURLUE_OK && user != NULL) {
		*err = xasprintf(_("'%s': put the user name in user = \"...\", not in the url"), url);
		goto out;
	}
	if (curl_url_get(h, CURLUPART_PATH, &path, 0) == CURLUE_OK && path != NULL &&
	    strcmp(path, "/") != 0 && path[0] != '\0') {
		*err = xasprintf(_("'%s': name folders in folders = {...}, not in the url"), url);
		goto out;
	}
	if (strcasecmp(scheme, "imaps") == 0) {
		out->kind = REMOTE_IMAP, out->implicit_tls = 1, out->port = 993;
	} else if (strcasecmp(scheme, "imap") == 0) {
		out->kind = REMOTE_IMAP, out->port = 143;
	} else if (strcasecmp(scheme, "pop3s") == 0) {
		out->kind = REMOTE_POP3, out->implicit_tls = 1, out->port = 995;
	} else if (strcasecmp(scheme, "pop3") == 0) {
		out->kind = REMOTE_POP3, out->port = 110;
	} else {
		*err = xasprintf(_("'%s': the url must start with imaps://, imap://, pop3s:// "
		    "or pop3://"), url);
		goto out;
	}
	if (curl_url_get(h, CURLUPART_PORT, &port, 0) == CURLUE_OK && port != NULL)
		out->port = (unsigned)strtoul(port, NULL, 10);
	if (host[0] == '[') {
		size_t n = strlen(host);

		out->host = xstrndup(host + 1, n > 2 ? n - 2 : 0);
	} else {
		out->host = xstrdup(host);
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_free(path);
	curl_url_cleanup(h);
	return rc;
}

void
remote_url_free(struct remote_url *u)
{
	free(u->host);
	u->host = NULL;
}

/* --- certificates ------------------------------------------------------- */

static void
tls_setup(struct mailstream_ssl_context *ctx, void *data)
{
	const char *host = data;

	/* SNI carries host names only (RFC 6066); libetpan 1.9.4 sets none. */
	if (!is_ip_literal(host))
		mailstream_ssl_set_server_name(ctx, (char *)host);
}

static void
add_reason(struct buf *b, const char *why)
{
	if (b->len > 0)
		buf_addstr(b, "; ");
	buf_addstr(b, why);
}

int
remote_tls_verify(mailstream *s, const char *host, const char *ca_file, char **err)
{
	carray *chain = s != NULL ? mailstream_get_certificate_chain(s) : NULL;
	gnutls_x509_crt_t *crts = NULL;
	gnutls_x509_trust_list_t tl = NULL;
	unsigned i, n = chain != NULL ? carray_count(chain) : 0, status = 0, ncrt = 0;
	int r, rc = -1;
	gnutls_typed_vdata_st vd[2];
	struct buf why;

	buf_init(&why, 1024);
	if (n == 0) {
		*err = xasprintf(_("%s sent no TLS certificate; nothing was sent to it"), host);
		goto out;
	}
	crts = xcalloc(n, sizeof *crts);
	for (i = 0; i < n; i++) {
		MMAPString *der = carray_get(chain, i);
		gnutls_datum_t d = { (unsigned char *)der->str, (unsigned)der->len };

		if (gnutls_x509_crt_init(&crts[i]) != 0)
			goto bad_chain;
		ncrt++;
		if (gnutls_x509_crt_import(crts[i], &d, GNUTLS_X509_FMT_DER) != 0)
			goto bad_chain;
	}
	if (gnutls_x509_trust_list_init(&tl, 0) != 0) {
		*err = xstrdup(_("cannot set up certificate checking"));
		goto out;
	}
	if (ca_file != NULL) {
		r = gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL, GNUTLS_X509_FMT_PEM, 0, 0);
		if (r <= 0) {
			*err = xasprintf(_("cannot read trusted certificates from ca_file %s"), ca_file);
			goto out;
		}
	} else if (gnutls_x509_trust_list_add_system_trust(tl, 0, 0) <= 0) {
		*err = xstrdup(_("this system has no trusted certificate authorities; set "
		    "ca_file in the account"));
		goto out;
	}
	vd[0].type = GNUTLS_DT_DNS_HOSTNAME;
	vd[0].data = (unsigned char *)host;
	vd[0].size = 0;
	vd[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
	vd[1].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	vd[1].size = 0;
	r = gnutls_x509_trust_list_verify_crt2(tl, crts, n, vd, 2, 0, &status, NULL);
	if (r == 0 && status == 0) {
		rc = 0;
		goto out;
	}
	if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
		add_reason(&why, _("it is not signed by a trusted authority (self-signed, or "
		    "ca_file is missing)"));
	if (status & GNUTLS_CERT_UNEXPECTED_OWNER) {
		char *m = xasprintf(_("it was issued for another host name than %s"), host);

		add_reason(&why, m);
		free(m);
	}
	if (status & GNUTLS_CERT_EXPIRED)
		add_reason(&why, _("it has expired"));
	if (status & GNUTLS_CERT_NOT_ACTIVATED)
		add_reason(&why, _("it is not valid yet"));
	if (status & GNUTLS_CERT_REVOKED)
		add_reason(&why, _("it has been revoked"));
	if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
		add_reason(&why, _("it uses an insecure algorithm"));
	if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
		add_reason(&why, _("it is not meant for a server"));
	if (why.len == 0) {
		gnutls_datum_t txt = { NULL, 0 };

		if (r == 0 && gnutls_certificate_verification_status_print(status,
		    GNUTLS_CRT_X509, &txt, 0) == 0) {
			add_reason(&why, (const char *)txt.data);
			gnutls_free(txt.data);
		} else {
			add_reason(&why, gnutls_strerror(r));
		}
	}
	*err = xasprintf(_("the TLS certificate of %s was refused: %s; nothing was sent to it"),
	    host, buf_str(&why));
	goto out;
bad_chain:
	*err = xasprintf(_("%s sent a TLS certificate that cannot be read; nothing was sent "
	    "to it"), host);
out:
	if (tl != NULL)
		gnutls_x509_trust_list_deinit(tl, 1);
	for (i = 0; i < ncrt; i++)
		gnutls_x509_crt_deinit(crts[i]);
	free(crts);
	if (chain != NULL)
		mailstream_certificate_chain_free(chain);
	buf_free(&why);
	return rc;
}

/* --- password_cmd ------------------------------------------------------- */

void
remote_secret_free(char *secret)
{
	if (secret != NULL) {
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
}

char *
remote_password(const char *cmd, int timeout_s, char **err)
{
	char buf[SECRET_MAX];
	size_t got = 0;
	int pfd[2], status;
	time_t deadline = time(NULL) + timeout_s;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) != 0) {
		*err = xasprintf(_("cannot run password_cmd: %s"), strerror(errno));
		return NULL;
	}
	if ((pid = fork()) < 0) {
		*err = xasprintf(_("cannot run password_cmd: %s"), strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return NULL;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		struct rlimit as;
		struct sigaction sa;

		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDERR_FILENO);
		}
		dup2(pfd[1], STDOUT_FILENO);
		/* Nothing of ours for the helper: not the mail connections
		 * (libetpan's sockets are not close-on-exec), not our limits or
		 * ignored signals. */
		close_range(3, ~0U, 0);
		if (getrlimit(RLIMIT_AS, &as) == 0) {
			as.rlim_cur = as.rlim_max;
			setrlimit(RLIMIT_AS, &as);
		}
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigaction(SIGPIPE, &sa, NULL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		struct pollfd p = { pfd[0], POLLIN, 0 };
		int left = (int)(deadline - time(NULL));
		ssize_t n;

		if (left <= 0 || poll(&p, 1, left * 1000) == 0) {
			kill(pid, SIGKILL);
			got = SIZE_MAX;
			break;
		}
		n = read(pfd[0], buf + got, sizeof buf - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == sizeof buf - 1)
			break;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got == SIZE_MAX) {
		explicit_bzero(buf, sizeof buf);
		*err = xasprintf(_("password_cmd did not finish within %d s"), timeout_s);
		return NULL;
	}
	buf[got] = '\0';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		explicit_bzero(buf, sizeof buf);
		if (WIFEXITED(status))
			*err = xasprintf(_("password_cmd failed (exit status %d)"),
			    WEXITSTATUS(status));
		else
			*err = xstrdup(_("password_cmd was killed"));
		return NULL;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0') {
		*err = xstrdup(_("password_cmd printed no password"));
		return NULL;
	}
	{
		char *s = xstrdup(buf);

		explicit_bzero(buf, sizeof buf);
		return s;
	}
}

/* --- sessions ----------------------------------------------------------- */

static char *
one_line(const char *s)
{
	char *t = text_sanitize(s != NULL ? s : "", s != NULL ? strlen(s) : 0, TEXT_LINE, NULL);
	char *fit = text_fit(t, 200, 0);

	free(t);
	return fit;
}

char *
remote_imap_reason(mailimap *imap)
{
	return one_line(imap != NULL ? imap->imap_response : NULL);
}

static char *
connect_error(const struct remote_url *u, int r_is_ssl)
{
	int e = errno;

	if (r_is_ssl)
		return xasprintf(_("cannot connect to %s:%u: the TLS handshake failed"), u->host,
		    u->port);
	if (e == 0 || e == EINPROGRESS || e == EAGAIN)
		return xasprintf(_("cannot connect to %s:%u: the connection was refused or "
		    "timed out"), u->host, u->port);
	return xasprintf(_("cannot connect to %s:%u: %s"), u->host, u->port, strerror(e));
}

void
remote_imap_close(mailimap *imap)
{
	if (imap == NULL)
		return;
	if (imap->imap_stream != NULL)
		mailimap_logout(imap);
	mailimap_free(imap);
}

mailimap *
remote_imap_open(const struct config_account *a, const struct remote_url *u, char **err)
{
	mailimap *imap = mailimap_new(0, NULL);
	struct mailimap_capability_data *cap = NULL;
	char *pass, *why;
	int r, tls = u->implicit_tls;

	mailimap_set_timeout(imap, a->timeout);
	errno = 0;
	if (u->implicit_tls)
		r = mailimap_ssl_connect_with_callback(imap, u->host, (uint16_t)u->port, tls_setup,
		    u->host);
	else
		r = mailimap_socket_connect(imap, u->host, (uint16_t)u->port);
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*err = connect_error(u, r == MAILIMAP_ERROR_SSL);
		mailimap_free(imap);
		return NULL;
	}
	if (!u->implicit_tls) {
		if (mailimap_capability(imap, &cap) == MAILIMAP_NO_ERROR)
			mailimap_capability_data_free(cap);
		if (r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED &&
		    mailimap_has_extension(imap, "STARTTLS")) {
			if (mailimap_socket_starttls_with_callback(imap, tls_setup, u->host) !=
			    MAILIMAP_NO_ERROR) {
				*err = xasprintf(_("%s:%u: STARTTLS failed; nothing was sent to it"),
				    u->host, u->port);
				goto fail;
			}
			tls = 1;
		} else if (!(a->plain_loopback && peer_is_loopback(imap->imap_stream))) {
			*err = xasprintf(_("%s:%u does not offer STARTTLS: refusing to log in "
			    "without encryption (use imaps://)"), u->host, u->port);
			goto fail;
		}
	}
	if (tls && remote_tls_verify(imap->imap_stream, u->host, a->ca_file, err) != 0)
		goto fail;
	/* Capabilities change after TLS; never trust those sent before it. */
	if (mailimap_capability(imap, &cap) == MAILIMAP_NO_ERROR)
		mailimap_capability_data_free(cap);
	if (r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		if ((pass = remote_password(a->password_cmd, a->timeout, &why)) == NULL) {
			*err = xasprintf(_("account %s: %s"), a->name, why);
			free(why);
			goto fail;
		}
		r = mailimap_login(imap, a->user, pass);
		remote_secret_free(pass);
		if (r != MAILIMAP_NO_ERROR) {
			why = remote_imap_reason(imap);
			*err = xasprintf(_("%s refused the login of %s: %s"), u->host, a->user,
			    why[0] != '\0' ? why : _("no reason given"));
			free(why);
			goto fail;
		}
		if (mailimap_capability(imap, &cap) == MAILIMAP_NO_ERROR)
			mailimap_capability_data_free(cap);
	}
	return imap;
fail:
	remote_imap_close(imap);
	return NULL;
}

void
remote_pop3_close(mailpop3 *pop, int quit)
{
	if (pop == NULL)
		return;
	if (quit && pop->pop3_stream != NULL)
		mailpop3_quit(pop);
	mailpop3_free(pop);
}

static int
pop3_has_stls(mailpop3 *pop)
{
	clist *caps = NULL;
	clistiter *it;
	int found = 0;

	if (mailpop3_capa(pop, &caps) != MAILPOP3_NO_ERROR)
		return 0;
	for (it = clist_begin(caps); it != NULL; it = clist_next(it)) {
		struct mailpop3_capa *c = clist_content(it);

		if (c != NULL && c->cap_name != NULL && strcasecmp(c->cap_name, "STLS") == 0)
			found = 1;
	}
	mailpop3_capa_resp_free(caps);
	return found;
}

mailpop3 *
remote_pop3_open(const struct config_account *a, const struct remote_url *u, char **err)
{
	mailpop3 *pop = mailpop3_new(0, NULL);
	char *pass, *why;
	int r, tls = u->implicit_tls;

	mailpop3_set_timeout(pop, a->timeout);
	errno = 0;
	if (u->implicit_tls)
		r = mailpop3_ssl_connect_with_callback(pop, u->host, (uint16_t)u->port, tls_setup,
		    u->host);
	else
		r = mailpop3_socket_connect(pop, u->host, (uint16_t)u->port);
	if (r != MAILPOP3_NO_ERROR) {
		*err = connect_error(u, r == MAILPOP3_ERROR_SSL);
		mailpop3_free(pop);
		return NULL;
	}
	if (!u->implicit_tls) {
		if (pop3_has_stls(pop)) {
			if (mailpop3_socket_starttls_with_callback(pop, tls_setup, u->host) !=
			    MAILPOP3_NO_ERROR) {
				*err = xasprintf(_("%s:%u: STLS failed; nothing was sent to it"),
				    u->host, u->port);
				goto fail;
			}
			tls = 1;
		} else if (!(a->plain_loopback && peer_is_loopback(pop->pop3_stream))) {
			*err = xasprintf(_("%s:%u does not offer STLS: refusing to log in "
			    "without encryption (use pop3s://)"), u->host, u->port);
			goto fail;
		}
	}
	if (tls && remote_tls_verify(pop->pop3_stream, u->host, a->ca_file, err) != 0)
		goto fail;
	if ((pass = remote_password(a->password_cmd, a->timeout, &why)) == NULL) {
		*err = xasprintf(_("account %s: %s"), a->name, why);
		free(why);
		goto fail;
	}
	r = mailpop3_login(pop, a->user, pass);
	remote_secret_free(pass);
	if (r != MAILPOP3_NO_ERROR) {
		*err = xasprintf(_("%s refused the login of %s"), u->host, a->user);
		goto fail;
	}
	return pop;
fail:
	remote_pop3_close(pop, 0);
	return NULL;
}
