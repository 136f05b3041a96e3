# dovecot.sh: a private, real Dovecot for the mail integration tests.
# Source it (POSIX sh), then:
#
#   dovecot_start DIR     make DIR (private), a test CA and certificates, and
#                         start Dovecot on 127.0.0.1 with its config, users,
#                         maildirs and log under DIR. Exports:
#     DOVECOT_DIR                    DIR, absolute
#     DOVECOT_CA                     DIR/ca.pem, the test CA clients trust
#     DOVECOT_CONF                   DIR/dovecot.conf (for doveadm -c)
#     DOVECOT_LOG                    DIR/dovecot.log (all instances log here)
#     DOVECOT_IMAP_PORT              IMAP, STARTTLS offered
#     DOVECOT_IMAPS_PORT             IMAP over implicit TLS
#     DOVECOT_POP3_PORT              POP3, STLS offered
#     DOVECOT_POP3S_PORT             POP3 over implicit TLS
#     DOVECOT_WRONGHOST_IMAPS_PORT   implicit TLS, CA-signed certificate for
#                                    mail.example.invalid only
#     DOVECOT_SELFSIGNED_IMAPS_PORT  implicit TLS, self-signed certificate for
#                                    localhost and 127.0.0.1
#     DOVECOT_NOTLS_IMAP_PORT        IMAP without STARTTLS (and without IDLE)
#     DOVECOT_NOTLS_POP3_PORT        POP3 without STLS
#   The good certificate is for DNS:localhost and IP:127.0.0.1. Users:
#   support (password secret) and other (password secret2), in DIR/passwd
#   (passwd-file, re-read when it changes). Plaintext logins are allowed
#   everywhere (disable_plaintext_auth = no): the client's TLS policy is what
#   the tests test. Folders are separated by "/" (DOVECOT_SEPARATOR to change).
#
#   dovecot_deliver USER FILE [FOLDER]   store a message (FOLDER made if need be)
#   dovecot_create_folder USER FOLDER    (already there is fine)
#   dovecot_uidvalidity USER FOLDER      print its UIDVALIDITY
#   dovecot_reset_uidvalidity USER FOLDER  give it a new UIDVALIDITY, keeping
#                                        the messages; prints the new value
#   dovecot_count USER [FOLDER]          print how many messages it holds
#   dovecot_stop                         stop every instance and wait for them;
#                                        safe to call twice or from a trap
#
# One Dovecot instance can only choose certificates by address or SNI, not by
# port, so four instances (main, wronghost, selfsigned, notls) run with their
# own config, base_dir and pid file; they share the users and maildirs.
#
# As a normal user everything runs as that user. As root the login processes
# run as dovenull and auth and the mail processes as dovecot (Dovecot refuses
# mail access as root): DIR is then root:dovecot 0750 and the maildirs belong
# to dovecot, and any directory above DIR that others cannot search gets o+x
# (with a note on stderr) so that the dovecot user can reach DIR.
#
# Needs: dovecot-imapd, dovecot-pop3d, openssl, perl (greeting probes), ps.
# Functions and variables of this file start with dovecot_/DOVECOT_ (API) or
# _dc_ (private); it works under set -u.

_dc_instances="main wronghost selfsigned notls"

_dc_err() { echo "$_dc_fn: $*" >&2; }

# _dc_need_started: DOVECOT_DIR is set and has a config.
_dc_need_started() {
	if [ -z "${DOVECOT_DIR:-}" ] || [ ! -f "${DOVECOT_DIR}/dovecot.conf" ]; then
		_dc_err "Dovecot is not started (call dovecot_start DIR first)"
		return 1
	fi
}

# _dc_doveadm ARGS...: doveadm against the main instance; its stderr is kept
# in DIR/doveadm.err and shown if it fails.
_dc_doveadm() {
	if doveadm -c "$DOVECOT_DIR/dovecot.conf" "$@" 2>"$DOVECOT_DIR/doveadm.err"; then
		return 0
	else
		_dc_rc=$?
		_dc_err "doveadm $* failed (exit $_dc_rc): $(cat "$DOVECOT_DIR/doveadm.err")"
		return "$_dc_rc"
	fi
}

