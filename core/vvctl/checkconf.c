/* vvctl check-config: the check of `vvhomed --check`, run by the vvhomed
 * installed beside vvctl. The check loads plugins, which call the core
 * vvhomed exports; vvctl is not built to host them. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vvctl/checkconf.h"

int vv_vvctl_check_config(const char *conf)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 16);
	if (n <= 0) {
		fprintf(stderr, "vvctl check-config: cannot find my own path: %s\n", strerror(errno));
		return 1;
	}
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	snprintf(slash ? slash + 1 : self, sizeof(self) - (size_t)(slash ? slash + 1 - self : 0),
		 "vvhomed");
	execl(self, "vvhomed", "-c", conf, "--check", (char *)NULL);
	fprintf(stderr, "vvctl check-config: cannot run %s: %s\n", self, strerror(errno));
	return 1;
}
