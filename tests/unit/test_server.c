/* test_server.c: the server against misbehaving clients. Whatever one
 * client sends (oversized, truncated or malformed frames, unknown
 * operations) or however it leaves, the server answers where it can and
 * keeps serving everyone else. Also: events reach subscribers. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

#include "server/server.h"
#include "testutil.h"
#include "util/frame.h"

struct fx {
	char *dir, *db, *sock;
	pid_t pid;
};

static void
wait_for(const char *path, int present)
{
	int i;

	for (i = 0; i < 500; i++) {
		if ((access(path, F_OK) == 0) == present)
			return;
		usleep(10000);
	}
	fail_msg("%s did not %s", path, present ? "appear" : "go away");
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct db *db = NULL;
	char *err = NULL;

	f->dir = tu_tmpdir();
	f->db = xasprintf("%s/s.db", f->dir);
	f->sock = xasprintf("%s/s.sock", f->dir);
	if (db_open(f->db, DB_OPEN_CREATE, &db, &err) != 0)
		fail_msg("db_open: %s", err);
	tu_fixture(db);
	db_close(&db);
	f->pid = fork();
	assert_true(f->pid >= 0);
	if (f->pid == 0) {
		struct server_opts o = { f->db, f->sock, 1, 0, 4096, NULL, NULL };

		_exit(server_run(&o, &err) == 0 ? 0 : 1);
	}
	wait_for(f->sock, 1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	int status;

	kill(f->pid, SIGTERM);
	assert_int_equal(waitpid(f->pid, &status, 0), f->pid);
	/* A clean exit on SIGTERM, socket removed. */
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(access(f->sock, F_OK), -1);
	free(f->db);
	free(f->sock);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static int
conn(struct fx *f)
{
	struct sockaddr_un sun;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, f->sock, strlen(f->sock));
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof sun), 0);
	return fd;
}

static void
send_raw(int fd, const void *p, size_t n)
{
	assert_int_equal(frame_write_all(fd, p, n, 2000), 0);
}

static void
send_req(int fd, const char *json)
{
	json_error_t jerr;
	json_t *v = json_loads(json, 0, &jerr);
	size_t len;
	char *data;

	assert_non_null(v);
	data = frame_encode(v, 1 << 20, &len);
	send_raw(fd, data, len);
	free(data);
	json_decref(v);
}

/* The next frame from fd, or NULL at EOF. */
static json_t *
recv_reply(int fd)
{
	struct frame_reader r;
	json_t *v = NULL;
	char *err = NULL;
	enum frame_status st;

	frame_reader_init(&r, 1 << 20);
	st = frame_recv(fd, &r, 5000, &v, &err);
	frame_reader_free(&r);
	free(err);
	return st == FRAME_OK ? v : NULL;
}

static void
expect_error(int fd, const char *code)
{
	json_t *v = recv_reply(fd);

	assert_non_null(v);
	assert_true(json_is_false(json_object_get(v, "ok")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "error"),
	    "code")), code);
	json_decref(v);
}

/* The server still answers a well-behaved client. */
static void
expect_alive(struct fx *f)
{
	int fd = conn(f);
	json_t *v;

	send_req(fd, "{\"id\": 7, \"op\": \"stats.summary\"}");
	v = recv_reply(fd);
	assert_non_null(v);
	assert_true(json_is_true(json_object_get(v, "ok")));
	assert_int_equal(json_integer_value(json_object_get(v, "id")), 7);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "result"),
	    "total")), 6);
	json_decref(v);
	close(fd);
}

static void
test_hello_and_ops(void **state)
{
	struct fx *f = *state;
	int fd = conn(f);
	json_t *v;

	send_req(fd, "{\"id\": 1, \"op\": \"server.hello\"}");
	v = recv_reply(fd);
	assert_non_null(v);
	/* We own the database: admin. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "result"),
	    "role")), "admin");
	json_decref(v);
	/* Unknown operations and bad parameters: an error, the connection stays. */
	send_req(fd, "{\"id\": 2, \"op\": \"ticket.nuke\"}");
	expect_error(fd, "unknown_operation");
	send_req(fd, "{\"id\": 3, \"op\": \"ticket.show\", \"params\": {\"id\": \"x\"}}");
	expect_error(fd, "invalid_params");
	send_req(fd, "{\"id\": 4, \"op\": 42}");
	expect_error(fd, "invalid_params");
	send_req(fd, "[1, 2, 3]");
	expect_error(fd, "invalid_params");
	send_req(fd, "{\"id\": 5, \"op\": \"ticket.show\", \"params\": {\"id\": 3}}");
	v = recv_reply(fd);
	assert_true(json_is_true(json_object_get(v, "ok")));
	json_decref(v);
	close(fd);
	expect_alive(f);
}

