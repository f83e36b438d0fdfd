/* Files as response bodies (recordings): read by the worker, or handed to
 * nginx with X-Accel-Redirect so that large files and range requests (a
 * video player seeking) never pass through a worker. Either way only a
 * regular file is sent: never a symbolic link, FIFO or device someone put
 * into the directory. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "core.h"

int vv_resp_file(vv_req_t *r, const char *dir, const char *name, const char *content_type,
		 const char *accel_prefix, size_t max_bytes)
{
	if (!dir || !name || !*name || strchr(name, '/') || strcmp(name, "..") == 0)
		return VV_NOTFOUND;
	/* Without blocking: opening a FIFO for reading would wait for a writer. */
	int fd = open(vv_sprintf(r->arena, "%s/%s", dir, name),
		      O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return VV_NOTFOUND;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return VV_NOTFOUND;
	}
	if (accel_prefix && *accel_prefix) {
		close(fd);
		vv_resp_header(r, "X-Accel-Redirect", vv_sprintf(r->arena, "%s%s", accel_prefix, name));
		vv_resp_header(r, "Content-Type", content_type);
		return 200;
	}
	if ((uint64_t)st.st_size > max_bytes) {
		close(fd);
		vv_warn("file %s is over %zu bytes: configure an X-Accel-Redirect location for it", name,
			max_bytes);
		return VV_UNAVAILABLE;
	}
	size_t want = (size_t)st.st_size, got = 0;
	char *buf = vv_alloc(r->arena, want + 1);
	while (buf && got < want) {
		ssize_t k = read(fd, buf + got, want - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (!buf || got != want)
		return VV_ERR;
	return vv_resp_body(r, content_type, buf, got);
}