_dc_random() { # a random number 0..65535
	od -An -N2 -tu2 /dev/urandom 2>/dev/null | tr -d ' \n' || echo $$
}

# _dc_ports_free BASE N: none of BASE..BASE+N-1 is listened on (per ss).
_dc_ports_free() {
	command -v ss >/dev/null 2>&1 || return 0
	ss -Hltn 2>/dev/null | awk -v lo="$1" -v hi="$(($1 + $2 - 1))" '
		{ p = $4; sub(/.*:/, "", p); if (p + 0 >= lo && p + 0 <= hi) bad = 1 }
		END { exit bad }'
}

# _dc_greeting PORT tls|plain: prints the first line the server sends.
_dc_greeting() {
	if [ "$2" = tls ]; then
		printf 'a LOGOUT\r\nQUIT\r\n' | timeout 3 openssl s_client -quiet -connect "127.0.0.1:$1" 2>/dev/null | head -n 1
	else
		timeout 3 perl -MIO::Socket::INET -e '
			my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
				PeerPort => $ARGV[0], Timeout => 2) or exit 1;
			my $l = <$s>; print $l if defined $l;' "$1" 2>/dev/null
	fi
}

# _dc_tls: the CA, the good, wrong-host and self-signed certificates.
_dc_tls() {
	_dc_t=$DOVECOT_DIR/tls
	mkdir -p "$_dc_t" && chmod 700 "$_dc_t" || return 1
	cat >"$_dc_t/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[wronghost]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:mail.example.invalid
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[selfsigned]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
EOF
	(
		set -e
		cd "$_dc_t"
		umask 077
		for k in ca server wronghost selfsigned; do
			openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$k.key"
		done
		openssl req -new -x509 -config openssl.cnf -extensions ca -key ca.key \
			-subj "/O=aftercare tests/CN=aftercare test CA" -days 3650 -out ca.pem
		openssl req -new -config openssl.cnf -key server.key -subj /CN=localhost -out server.csr
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -CAserial ca.srl \
			-days 3650 -extfile openssl.cnf -extensions server -out server.pem
		openssl req -new -config openssl.cnf -key wronghost.key -subj /CN=mail.example.invalid -out wronghost.csr
		openssl x509 -req -in wronghost.csr -CA ca.pem -CAkey ca.key -CAserial ca.srl \
			-days 3650 -extfile openssl.cnf -extensions wronghost -out wronghost.pem
		openssl req -new -x509 -config openssl.cnf -extensions selfsigned -key selfsigned.key \
			-subj /CN=localhost -days 3650 -out selfsigned.pem
		chmod 644 ca.pem server.pem wronghost.pem selfsigned.pem
	) >"$DOVECOT_DIR/tls.log" 2>&1 || {
		_dc_err "could not make the test certificates: $(cat "$DOVECOT_DIR/tls.log")"
		return 1
	}
	cp "$_dc_t/ca.pem" "$DOVECOT_DIR/ca.pem" && chmod 644 "$DOVECOT_DIR/ca.pem"
}

