/* fuzz_frame.c: libFuzzer target for what clients can send the server (the
 * frame reader and its JSON) and for the configuration's key bindings.
 * Whatever the bytes, the reader ends in a frame, EOF or an error: never a
 * crash, a hang or an allocation beyond its cap. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ui/keymap.h"
#include "util/frame.h"
#include "util/text.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct frame_reader r;
	int sv[2], frames = 0;
	char *line, *err = NULL, *fixed;
	size_t n;
	unsigned flags = 0;

	if (size > 60000)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	if (size > 0 && write(sv[0], data, size) != (ssize_t)size)
		abort();
	close(sv[0]);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	frame_reader_init(&r, 4096);
	for (;;) {
		json_t *v = NULL;
		enum frame_status st = frame_read(sv[1], &r, &v, &err);

		if (st == FRAME_OK) {
			json_decref(v);
			if (++frames > 20000)
				abort();
			continue;
		}
		free(err);
		err = NULL;
		if (st == FRAME_AGAIN)
			abort();  /* the writer is closed: all data is there */
		break;
	}
	frame_reader_free(&r);
	close(sv[1]);

	/* The same bytes as a "KEY ACTION" line. */
	line = xstrndup((const char *)data, size);
	keymap_init();
	if (keymap_bind_line(line, &err) != 0)
		free(err);
	free(line);

	/* Repaired UTF-8 is valid UTF-8. */
	fixed = text_utf8_repair((const char *)data, size, &n);
	free(text_sanitize(fixed, n, TEXT_BLOCK, &flags));
	if (flags & TEXT_HAD_INVALID) {
		/* Noncharacters count as invalid for display; only raw encoding
		 * errors would be a repair bug. Check the encoding directly. */
		json_t *s = json_stringn(fixed, n);

		if (s == NULL)
			abort();
		json_decref(s);
	}
	free(fixed);
	return 0;
}