static void
test_oversized_frame(void **state)
{
	struct fx *f = *state;
	int fd = conn(f);
	unsigned char hdr[4] = { 0x7f, 0xff, 0xff, 0xff };

	send_raw(fd, hdr, 4);
	expect_error(fd, "invalid_params");
	assert_null(recv_reply(fd));  /* then it hangs up */
	close(fd);
	/* Just over the 4096-byte cap of this server. */
	fd = conn(f);
	hdr[0] = 0;
	hdr[1] = 0;
	hdr[2] = 0x10;
	hdr[3] = 0x01;
	send_raw(fd, hdr, 4);
	expect_error(fd, "invalid_params");
	close(fd);
	expect_alive(f);
}

static void
test_malformed_json(void **state)
{
	struct fx *f = *state;
	int fd = conn(f);
	const char bad[] = "\0\0\0\x05{\"id\"";
	const char nul[] = "\0\0\0\0";

	send_raw(fd, bad, sizeof bad - 1);
	expect_error(fd, "invalid_params");
	close(fd);
	fd = conn(f);
	send_raw(fd, nul, 4);  /* an empty frame */
	expect_error(fd, "invalid_params");
	close(fd);
	expect_alive(f);
}

static void
test_vanishing_clients(void **state)
{
	struct fx *f = *state;
	const char part[] = "\0\0\0\x40{\"id\": 1, \"op";
	int fd, i;

	/* Half a header, half a body, a request never read: all just leave. */
	for (i = 0; i < 20; i++) {
		fd = conn(f);
		if (i % 3 == 0)
			send_raw(fd, part, 2);
		else if (i % 3 == 1)
			send_raw(fd, part, sizeof part - 1);
		else
			send_req(fd, "{\"id\": 1, \"op\": \"customer.show\", \"params\": {\"id\": 1}}");
		close(fd);
	}
	expect_alive(f);
}

static void
test_events_reach_subscribers(void **state)
{
	struct fx *f = *state;
	int watcher = conn(f), actor = conn(f);
	json_t *v;
	char *req;

	send_req(watcher, "{\"id\": 1, \"op\": \"server.subscribe\"}");
	v = recv_reply(watcher);
	assert_true(json_is_true(json_object_get(v, "ok")));
	json_decref(v);
	/* root always exists; registering it is a write that others hear of. */
	req = xasprintf("{\"id\": 9, \"op\": \"agent.add\", \"params\": {\"login\": \"root\","
	    " \"role\": \"lead\"}}");
	send_req(actor, req);
	free(req);
	v = recv_reply(actor);
	assert_true(json_is_true(json_object_get(v, "ok")));
	json_decref(v);
	v = recv_reply(watcher);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "event")), "agent.add");
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "result"),
	    "login")), "root");
	json_decref(v);
	/* A ticket change reaches the watcher with the ticket's new state. */
	send_req(actor, "{\"id\": 10, \"op\": \"ticket.status\", \"params\": {\"id\": 2,"
	    " \"status\": \"pending\"}}");
	v = recv_reply(actor);
	assert_true(json_is_true(json_object_get(v, "ok")));
	json_decref(v);
	v = recv_reply(watcher);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "event")), "ticket.status");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(v,
	    "result"), "after"), "status")), "pending");
	json_decref(v);
	close(watcher);
	close(actor);
}

static void
test_stop_needs_admin_and_works(void **state)
{
	struct fx *f = *state;
	int fd = conn(f);
	json_t *v;

	send_req(fd, "{\"id\": 1, \"op\": \"server.stop\"}");
	v = recv_reply(fd);
	assert_true(json_is_true(json_object_get(v, "ok")));
	json_decref(v);
	close(fd);
	wait_for(f->sock, 0);
	/* Restart so teardown has a server to stop. */
	f->pid = (waitpid(f->pid, NULL, 0), fork());
	if (f->pid == 0) {
		struct server_opts o = { f->db, f->sock, 1, 0, 4096, NULL, NULL };
		char *err = NULL;

		_exit(server_run(&o, &err) == 0 ? 0 : 1);
	}
	wait_for(f->sock, 1);
}

static void
test_one_server_per_socket(void **state)
{
	struct fx *f = *state;
	struct server_opts o = { f->db, f->sock, 1, 0, 0, NULL, NULL };
	char *err = NULL;

	assert_int_equal(server_run(&o, &err), -1);
	assert_non_null(strstr(err, "already running"));
	free(err);
	expect_alive(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hello_and_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vanishing_clients, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_reach_subscribers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_needs_admin_and_works, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_server_per_socket, setup, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