# _dc_conf NAME SSL-CERT|- IMAP IMAPS POP3 POP3S: writes the config of one
# instance (port 0: no such listener; cert -: ssl = no) to stdout.
_dc_conf() {
	_dc_d=$DOVECOT_DIR
	if [ "$5" = 0 ] && [ "$6" = 0 ]; then _dc_protos=imap; else _dc_protos="imap pop3"; fi
	cat <<EOF
# Generated by tests/mail/dovecot.sh: instance $1.
instance_name = aftercare-$1
base_dir = $_dc_d/run/$1
state_dir = $_dc_d/state/$1
log_path = $_dc_d/dovecot.log
info_log_path = $_dc_d/dovecot.log
listen = 127.0.0.1
protocols = $_dc_protos
default_internal_user = $_dc_internal_user
default_internal_group = $_dc_internal_group
default_login_user = $_dc_login_user
first_valid_uid = 1
first_valid_gid = 1
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_verbose = yes
# The first passdb only adds nodelay, which the second keeps when it fails,
# so that a wrong password is answered at once rather than after 0.5 s.
passdb {
  driver = static
  args = nopassword=y nodelay=yes
  result_success = continue-fail
  result_failure = continue
  result_internalfail = continue
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $_dc_d/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $_dc_d/passwd
}
mail_location = maildir:$_dc_d/mail/%u
mailbox_idle_check_interval = 1 secs
namespace inbox {
  inbox = yes
  separator = ${DOVECOT_SEPARATOR:-/}
  mailbox Drafts {
    special_use = \\Drafts
  }
  mailbox Sent {
    special_use = \\Sent
  }
  mailbox Trash {
    special_use = \\Trash
  }
  mailbox Junk {
    special_use = \\Junk
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
protocol pop3 {
  mail_max_userip_connections = 100
}
EOF
	if [ "$2" = - ]; then
		# No TLS, and no IDLE either: clients must fall back to polling.
		echo "ssl = no"
		echo "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ UIDPLUS"
	else
		cat <<EOF
ssl = yes
ssl_cert = <$_dc_d/tls/$2.pem
ssl_key = <$_dc_d/tls/$2.key
EOF
	fi
	cat <<EOF
service imap-login {
$_dc_chroot  process_min_avail = 1
  inet_listener imap {
    port = $3
  }
  inet_listener imaps {
    port = $4
    ssl = yes
  }
}
EOF
	if [ "$_dc_protos" != imap ]; then
		cat <<EOF
service pop3-login {
$_dc_chroot  process_min_avail = 1
  inet_listener pop3 {
    port = $5
  }
  inet_listener pop3s {
    port = $6
    ssl = yes
  }
}
EOF
	fi
	# No auth penalty: a test that tries a wrong password must not slow
	# down the logins after it (anvil would delay them by up to 15 s).
	cat <<EOF
service anvil {
$_dc_chroot  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
}

# _dc_ports NAME: the ports of an instance as "IMAP IMAPS POP3 POP3S CERT".
_dc_ports() {
	case $1 in
	main) echo "$_dc_base $((_dc_base + 1)) $((_dc_base + 2)) $((_dc_base + 3)) server" ;;
	wronghost) echo "0 $((_dc_base + 4)) 0 0 wronghost" ;;
	selfsigned) echo "0 $((_dc_base + 5)) 0 0 selfsigned" ;;
	notls) echo "$((_dc_base + 6)) 0 $((_dc_base + 7)) 0 -" ;;
	esac
}

# _dc_wait_ready: every listener greets (login process up, auth connected).
_dc_wait_ready() {
	_dc_i=0
	for _dc_pp in "$_dc_base plain" "$((_dc_base + 1)) tls" "$((_dc_base + 2)) plain" \
		"$((_dc_base + 3)) tls" "$((_dc_base + 4)) tls" "$((_dc_base + 5)) tls" \
		"$((_dc_base + 6)) plain" "$((_dc_base + 7)) plain"; do
		# shellcheck disable=SC2086
		set -- $_dc_pp
		while :; do
			_dc_g=$(_dc_greeting "$1" "$2")
			case $_dc_g in
			"* OK [CAPABILITY"* | "+OK"*) break ;;
			esac
			_dc_i=$((_dc_i + 1))
			if [ "$_dc_i" -ge 50 ]; then
				_dc_err "port $1 ($2) does not greet after 5 s (got: ${_dc_g:-nothing}); log:"
				tail -n 20 "$DOVECOT_DIR/dovecot.log" >&2 2>/dev/null
				return 1
			fi
			sleep 0.1
		done
	done
}

