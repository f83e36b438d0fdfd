/* vvctl: the operator's command line. `vvctl [-c conf] COMMAND [args]`.
 *
 * Commands are rows of one table: to add one, write a cmd_* function
 * taking (argc, argv) of its own arguments (argv[0] is the command name)
 * and add a row with its usage and one-line summary. Exit codes: 0 done,
 * 1 failed (a message says why), 2 usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core.h"
#include "migrate.h"

#define EXIT_USAGE 2
#define DEFAULT_CONF "/etc/vvhome/vvhome.conf"

struct command {
	const char *name;
	const char *args;    /* shown after the name in usage */
	const char *summary;
	/* Set when the command talks to the database: main then loads the
	 * configuration and initialises the db layer before calling run. */
	int needs_db;
	int (*run)(int argc, char **argv, vv_arena_t *a);
};

static int cmd_help(int argc, char **argv, vv_arena_t *a);
static int cmd_migrate(int argc, char **argv, vv_arena_t *a);
static int cmd_ping(int argc, char **argv, vv_arena_t *a);

static const struct command commands[] = {
	{"migrate", "[--schema DIR]",
	 "apply the schema migrations not yet applied (DIR defaults to [paths] schema_dir, else ./schema)",
	 1, cmd_migrate},
	{"ping", "", "check that the database answers", 1, cmd_ping},
	{"help", "[COMMAND]", "show this help, or one command's", 0, cmd_help},
	{NULL, NULL, NULL, 0, NULL},
};

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vvctl [-c CONF] COMMAND [ARGS]\n\n"
		   "  -c CONF   configuration file (default $VVHOME_CONF, else " DEFAULT_CONF ")\n\n"
		   "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %s%s%s\n      %s\n", c->name, *c->args ? " " : "", c->args,
			c->summary);
	fprintf(f, "\n`vvctl COMMAND --help` shows one command.\n");
}

static void command_usage(FILE *f, const struct command *c)
{
	fprintf(f, "usage: vvctl [-c CONF] %s%s%s\n  %s\n", c->name, *c->args ? " " : "",
		c->args, c->summary);
}

static bool is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

static int cmd_help(int argc, char **argv, vv_arena_t *a)
{
	(void)a;
	if (argc > 2) {
		command_usage(stderr, find_command(argv[0]));
		return EXIT_USAGE;
	}
	if (argc == 2) {
		const struct command *c = find_command(argv[1]);
		if (!c) {
			fprintf(stderr, "vvctl: unknown command '%s'\n", argv[1]);
			usage(stderr);
			return EXIT_USAGE;
		}
		command_usage(stdout, c);
		return 0;
	}
	usage(stdout);
	return 0;
}

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
			command_usage(stderr, find_command("migrate"));
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
		command_usage(stderr, find_command("ping"));
		return EXIT_USAGE;
	}
	if (vv_db_ping() < 0) {
		fprintf(stderr, "vvctl ping: the database does not answer\n");
		return 1;
	}
	printf("database ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *conf = getenv("VVHOME_CONF");
	int i = 1;

	/* Global options stop at the command name, so a command's own
	 * options are never mistaken for them. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			conf = argv[++i];
		} else if (is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "vvctl: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const struct command *c = find_command(argv[i]);
	if (!c) {
		fprintf(stderr, "vvctl: unknown command '%s'\n", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	int cargc = argc - i;
	char **cargv = argv + i;
	for (int j = 1; j < cargc; j++) {
		if (is_help(cargv[j])) {
			command_usage(stdout, c);
			return 0;
		}
	}
	if (!c->needs_db)
		return c->run(cargc, cargv, NULL);

	int rc = 1;
	vv_arena_t *a = NULL;
	bool db = false;
	if (!conf || !*conf)
		conf = DEFAULT_CONF;
	if (vv_conf_load(conf) < 0) {
		fprintf(stderr, "vvctl: cannot load configuration %s (use -c CONF)\n", conf);
		goto out;
	}
	if (vv_db_init() < 0) {
		fprintf(stderr, "vvctl: cannot initialise the database layer\n");
		goto out;
	}
	db = true;
	if (!(a = vv_arena_create())) {
		fprintf(stderr, "vvctl: out of memory\n");
		goto out;
	}
	rc = c->run(cargc, cargv, a);
out:
	vv_arena_destroy(a);
	if (db)
		vv_db_fini();
	vv_conf_free();
	return rc;
}
