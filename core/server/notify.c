/* The service manager's readiness protocol (sd_notify): a datagram to the
 * unix socket named in $NOTIFY_SOCKET, when systemd runs us with
 * Type=notify. Written here instead of linking libsystemd: the protocol is
 * one sendto(), and a server without systemd (make run, a container) has
 * no NOTIFY_SOCKET and sends nothing.
 *
 * The master says READY=1 once a request worker of the current generation
 * has loaded its plugins and stylesheets and waits for requests (so
 * `systemctl start` returns when pages can be served, and a start whose
 * workers all die at load never becomes active), RELOADING=1 on SIGHUP and
 * READY=1 again when the new generation serves, STOPPING=1 on SIGTERM, and
 * WATCHDOG=1 every half $WATCHDOG_USEC while its loop runs. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "core.h"

int vv_notify(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	if (!path || !*path)
		return 0;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t n = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || n >= sizeof(sa.sun_path))
		return VV_ERR;
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = '\0'; /* an abstract socket */
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return VV_ERR;
	ssize_t w = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa,
			   (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n));
	close(fd);
	if (w < 0) {
		vv_warn("master: cannot notify the service manager at %s", path);
		return VV_ERR;
	}
	return 0;
}

long vv_notify_watchdog_ms(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	if (!usec || !*usec)
		return 0;
	/* Meant for another process when WATCHDOG_PID names one. */
	if (pid && *pid && strtol(pid, NULL, 10) != (long)getpid())
		return 0;
	long long us = strtoll(usec, NULL, 10);
	return us > 0 ? (long)(us / 2000) : 0;
}