dovecot_start() {
	_dc_fn=dovecot_start
	if [ $# -ne 1 ] || [ -z "$1" ]; then
		_dc_err "usage: dovecot_start DIR"
		return 2
	fi
	for _dc_c in dovecot doveadm openssl; do
		if ! command -v "$_dc_c" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$_dc_c" ]; then
			_dc_err "$_dc_c is not installed (apt-get install dovecot-imapd dovecot-pop3d openssl)"
			return 1
		fi
	done
	case :$PATH: in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin ;; esac
	dovecot_stop || return 1
	_dc_fn=dovecot_start
	case $1 in
	/*) _dc_dir=$1 ;;
	*) _dc_dir=$(pwd)/$1 ;;
	esac
	while :; do
		case $_dc_dir in
		?*/) _dc_dir=${_dc_dir%/} ;;
		*) break ;;
		esac
	done
	case $_dc_dir in
	*[!A-Za-z0-9/._+-]*)
		_dc_err "DIR may only hold letters, digits and / . _ + - (it goes into dovecot.conf): $_dc_dir"
		return 1 ;;
	esac
	# DIR/run/selfsigned/token-login/imap-urlauth must fit in a Unix socket
	# address (107 bytes).
	if [ "${#_dc_dir}" -gt 64 ]; then
		_dc_err "DIR is too long for Dovecot's sockets (${#_dc_dir} > 64 characters): $_dc_dir"
		return 1
	fi
	if [ -L "$_dc_dir" ]; then
		_dc_err "DIR is a symbolic link: $_dc_dir"
		return 1
	fi
	(umask 077 && mkdir -p "$_dc_dir") || return 1
	if [ ! -O "$_dc_dir" ]; then
		_dc_err "DIR is not yours: $_dc_dir"
		return 1
	fi
	DOVECOT_DIR=$_dc_dir
	DOVECOT_CA=$_dc_dir/ca.pem
	DOVECOT_CONF=$_dc_dir/dovecot.conf
	DOVECOT_LOG=$_dc_dir/dovecot.log
	export DOVECOT_DIR DOVECOT_CA DOVECOT_CONF DOVECOT_LOG

	if [ "$(id -u)" -eq 0 ]; then
		for _dc_u in dovecot dovenull; do
			if ! id "$_dc_u" >/dev/null 2>&1; then
				_dc_err "user $_dc_u is missing (it comes with the dovecot-core package)"
				return 1
			fi
		done
		_dc_internal_user=dovecot
		_dc_internal_group=$(id -gn dovecot)
		_dc_login_user=dovenull
		_dc_chroot=
		chown "root:$_dc_internal_group" "$_dc_dir" && chmod 750 "$_dc_dir" || return 1
		# The dovecot user must be able to reach DIR.
		_dc_p=$(dirname "$_dc_dir")
		while :; do
			if [ "$(stat -c %A "$_dc_p" | cut -c10)" != x ] && [ "$(stat -c %A "$_dc_p" | cut -c10)" != t ]; then
				chmod o+x "$_dc_p" || return 1
				echo "dovecot_start: note: made $_dc_p searchable by others (o+x) so the dovecot user can reach $_dc_dir" >&2
			fi
			[ "$_dc_p" = / ] && break
			_dc_p=$(dirname "$_dc_p")
		done
	else
		if ! _dc_internal_user=$(id -un 2>/dev/null) || ! _dc_internal_group=$(id -gn 2>/dev/null); then
			_dc_err "your uid $(id -u) or gid $(id -g) has no name; Dovecot needs them"
			return 1
		fi
		_dc_login_user=$_dc_internal_user
		_dc_chroot="  chroot =
