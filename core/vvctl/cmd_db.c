/* vvctl migrate, ping and check-config: the database itself and the
 * configuration that reaches it (migrate.c applies
 * the schema). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "vvctl/ctl.h"
#include "db/migrate.h"
#include "vvctl/checkconf.h"

static int cmd_migrate(int argc, char **argv, vv_arena_t *a)
{
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--schema") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (strncmp(argv[i], "--schema=", 9) == 0) {
			dir = argv[i] + 9;
		} else {
			fprintf(stderr, "vvctl migrate: unexpected argument '%s'\n", argv[i]);
			vv_ctl_usage_of(stderr, "migrate");
			return EXIT_USAGE;
		}
	}
	if (!dir)
		dir = vv_conf_get("paths", "schema_dir", "schema");
	int n = vv_migrate(dir, a);
	if (n < 0) {
		fprintf(stderr, "vvctl migrate: failed (see the log lines above)\n");
		return 1;
	}
	printf("%d migration%s applied from %s\n", n, n == 1 ? "" : "s", dir);
	return 0;
}

static int cmd_ping(int argc, char **argv, vv_arena_t *a)
{
	(void)a;
	if (argc > 1) {
		fprintf(stderr, "vvctl ping: unexpected argument '%s'\n", argv[1]);
		vv_ctl_usage_of(stderr, "ping");
		return EXIT_USAGE;
	}
	if (vv_db_ping() < 0) {
		fprintf(stderr, "vvctl ping: the database does not answer\n");
		return 1;
	}
	printf("database ok\n");
	return 0;
}

static int cmd_check_config(int argc, char **argv, vv_arena_t *a)
{
	(void)a;
	if (argc > 1) {
		fprintf(stderr, "vvctl check-config: unexpected argument '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	return vv_vvctl_check_config(vv_ctl_conf_path);
}

const struct vv_ctl_command vv_ctl_db_commands[] = {
	{"migrate", "[--schema DIR]",
	 "apply the schema migrations not yet applied (DIR defaults to [paths] schema_dir, else ./schema)",
	 NULL, 1, cmd_migrate},
	{"ping", "", "check that the database answers", NULL, 1, cmd_ping},
	{"check-config", "", "check the configuration as `vvhomed --check` does; exit 1 on a problem",
	 NULL, 0, cmd_check_config},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