"
		chmod 700 "$_dc_dir" || return 1
	fi
	_dc_uid=$(id -u "$_dc_internal_user") && _dc_gid=$(id -g "$_dc_internal_user") || return 1

	# Left over from an earlier run in the same DIR?
	_dc_stop_dir "$_dc_dir" || return 1
	_dc_fn=dovecot_start
	rm -rf "$_dc_dir/run" "$_dc_dir/state"
	mkdir -p "$_dc_dir/mail" "$_dc_dir/home/support" "$_dc_dir/home/other" \
		"$_dc_dir/run" "$_dc_dir/state" || return 1
	_dc_tls || return 1
	{
		echo "support:{PLAIN}secret:$_dc_uid:$_dc_gid::$_dc_dir/home/support"
		echo "other:{PLAIN}secret2:$_dc_uid:$_dc_gid::$_dc_dir/home/other"
	} >"$_dc_dir/passwd" || return 1
	chmod 640 "$_dc_dir/passwd"
	if [ "$(id -u)" -eq 0 ]; then
		chgrp "$_dc_internal_group" "$_dc_dir/passwd" &&
			chown -R "$_dc_uid:$_dc_gid" "$_dc_dir/mail" "$_dc_dir/home" || return 1
	fi
	chmod 700 "$_dc_dir/mail" "$_dc_dir/home"
	: >>"$_dc_dir/dovecot.log"

	_dc_started=$_dc_dir
	_dc_try=0
	while :; do
		_dc_try=$((_dc_try + 1))
		# Below the usual ephemeral range (32768-60999) so that no outgoing
		# connection holds one of our ports.
		_dc_base=$((20000 + $(_dc_random) % 12700))
		if ! _dc_ports_free "$_dc_base" 8 && [ "$_dc_try" -lt 50 ]; then
			continue
		fi
		_dc_bad=
		for _dc_n in $_dc_instances; do
			# shellcheck disable=SC2046
			set -- $(_dc_ports "$_dc_n")
			if [ "$_dc_n" = main ]; then
				_dc_cf=$_dc_dir/dovecot.conf
			else
				_dc_cf=$_dc_dir/dovecot-$_dc_n.conf
			fi
			_dc_conf "$_dc_n" "$5" "$1" "$2" "$3" "$4" >"$_dc_cf" || return 1
			if ! dovecot -c "$_dc_cf" </dev/null >"$_dc_dir/start.err" 2>&1; then
				_dc_bad=$_dc_n
				break
			fi
		done
		[ -z "$_dc_bad" ] && break
		_dc_stop_dir "$_dc_dir"
		if grep -q "Address already in use" "$_dc_dir/start.err" && [ "$_dc_try" -lt 10 ]; then
			continue
		fi
		_dc_fn=dovecot_start
		_dc_err "dovecot (instance $_dc_bad) did not start: $(cat "$_dc_dir/start.err")"
		tail -n 20 "$_dc_dir/dovecot.log" >&2
		return 1
	done
	DOVECOT_IMAP_PORT=$_dc_base
	DOVECOT_IMAPS_PORT=$((_dc_base + 1))
	DOVECOT_POP3_PORT=$((_dc_base + 2))
	DOVECOT_POP3S_PORT=$((_dc_base + 3))
	DOVECOT_WRONGHOST_IMAPS_PORT=$((_dc_base + 4))
	DOVECOT_SELFSIGNED_IMAPS_PORT=$((_dc_base + 5))
	DOVECOT_NOTLS_IMAP_PORT=$((_dc_base + 6))
	DOVECOT_NOTLS_POP3_PORT=$((_dc_base + 7))
	export DOVECOT_IMAP_PORT DOVECOT_IMAPS_PORT DOVECOT_POP3_PORT DOVECOT_POP3S_PORT \
		DOVECOT_WRONGHOST_IMAPS_PORT DOVECOT_SELFSIGNED_IMAPS_PORT \
		DOVECOT_NOTLS_IMAP_PORT DOVECOT_NOTLS_POP3_PORT
	if ! _dc_wait_ready; then
		dovecot_stop
		return 1
	fi
	return 0
}

# _dc_gone PGID: no live (non-zombie) process is left in the process group.
_dc_gone() {
	if command -v ps >/dev/null 2>&1; then
		ps -e -o pgid= -o stat= 2>/dev/null | awk -v g="$1" '
			$1 == g && $2 !~ /^Z/ { live = 1 } END { exit live }'
	else
		! kill -0 "$1" 2>/dev/null
	fi
}

# _dc_stop_dir DIR: ends the instances whose pid files are under DIR/run.
_dc_stop_dir() {
	_dc_pids=
	for _dc_n in $_dc_instances; do
		_dc_pf=$1/run/$_dc_n/master.pid
		[ -f "$_dc_pf" ] || continue
		_dc_pid=$(cat "$_dc_pf" 2>/dev/null)
		rm -f "$_dc_pf"
		case $_dc_pid in '' | *[!0-9]*) continue ;; esac
		# Only a master started with this DIR's config (not a reused pid).
		if [ -r "/proc/$_dc_pid/cmdline" ] &&
			! tr '\0' ' ' <"/proc/$_dc_pid/cmdline" | grep -qF -- "-c $1/dovecot"; then
			continue
		fi
		# The master leads a process group with all its children; ending
		# them together saves the master's second of waiting for them.
		if kill -TERM "-$_dc_pid" 2>/dev/null; then
			_dc_pids="$_dc_pids $_dc_pid"
		fi
	done
	_dc_i=0
	for _dc_pid in $_dc_pids; do
		while ! _dc_gone "$_dc_pid"; do
			_dc_i=$((_dc_i + 1))
			if [ "$_dc_i" -eq 50 ]; then
				kill -KILL "-$_dc_pid" 2>/dev/null
			elif [ "$_dc_i" -gt 80 ]; then
				_dc_err "Dovecot (process group $_dc_pid) does not go away"
				return 1
			fi
			sleep 0.1
		done
	done
	return 0
}

# dovecot_stop: stops what dovecot_start started in this shell (not what a
# parent process started, though DOVECOT_DIR may be inherited).
dovecot_stop() {
	_dc_fn=dovecot_stop
	[ -n "${_dc_started:-}" ] || return 0
	_dc_stop_dir "$_dc_started" || return 1
	_dc_started=
	return 0
}

# _dc_folder_exists USER FOLDER
_dc_folder_exists() {
	doveadm -c "$DOVECOT_DIR/dovecot.conf" mailbox status -u "$1" messages -- "$2" >/dev/null 2>&1
}

dovecot_create_folder() {
	_dc_fn=dovecot_create_folder
	if [ $# -ne 2 ]; then _dc_err "usage: dovecot_create_folder USER FOLDER"; return 2; fi
	_dc_need_started || return 1
	_dc_folder_exists "$1" "$2" && return 0
	_dc_doveadm mailbox create -u "$1" -- "$2"
}

dovecot_deliver() {
	_dc_fn=dovecot_deliver
	if [ $# -lt 2 ] || [ $# -gt 3 ]; then
		_dc_err "usage: dovecot_deliver USER FILE [FOLDER]"
		return 2
	fi
	_dc_need_started || return 1
	if [ ! -r "$2" ]; then _dc_err "cannot read $2"; return 1; fi
	_dc_f=${3:-INBOX}
	if [ "$_dc_f" != INBOX ]; then
		dovecot_create_folder "$1" "$_dc_f" || return 1
		_dc_fn=dovecot_deliver
	fi
	_dc_doveadm save -u "$1" -m "$_dc_f" <"$2"
}

# _dc_status USER FOLDER FIELD: prints one mailbox status field.
_dc_status() {
	_dc_v=$(_dc_doveadm -f flow mailbox status -u "$1" "$3" -- "$2") || return 1
	_dc_v=${_dc_v#*"$3"=}
	case $_dc_v in
	'' | *[!0-9]*) _dc_err "unexpected doveadm answer for $3 of $2: $_dc_v"; return 1 ;;
	esac
	echo "$_dc_v"
}

dovecot_uidvalidity() {
	_dc_fn=dovecot_uidvalidity
	if [ $# -ne 2 ]; then _dc_err "usage: dovecot_uidvalidity USER FOLDER"; return 2; fi
	_dc_need_started || return 1
	_dc_status "$1" "$2" uidvalidity
}

dovecot_count() {
	_dc_fn=dovecot_count
	if [ $# -lt 1 ] || [ $# -gt 2 ]; then _dc_err "usage: dovecot_count USER [FOLDER]"; return 2; fi
	_dc_need_started || return 1
	_dc_status "$1" "${2:-INBOX}" messages
}

dovecot_reset_uidvalidity() {
	_dc_fn=dovecot_reset_uidvalidity
	if [ $# -ne 2 ]; then _dc_err "usage: dovecot_reset_uidvalidity USER FOLDER"; return 2; fi
	_dc_need_started || return 1
	_dc_old=$(_dc_status "$1" "$2" uidvalidity) || return 1
	_dc_new=$((_dc_old + 1))
	[ "$_dc_new" -gt 4294967295 ] && _dc_new=1
	_dc_doveadm mailbox update -u "$1" --uid-validity "$_dc_new" -- "$2" || return 1
	_dc_now=$(_dc_status "$1" "$2" uidvalidity) || return 1
	if [ "$_dc_now" != "$_dc_new" ]; then
		_dc_err "UIDVALIDITY of $2 is $_dc_now after setting it to $_dc_new"
		return 1
	fi
	echo "$_dc_new"
}
